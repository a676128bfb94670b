import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationChannel, NotificationKind, NotificationLocale } from '../notification-contracts.js';

export const NOTIFICATION_STATUSES = ['queued', 'deferred', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/**
 * Why a notification was skipped or failed without a provider's error, as the log shows it:
 * - `opted_out`: the customer opted out of the key's category;
 * - `no_consent`: a marketing message, and no marketing consent on any channel that could carry it;
 * - `no_address`: no phone, e-mail or openid for the channels the key goes out on;
 * - `channel_unavailable`: the channel is not configured in this deployment;
 * - `unreachable`: the customer was anonymized, merged away or deleted (or is unknown);
 * - `rate_limited`: NOTIFICATION_SMS_PER_PHONE_PER_HOUR reached for the phone;
 * - `budget_exhausted`: NOTIFICATION_SMS_DAILY_BUDGET reached for the day;
 * - `rejected`: the provider refused it for good (a bad number, an unknown template);
 * - `attempts_exhausted`: every attempt failed (OUTBOX_MAX_ATTEMPTS);
 * - `render_failed`: the template could not be rendered (a WeChat template without its id).
 */
export const NOTIFICATION_REASONS = [
  'opted_out',
  'no_consent',
  'no_address',
  'channel_unavailable',
  'unreachable',
  'rate_limited',
  'budget_exhausted',
  'rejected',
  'attempts_exhausted',
  'render_failed',
] as const;
export type NotificationReason = (typeof NOTIFICATION_REASONS)[number];

/**
 * One message to one recipient on one channel, and what became of it (the log). `queued` (an outbox
 * message delivers it) → `sent` → `delivered` (a provider's receipt); `deferred` until a store's quiet
 * hours end (a deadline queues it); `skipped` when nothing could be sent, `failed` when sending did not
 * work, each with its reason. Holds the recipient's address and the template variables only as long
 * as sending needs them: erased when the customer is anonymized, purged after NOTIFICATION_RETENTION.
 */
@Entity('notification')
@Check('ck_notification_status', `"status" IN ('queued', 'deferred', 'sent', 'delivered', 'failed', 'skipped')`)
@Check('ck_notification_channel', `"channel" IN ('email', 'sms', 'wechat', 'in_app')`)
@Index('ix_notification_created', ['createdAt', 'id'])
@Index('ix_notification_customer', ['customerId', 'createdAt'], { where: `"customer_id" IS NOT NULL` })
@Index('ix_notification_provider_message', ['provider', 'providerMessageId'], { where: `"provider_message_id" IS NOT NULL` })
@Index('uq_notification_dedupe_key', ['dedupeKey'], { unique: true, where: `"dedupe_key" IS NOT NULL` })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The notification key: `appointment.reminder`. */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text' })
  channel!: NotificationChannel;

  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  staffUserId!: string | null;

  /** The store it is about (its quiet hours applied; staff who do not see the store do not see it). */
  @Column({ type: 'uuid', nullable: true })
  storeId!: string | null;

  /** The phone (E.164), e-mail or openid it goes to; null for in-app messages, skipped ones and once erased. */
  @Column({ type: 'text', nullable: true })
  recipient!: string | null;

  @Column({ type: 'text' })
  locale!: NotificationLocale;

  /** The template's variables, rendered at send time; `{}` once erased. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  variables!: Record<string, string | number>;

  @Column({ type: 'boolean', default: false })
  urgent!: boolean;

  @Column({ type: 'text' })
  status!: NotificationStatus;

  @Column({ type: 'text', nullable: true })
  reason!: NotificationReason | null;

  /** Send attempts so far, over every resend. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  provider!: string | null;

  @Column({ type: 'text', nullable: true })
  providerMessageId!: string | null;

  /** The last error (the provider's words), or what was missing when skipped. Never personal data. */
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** `<caller's key>:<recipient>`: a second notification with it is the first one. */
  @Column({ type: 'text', nullable: true })
  dedupeKey!: string | null;

  /** When a deferred notification is released (its store's quiet hours end). */
  @Column({ type: 'timestamptz', nullable: true })
  deferredUntil!: Date | null;

  /** When this attempt cycle took its place under the SMS limits (null: not yet; a resend takes it again). */
  @Column({ type: 'timestamptz', nullable: true })
  limitsTakenAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}

/**
 * SMS counters (rolling hour per phone, business day for the budget): one row per scope and period,
 * moved by one conditional upsert, so parallel sends never pass a limit (DESIGN §3: no count-then-insert).
 * `scope` is `phone:<HMAC of the number>` (the number itself is not kept here) or `budget`; `period`
 * is the hour (hours since the epoch) or the business day (`YYYY-MM-DD`).
 */
@Entity('notification_sms_counter')
@Index('ix_notification_sms_counter_updated', ['updatedAt'])
export class NotificationSmsCounter {
  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @PrimaryColumn({ type: 'text' })
  period!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

export const NOTIFICATION_DISPATCH_ENTITIES = [Notification, NotificationSmsCounter];
