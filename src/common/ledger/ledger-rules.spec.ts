import fc from 'fast-check';
import { inLockOrder, isSamePosting, ledgerSql, MAX_SOURCE_KEY_LENGTH, postingProblem, type LedgerTables, type Posting } from './ledger-rules.js';
import { LedgerErrors } from './ledger.errors.js';

const stock: LedgerTables = {
  name: 'stock',
  keyColumns: ['store_id', 'product_id'],
  balances: { table: 'stock_level', amountColumn: 'quantity' },
  movements: { table: 'stock_movement' },
};
const key = { store_id: 's1', product_id: 'p1' };
const ok: Posting = { key, delta: -2, sourceKey: 'order:1:line:1' };

describe('postingProblem', () => {
  it('accepts a well-formed posting', () => {
    expect(postingProblem(stock, ok)).toBeUndefined();
    expect(postingProblem(stock, { ...ok, delta: 1, details: { reason: 'received' } })).toBeUndefined();
    expect(postingProblem(stock, { ...ok, sourceKey: 'x'.repeat(MAX_SOURCE_KEY_LENGTH) })).toBeUndefined();
  });

  it('refuses a zero, fractional or unsafe delta', () => {
    for (const delta of [0, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity]) {
      expect(postingProblem(stock, { ...ok, delta })).toBe(`delta must be a non-zero whole number, not ${delta}`);
    }
  });

  it('refuses an empty or overlong source key', () => {
    for (const sourceKey of ['', '   ', 'x'.repeat(MAX_SOURCE_KEY_LENGTH + 1), undefined as unknown as string]) {
      expect(postingProblem(stock, { ...ok, sourceKey })).toBe('sourceKey must be 1 to 200 characters');
    }
  });

  it('wants exactly the key columns, none empty', () => {
    expect(postingProblem(stock, { ...ok, key: { store_id: 's1' } })).toBe('key must have exactly product_id, store_id');
    expect(postingProblem(stock, { ...ok, key: { ...key, card_id: 'c' } })).toBe('key must have exactly product_id, store_id');
    expect(postingProblem({ ...stock, keyColumns: ['product_id', 'store_id', 'zone'] }, ok)).toBe('key must have exactly product_id, store_id, zone');
    expect(postingProblem(stock, { ...ok, key: { store_id: 's1', card_id: 'p1' } })).toBe('key must have exactly product_id, store_id');
    expect(postingProblem(stock, { ...ok, key: { ...key, product_id: '' } })).toBe('key product_id is empty');
    expect(postingProblem(stock, { ...ok, key: { ...key, store_id: null as unknown as string } })).toBe('key store_id is empty');
    expect(postingProblem(stock, { ...ok, key: { ...key, store_id: undefined as unknown as string } })).toBe('key store_id is empty');
    expect(postingProblem(stock, { ...ok, key: { ...key, store_id: 0 } })).toBeUndefined();
  });

  it('keeps details off the columns the ledger writes itself', () => {
    for (const column of ['store_id', 'delta', 'source_key', 'id']) {
      expect(postingProblem(stock, { ...ok, details: { [column]: 1 } })).toBe(`details may not set ${column}`);
    }
    const renamed: LedgerTables = { ...stock, movements: { table: 'm', idColumn: 'movement_id', deltaColumn: 'qty', sourceKeyColumn: 'src' } };
    expect(postingProblem(renamed, { ...ok, details: { delta: 1, id: 2, source_key: 3 } })).toBeUndefined();
    expect(postingProblem(renamed, { ...ok, details: { qty: 1 } })).toBe('details may not set qty');
    expect(postingProblem(renamed, { ...ok, details: { src: 1 } })).toBe('details may not set src');
    expect(postingProblem(renamed, { ...ok, details: { movement_id: 1 } })).toBe('details may not set movement_id');
  });
});

describe('isSamePosting', () => {
  it('is a replay only for the same balance and the same delta', () => {
    expect(isSamePosting(stock, { key: { store_id: 's1', product_id: 'p1' }, delta: -2 }, ok)).toBe(true);
    expect(isSamePosting(stock, { key: { store_id: 's1', product_id: 'p1' }, delta: 2 }, ok)).toBe(false);
    expect(isSamePosting(stock, { key: { store_id: 's1', product_id: 'p2' }, delta: -2 }, ok)).toBe(false);
    expect(isSamePosting(stock, { key: { store_id: 's2', product_id: 'p1' }, delta: -2 }, ok)).toBe(false);
    // Keys come back from SQL as text.
    expect(isSamePosting({ ...stock, keyColumns: ['card'] }, { key: { card: '7' }, delta: 1 }, { key: { card: 7 }, delta: 1, sourceKey: 's' })).toBe(true);
  });
});

describe('inLockOrder', () => {
  it('orders postings by key, column by column, without losing or changing any (property)', () => {
    const posting = fc.record({
      key: fc.record({ store_id: fc.constantFrom('a', 'b', 'c'), product_id: fc.constantFrom('x', 'y', 'z') }),
      delta: fc.integer({ min: 1, max: 9 }),
      sourceKey: fc.string({ minLength: 1 }),
    });
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 12 }), (postings: Posting[]) => {
        const ordered = inLockOrder(stock, postings);
        expect([...ordered].sort((a, b) => postings.indexOf(a) - postings.indexOf(b))).toEqual(postings);
        for (let i = 1; i < ordered.length; i++) {
          const [a, b] = [ordered[i - 1].key, ordered[i].key];
          expect(a.store_id < b.store_id || (a.store_id === b.store_id && a.product_id <= b.product_id)).toBe(true);
        }
        // Two transactions with the same postings in any order lock the same balances in the same order.
        expect(inLockOrder(stock, [...postings].reverse()).map((p) => p.key)).toEqual(ordered.map((p) => p.key));
      }),
    );
  });
});

