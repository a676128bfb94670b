import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { Db } from '../../database/db.service.js';
import { purgeInBatches, WorkerTask } from '../../background/index.js';
import { IdempotencyStore } from './idempotency.store.js';

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
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
  ) {
    super({ name: 'IdempotencyPurge', intervalMs: config.IDEMPOTENCY_PURGE_INTERVAL, config });
  }

  /** Deletes every expired key, one batch per statement; answers how many (0 when another process is purging). */
  async run(): Promise<number> {
    const deleted = await purgeInBatches(this.db, 'bloom:idempotency-purge', IdempotencyStore.PURGE_BATCH, () => this.store.purgeBatch(this.config.IDEMPOTENCY_TTL));
    return deleted ?? 0;
  }
}
