import type { Db } from '../database/db.service.js';
import { inLockOrder, isSamePosting, ledgerSql, postingProblem, type LedgerKey, type LedgerSql, type LedgerTables, type Posting } from './ledger-rules.js';
import { LedgerErrors } from './ledger.errors.js';

export interface Posted {
  movementId: string;
  /** The balance right after this posting (for a replay: the balance now). */
  balance: number;
  /** True when the source key was posted before: nothing changed. */
  replayed: boolean;
}

export interface LedgerMismatch {
  key: Record<string, string>;
  balance: number;
  movements: number;
}

const toNumber = (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`Ledger amount out of the safe integer range: ${text}`);
  return value;
};

/**
 * An append-only movements table and a balance row per key (DESIGN §3), for inventory (store ×
 * product) and stored-value cards (card). A posting writes its movement and moves the balance in one
 * statement, in the caller's transaction:
 * - the movement is inserted `ON CONFLICT (source_key) DO NOTHING`, so posting a source key again
 *   (a retried job, a redelivered event) changes nothing and answers the first movement; a concurrent
 *   duplicate waits for the first and then sees it;
 * - the balance moves only along with a new movement, outwards only by a conditional
 *   `UPDATE … WHERE balance + delta >= 0` (the table's `CHECK (balance >= 0)` is the backstop);
 * - when the balance is short, the movement the statement inserted is removed again (it was never
 *   visible to anyone) and `<name>.insufficient_balance` (409) is thrown, leaving the caller's
 *   transaction usable.
 * `mismatches()` proves the balance equals the sum of its movements.
 */
export class Ledger {
  private readonly sql: LedgerSql;
  private readonly statements = new Map<string, string>();

  constructor(readonly tables: LedgerTables) {
    this.sql = ledgerSql(tables);
  }

  post(db: Db, posting: Posting): Promise<Posted> {
    const problem = postingProblem(this.tables, posting);
    if (problem) return Promise.reject(new Error(`Ledger ${this.tables.name}: ${problem}`));
    // Two statements when the balance is short: a transaction keeps the removed movement unseen.
    return db.transaction(() => this.postOne(db, posting));
  }

  /** Several postings in one transaction, in key order, so concurrent transactions lock balances alike (no deadlocks). */
  postAll(db: Db, postings: readonly Posting[]): Promise<Posted[]> {
    for (const posting of postings) {
      const problem = postingProblem(this.tables, posting);
      if (problem) return Promise.reject(new Error(`Ledger ${this.tables.name}: ${problem}`));
    }
    return db.transaction(async () => {
      const results = new Map<Posting, Posted>();
      for (const posting of inLockOrder(this.tables, postings)) results.set(posting, await this.postOne(db, posting));
      return postings.map((posting) => results.get(posting) as Posted);
    });
  }

  async balance(db: Db, key: LedgerKey): Promise<number> {
    const [row] = await db.rows<{ amount: string }>(this.sql.balance, this.keyValues(key));
    return row ? toNumber(row.amount) : 0;
  }

  /** Balances (all, or one key's) that differ from the sum of their movements: empty when the ledger adds up. */
  async mismatches(db: Db, key?: LedgerKey): Promise<LedgerMismatch[]> {
    const rows = await db.rows<Record<string, string>>(this.sql.mismatches(key !== undefined), key ? this.keyValues(key) : []);
    return rows.map((row) => ({
      key: Object.fromEntries(this.tables.keyColumns.map((column) => [column, row[column]])),
      balance: toNumber(row.balance),
      movements: toNumber(row.movements),
    }));
  }

  private async postOne(db: Db, posting: Posting): Promise<Posted> {
    const details = Object.entries(posting.details ?? {});
    const columns = details.map(([column]) => column);
    const parameters = [...this.keyValues(posting.key), posting.delta, posting.sourceKey, ...details.map(([, value]) => value)];
    const [row] = await db.rows<{ movement_id: string | null; balance: string | null }>(this.statement(posting.delta > 0, columns), parameters);
    if (row.movement_id !== null && row.balance !== null) return { movementId: row.movement_id, balance: toNumber(row.balance), replayed: false };
    if (row.movement_id !== null) {
      await db.execute(this.sql.undoMovement, [row.movement_id]);
      throw LedgerErrors.insufficientBalance(this.tables.name, await this.balance(db, posting.key), -posting.delta);
    }
    const [first] = await db.rows<Record<string, string>>(this.sql.findBySource, [posting.sourceKey]);
    // Under READ COMMITTED the conflicting movement is committed, so visible to this new statement.
    if (!first) throw new Error(`Ledger ${this.tables.name}: ${posting.sourceKey} conflicted but cannot be read`);
    const existing = { key: first, delta: toNumber(first.delta) };
    if (!isSamePosting(this.tables, existing, posting)) throw LedgerErrors.sourceKeyReused(this.tables.name, posting.sourceKey);
    return { movementId: first.id, balance: await this.balance(db, posting.key), replayed: true };
  }

  private statement(inwards: boolean, detailColumns: string[]): string {
    const name = `${inwards ? 'in' : 'out'}:${detailColumns.join(',')}`;
    let sql = this.statements.get(name);
    if (!sql) {
      sql = inwards ? this.sql.postIn(detailColumns) : this.sql.postOut(detailColumns);
      this.statements.set(name, sql);
    }
    return sql;
  }

  private keyValues(key: LedgerKey): Array<string | number> {
    return this.tables.keyColumns.map((column) => key[column]);
  }
}
