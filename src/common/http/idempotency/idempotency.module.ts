import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyPurger } from './idempotency.purger.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Idempotency-Key handling for routes marked @Idempotent(), and the purge of old keys. Global, so
 * the interceptor that @Idempotent() binds to a route resolves in any module; it is bound per
 * route, not app-wide, so routes without it pay nothing (no interceptor chain at all).
 */
@Global()
@Module({
  providers: [IdempotencyStore, IdempotencyPurger, IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
