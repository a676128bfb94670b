/**
 * State machines enforced in SQL (DESIGN §5 "State"): a transition moves a row only from a state the
 * table allows, writes its status-history row in the same transaction, and a refused one answers 409
 * naming the current state and the allowed next ones. Sample entity and tables made by the test.
 */
import { Controller, HttpCode, Inject, Injectable, Module, Param, Post } from '@nestjs/common';
import pg from 'pg';
import { Public } from '../src/common/auth/index.js';
import { Db, Transactional } from '../src/common/database/index.js';
import { DomainError } from '../src/common/errors/index.js';
import { defineStateMachine, StateTransitions, type StateOf, type TransitionResult } from '../src/common/state/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';

const docStates = defineStateMachine('sample_doc', {
  draft: ['submitted', 'discarded'],
  submitted: ['approved', 'rejected'],
  approved: [],
  rejected: ['submitted'],
  discarded: [],
});
type DocState = StateOf<typeof docStates>;

const HOLD_LOCK = 4242;

@Injectable()
class SampleDocs {
  readonly transitions = new StateTransitions(docStates, { table: 'sample_doc', history: 'sample_doc_status_history', updatedAtColumn: 'updated_at' });
  constructor(@Inject(Db) readonly db: Db) {}

  @Transactional()
  async move(id: string, to: DocState, reason?: string, fail = false): Promise<TransitionResult<DocState>> {
    const result = await this.transitions.apply(this.db, { id, to, reason, set: to === 'discarded' ? { discarded_reason: reason ?? null } : undefined });
    if (fail) throw new Error('rolled back on purpose');
    return result;
  }
}

@Controller('test-state')
class SampleDocsController {
  constructor(@Inject(SampleDocs) private readonly docs: SampleDocs) {}

  @Post(':id/:to')
  @HttpCode(200)
  @Public()
  move(@Param('id') id: string, @Param('to') to: DocState) {
    return this.docs.move(id, to, 'by http');
  }
}

@Module({ providers: [SampleDocs], controllers: [SampleDocsController] })
class SampleDocsModule {}

