import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DeadlineService } from '../../../common/deadlines/index.js';
import { OutboxService } from '../../../common/events/index.js';
import {
  DEFAULT_LOCALE,
  INTERRUPTING_CHANNELS,
  type NotificationChannel,
  type NotificationKeyDefinition,
  type NotificationLocale,
  type StaffAudience,
  type StaffContact,
} from '../notification-contracts.js';
import { notificationKey } from '../notification-keys.js';
import { NotificationRecipients } from '../notification-recipients.js';
import { chooseCustomerChannel } from './channel-choice.js';
import { NotificationSenders } from '../channels/notification-senders.js';
import { StaffInbox, type StaffInboxItem } from '../inbox/staff-inbox.js';
import { NotificationTemplates } from '../templates/notification-templates.service.js';
import type { NotificationReason } from './notification.entity.js';
import { NOTIFICATION_OUTBOX_CHANNEL, NOTIFICATION_RELEASE } from './notification-release.js';
import { insertNotification, type NewNotification } from './notification-rows.js';
import { quietHoursEnd } from './quiet-hours.js';

export type TemplateVariables = Record<string, string | number>;

export interface CustomerNotificationOptions {
  /** The store it is about: its quiet hours apply (else the customer's home store's). */
  storeId?: string;
  /** Sent now, even in quiet hours (an appointment that starts before they end). */
  urgent?: boolean;
  /** This channel only, instead of the customer's preferred one and the key's order. */
  channel?: NotificationChannel;
  /** A second call with the same key for the same customer creates nothing (answers the first one's id). */
  dedupeKey?: string;
}

export interface StaffNotificationOptions {
  storeId?: string;
  /** The channels, instead of the key's own. */
  channels?: NotificationChannel[];
  dedupeKey?: string;
  /** Sent now, even in the store's quiet hours (a password reset code). */
  urgent?: boolean;
}

const STAFF_ADDRESS: Partial<Record<NotificationChannel, keyof Pick<StaffContact, 'email' | 'phone'>>> = { email: 'email', sms: 'phone' };

