import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { purgeRows, WorkerTask } from '../background/index.js';
import { Db } from '../database/db.service.js';

/**
 * Deletes durable events older than EVENT_RETENTION whose every delivery is delivered (with their
 * deliveries and inbox rows), every 10 minutes in the worker and all roles. An event with a pending
 * or dead delivery stays until it is delivered (an owner may retry a dead one).
 */
@Injectable()
export class EventRetention extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'EventRetention', intervalMs: 10 * 60_000, config });
  }

  /** Answers how many events were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:event-retention',
      table: 'event',
      where: `occurred_at < now() - $1 * interval '1 millisecond'
              AND NOT EXISTS (SELECT 1 FROM event_delivery d WHERE d.event_id = event.id AND d.status <> 'delivered')`,
      params: [this.config.EVENT_RETENTION],
    });
  }
}
