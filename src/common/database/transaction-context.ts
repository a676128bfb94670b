import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** What travels with the code running inside one database transaction. */
export interface TransactionContext {
  manager: EntityManager;
  /** Run, in order, once the transaction has committed; dropped on rollback. */
  afterCommit: Array<() => unknown>;
}

export const transactionStorage = new AsyncLocalStorage<TransactionContext>();

export function currentTransaction(): TransactionContext | undefined {
  return transactionStorage.getStore();
}
