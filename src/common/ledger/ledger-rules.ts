/**
 * The pure half of the ledger (ledger.ts): what a ledger declares, what a posting must be, and the
 * SQL each ledger's tables get, built once from its declaration.
 */
import { sqlIdentifier } from '../database/sql-identifier.js';

/**
 * The tables a module keeps a ledger in. The movements table is append-only: one row per posting,
 * with the key columns, the signed delta and a unique source key (`UNIQUE (source_key)`). The balances
 * table has one row per key (`PRIMARY KEY (<key columns>)`) and `CHECK (<amount> >= 0)`.
 * Inventory: key `store_id, product_id`; stored value: key `card_id`.
 */
export interface LedgerTables {
  /** snake_case name, for error codes (`stock.insufficient_balance`) and messages. */
  name: string;
  /** The columns that name one balance, the same in both tables. */
  keyColumns: readonly string[];
  /**
   * `floorColumn`: a column of the balance row that outward postings may not go below (stock's
   * `reserved`: a sale may not take what an order holds); without it the floor is zero.
   */
  balances: { table: string; amountColumn?: string; floorColumn?: string };
  movements: { table: string; idColumn?: string; deltaColumn?: string; sourceKeyColumn?: string };
}

export type LedgerKey = Record<string, string | number>;

export interface Posting {
  key: LedgerKey;
  /** Signed whole units (minor currency units, pieces): + in, − out; never 0. */
  delta: number;
  /**
   * What caused the movement, unique in the ledger (`order:…:line:3`, `stocktake:…`): posting it
   * again is a no-op that answers the first movement.
   */
  sourceKey: string;
  /** Other columns of the movement row (reason, reference, actor), by column name. */
  details?: Record<string, unknown>;
}

export const MAX_SOURCE_KEY_LENGTH = 200;

/** Why a posting is malformed (a programming error, thrown before any SQL), or undefined. */
export function postingProblem(tables: LedgerTables, posting: Posting): string | undefined {
  if (!Number.isSafeInteger(posting.delta) || posting.delta === 0) return `delta must be a non-zero whole number, not ${posting.delta}`;
  if (typeof posting.sourceKey !== 'string' || posting.sourceKey.trim() === '' || posting.sourceKey.length > MAX_SOURCE_KEY_LENGTH) {
    return `sourceKey must be 1 to ${MAX_SOURCE_KEY_LENGTH} characters`;
  }
  const given = Object.keys(posting.key).sort();
  const wanted = [...tables.keyColumns].sort();
  if (given.length !== wanted.length || given.some((column, i) => column !== wanted[i])) return `key must have exactly ${wanted.join(', ')}`;
  for (const column of wanted) {
    const value = posting.key[column];
    if (value === null || value === undefined || value === '') return `key ${column} is empty`;
  }
  const reserved = new Set([...tables.keyColumns, delta(tables), sourceKey(tables), id(tables)]);
  const clash = Object.keys(posting.details ?? {}).find((column) => reserved.has(column));
  if (clash) return `details may not set ${clash}`;
  return undefined;
}

/** A repeated source key is a replay when it moved the same balance by the same delta; else a mistake. */
export function isSamePosting(tables: LedgerTables, existing: { key: LedgerKey; delta: number }, posting: Posting): boolean {
  return existing.delta === posting.delta && tables.keyColumns.every((column) => String(existing.key[column]) === String(posting.key[column]));
}

/** Postings of one transaction in a fixed order of their keys, so two transactions lock balances alike and cannot deadlock. */
export function inLockOrder(tables: LedgerTables, postings: readonly Posting[]): Posting[] {
  const rank = (posting: Posting) => tables.keyColumns.map((column) => String(posting.key[column]));
  return [...postings].sort((a, b) => {
    const [left, right] = [rank(a), rank(b)];
    for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
    return 0;
  });
}

const amount = (tables: LedgerTables) => tables.balances.amountColumn ?? 'balance';
const delta = (tables: LedgerTables) => tables.movements.deltaColumn ?? 'delta';
const sourceKey = (tables: LedgerTables) => tables.movements.sourceKeyColumn ?? 'source_key';
const id = (tables: LedgerTables) => tables.movements.idColumn ?? 'id';

