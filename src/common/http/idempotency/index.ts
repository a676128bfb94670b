/** Idempotency-Key support: mark a route @Idempotent(); the module does the rest. */
import { IdempotencyKey } from './idempotency-key.entity.js';

export { IdempotencyModule } from './idempotency.module.js';
export { Idempotent } from './idempotent.decorator.js';
export type { IdempotentOptions } from './idempotent.metadata.js';
export { IdempotencyErrors } from './idempotency.errors.js';
export { IdempotencyKey } from './idempotency-key.entity.js';

export const IDEMPOTENCY_ENTITIES = [IdempotencyKey];
