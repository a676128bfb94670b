import { Inject, Injectable } from '@nestjs/common';
import { purgeRows, WorkerTask } from '../../../common/background/index.js';
import { Db } from '../../../common/database/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';

/**
 * Erases what the log copied of an anonymized customer (addresses, template variables), by the
 * event's name: notifications imports no business module. Messages not sent yet are skipped, so
 * nothing reaches an erased person. The rows stay (what was sent when), without the personal data.
 */
@Injectable()
export class NotificationErasure {
  constructor(@Inject(Db) private readonly db: Db) {}

  @OnDurableEvent('customer.anonymized', { name: 'notifications.erase-customer' })
  async erase(event: DeliveredEvent<'customer.anonymized'>): Promise<void> {
    await this.db.execute(
      `UPDATE notification
          SET recipient = NULL, variables = '{}',
              status = CASE WHEN status IN ('queued', 'deferred') THEN 'skipped' ELSE status END,
              reason = CASE WHEN status IN ('queued', 'deferred') THEN 'unreachable' ELSE reason END
        WHERE customer_id = $1`,
      [event.payload.customerId],
    );
  }
}

/**
 * Deletes notifications older than NOTIFICATION_RETENTION (with what they hold of their recipients)
 * and SMS counters no limit looks at any more, every 10 minutes in worker roles. Notifications still
 * on their way are kept whatever their age.
 */
@Injectable()
export class NotificationRetention extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
  ) {
    super({ name: 'NotificationRetention', intervalMs: 10 * 60_000, config });
  }

  async run(): Promise<number> {
    const notifications = await purgeRows(this.db, {
      lock: 'bloom:notification-retention',
      table: 'notification',
      where: `created_at < now() - $1 * interval '1 millisecond' AND status NOT IN ('queued', 'deferred')`,
      params: [this.config.NOTIFICATION_RETENTION],
    });
    const counters = await purgeRows(this.db, {
      lock: 'bloom:notification-sms-counter-retention',
      table: 'notification_sms_counter',
      where: `updated_at < now() - interval '2 days'`,
    });
    return notifications + counters;
  }
}
