import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError, type DataSource, type QueryResult, type EntityManager, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { isRetryableTransactionError } from './pg-errors.js';
import { currentTransaction, transactionStorage } from './transaction-context.js';

export const MAX_TRANSACTION_RETRIES = 3;

/** SNAPSHOT is SQL Server's; PostgreSQL's REPEATABLE READ is snapshot isolation. */
const STRICTNESS: Record<IsolationLevel, number> = { 'READ UNCOMMITTED': 0, 'READ COMMITTED': 1, 'REPEATABLE READ': 2, SNAPSHOT: 2, SERIALIZABLE: 3 };

/** The bits of node-postgres's Pool that Db uses (TypeORM's driver holds it as `master`). */
interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
}
interface PgPool {
  query(sql: string, parameters?: unknown[]): Promise<PgResult>;
}
/** A transaction's own connection (TypeORM's query runner holds it as `databaseConnection`). */
interface PgClient {
  query(query: { name?: string; text: string; values?: unknown[] }): Promise<PgResult>;
}

/**
 * Statements run inside transactions are prepared once per connection, by name: a booking sends two
 * dozen statements, and parsing and planning each every time was a third of its database time.
 * Names are given to the first distinct texts seen; past this many (SQL built with a varying number of
 * placeholders, say) statements run unnamed, so neither side's memory grows without bound.
 */
const MAX_PREPARED_STATEMENTS = 2000;
const statementNames = new Map<string, string>();

function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) statementNames.set(sql, (name = `bloom_${statementNames.size + 1}`));
  return name;
}

interface SqlResult {
  rows: unknown[];
  rowCount: number;
}

/** Raw SQL: `rows()` for what a statement returns, `execute()` for how many rows it touched. */
export interface SqlRunner {
  rows<T>(sql: string, parameters?: readonly unknown[]): Promise<T[]>;
  execute(sql: string, parameters?: readonly unknown[]): Promise<number>;
}

export interface TransactionOptions {
  isolation?: IsolationLevel;
}

/**
 * The one way services reach the database. Inside a transaction (see `@Transactional()`)
 * `manager` and `repo()` return the transaction's manager, so services never pass it by hand.
 */
@Injectable()
export class Db implements SqlRunner {
  private static current?: Db;
  private readonly logger = new Logger('Db');

  constructor(readonly dataSource: DataSource) {
    Db.current = this;
  }

  /** The instance `@Transactional()` uses; set when the app (or the CLI) creates its Db. */
  static instance(): Db {
    if (!Db.current) throw new Error('Db is not initialised: @Transactional() used outside the Nest app');
    return Db.current;
  }

  get manager(): EntityManager {
    return currentTransaction()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return currentTransaction() !== undefined;
  }

