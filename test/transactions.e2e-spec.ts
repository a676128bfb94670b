/**
 * One use case, one transaction (DESIGN §2): work joins the caller's transaction, after-commit hooks
 * run only on commit, and deadlocks and serialization failures are retried, then answered as 409.
 */
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { AuditService } from '../src/common/audit/index.js';
import { Public } from '../src/common/auth/index.js';
import { OutboxService } from '../src/common/events/index.js';
import { Db, MAX_TRANSACTION_RETRIES, Transactional } from '../src/common/database/index.js';
import { startTestApp, type TestApp } from './support/app.js';

/** Both transactions hold their first lock before either asks for its second. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++waiting === parties) release();
    return all;
  };
}

@Injectable()
class Counters {
  constructor(@Inject(Db) readonly db: Db) {}

  @Transactional()
  async addTwice(first: number, second: number, log: string[], fail = false): Promise<void> {
    await this.db.execute('UPDATE tx_probe SET value = value + 1 WHERE id = $1', [first]);
    this.db.afterCommit(() => log.push(`committed ${first}`));
    await this.nested(second);
    if (fail) throw new Error('rolled back on purpose');
  }

  /** Joins the caller's transaction instead of opening its own. */
  @Transactional()
  async nested(id: number): Promise<void> {
    await this.db.execute('UPDATE tx_probe SET value = value + 1 WHERE id = $1', [id]);
  }
}

@Controller('test-tx')
class BusyController {
  static attempts = 0;
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Always loses to a concurrent transaction. */
  @Get('busy')
  @Public()
  busy(): Promise<never> {
    return this.db.transaction(() => {
      BusyController.attempts++;
      return Promise.reject(Object.assign(new Error('could not serialize access'), { code: '40001', severity: 'ERROR' }));
    });
  }
}

@Module({ providers: [Counters], controllers: [BusyController] })
class TxProbeModule {}

