/**
 * The ledger (src/common/ledger) on the real PostgreSQL, on sample tables made by the test: a stock
 * ledger keyed by store × product and a stored-value ledger keyed by card. Postings are append-only
 * movements plus a balance row that never goes below zero and always equals the sum of its movements.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { Db, dataSourceOptions } from '../src/common/database/index.js';
import { DomainError } from '../src/common/errors/index.js';
import { Ledger, type Posting } from '../src/common/ledger/index.js';
import { createTestDatabase, type TestDatabase } from './support/infrastructure.js';

const stock = new Ledger({
  name: 'stock',
  keyColumns: ['store_id', 'product_id'],
  balances: { table: 'sample_stock', amountColumn: 'quantity' },
  movements: { table: 'sample_stock_movement' },
});
const cards = new Ledger({
  name: 'stored_value',
  keyColumns: ['card_id'],
  balances: { table: 'sample_card' },
  movements: { table: 'sample_card_movement', deltaColumn: 'amount' },
});

describe('ledger', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let db: Db;
  const sql = <T = Record<string, unknown>>(text: string, parameters?: unknown[]) => dataSource.query<T[]>(text, parameters);
  const movementCount = async (table: string, where = 'true', parameters: unknown[] = []) =>
    Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, parameters))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions({ url: database.url, entities: [], migrations: [], poolSize: 10, applicationName: 'bloom-ledger-test' })).initialize();
    db = new Db(dataSource);
    await sql(`CREATE TABLE sample_stock (store_id uuid NOT NULL, product_id uuid NOT NULL, quantity bigint NOT NULL,
      CONSTRAINT ck_sample_stock_quantity CHECK (quantity >= 0), PRIMARY KEY (store_id, product_id))`);
    await sql(`CREATE TABLE sample_stock_movement (id bigserial PRIMARY KEY, store_id uuid NOT NULL, product_id uuid NOT NULL, delta bigint NOT NULL,
      source_key text NOT NULL UNIQUE, reason text, at timestamptz NOT NULL DEFAULT now())`);
    await sql('CREATE TABLE sample_card (card_id uuid PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))');
    await sql('CREATE TABLE sample_card_movement (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), card_id uuid NOT NULL, amount bigint NOT NULL, source_key text NOT NULL UNIQUE)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const shelf = () => ({ store_id: randomUUID(), product_id: randomUUID() });

  it('moves the balance with each posting and records each movement', async () => {
    const key = shelf();
    const received = await stock.post(db, { key, delta: 10, sourceKey: `po:${randomUUID()}`, details: { reason: 'received' } });
    expect(received).toMatchObject({ balance: 10, replayed: false });
    const sold = await stock.post(db, { key, delta: -3, sourceKey: `order:${randomUUID()}`, details: { reason: 'sold' } });
    expect(sold).toMatchObject({ balance: 7, replayed: false });
    expect(await stock.balance(db, key)).toBe(7);
    const rows = await sql<{ delta: string; reason: string }>('SELECT delta, reason FROM sample_stock_movement WHERE store_id = $1 AND product_id = $2 ORDER BY id', [
      key.store_id,
      key.product_id,
    ]);
    expect(rows).toEqual([
      { delta: '10', reason: 'received' },
      { delta: '-3', reason: 'sold' },
    ]);
    expect(await stock.mismatches(db, key)).toEqual([]);
  });

  it('answers an unknown balance as zero, and refuses to take from it', async () => {
    const key = shelf();
    expect(await stock.balance(db, key)).toBe(0);
    await expect(stock.post(db, { key, delta: -1, sourceKey: `order:${randomUUID()}` })).rejects.toMatchObject({
      code: 'stock.insufficient_balance',
      status: 409,
      options: { extensions: { available: 0, requested: 1 } },
    });
    expect(await movementCount('sample_stock_movement', 'store_id = $1', [key.store_id])).toBe(0);
  });

  it('refuses a posting that would go below zero, writes nothing, and leaves the transaction usable', async () => {
    const card = { card_id: randomUUID() };
    await cards.post(db, { key: card, delta: 5000, sourceKey: `topup:${card.card_id}` });
    const outcome = await db.transaction(async () => {
      const refused = await cards.post(db, { key: card, delta: -5001, sourceKey: `pay:${card.card_id}:1` }).catch((error: unknown) => error);
      // The use case goes on (pays the part the card covers) and commits.
      const paid = await cards.post(db, { key: card, delta: -5000, sourceKey: `pay:${card.card_id}:2` });
      return { refused, paid };
    });
    expect(outcome.refused).toBeInstanceOf(DomainError);
    expect(outcome.refused).toMatchObject({ code: 'stored_value.insufficient_balance', options: { extensions: { available: 5000, requested: 5001 } } });
    expect(outcome.paid.balance).toBe(0);
    expect(await sql('SELECT amount FROM sample_card_movement WHERE card_id = $1 ORDER BY amount', [card.card_id])).toEqual([{ amount: '-5000' }, { amount: '5000' }]);
    expect(await cards.mismatches(db, card)).toEqual([]);
  });

  it('posts a repeated source key once and answers the first movement', async () => {
    const key = shelf();
    const posting: Posting = { key, delta: 4, sourceKey: `transfer:${randomUUID()}` };
    const first = await stock.post(db, posting);
    const again = await stock.post(db, posting);
    expect(again).toEqual({ movementId: first.movementId, balance: 4, replayed: true });
    expect(await stock.balance(db, key)).toBe(4);
    await expect(stock.post(db, { ...posting, delta: 5 })).rejects.toMatchObject({ code: 'stock.source_key_reused', status: 409 });
    await expect(stock.post(db, { ...posting, key: shelf() })).rejects.toMatchObject({ code: 'stock.source_key_reused' });
    expect(await movementCount('sample_stock_movement', 'source_key = $1', [posting.sourceKey])).toBe(1);
  });

  it('posts a source key once when the same posting arrives many times at once', async () => {
    const key = shelf();
    await stock.post(db, { key, delta: 100, sourceKey: `po:${randomUUID()}` });
    const posting: Posting = { key, delta: -30, sourceKey: `order:${randomUUID()}` };
    const results = await Promise.all(Array.from({ length: 10 }, () => stock.post(db, posting)));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.movementId)).size).toBe(1);
    expect(await stock.balance(db, key)).toBe(70);
  });

  it('rolls every posting of a transaction back with it', async () => {
    const [a, b] = [shelf(), shelf()];
    await expect(
      stock.postAll(db, [
        { key: a, delta: 5, sourceKey: `count:${randomUUID()}` },
        { key: b, delta: -1, sourceKey: `count:${randomUUID()}` },
      ]),
    ).rejects.toMatchObject({ code: 'stock.insufficient_balance' });
    // postAll is one transaction: the error rolled back the first posting too.
    expect(await stock.balance(db, a)).toBe(0);
    expect(await movementCount('sample_stock_movement', 'store_id = $1', [a.store_id])).toBe(0);
    const posted = await stock.postAll(db, [
      { key: b, delta: 2, sourceKey: `count:${randomUUID()}` },
      { key: a, delta: 3, sourceKey: `count:${randomUUID()}` },
    ]);
    expect(posted.map((p) => p.balance)).toEqual([2, 3]);
  });

  it('reports a balance that no longer equals the sum of its movements', async () => {
    const card = { card_id: randomUUID() };
    await cards.post(db, { key: card, delta: 700, sourceKey: `topup:${randomUUID()}` });
    expect(await cards.mismatches(db, card)).toEqual([]);
    await sql('UPDATE sample_card SET balance = balance + 1 WHERE card_id = $1', [card.card_id]);
    expect(await cards.mismatches(db, card)).toEqual([{ key: card, balance: 701, movements: 700 }]);
    await sql('INSERT INTO sample_card_movement (card_id, amount, source_key) VALUES ($1, 5, $2)', [randomUUID(), `stray:${randomUUID()}`]);
    const all = await cards.mismatches(db);
    expect(all).toHaveLength(2);
    expect(all).toContainEqual(expect.objectContaining({ balance: 0, movements: 5 }));
    await sql('TRUNCATE sample_card, sample_card_movement');
  });

  it('never goes below zero under random parallel postings, always adds up, and posts each source key once (property)', async () => {
    const postings = fc.array(
      fc.record({ shelf: fc.integer({ min: 0, max: 2 }), delta: fc.integer({ min: -40, max: 40 }).filter((d) => d !== 0), source: fc.integer({ min: 0, max: 25 }) }),
      { minLength: 1, maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(postings, async (drawn) => {
        const run = randomUUID();
        const shelves = [shelf(), shelf(), shelf()];
        // A repeated source number is the same posting sent again (a retried job), so it repeats the first's shelf and delta.
        const bySource = new Map<number, Posting>();
        const sent = drawn.map(({ shelf: s, delta, source }) => {
          const posting = bySource.get(source) ?? { key: shelves[s], delta, sourceKey: `${run}:${source}` };
          bySource.set(source, posting);
          return posting;
        });
        const outcomes = await Promise.allSettled(sent.map((posting) => stock.post(db, posting)));
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'stock.insufficient_balance' });
        }
        const posted = outcomes.flatMap((o, i) => (o.status === 'fulfilled' && !o.value.replayed ? [{ result: o.value, posting: sent[i] }] : []));
        // Each source key moved at most once, and those that did are exactly the movements stored.
        expect(new Set(posted.map((p) => p.posting.sourceKey)).size).toBe(posted.length);
        const stored = await sql<{ source_key: string }>('SELECT source_key FROM sample_stock_movement WHERE source_key LIKE $1', [`${run}:%`]);
        expect(stored.map((r) => r.source_key).sort()).toEqual(posted.map((p) => p.posting.sourceKey).sort());
        for (const key of shelves) {
          const expected = posted.filter((p) => p.posting.key === key).reduce((sum, p) => sum + p.posting.delta, 0);
          expect(await stock.balance(db, key)).toBe(expected);
          expect(expected).toBeGreaterThanOrEqual(0);
          expect(await stock.mismatches(db, key)).toEqual([]);
        }
        // Every balance a posting answered was non-negative along the way.
        for (const { result } of posted) expect(result.balance).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 25 },
    );
    expect(await stock.mismatches(db)).toEqual([]);
  });
});
