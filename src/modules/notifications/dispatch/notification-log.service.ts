import { notificationKey } from '../notification-keys.js';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, formatInstant } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { OutboxService } from '../../../common/events/index.js';
import { mapPage, paginate, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { maskEmail, maskPhone, normaliseEmail, normalisePhone } from '../../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { DEFAULT_LOCALE } from '../notification-contracts.js';
import { ChannelErrors } from '../channels/channels.errors.js';
import { NotificationSenders } from '../channels/notification-senders.js';
import type { NotificationIdResponseDto, NotificationQueryDto, NotificationResponseDto, SendTestNotificationDto } from './dto/notification.dto.js';
import { Notification } from './notification.entity.js';
import { enqueueNotification } from './notification-release.js';
import { insertNotification } from './notification-rows.js';
import { NotificationErrors } from './notifications.errors.js';
import { definitionOf } from './notifications.service.js';

export const TEST_KEY = 'notification.test';
const PII_SCOPE = 'customers:pii';

/** Staff see contact data in full (only front-desk roles may read the log); API keys only with `customers:pii`, audited. */
function seesPersonalData(actor: Actor): boolean {
  return actor.kind === 'user' || (actor.kind === 'api_key' && actor.scopes.includes(PII_SCOPE));
}

function maskRecipient(row: Notification): string | null {
  if (!row.recipient) return null;
  if (row.channel === 'sms') return maskPhone(row.recipient);
  if (row.channel === 'email') return maskEmail(row.recipient);
  return `${row.recipient.slice(0, 3)}***`;
}

export function toNotificationResponse(row: Notification, fullContact: boolean): NotificationResponseDto {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    id: row.id,
    key: row.key,
    kind: row.kind,
    category: row.category,
    channel: row.channel,
    customerId: row.customerId,
    staffUserId: row.staffUserId,
    storeId: row.storeId,
    recipient: fullContact ? row.recipient : maskRecipient(row),
    locale: row.locale,
    urgent: row.urgent,
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    provider: row.provider,
    providerMessageId: row.providerMessageId,
    lastError: row.lastError,
    deferredUntil: iso(row.deferredUntil),
    createdAt: row.createdAt.toISOString(),
    sentAt: iso(row.sentAt),
    deliveredAt: iso(row.deliveredAt),
    failedAt: iso(row.failedAt),
  };
}

