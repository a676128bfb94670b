import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { Db } from '../../database/db.service.js';
import { purgeRows, WorkerTask } from '../../background/index.js';

/**
 * Deletes keys older than IDEMPOTENCY_TTL, every IDEMPOTENCY_PURGE_INTERVAL, in the worker and all
 * roles. Expired keys that are not purged yet already count as free (IdempotencyStore.begin), so
 * purge timing never changes behaviour.
 */
@Injectable()
export class IdempotencyPurger extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'IdempotencyPurge', intervalMs: config.IDEMPOTENCY_PURGE_INTERVAL, config });
  }

  /** Answers how many keys were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:idempotency-purge',
      table: 'idempotency_key',
      where: `created_at < now() - $1 * interval '1 millisecond'`,
      params: [this.config.IDEMPOTENCY_TTL],
    });
  }
}