describe('transactions', () => {
  let t: TestApp;
  let db: Db;
  const value = async (id: number) => (await t.sql<{ value: number }>('SELECT value FROM tx_probe WHERE id = $1', [id]))[0].value;

  beforeAll(async () => {
    t = await startTestApp({ imports: [TxProbeModule] });
    db = t.app.get(Db);
    await t.sql('CREATE TABLE tx_probe (id int PRIMARY KEY, value int NOT NULL)');
  });
  beforeEach(() => t.sql('TRUNCATE tx_probe; INSERT INTO tx_probe VALUES (1, 0), (2, 0)'));
  afterAll(() => t.close());

  it('commits nested work once, then runs the after-commit hook', async () => {
    const log: string[] = [];
    await t.app.get(Counters).addTwice(1, 2, log);
    expect([await value(1), await value(2)]).toEqual([1, 1]);
    expect(log).toEqual(['committed 1']);
  });

  it('rolls back everything, nested work included, and drops the after-commit hook', async () => {
    const log: string[] = [];
    await expect(t.app.get(Counters).addTwice(1, 2, log, true)).rejects.toThrow('rolled back on purpose');
    expect([await value(1), await value(2)]).toEqual([0, 0]);
    expect(log).toEqual([]);
  });

  it('retries the loser of a deadlock, so both units of work land', async () => {
    const meet = barrier(2);
    const attempts = { a: 0, b: 0 };
    const crossing = (from: number, to: number, who: 'a' | 'b') =>
      db.transaction(async () => {
        attempts[who]++;
        await db.execute('UPDATE tx_probe SET value = value + 1 WHERE id = $1', [from]);
        if (attempts[who] === 1) await meet();
        await db.execute('UPDATE tx_probe SET value = value + 1 WHERE id = $1', [to]);
      });
    await Promise.all([crossing(1, 2, 'a'), crossing(2, 1, 'b')]);
    expect([await value(1), await value(2)]).toEqual([2, 2]);
    expect(attempts.a + attempts.b).toBe(3); // PostgreSQL aborted one with 40P01; it ran again
  });

  it('retries a serialization failure of SERIALIZABLE transactions', async () => {
    const meet = barrier(2);
    let runs = 0;
    const readThenWrite = (id: number) =>
      db.transaction(
        async () => {
          runs++;
          const [{ total }] = await db.rows<{ total: number }>('SELECT sum(value)::int AS total FROM tx_probe');
          if (runs <= 2) await meet();
          await db.execute('UPDATE tx_probe SET value = $2 WHERE id = $1', [id, total + 1]);
        },
        { isolation: 'SERIALIZABLE' },
      );
    await Promise.all([readThenWrite(1), readThenWrite(2)]);
    expect(runs).toBe(3);
    // Serial outcome: the second saw the first's write.
    expect([await value(1), await value(2)].sort()).toEqual([1, 2]);
  });

  it('refuses to run a SERIALIZABLE unit of work inside a weaker transaction it would join', async () => {
    await expect(db.transaction(() => db.transaction(async () => 'never', { isolation: 'SERIALIZABLE' }))).rejects.toThrow(
      /SERIALIZABLE unit of work cannot join a READ COMMITTED transaction/,
    );
    await expect(db.transaction(() => db.transaction(async () => 'joined', { isolation: 'REPEATABLE READ' }), { isolation: 'SERIALIZABLE' })).resolves.toBe('joined');
  });

  it('answers rows and affected counts the same way inside and outside a transaction', async () => {
    // TypeORM shapes an UPDATE's result as [rows, count] and a SELECT's as rows; Db must not.
    const both = async () => ({
      updated: await db.rows<{ id: number }>('UPDATE tx_probe SET value = value + 1 RETURNING id'),
      deleted: await db.execute('DELETE FROM tx_probe WHERE id = 2'),
      selected: await db.rows<{ id: number }>('SELECT id FROM tx_probe ORDER BY id'),
      none: await db.execute('UPDATE tx_probe SET value = 0 WHERE id = 99'),
    });
    const expected = { updated: [{ id: 1 }, { id: 2 }].sort((a, b) => a.id - b.id), deleted: 1, selected: [{ id: 1 }], none: 0 };
    const outside = await both();
    expect({ ...outside, updated: outside.updated.sort((a, b) => a.id - b.id) }).toEqual(expected);
    await t.sql('TRUNCATE tx_probe; INSERT INTO tx_probe VALUES (1, 0), (2, 0)');
    const inside = await db.transaction(both);
    expect({ ...inside, updated: inside.updated.sort((a, b) => a.id - b.id) }).toEqual(expected);
  });

  it('prepares a statement with parameters once per connection inside transactions, and runs several statements without parameters as one', async () => {
    const probe = 'UPDATE tx_probe SET value = value + $2 WHERE id = $1';
    const prepared = () => db.rows<{ n: number }>(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [probe]);
    const counts = await db.transaction(async () => {
      const before = (await prepared())[0].n;
      for (let i = 0; i < 3; i++) await db.execute(probe, [1, 1]);
      // A failing statement names itself as before (a QueryFailedError with PostgreSQL's code).
      await expect(db.execute('UPDATE tx_probe SET value = $1 WHERE id = 1', ['not a number'])).rejects.toMatchObject({ name: 'QueryFailedError', driverError: { code: '22P02' } });
      return before;
    });
    expect(counts).toBe(0);
    expect(await value(1)).toBe(0); // the failure rolled the transaction back
    await db.transaction(async () => {
      for (let i = 0; i < 3; i++) await db.execute(probe, [1, 1]);
      // The three runs shared one prepared statement on this connection.
      expect(await prepared()).toEqual([{ n: 1 }]);
      await db.execute('UPDATE tx_probe SET value = value + 10 WHERE id = 1; UPDATE tx_probe SET value = value + 10 WHERE id = 2');
    });
    expect([await value(1), await value(2)]).toEqual([13, 10]);
  });

  it('db.outside writes on its own connection: visible at once and kept when the transaction rolls back', async () => {
    await expect(
      db.transaction(async () => {
        await db.outside.execute('UPDATE tx_probe SET value = 7 WHERE id = 1');
        await db.execute('UPDATE tx_probe SET value = 8 WHERE id = 2');
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect([await value(1), await value(2)]).toEqual([7, 0]);
  });

  it('requireTransaction() names the caller outside a transaction and passes inside one', async () => {
    expect(() => db.requireTransaction('audit')).toThrow(/^audit must be written inside a transaction/);
    await expect(db.transaction(async () => db.requireTransaction('audit'))).resolves.toBeUndefined();
  });

  it('audit and outbox writes refuse to run outside a transaction, and write nothing', async () => {
    const entry = { action: 'store.update', entityType: 'store', entityId: 'outside-tx' };
    await expect(t.app.get(AuditService).record(entry)).rejects.toThrow(/^audit must be written inside a transaction/);
    const message = { channel: 'test-none', topic: 'test.outside', payload: {}, dedupeKey: 'outside-tx' };
    await expect(t.app.get(OutboxService).enqueue(message)).rejects.toThrow(/^outbox must be written inside a transaction/);
    expect(await t.sql(`SELECT 1 FROM audit_event WHERE entity_id = 'outside-tx'`)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM outbox_message WHERE dedupe_key = 'outside-tx'`)).toEqual([]);
    // A read leaves nothing to be atomic with: its audit row may be written on its own.
    await t.app.get(AuditService).recordAccess({ ...entry, action: 'customer.read' });
    expect(await t.sql(`SELECT action FROM audit_event WHERE entity_id = 'outside-tx'`)).toEqual([{ action: 'customer.read' }]);
  });

  it(`gives up after ${MAX_TRANSACTION_RETRIES} retries and answers 409 with Retry-After`, async () => {
    const res = await t.http.get('/test-tx/busy');
    expect(BusyController.attempts).toBe(1 + MAX_TRANSACTION_RETRIES);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('resource.busy');
    expect(res.headers['retry-after']).toBe('1');
  });
});