/** The notification log and what staff do with it: read, resend a failed one, send a test message. */
@Injectable()
export class NotificationLogService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(NotificationSenders) private readonly senders: NotificationSenders,
  ) {}

  async list(actor: Actor, query: NotificationQueryDto): Promise<Page<NotificationResponseDto>> {
    const builder = this.visibleTo(actor);
    if (query.customerId) builder.andWhere('n.customerId = :customerId', { customerId: query.customerId });
    if (query.channel) builder.andWhere('n.channel = :channel', { channel: query.channel });
    if (query.status) builder.andWhere('n.status = :status', { status: query.status });
    if (query.key) builder.andWhere('n.key = :key', { key: query.key });
    if (query.from) builder.andWhere('n.createdAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('n.createdAt < :to', { to: query.to });
    const page = await paginate(builder, query);
    const full = seesPersonalData(actor);
    if (full && actor.kind === 'api_key' && page.data.length > 0) {
      await this.audit.recordAccess({ action: 'notification.list', entityType: 'notification', entityId: query.customerId ?? 'list' });
    }
    return mapPage(page, (row) => toNotificationResponse(row, full));
  }

  async get(actor: Actor, id: string): Promise<NotificationResponseDto> {
    const row = await this.visibleTo(actor).andWhere('n.id = :id', { id }).getOne();
    if (!row) throw NotificationErrors.notFound(id);
    const full = seesPersonalData(actor);
    if (full && actor.kind === 'api_key') await this.audit.recordAccess({ action: 'notification.read', entityType: 'notification', entityId: id, storeId: row.storeId });
    return toNotificationResponse(row, full);
  }

  /** A failed notification gets a new attempt cycle: queued again, the SMS limits taken again, a new outbox message. */
  @Transactional()
  async resend(actor: Actor, id: string): Promise<NotificationResponseDto> {
    const row = await this.visibleTo(actor).andWhere('n.id = :id', { id }).setLock('pessimistic_write').getOne();
    if (!row) throw NotificationErrors.notFound(id);
    if (row.status !== 'failed') throw NotificationErrors.notFailed(row.status);
    if (!row.recipient) throw NotificationErrors.notFailed('erased');
    if (notificationKey(row.key)?.secretVariables?.length) throw NotificationErrors.notResendable(row.key);
    await this.db.execute(
      `UPDATE notification SET status = 'queued', reason = NULL, last_error = NULL, failed_at = NULL, limits_taken_at = NULL, deferred_until = NULL WHERE id = $1`,
      [id],
    );
    await enqueueNotification(this.outbox, id, row.key);
    await this.audit.record({
      action: 'notification.resend',
      entityType: 'notification',
      entityId: id,
      storeId: row.storeId,
      before: { status: row.status, reason: row.reason },
      after: { status: 'queued' },
    });
    return this.get(actor, id);
  }

  /** The owner's check of a provider's settings: `notification.test`, now (urgent: quiet hours do not apply), to the address given. */
  @Transactional()
  async sendTest(actor: Actor, body: SendTestNotificationDto): Promise<NotificationIdResponseDto> {
    const recipient = this.testRecipient(body);
    if (!this.senders.available().includes(body.channel)) throw ChannelErrors.notConfigured(body.channel);
    const locale = body.locale ?? DEFAULT_LOCALE;
    // As a person reads it: the business's wall-clock time.
    const sentAt = formatInstant(this.clock.nowMs(), this.config.BUSINESS_TIME_ZONE).slice(0, 16).replace('T', ' ');
    const { id } = await insertNotification(this.db, {
      definition: definitionOf(TEST_KEY),
      channel: body.channel,
      staffUserId: actor.kind === 'user' ? actor.id : null,
      recipient,
      locale,
      variables: { businessName: this.config.NOTIFICATION_BUSINESS_NAME, sentAt },
      urgent: true,
      status: 'queued',
    });
    await enqueueNotification(this.outbox, id, TEST_KEY);
    await this.audit.record({ action: 'notification.test', entityType: 'notification', entityId: id, after: { channel: body.channel } });
    return { id };
  }

  private testRecipient(body: SendTestNotificationDto): string {
    const { to, channel } = body;
    if (channel === 'sms') {
      if (!to.phone) throw NotificationErrors.unreachable('to.phone', 'a phone number is needed to send an SMS');
      const phone = normalisePhone(to.phone);
      if (!phone) throw NotificationErrors.unreachable('to.phone', 'is not a phone number an SMS can reach (China by default; others with their + country code)');
      return phone;
    }
    if (channel === 'email') {
      const email = to.email ? normaliseEmail(to.email) : undefined;
      if (!email) throw NotificationErrors.unreachable('to.email', 'an e-mail address is needed to send an e-mail');
      return email;
    }
    if (!to.wechatOpenId) throw NotificationErrors.unreachable('to.wechatOpenId', "the customer's openid in the mini-program is needed to send a WeChat message");
    return to.wechatOpenId;
  }

  /** Notifications about a store the caller does not see are not there for them (404, as other modules answer). */
  private visibleTo(actor: Actor) {
    const builder = this.db.repo(Notification).createQueryBuilder('n');
    const stores = visibleStoreIds(actor);
    if (stores !== 'all') {
      if (stores.length === 0) builder.andWhere('n.storeId IS NULL');
      else builder.andWhere('(n.storeId IS NULL OR n.storeId IN (:...stores))', { stores });
    }
    return builder;
  }
}
