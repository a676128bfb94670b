import { Injectable, Logger } from '@nestjs/common';
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { isRetryableTransactionError } from './pg-errors.js';
import { currentTransaction, transactionStorage } from './transaction-context.js';

export const MAX_TRANSACTION_RETRIES = 3;

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

  /** Raw SQL on the current transaction (or the pool). */
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.manager.query(sql, parameters) as Promise<T>;
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
    if (currentTransaction()) return work();
    for (let attempt = 0; ; attempt++) {
      const afterCommit: Array<() => unknown> = [];
      try {
        const run = (manager: EntityManager) => transactionStorage.run({ manager, afterCommit }, work);
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
