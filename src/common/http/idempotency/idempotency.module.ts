import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyPurger } from './idempotency.purger.js';
import { IdempotencyStore } from './idempotency.store.js';

/** Idempotency-Key handling for routes marked @Idempotent(), and the purge of old keys. */
@Module({
  providers: [IdempotencyStore, IdempotencyPurger, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