/**
 * What other modules call to tell someone something, inside their business transaction: decides who
 * gets what on which channel, writes the log row (also for what is not sent, with the reason), and
 * queues the sending on the outbox, or defers it to the end of the store's quiet hours with a
 * deadline. Nothing leaves the machine before the caller commits, and a rollback leaves no trace.
 * Kept cheap (one resolver query, one insert, one outbox row): it runs in other people's transactions.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
    @Inject(OutboxService) private readonly outbox: OutboxService,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(NotificationTemplates) private readonly templates: NotificationTemplates,
    @Inject(NotificationSenders) private readonly senders: NotificationSenders,
    @Inject(StaffInbox) private readonly inbox: StaffInbox,
  ) {}

  /** Tells a customer; answers the notification ids (one: sent, deferred or skipped with its reason). */
  async toCustomer(customerId: string, key: string, variables: TemplateVariables, options: CustomerNotificationOptions = {}): Promise<string[]> {
    this.db.requireTransaction('notification');
    const definition = definitionOf(key);
    if (definition.kind === 'staff') throw new Error(`notification ${key} is for staff: use toStaff()`);
    const contact = (await this.recipients.customers.contacts([customerId])).get(customerId);
    const choice = chooseCustomerChannel(definition, contact, this.senders.available(), options.channel);
    const storeId = options.storeId ?? contact?.homeStoreId ?? null;
    const common = {
      definition,
      customerId,
      storeId,
      locale: contact?.locale ?? DEFAULT_LOCALE,
      urgent: options.urgent ?? false,
      dedupeKey: options.dedupeKey ? `${options.dedupeKey}:customer:${customerId}` : null,
    };
    if (!choice.send) {
      const { id } = await insertNotification(this.db, { ...common, channel: choice.channel, status: 'skipped', reason: choice.reason, lastError: choice.detail });
      return [id];
    }
    return [await this.queue({ ...common, channel: choice.channel, recipient: choice.recipient, variables })];
  }

  /**
   * Texts a phone that may belong to no one Bloom knows yet (a customer's sign-in code, before they are
   * a customer): a `service` key, by SMS, urgent (someone is waiting for it). Answers the notification's id.
   */
  async toPhone(phone: string, key: string, variables: TemplateVariables, options: { locale?: NotificationLocale; storeId?: string | null } = {}): Promise<string> {
    this.db.requireTransaction('notification');
    const definition = definitionOf(key);
    if (definition.kind !== 'service') throw new Error(`notification ${key} is not a service message: toPhone() sends only those`);
    const common = { definition, channel: 'sms' as const, storeId: options.storeId ?? null, locale: options.locale ?? DEFAULT_LOCALE, urgent: true };
    if (!this.senders.available().includes('sms')) {
      return (await insertNotification(this.db, { ...common, status: 'skipped', reason: 'channel_unavailable', lastError: 'sms: channel_unavailable' })).id;
    }
    return this.queue({ ...common, recipient: phone, variables });
  }

  /**
   * Tells staff: everyone the audience names (roles in a store, or user ids), on the key's channels or
   * the ones given. In-app messages are written to their inbox now, in the caller's transaction;
   * e-mail and SMS go through the outbox like a customer's.
   */
  async toStaff(audience: StaffAudience, key: string, variables: TemplateVariables, options: StaffNotificationOptions = {}): Promise<string[]> {
    this.db.requireTransaction('notification');
    const definition = definitionOf(key);
    const members = await this.recipients.staff.members(audience);
    const channels = options.channels ?? definition.channels;
    const storeId = options.storeId ?? audience.storeId ?? null;
    const ids: string[] = [];
    const inboxItems: StaffInboxItem[] = [];
    for (const member of members) {
      for (const channel of channels) {
        const common = {
          definition,
          channel,
          staffUserId: member.userId,
          storeId,
          locale: member.locale,
          urgent: options.urgent ?? false,
          dedupeKey: options.dedupeKey ? `${options.dedupeKey}:staff:${member.userId}:${channel}` : null,
        };
        if (channel === 'in_app') {
          const { id, created } = await insertNotification(this.db, { ...common, status: 'sent', provider: 'in_app' });
          ids.push(id);
          if (created) {
            const message = await this.templates.render(key, 'in_app', member.locale, variables);
            inboxItems.push({
              userId: member.userId,
              notificationId: id,
              key,
              category: definition.category,
              title: message.subject ?? key,
              body: message.text,
              ...(storeId ? { storeId } : {}),
            });
          }
          continue;
        }
        const field = STAFF_ADDRESS[channel];
        const recipient = field ? member[field] : null;
        const refusal: NotificationReason | undefined = !recipient ? 'no_address' : !this.senders.available().includes(channel) ? 'channel_unavailable' : undefined;
        if (refusal) {
          ids.push((await insertNotification(this.db, { ...common, status: 'skipped', reason: refusal, lastError: `${channel}: ${refusal}` })).id);
          continue;
        }
        ids.push(await this.queue({ ...common, recipient, variables }));
      }
    }
    if (inboxItems.length > 0) await this.inbox.add(inboxItems);
    return ids;
  }

  /** Writes a notification that is to be sent: queued on the outbox now, or deferred to the end of quiet hours. */
  private async queue(row: Omit<NewNotification, 'status'> & { urgent: boolean; storeId: string | null }): Promise<string> {
    const deferredUntil = !row.urgent && INTERRUPTING_CHANNELS.includes(row.channel) && row.storeId ? await this.quietHoursEnd(row.storeId) : undefined;
    const { id, created, outboxId } = await insertNotification(
      this.db,
      { ...row, status: deferredUntil ? 'deferred' : 'queued', deferredUntil: deferredUntil ?? null },
      { toOutbox: !deferredUntil },
    );
    if (!created) return id;
    if (deferredUntil) await this.deadlines.schedule(NOTIFICATION_RELEASE, id, deferredUntil);
    else this.outbox.startAfterCommit(outboxId!, NOTIFICATION_OUTBOX_CHANNEL);
    return id;
  }

  private async quietHoursEnd(storeId: string): Promise<Date | undefined> {
    const settings = (await this.recipients.stores.settings([storeId])).get(storeId);
    if (!settings) return undefined;
    const end = quietHoursEnd(this.clock.nowMs(), settings.timeZone, settings.quietHours);
    return end === undefined ? undefined : new Date(end);
  }
}

/** The key's definition; an unknown key is a bug in the calling module, said loudly. */
export function definitionOf(key: string): NotificationKeyDefinition {
  const definition = notificationKey(key);
  if (!definition) throw new Error(`unknown notification key ${JSON.stringify(key)}: declare it with defineNotificationKey()`);
  return definition;
}
