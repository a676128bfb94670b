import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { purgeInBatches, WorkerTask } from '../background/index.js';
import { Db } from '../database/db.service.js';
import { rowsOf } from '../database/sql-rows.js';

const BATCH = 5000;

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

  /** Answers how many messages were deleted (0 when another process is purging). */
  async run(): Promise<number> {
    const deleted = await purgeInBatches(this.db, 'bloom:outbox-retention', BATCH, async () =>
      rowsOf(
        await this.db.query(
          `DELETE FROM outbox_message WHERE id = ANY(ARRAY(
             SELECT id FROM outbox_message
              WHERE created_at < now() - $1 * interval '1 millisecond' AND status IN ('sent', 'dead')
              LIMIT ${BATCH})) RETURNING id`,
          [this.config.OUTBOX_RETENTION],
        ),
      ).length,
    );
    return deleted ?? 0;
  }
}
