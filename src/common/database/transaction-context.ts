import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';

/** What travels with the code running inside one database transaction. */
export interface TransactionContext {
  manager: EntityManager;
  /** Run, in order, once the transaction has committed; dropped on rollback. */
  afterCommit: Array<() => unknown>;
  isolation: IsolationLevel;
}

export const transactionStorage = new AsyncLocalStorage<TransactionContext>();

export function currentTransaction(): TransactionContext | undefined {
  return transactionStorage.getStore();
}
