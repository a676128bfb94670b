import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { Db } from '../../database/db.service.js';
import { PeriodicTask, withAdvisoryLock } from '../../background/index.js';
import { IdempotencyStore } from './idempotency.store.js';

/**
 * Deletes keys older than IDEMPOTENCY_TTL, every IDEMPOTENCY_PURGE_INTERVAL, in the worker and all
 * roles. A timer under an advisory lock (one process purges at a time), not a Bull repeatable job:
 * like the deadline sweeper, it must not depend on what Redis remembers. Expired keys that are not
 * purged yet already count as free (IdempotencyStore.begin), so purge timing never changes behaviour.
 */
@Injectable()
export class IdempotencyPurger implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private task?: PeriodicTask;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(IdempotencyStore) private readonly store: IdempotencyStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    this.task = new PeriodicTask('IdempotencyPurge', this.config.IDEMPOTENCY_PURGE_INTERVAL, () => this.purge());
    this.task.start({ immediately: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task?.stop(this.config.SHUTDOWN_GRACE);
  }

  /** Deletes every expired key, one batch per short transaction; answers how many. */
  async purge(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await withAdvisoryLock(this.db, 'bloom:idempotency-purge', () => this.store.purgeBatch(this.config.IDEMPOTENCY_TTL));
      total += deleted ?? 0;
      if (deleted === undefined || deleted < IdempotencyStore.PURGE_BATCH) return total;
    }
  }
}