describe('state transitions in SQL', () => {
  let t: TestApp;
  let docs: SampleDocs;

  const newDoc = async (status: DocState = 'draft') => (await t.sql<{ id: string }>('INSERT INTO sample_doc (status) VALUES ($1) RETURNING id', [status]))[0].id;
  const doc = async (id: string) =>
    (await t.sql<{ status: string; version: number; discarded_reason: string | null }>('SELECT status, version, discarded_reason FROM sample_doc WHERE id = $1', [id]))[0];
  const history = (id: string) =>
    t.sql<{ from_status: string; to_status: string; actor_type: string; actor_id: string | null; reason: string | null }>(
      'SELECT from_status, to_status, actor_type, actor_id, reason FROM sample_doc_status_history WHERE sample_doc_id = $1 ORDER BY at, id',
      [id],
    );

  beforeAll(async () => {
    t = await startTestApp({ imports: [SampleDocsModule] });
    docs = t.app.get(SampleDocs);
    await t.sql(`CREATE TABLE sample_doc (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(), status text NOT NULL, version int NOT NULL DEFAULT 1,
      updated_at timestamptz NOT NULL DEFAULT now() - interval '1 day', discarded_reason text)`);
    await t.sql(`CREATE TABLE sample_doc_status_history (
      id bigserial PRIMARY KEY, sample_doc_id uuid NOT NULL REFERENCES sample_doc (id), from_status text NOT NULL, to_status text NOT NULL,
      actor_type text NOT NULL, actor_id uuid, reason text, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    // Test-only: a history row with reason 'hold' waits for the advisory lock the test holds, so its
    // transaction keeps the entity's row locked until the test lets go.
    await t.sql(`CREATE FUNCTION sample_doc_hold() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.reason = 'hold' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD_LOCK}); END IF; RETURN NEW; END $$`);
    await t.sql('CREATE TRIGGER sample_doc_hold BEFORE INSERT ON sample_doc_status_history FOR EACH ROW EXECUTE FUNCTION sample_doc_hold()');
  });
  afterAll(() => t.close());

  it('moves an entity along an allowed transition, bumps its version and writes the history row', async () => {
    const id = await newDoc();
    const response = await t.http.post(`/test-state/${id}/submitted`).expect(200);
    expect(response.body).toMatchObject({ id, from: 'draft', to: 'submitted', version: 2 });
    expect(await doc(id)).toMatchObject({ status: 'submitted', version: 2 });
    const [{ fresh }] = await t.sql<{ fresh: boolean }>("SELECT updated_at > now() - interval '1 minute' AS fresh FROM sample_doc WHERE id = $1", [id]);
    expect(fresh).toBe(true);
    expect(await history(id)).toEqual([{ from_status: 'draft', to_status: 'submitted', actor_type: 'system', actor_id: null, reason: 'by http' }]);
  });

  it('records the state it really came from when several may lead to the target', async () => {
    const fromDraft = await newDoc('draft');
    const fromRejected = await newDoc('rejected');
    await docs.move(fromDraft, 'submitted');
    await docs.move(fromRejected, 'submitted', 'fixed');
    expect((await history(fromDraft)).map((h) => h.from_status)).toEqual(['draft']);
    expect((await history(fromRejected)).map((h) => h.from_status)).toEqual(['rejected']);
  });

  it('sets the other columns a transition asks for in the same update', async () => {
    const id = await newDoc('draft');
    await docs.move(id, 'discarded', 'customer left');
    expect(await doc(id)).toMatchObject({ status: 'discarded', version: 2, discarded_reason: 'customer left' });
  });

  it('answers a refused transition with 409 naming the current state and the allowed next ones', async () => {
    const id = await newDoc('submitted');
    const response = await t.http.post(`/test-state/${id}/draft`).expect(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      status: 409,
      code: 'sample_doc.invalid_transition',
      currentState: 'submitted',
      requestedState: 'draft',
      allowedStates: ['approved', 'rejected'],
    });
    expect(response.body.detail).toContain('is submitted');
    expect(await doc(id)).toMatchObject({ status: 'submitted', version: 1 });
    expect(await history(id)).toEqual([]);
  });

  it('says a final state allows nothing', async () => {
    const id = await newDoc('approved');
    const response = await t.http.post(`/test-state/${id}/rejected`).expect(409);
    expect(response.body).toMatchObject({ currentState: 'approved', allowedStates: [] });
  });

  it('answers 404 for an unknown id', async () => {
    const response = await t.http.post('/test-state/7b0a3c3e-2a55-4c4b-9d3c-3f1c8c9b0a11/submitted').expect(404);
    expect(response.body.code).toBe('sample_doc.not_found');
  });

  it('keeps neither the new state nor its history when the use case rolls back', async () => {
    const id = await newDoc();
    await expect(docs.move(id, 'submitted', 'nope', true)).rejects.toThrow('rolled back on purpose');
    expect(await doc(id)).toMatchObject({ status: 'draft', version: 1 });
    expect(await history(id)).toEqual([]);
  });

  it('lets exactly one of two overlapping transitions from the same state win', async () => {
    const id = await newDoc();
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [HOLD_LOCK]);
      // The first moves the row to submitted and is held inside its transaction (row still locked) …
      const first = docs.move(id, 'submitted', 'hold');
      await waitFor(
        async () => Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"))[0].n),
        (n) => n === 1,
      );
      // … while the second, from the same draft, waits for that row: the race is real.
      const second = docs.move(id, 'discarded', 'second');
      await waitFor(
        async () => Number((await t.sql<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted"))[0].n),
        (n) => n === 1,
      );
      await holder.query('SELECT pg_advisory_unlock($1)', [HOLD_LOCK]);
      const [won, lost] = await Promise.allSettled([first, second]);
      expect(won).toMatchObject({ status: 'fulfilled', value: { from: 'draft', to: 'submitted' } });
      expect(lost.status).toBe('rejected');
      const error = (lost as PromiseRejectedResult).reason as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      expect(error.status).toBe(409);
      expect(error.options.extensions).toEqual({ currentState: 'submitted', requestedState: 'discarded', allowedStates: ['approved', 'rejected'] });
    } finally {
      await holder.end();
    }
    expect(await doc(id)).toMatchObject({ status: 'submitted', version: 2 });
    expect((await history(id)).map((h) => h.to_status)).toEqual(['submitted']);
  });
});
