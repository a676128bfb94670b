import type { TransactionOptions } from '../../database/db.service.js';

export const IDEMPOTENT_METADATA = 'bloom:idempotent';

export interface IdempotentOptions {
  /** Refuse the request (400 `idempotency.key_required`) when it carries no key. Default: the key is optional. */
  required?: boolean;
  /**
   * Options of the transaction the interceptor opens around the handler. The handler's
   * `@Transactional()` methods join that transaction, so an isolation level they ask for must be
   * given here too (it is otherwise the default, READ COMMITTED).
   */
  transaction?: TransactionOptions;
}
