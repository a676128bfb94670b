import { Injectable, Logger } from '@nestjs/common';
import { QueryFailedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral, type Repository } from 'typeorm';
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

export interface TransactionOptions {
  isolation?: IsolationLevel;
}

/**
 * The one way services reach the database. Inside a transaction (see `@Transactional()`)
 * `manager` and `repo()` return the transaction's manager, so services never pass it by hand.
 */
@Injectable()
export class Db {
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

  /**
   * Raw SQL on the current transaction, or else straight on the pool. Results are shaped as
   * TypeORM shapes them (rows; `[rows, rowCount]` for UPDATE/DELETE), so callers see no difference;
   * outside a transaction it skips TypeORM's per-query runner, which costs hot reads a tenth of
   * their throughput.
   */
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    if (currentTransaction()) return this.manager.query<T>(sql, parameters);
    return this.poolQuery(sql, parameters) as Promise<T>;
  }

  private async poolQuery(sql: string, parameters?: unknown[]): Promise<unknown> {
    const pool = (this.dataSource.driver as unknown as { master: PgPool }).master;
    const started = performance.now();
    let raw: PgResult;
    try {
      raw = await pool.query(sql, parameters);
    } catch (error) {
      throw new QueryFailedError(sql, parameters, error as Error);
    }
    const elapsed = performance.now() - started;
    const slowMs = this.dataSource.options.maxQueryExecutionTime;
    if (slowMs && elapsed > slowMs) this.dataSource.logger.logQuerySlow(Math.round(elapsed), sql, parameters);
    return raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows;
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
        const result = options.isolation
          ? await this.dataSource.transaction(options.isolation, run)
          : await this.dataSource.transaction(run);
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
