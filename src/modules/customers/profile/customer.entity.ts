import type { CareNotes, ConsentState, Consents, CustomerAddress, CustomerOtherPhone } from './customer-profile.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CUSTOMER_STATUSES = ['active', 'blocked', 'anonymized', 'merged'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];
export const SOURCE_CHANNELS = ['walk_in', 'online', 'app', 'phone', 'referral', 'partner', 'campaign'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];
export const CONSENT_CHANNELS = ['sms', 'email', 'wechat'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
/** The languages messages to customers are written in (notifications' templates have these). */
export const CUSTOMER_LOCALES = ['zh-CN', 'en'] as const;
export type CustomerLocale = (typeof CUSTOMER_LOCALES)[number];
/** The channels a customer may prefer for messages about what they booked or bought. */
export const PREFERRED_CHANNELS = ['sms', 'email', 'wechat'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];
/**
 * The categories of messages a customer may opt out of (a notification key names one as its
 * `category`). Service messages: `reminders` (appointment reminders, follow-up visits), `bookings`
 * (confirmations and changes of appointments), `orders` (orders, shipping, after-sales); marketing:
 * `promotions` (campaigns, offers), `birthday` (greetings and birthday offers); and `surveys`
 * (feedback requests after a visit). Adding one needs no migration: the API validates against this list.
 */
export const NOTIFICATION_CATEGORIES = ['reminders', 'bookings', 'orders', 'promotions', 'birthday', 'surveys'] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

export type { CareNotes, ConsentState, Consents, CustomerAddress, CustomerOtherPhone };

/**
 * A customer of the business (not of one store: a customer visits any store). The phone (E.164) is
 * unique among records that hold one; anonymized and merged records hold none. The figures
 * (`visit_count` …) are maintained by later modules through `CustomersService.recordActivity()`.
 */
@Entity('customer')
@Check('ck_customer_status', `"status" IN ('active', 'blocked', 'anonymized', 'merged')`)
@Check('ck_customer_gender', `"gender" IN ('female', 'male', 'other', 'undisclosed')`)
@Check('ck_customer_source', `"source" IN ('walk_in', 'online', 'app', 'phone', 'referral', 'partner', 'campaign')`)
@Check('ck_customer_phone', `"phone" IS NOT NULL OR "status" IN ('anonymized', 'merged')`)
@Check('ck_customer_merged', `("status" = 'merged') = ("merged_into_id" IS NOT NULL)`)
@Check('ck_customer_locale', `"locale" IN ('zh-CN', 'en')`)
@Check('ck_customer_preferred_channel', `"preferred_channel" IN ('sms', 'email', 'wechat')`)
@Check('ck_customer_figures', `"visit_count" >= 0 AND "ticket_count" >= 0 AND "no_show_count" >= 0 AND "late_cancellation_count" >= 0 AND "spend_total" >= 0`)
@Index('ix_customer_created', ['createdAt', 'id'])
@Index('ix_customer_email', ['email'])
@Index('ix_customer_home_store', ['homeStoreId'])
@Index('ix_customer_birthday', ['birthday'])
// GIN: declared so the drift check knows them; TypeORM cannot say USING gin (the migrations do).
@Index('ix_customer_tag_keys', { synchronize: false })
@Index('ix_customer_name_pinyin', { synchronize: false })
@Index('ix_customer_name_initials', { synchronize: false })
@Index('ix_customer_other_emails', { synchronize: false })
@Index('ix_customer_merged_into', ['mergedIntoId'], { where: '"merged_into_id" IS NOT NULL' })
export class Customer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Search keys of the name (customer-name-keys.ts: `wangxiaohong`, `wxh`), written with the name; null when it has no letters to key (`Анна`). */
  @Column({ type: 'text', nullable: true })
  namePinyin!: string | null;

  @Column({ type: 'text', nullable: true })
  nameInitials!: string | null;

  /** E.164 (`+8613812345678`); null only once anonymized or merged away. */
  @Column({ type: 'text', unique: true, nullable: true })
  phone!: string | null;

  @Column({ type: 'citext', nullable: true })
  email!: string | null;

  /** Further e-mail addresses (lower-case), e.g. brought by a merge; `email` is the one used. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  otherEmails!: string[];

  /** The numbers besides `phone` (from `customer_phone`; not a column). */
  otherPhones?: CustomerOtherPhone[];

  @Column({ type: 'text', nullable: true })
  gender!: Gender | null;

  @Column({ type: 'date', nullable: true })
  birthday!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  addresses!: CustomerAddress[];

  @Column({ type: 'text', default: 'walk_in' })
  source!: SourceChannel;

  /** The customer who referred this one (source `referral`). */
  @ForeignKey(() => Customer, { onDelete: 'SET NULL' })
  @Column({ type: 'uuid', nullable: true })
  referredById!: string | null;

  /** Cross-module reference by entity name: customers does not import the stores module. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  homeStoreId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  careNotes!: CareNotes | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags!: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  consents!: Consents;

  /** Free text about the customer (preferences, how they like to be greeted). */
  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The language of the messages the customer gets. */
  @Column({ type: 'text', default: 'zh-CN' })
  locale!: CustomerLocale;

  /** The channel the customer prefers for service messages; null: each message's own order. */
  @Column({ type: 'text', nullable: true })
  preferredChannel!: PreferredChannel | null;

  /** The customer's openid in the business's mini-program (WeChat subscription messages); personal data, unique when set. */
  @Column({ type: 'text', unique: true, nullable: true })
  wechatOpenId!: string | null;

  /** Categories of messages the customer does not want (NOTIFICATION_CATEGORIES). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  notificationOptOuts!: NotificationCategory[];

  /** Staff members the customer likes to be served by, most preferred first (scheduling's ids; set through scheduling). */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  preferredStaffIds!: string[];

  @Column({ type: 'text', default: 'active' })
  status!: CustomerStatus;

  /** Set when this record was merged into another: the survivor. */
  @ForeignKey(() => Customer, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @Column({ type: 'int', default: 0 })
  visitCount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  firstVisitAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastVisitAt!: Date | null;

  /** Paid tickets (orders, checkouts): the divisor of the average ticket. */
  @Column({ type: 'int', default: 0 })
  ticketCount!: number;

  /** Minor units of `spend_currency`. */
  @Column({ type: 'bigint', default: 0 })
  spendTotal!: string;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  spendCurrency!: string;

  @Column({ type: 'int', default: 0 })
  noShowCount!: number;

  /** Appointments cancelled within the store's cancellation window. */
  @Column({ type: 'int', default: 0 })
  lateCancellationCount!: number;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