describe('ledgerSql', () => {
  // Built inside each test, not at load: a mutant is switched on per test, after the describe body ran.
  let sql: ReturnType<typeof ledgerSql>;
  beforeEach(() => {
    sql = ledgerSql(stock);
  });

  it('guards an outward posting with a conditional update and de-duplicates by source key', () => {
    const out = sql.postOut(['reason']);
    expect(out).toContain('INSERT INTO "stock_movement" ("store_id", "product_id", "delta", "source_key", "reason") VALUES ($1, $2, $3::bigint, $4, $5)');
    expect(out).toContain('ON CONFLICT ("source_key") DO NOTHING RETURNING "id" AS id');
    expect(out).toContain('UPDATE "stock_level" AS b SET "quantity" = b."quantity" + $3::bigint FROM mov');
    expect(out).toContain('WHERE b."store_id" = $1 AND b."product_id" = $2 AND b."quantity" + $3::bigint >= 0');
    expect(out).toContain('SELECT (SELECT id::text FROM mov) AS movement_id, (SELECT amount::text FROM bal) AS balance');
  });

  it('keeps an outward posting above the floor column when the ledger has one (stock held for orders)', () => {
    const out = ledgerSql({ ...stock, balances: { ...stock.balances, floorColumn: 'reserved' } }).postOut([]);
    expect(out).toContain('WHERE b."store_id" = $1 AND b."product_id" = $2 AND b."quantity" + $3::bigint >= b."reserved"');
    expect(() => ledgerSql({ ...stock, balances: { ...stock.balances, floorColumn: 'reserved"' } })).toThrow('Not a snake_case SQL identifier');
  });

  it('creates the balance row on an inward posting', () => {
    const inwards = sql.postIn([]);
    expect(inwards).toContain('INSERT INTO "stock_movement" ("store_id", "product_id", "delta", "source_key") VALUES ($1, $2, $3::bigint, $4)');
    expect(inwards).toContain('INSERT INTO "stock_level" AS b ("store_id", "product_id", "quantity") SELECT $1, $2, $3::bigint FROM mov');
    expect(inwards).toContain('ON CONFLICT ("store_id", "product_id") DO UPDATE SET "quantity" = b."quantity" + EXCLUDED."quantity"');
  });

  it('reads by source key and key, and compares balances to the sum of movements', () => {
    expect(sql.findBySource).toBe(
      'SELECT "id"::text AS id, "delta"::text AS delta, "store_id"::text AS "store_id", "product_id"::text AS "product_id" FROM "stock_movement" WHERE "source_key" = $1',
    );
    expect(sql.balance).toBe('SELECT b."quantity"::text AS amount FROM "stock_level" AS b WHERE b."store_id" = $1 AND b."product_id" = $2');
    expect(sql.undoMovement).toBe('DELETE FROM "stock_movement" WHERE "id" = $1');
    expect(sql.mismatches(false)).toContain('sum("delta") AS total FROM "stock_movement" GROUP BY "store_id", "product_id"');
    expect(sql.mismatches(false)).toContain('SELECT "store_id"::text AS "store_id", "product_id"::text AS "product_id", COALESCE(b.amount, 0)::text AS balance');
    expect(sql.mismatches(false)).toContain('WHERE COALESCE(b.amount, 0) <> COALESCE(m.total, 0)\n');
    expect(sql.mismatches(true)).toContain('AND "store_id" = $1 AND "product_id" = $2');
  });

  it('uses the default column names', () => {
    const card = ledgerSql({ name: 'stored_value', keyColumns: ['card_id'], balances: { table: 'card' }, movements: { table: 'card_movement' } });
    expect(card.balance).toBe('SELECT b."balance"::text AS amount FROM "card" AS b WHERE b."card_id" = $1');
  });

  it('refuses names that are no SQL identifiers, and a ledger without a key', () => {
    expect(() => ledgerSql({ ...stock, name: 'Stock' })).toThrow('snake_case');
    expect(() => ledgerSql({ ...stock, name: '1stock' })).toThrow('snake_case');
    expect(() => ledgerSql({ ...stock, name: 'stock level' })).toThrow('snake_case');
    expect(() => ledgerSql({ ...stock, name: 'stock_level2' })).not.toThrow();
    expect(() => ledgerSql({ ...stock, keyColumns: [] })).toThrow('no key columns');
    expect(() => ledgerSql({ ...stock, keyColumns: ['store_id; DROP TABLE x'] })).toThrow('Not a snake_case SQL identifier');
    expect(() => ledgerSql({ ...stock, balances: { table: 'Stock' } })).toThrow('Not a snake_case SQL identifier');
    expect(() => sql.postOut(['reason"'])).toThrow('Not a snake_case SQL identifier');
  });
});

describe('LedgerErrors', () => {
  it('names the shortfall', () => {
    const error = LedgerErrors.insufficientBalance('stored_value', 5000, 5001);
    expect([error.code, error.status, error.detail]).toEqual(['stored_value.insufficient_balance', 409, 'Not enough stored value: 5000 available, 5001 requested.']);
    expect(error.options.extensions).toEqual({ available: 5000, requested: 5001 });
    const reused = LedgerErrors.sourceKeyReused('stock', 'order:1');
    expect([reused.code, reused.status, reused.detail]).toEqual([
      'stock.source_key_reused',
      409,
      'The stock movement order:1 was already posted with another amount or for another balance.',
    ]);
  });
});
