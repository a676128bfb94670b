import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { purgeRows, WorkerTask } from '../background/index.js';
import { Db } from '../database/db.service.js';

/**
 * Deletes outbox messages that are finished (sent, or dead after their last attempt) and older than
 * OUTBOX_RETENTION, every 10 minutes in the worker and all roles. Their payloads are what went to SMS
 * and mail providers and partners, often with phone numbers and addresses: kept long enough to answer
 * "was it sent?", not for ever (PIPL, GDPR). Messages still pending or retrying are never deleted.
 */
@Injectable()
export class OutboxRetention extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'OutboxRetention', intervalMs: 10 * 60_000, config });
  }

  /** Answers how many messages were deleted. */
  run(): Promise<number> {
    return purgeRows(this.db, {
      lock: 'bloom:outbox-retention',
      table: 'outbox_message',
      where: `created_at < now() - $1 * interval '1 millisecond' AND status IN ('sent', 'dead')`,
      params: [this.config.OUTBOX_RETENTION],
    });
  }
}
