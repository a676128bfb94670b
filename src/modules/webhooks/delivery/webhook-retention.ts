import { Inject, Injectable } from '@nestjs/common';
import { purgeRows, WorkerTask } from '../../../common/background/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';

/**
 * Deletes finished webhook messages (and their attempts) every 10 minutes in the worker and all
 * roles: delivered ones WEBHOOK_RETENTION after delivery, failed ones WEBHOOK_FAILED_RETENTION after
 * failing (longer: owners may still want to retry or replay them). Bodies hold what partners were
 * sent, personal data included, so they are not kept for ever. Pending messages are never deleted.
 */
@Injectable()
export class WebhookRetention extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'WebhookRetention', intervalMs: 10 * 60_000, config });
  }

  /** Answers how many messages were deleted. */
  async run(): Promise<number> {
    const delivered = await purgeRows(this.db, {
      lock: 'bloom:webhook-retention',
      table: 'webhook_message',
      where: `status = 'delivered' AND finished_at < now() - $1 * interval '1 millisecond'`,
      params: [this.config.WEBHOOK_RETENTION],
    });
    const failed = await purgeRows(this.db, {
      lock: 'bloom:webhook-retention',
      table: 'webhook_message',
      where: `status = 'failed' AND finished_at < now() - $1 * interval '1 millisecond'`,
      params: [this.config.WEBHOOK_FAILED_RETENTION],
    });
    return delivered + failed;
  }
}
