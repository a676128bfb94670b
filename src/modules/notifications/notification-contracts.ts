/**
 * The shapes the parts of notifications agree on: templates render, channels send, dispatch decides
 * who gets what and when, the inbox shows staff theirs. Other modules see only `index.ts`.
 *
 * Notifications imports no business module (DESIGN §2): what it needs to know about a customer, a
 * member of staff or a store comes from the caller, or from a resolver the owning module registers
 * with `NotificationRecipients` at boot.
 */

export const NOTIFICATION_CHANNELS = ['email', 'sms', 'wechat', 'in_app'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Channels that reach a phone and wake someone: deferred during a store's quiet hours unless urgent. */
export const INTERRUPTING_CHANNELS: readonly NotificationChannel[] = ['sms', 'wechat'];

export const NOTIFICATION_LOCALES = ['zh-CN', 'en'] as const;
export type NotificationLocale = (typeof NOTIFICATION_LOCALES)[number];
export const DEFAULT_LOCALE: NotificationLocale = 'zh-CN';

/**
 * - `service`: about something the customer booked or bought (reminders, changes, shipping): sent
 *   without marketing consent, unless the customer opted out of that category;
 * - `marketing`: campaigns, birthday offers: only with the channel's marketing consent recorded in customers;
 * - `staff`: to staff about work (new booking, overdue order, low stock, import finished).
 */
export type NotificationKind = 'service' | 'marketing' | 'staff';

/** One variable a template may use: described for the template editor, with a sample for previews. */
export interface TemplateVariable {
  description: string;
  example: string | number;
}

/** A template's text for one channel and locale. Mustache syntax (`{{name}}`); HTML is escaped in e-mail HTML only. */
export interface TemplateContent {
  /** E-mail subject, in-app title. */
  subject?: string;
  /** The message text: SMS text (Twilio, log), e-mail text part, in-app body, WeChat fallback. */
  body: string;
  /** E-mail HTML part; when absent the text part is sent as HTML paragraphs. */
  html?: string;
  /**
   * Providers that send only templates approved in their console (Aliyun SMS: template code;
   * WeChat subscription messages: template id) take that id and one value per field of it,
   * each field a Mustache template over the same variables: `{ id: 'SMS_4623', fields: { name: '{{customerName}}' } }`.
   */
  provider?: { id: string; fields: Record<string, string> };
}

/**
 * A kind of message, declared once by the module that sends it (`defineNotificationKey()` at import
 * time), with the variables its templates may use and the default templates Bloom ships.
 */
export interface NotificationKeyDefinition {
  /** `appointment.reminder`, `customer_import.finished` */
  key: string;
  kind: NotificationKind;
  /** What a customer opts out of (`reminders`, `promotions`); staff keys use `staff`. */
  category: string;
  description: string;
  variables: Record<string, TemplateVariable>;
  /** The channels it goes out on, in order of preference. */
  channels: readonly NotificationChannel[];
  /**
   * Variables that must not outlive the sending (one-time codes): erased from the stored notification
   * once it is sent or has failed, so the log's table never keeps a live code. Such a notification is
   * not resent (its value is gone: the person asks for a new one).
   */
  secretVariables?: readonly string[];
  /** The shipped text, per channel and locale; an owner's edit in the database overrides it. */
  defaults: Partial<Record<NotificationChannel, Partial<Record<NotificationLocale, TemplateContent>>>>;
}

/** A template rendered with its variables: what a channel sends. */
export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
  provider?: { id: string; fields: Record<string, string> };
}

/** Where a message goes, in the channel's terms. */
export interface ChannelAddress {
  email?: string;
  /** E.164. */
  phone?: string;
  /** The customer's openid in the business's mini-program. */
  wechatOpenId?: string;
  staffUserId?: string;
}

/** One attempt at sending one notification. */
export interface ChannelSendRequest {
  /** The notification's id: stable across attempts, the provider's idempotency key where it takes one. */
  notificationId: string;
  attempt: number;
  channel: NotificationChannel;
  to: ChannelAddress;
  locale: NotificationLocale;
  message: RenderedMessage;
}

export interface ChannelSendResult {
  /** `smtp`, `aliyun`, `twilio`, `wechat`, `log`, `in_app` */
  provider: string;
  /** The provider's id for the message, matched by its delivery receipts. */
  providerMessageId?: string;
}

/**
 * A refusal that a retry cannot fix (an unreachable or invalid phone, a template the provider does
 * not know): the notification fails at once instead of retrying. Anything else thrown is retried.
 */
export class PermanentSendError extends Error {
  constructor(
    message: string,
    /** The provider's own code (`isv.MOBILE_NUMBER_ILLEGAL`, Twilio `21211`). */
    readonly providerCode?: string,
  ) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/** Sends on one channel through one provider. */
export interface ChannelSender {
  readonly channel: NotificationChannel;
  readonly provider: string;
  send(request: ChannelSendRequest): Promise<ChannelSendResult>;
}

/** A delivery receipt as a provider posts it to `POST /v1/notification-receipts/{provider}`. */
export interface ReceiptRequest {
  /** The URL the provider called, as it signed it (scheme, host, path and query). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

export interface ReceiptUpdate {
  providerMessageId: string;
  status: 'delivered' | 'failed';
  /** The provider's reason for a failure. */
  error?: string;
  at?: Date;
}

/** Checks a provider's receipt (its signature) and reads it; throws a 401/400 DomainError when it is not genuine or not readable. */
export interface ReceiptParser {
  readonly provider: string;
  parse(request: ReceiptRequest): ReceiptUpdate[];
  /** What the provider expects as the answer body (Aliyun: `{"code":0,"msg":"成功"}`); empty when any 2xx will do. */
  readonly answer?: { contentType: string; body: string };
}

/** What notifications knows about a customer, from the customers module's resolver. */
export interface CustomerContact {
  customerId: string;
  name: string;
  phone: string | null;
  email: string | null;
  wechatOpenId: string | null;
  locale: NotificationLocale;
  /** The channel the customer prefers for service messages; null: the key's order. */
  preferredChannel: Exclude<NotificationChannel, 'in_app'> | null;
  /** Marketing consent per channel, as recorded in customers. */
  marketingConsent: { sms: boolean; email: boolean; wechat: boolean };
  /** Categories the customer opted out of (`reminders`, `promotions`). */
  optedOut: string[];
  /** Their home store: its quiet hours apply when the caller names no store. */
  homeStoreId: string | null;
  /** Anonymized, merged away or deleted: nothing is sent. */
  reachable: boolean;
}

export interface CustomerContactResolver {
  contacts(customerIds: string[]): Promise<Map<string, CustomerContact>>;
}

/** Who on the staff gets a staff message: everyone with one of the roles in the store (or the business when no store). */
export interface StaffAudience {
  roles?: Array<'owner' | 'manager' | 'receptionist' | 'beautician'>;
  storeId?: string;
  userIds?: string[];
}

export interface StaffContact {
  userId: string;
  name: string;
  email: string | null;
  phone: string | null;
  locale: NotificationLocale;
}

export interface StaffAudienceResolver {
  members(audience: StaffAudience): Promise<StaffContact[]>;
}

/** A store's time zone and quiet hours (local wall-clock `HH:MM`, default 21:30–08:30). */
export interface StoreNotificationSettings {
  storeId: string;
  timeZone: string;
  quietHours: { start: string; end: string } | null;
}

export interface StoreSettingsResolver {
  settings(storeIds: string[]): Promise<Map<string, StoreNotificationSettings>>;
}