export interface LedgerSql {
  /** $1 … $k the key, $k+1 the delta, $k+2 the source key, then the details; answers `movement_id`, `balance`. */
  postIn(detailColumns: readonly string[]): string;
  postOut(detailColumns: readonly string[]): string;
  /** $1 the movement id. */
  undoMovement: string;
  /** $1 the source key. */
  findBySource: string;
  /** $1 … $k the key. */
  balance: string;
  /** Balances that differ from the sum of their movements; with `$1 … $k` when `forKey`. */
  mismatches(forKey: boolean): string;
}

/** The ledger's SQL; every name passes `sqlIdentifier`, every value is a parameter. */
export function ledgerSql(tables: LedgerTables): LedgerSql {
  if (!/^[a-z][a-z0-9_]*$/.test(tables.name)) throw new Error(`Ledger name "${tables.name}" must be a snake_case name`);
  if (tables.keyColumns.length === 0) throw new Error(`Ledger ${tables.name} has no key columns`);
  const keys = tables.keyColumns.map(sqlIdentifier);
  const balances = sqlIdentifier(tables.balances.table);
  const movements = sqlIdentifier(tables.movements.table);
  const [amountColumn, deltaColumn, sourceColumn, idColumn] = [amount(tables), delta(tables), sourceKey(tables), id(tables)].map(sqlIdentifier);
  const floor = tables.balances.floorColumn ? `b.${sqlIdentifier(tables.balances.floorColumn)}` : '0';
  const k = keys.length;
  const keyParams = keys.map((_, i) => `$${i + 1}`);
  const deltaParam = `$${k + 1}::bigint`;
  const keyMatch = (alias: string) => keys.map((column, i) => `${alias}.${column} = $${i + 1}`).join(' AND ');
  const insertMovement = (details: readonly string[]) => {
    const columns = [...keys, deltaColumn, sourceColumn, ...details.map(sqlIdentifier)];
    const values = [...keyParams, deltaParam, `$${k + 2}`, ...details.map((_, i) => `$${k + 3 + i}`)];
    return `mov AS (INSERT INTO ${movements} (${columns.join(', ')}) VALUES (${values.join(', ')}) ON CONFLICT (${sourceColumn}) DO NOTHING RETURNING ${idColumn} AS id)`;
  };
  const answer = `SELECT (SELECT id::text FROM mov) AS movement_id, (SELECT amount::text FROM bal) AS balance`;
  return {
    // In: creates the balance row on first use; cannot go below zero, so needs no condition.
    postIn: (details) =>
      `WITH ${insertMovement(details)}, bal AS (
        INSERT INTO ${balances} AS b (${keys.join(', ')}, ${amountColumn}) SELECT ${keyParams.join(', ')}, ${deltaParam} FROM mov
        ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${amountColumn} = b.${amountColumn} + EXCLUDED.${amountColumn} RETURNING b.${amountColumn} AS amount
      ) ${answer}`,
    // Out: the conditional update is the guard (the CHECK is the backstop); no row means not enough.
    postOut: (details) =>
      `WITH ${insertMovement(details)}, bal AS (
        UPDATE ${balances} AS b SET ${amountColumn} = b.${amountColumn} + ${deltaParam} FROM mov
        WHERE ${keyMatch('b')} AND b.${amountColumn} + ${deltaParam} >= ${floor} RETURNING b.${amountColumn} AS amount
      ) ${answer}`,
    undoMovement: `DELETE FROM ${movements} WHERE ${idColumn} = $1`,
    findBySource: `SELECT ${idColumn}::text AS id, ${deltaColumn}::text AS delta, ${keys.map((column) => `${column}::text AS ${column}`).join(', ')} FROM ${movements} WHERE ${sourceColumn} = $1`,
    balance: `SELECT b.${amountColumn}::text AS amount FROM ${balances} AS b WHERE ${keyMatch('b')}`,
    mismatches: (forKey) =>
      `SELECT ${keys.map((column) => `${column}::text AS ${column}`).join(', ')}, COALESCE(b.amount, 0)::text AS balance, COALESCE(m.total, 0)::text AS movements
       FROM (SELECT ${keys.join(', ')}, ${amountColumn} AS amount FROM ${balances}) AS b
       FULL JOIN (SELECT ${keys.join(', ')}, sum(${deltaColumn}) AS total FROM ${movements} GROUP BY ${keys.join(', ')}) AS m USING (${keys.join(', ')})
       WHERE COALESCE(b.amount, 0) <> COALESCE(m.total, 0)${forKey ? ` AND ${keys.map((column, i) => `${column} = $${i + 1}`).join(' AND ')}` : ''}
       ORDER BY ${keys.join(', ')}`,
  };
}
