import { notificationKey } from '../notification-keys.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { OutboxTransport, type MessageTransport, type OutboxDelivery } from '../../../common/events/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { PermanentSendError, type ChannelAddress, type NotificationChannel, type NotificationKind, type NotificationLocale } from '../notification-contracts.js';
import { NotificationSenders } from '../channels/notification-senders.js';
import { NotificationTemplates } from '../templates/notification-templates.service.js';
import type { NotificationReason } from './notification.entity.js';
import { NOTIFICATION_OUTBOX_CHANNEL } from './notification-release.js';
import { NotificationsService } from './notifications.service.js';
import { SmsLimits } from './sms-limits.js';

interface ClaimedNotification {
  id: string;
  key: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  recipient: string | null;
  locale: NotificationLocale;
  variables: Record<string, string | number>;
  urgent: boolean;
  attempts: number;
}

const MAX_ERROR_LENGTH = 1000;

const addressOf = (channel: NotificationChannel, recipient: string): ChannelAddress =>
  channel === 'sms' ? { phone: recipient } : channel === 'email' ? { email: recipient } : channel === 'wechat' ? { wechatOpenId: recipient } : {};

/**
 * Delivers notifications queued on the outbox (channel `notification`): claims the row, takes the SMS
 * limits, renders the template from the stored variables (an owner's edit made meanwhile applies),
 * sends through the channel's sender and records the outcome. A `PermanentSendError` fails the
 * notification at once; any other error is thrown so the outbox retries with backoff, and the last
 * attempt (OUTBOX_MAX_ATTEMPTS) leaves the notification `failed` with that error.
 */
@Injectable()
@OutboxTransport(NOTIFICATION_OUTBOX_CHANNEL)
export class NotificationTransport implements MessageTransport {
  private readonly logger = new Logger('Notifications');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(SmsLimits) private readonly limits: SmsLimits,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(NotificationTemplates) private readonly templates: NotificationTemplates,
    @Inject(NotificationSenders) private readonly senders: NotificationSenders,
  ) {}

  async send(delivery: OutboxDelivery): Promise<void> {
    const notificationId = delivery.payload.notificationId;
    if (typeof notificationId !== 'string') throw new Error(`outbox message ${delivery.id} carries no notificationId`);
    // Only a queued notification is sent: one erased, already sent or failed meanwhile is done with.
    const [claimed] = await this.db.rows<ClaimedNotification>(
      `UPDATE notification SET attempts = attempts + 1 WHERE id = $1 AND status = 'queued'
       RETURNING id, key, kind, channel, recipient, locale, variables, urgent, attempts`,
      [notificationId],
    );
    if (!claimed || !claimed.recipient) return;

    if (claimed.channel === 'sms') {
      const answer = await this.limits.take(claimed.id, claimed.recipient, { exemptFromBudget: claimed.urgent && claimed.kind === 'service' });
      if (!answer.allowed) return this.fail(claimed.id, answer.reason, null);
      if (answer.budgetWarning) await this.warnOwners(answer.budgetWarning);
    }

    let message;
    try {
      message = await this.templates.render(claimed.key, claimed.channel, claimed.locale, claimed.variables);
    } catch (error) {
      return this.fail(claimed.id, 'render_failed', errorText(error));
    }
    let result;
    try {
      const sender = this.senders.get(claimed.channel);
      result = await sender.send({
        notificationId: claimed.id,
        attempt: claimed.attempts,
        channel: claimed.channel,
        to: addressOf(claimed.channel, claimed.recipient),
        locale: claimed.locale,
        message,
      });
    } catch (error) {
      if (error instanceof PermanentSendError) return this.fail(claimed.id, 'rejected', errorText(error));
      const last = delivery.attempt >= this.config.OUTBOX_MAX_ATTEMPTS;
      if (last) await this.fail(claimed.id, 'attempts_exhausted', errorText(error));
      else await this.db.execute(`UPDATE notification SET last_error = $2 WHERE id = $1 AND status = 'queued'`, [claimed.id, errorText(error)]);
      throw error;
    }
    await this.db.execute(
      `UPDATE notification SET status = 'sent', sent_at = now(), provider = $2, provider_message_id = $3, last_error = NULL, reason = NULL,
              variables = variables - $4::text[]
        WHERE id = $1 AND status = 'queued'`,
      [claimed.id, result.provider, result.providerMessageId ?? null, secretsOf(claimed.key)],
    );
  }

  private async fail(id: string, reason: NotificationReason, error: string | null): Promise<void> {
    const [row] = await this.db.rows<{ key: string }>('SELECT key FROM notification WHERE id = $1', [id]);
    await this.db.execute(
      `UPDATE notification SET status = 'failed', failed_at = now(), reason = $2, last_error = $3, variables = variables - $4::text[] WHERE id = $1 AND status = 'queued'`,
      [id, reason, error, row ? secretsOf(row.key) : []],
    );
  }

  /** Owners are told once a day (the dedupe key); a failure to tell them must not stop the SMS. */
  private async warnOwners(warning: { used: number; budget: number; date: string }): Promise<void> {
    try {
      await this.db.transaction(() =>
        this.notifications.toStaff(
          { roles: ['owner'] },
          'notification.sms_budget_warning',
          { used: warning.used, budget: warning.budget, percent: Math.round((warning.used / warning.budget) * 100), date: warning.date },
          { dedupeKey: `sms_budget_warning:${warning.date}` },
        ),
      );
    } catch (error) {
      this.logger.error({ err: error }, 'could not tell the owners that the SMS budget is nearly used');
    }
  }
}

/** The error's message (a provider's words, no payloads), cut to a size the log row keeps. */
function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
}

/** The one-time values of a key (see NotificationKeyDefinition.secretVariables), erased once the notification is done with. */
function secretsOf(key: string): string[] {
  return [...(notificationKey(key)?.secretVariables ?? [])];
}