  repo<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.manager.getRepository(entity);
  }

  /** The rows of a statement (SELECT, or INSERT/UPDATE/DELETE … RETURNING), on the current transaction or else the pool. */
  async rows<T>(sql: string, parameters?: readonly unknown[]): Promise<T[]> {
    return (await this.run(sql, parameters)).rows as T[];
  }

  /** Runs a statement and answers how many rows it affected (inserted, updated, deleted or selected). */
  async execute(sql: string, parameters?: readonly unknown[]): Promise<number> {
    return (await this.run(sql, parameters)).rowCount;
  }

  /**
   * The same two methods, always on the pool (autocommit), even inside a transaction: for rows that
   * must be visible to others at once or survive the caller's rollback (an idempotency claim, a revocation).
   */
  readonly outside: SqlRunner = {
    rows: async <T>(sql: string, parameters?: readonly unknown[]) => (await this.poolQuery(sql, parameters)).rows as T[],
    execute: async (sql: string, parameters?: readonly unknown[]) => (await this.poolQuery(sql, parameters)).rowCount,
  };

  /**
   * Throws unless called inside a transaction: writes that must commit with the business change
   * (audit rows, outbox messages, deadlines) call it, so a use case that forgot `@Transactional()`
   * fails loudly instead of writing non-atomically.
   */
  requireTransaction(caller: string): void {
    if (!currentTransaction()) throw new Error(`${caller} must be written inside a transaction: the calling use case is missing @Transactional()`);
  }

  private async run(sql: string, parameters?: readonly unknown[]): Promise<SqlResult> {
    const tx = currentTransaction();
    // Outside a transaction, skip TypeORM's per-query runner: it costs hot reads a tenth of their throughput.
    if (!tx) return this.poolQuery(sql, parameters);
    const client = (tx.manager.queryRunner as unknown as { databaseConnection?: PgClient }).databaseConnection;
    if (!client) {
      const result: QueryResult = await tx.manager.queryRunner!.query(sql, parameters as unknown[], true);
      return { rows: result.records ?? [], rowCount: result.affected ?? 0 };
    }
    // Without parameters the simple protocol runs it, as before: it may hold several statements, which a prepared one may not.
    const name = parameters && parameters.length > 0 ? statementName(sql) : undefined;
    return this.timed(sql, parameters, () => client.query({ name, text: sql, values: parameters as unknown[] }));
  }

  private poolQuery(sql: string, parameters?: readonly unknown[]): Promise<SqlResult> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    return this.timed(sql, parameters, () => pool.query(sql, parameters as unknown[]));
  }

  /** Runs a statement as TypeORM would: its errors as QueryFailedError, slow ones logged (without parameters). */
  private async timed(sql: string, parameters: readonly unknown[] | undefined, send: () => Promise<PgResult>): Promise<SqlResult> {
    const started = performance.now();
    let raw: PgResult;
    try {
      raw = await send();
    } catch (error) {
      throw new QueryFailedError(sql, parameters as unknown[], error as Error);
    }
    const elapsed = performance.now() - started;
    const slowMs = this.dataSource.options.maxQueryExecutionTime;
    if (slowMs && elapsed > slowMs) this.dataSource.logger.logQuerySlow(Math.round(elapsed), sql, parameters as unknown[]);
    return { rows: raw.rows ?? [], rowCount: raw.rowCount ?? 0 };
  }

  /**
   * Runs `fn` after the surrounding transaction commits (never on rollback);
   * outside a transaction it runs at once. Failures are logged, not thrown: the change is already durable.
   */
  afterCommit(fn: () => unknown): void {
    const tx = currentTransaction();
    if (tx) tx.afterCommit.push(fn);
    else void this.runHook(fn);
  }

  /**
   * Runs `work` in a transaction, joining the caller's if there is one. A serialization failure or
   * deadlock restarts the whole unit of work, up to MAX_TRANSACTION_RETRIES times.
   */
  async transaction<T>(work: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const outer = currentTransaction();
    if (outer) {
      // Joining cannot raise the isolation level: a use case that needs SERIALIZABLE must not quietly
      // run with less because its caller opened the transaction (a job's claim, an @Idempotent route).
      if (options.isolation && STRICTNESS[options.isolation] > STRICTNESS[outer.isolation]) {
        throw new Error(`A ${options.isolation} unit of work cannot join a ${outer.isolation} transaction: open it with that isolation level`);
      }
      return work();
    }
    const isolation = options.isolation ?? 'READ COMMITTED';
    for (let attempt = 0; ; attempt++) {
      const afterCommit: Array<() => unknown> = [];
      try {
        const run = (manager: EntityManager) => transactionStorage.run({ manager, afterCommit, isolation }, work);
        const result = options.isolation ? await this.dataSource.transaction(options.isolation, run) : await this.dataSource.transaction(run);
        for (const hook of afterCommit) await this.runHook(hook);
        return result;
      } catch (error) {
        if (attempt >= MAX_TRANSACTION_RETRIES || !isRetryableTransactionError(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
      }
    }
  }

  private async runHook(fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.logger.error({ err: error }, 'after-commit hook failed');
    }
  }
}
