/**
 * Notifications in e2e tests: notification keys for tests, provider settings that point the real
 * senders at the local servers of fake-providers.ts (Twilio for SMS, SMTP for e-mail), and a way to
 * call `NotificationsService` as a use case does (inside a transaction).
 * Customers are real rows (`insertCustomer`), read by the customers module's own resolver.
 */
import { Db } from '../../src/common/database/index.js';
import { notificationKey } from '../../src/modules/notifications/notification-keys.js';
import { defineNotificationKey, NotificationsService, type CustomerContact, type NotificationKeyDefinition } from '../../src/modules/notifications/index.js';
import type { TestApp } from './app.js';

// ---- notification keys the tests send -------------------------------------------------------------

const define = (definition: NotificationKeyDefinition) => notificationKey(definition.key) ?? defineNotificationKey(definition);

export const TEST_REMINDER = define({
  key: 'testing.reminder',
  kind: 'service',
  category: 'reminders',
  description: 'Test only: a service message',
  variables: { name: { description: "the customer's name", example: '王小红' } },
  channels: ['sms', 'email', 'wechat'],
  defaults: {
    sms: { 'zh-CN': { body: '{{name}}，您明天有预约。' }, en: { body: '{{name}}, you have an appointment tomorrow.' } },
    email: { 'zh-CN': { subject: '预约提醒', body: '{{name}}，您明天有预约。' }, en: { subject: 'Reminder', body: '{{name}}, you have an appointment tomorrow.' } },
    wechat: { 'zh-CN': { body: '{{name}}，您明天有预约。', provider: { id: 'tmpl-reminder-001', fields: { thing1: '{{name}}' } } } },
  },
});

export const TEST_PROMOTION = define({
  key: 'testing.promotion',
  kind: 'marketing',
  category: 'promotions',
  description: 'Test only: a marketing message',
  variables: { name: { description: "the customer's name", example: '王小红' } },
  channels: ['sms', 'email'],
  defaults: {
    sms: { 'zh-CN': { body: '{{name}}，本周烫发八折。' }, en: { body: '{{name}}, 20 % off perms this week.' } },
    email: { 'zh-CN': { subject: '优惠', body: '{{name}}，本周烫发八折。' }, en: { subject: 'Offer', body: '{{name}}, 20 % off perms this week.' } },
  },
});

export const TEST_STAFF_ALERT = define({
  key: 'testing.staff_alert',
  kind: 'staff',
  category: 'staff',
  description: 'Test only: a message to staff',
  variables: { what: { description: 'what happened', example: '新预约' } },
  channels: ['in_app', 'email'],
  defaults: {
    in_app: { 'zh-CN': { subject: '提醒', body: '{{what}}' }, en: { subject: 'Alert', body: '{{what}}' } },
    email: { 'zh-CN': { subject: '提醒', body: '{{what}}' }, en: { subject: 'Alert', body: '{{what}}' } },
  },
});

// ---- customers as the customers module's resolver reads them ---------------------------------------

/**
 * Writes a customer row holding what `contact` says (the columns the customers resolver reads), so a
 * test states a contact as directly as it would describe one. Unreachable = anonymized.
 */
export async function insertCustomer(t: TestApp, contact: CustomerContact): Promise<void> {
  const consent = (granted: boolean) => ({ granted, at: '2026-01-01T00:00:00.000Z', method: 'test' });
  await t.sql(
    `INSERT INTO customer (id, name, phone, email, wechat_open_id, locale, preferred_channel, consents, notification_opt_outs, home_store_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      contact.customerId,
      contact.name,
      contact.phone,
      contact.email,
      contact.wechatOpenId,
      contact.locale,
      contact.preferredChannel,
      JSON.stringify({ sms: consent(contact.marketingConsent.sms), email: consent(contact.marketingConsent.email), wechat: consent(contact.marketingConsent.wechat) }),
      contact.optedOut,
      contact.homeStoreId,
      contact.reachable ? 'active' : 'anonymized',
    ],
  );
}

// ---- calling the service as a use case ----------------------------------------------------------------

/** `toCustomer`/`toStaff` as a module calls them: inside its transaction. */
export function notificationsOf(t: TestApp) {
  const service = t.app.get(NotificationsService);
  const db = t.app.get(Db);
  return {
    toCustomer: (...args: Parameters<NotificationsService['toCustomer']>) => db.transaction(() => service.toCustomer(...args)),
    toStaff: (...args: Parameters<NotificationsService['toStaff']>) => db.transaction(() => service.toStaff(...args)),
    row: async (id: string) => (await t.sql<Record<string, unknown>>('SELECT * FROM notification WHERE id = $1', [id]))[0],
  };
}

/** A customer as the customers module's resolver describes one: reachable, zh-CN, no consent, no opt-out. */
export function contact(customerId: string, overrides: Partial<CustomerContact> = {}): CustomerContact {
  return {
    customerId,
    name: '王小红',
    phone: '+8613812345678',
    email: 'xiaohong@example.com',
    wechatOpenId: null,
    locale: 'zh-CN',
    preferredChannel: null,
    marketingConsent: { sms: false, email: false, wechat: false },
    optedOut: [],
    homeStoreId: null,
    reachable: true,
    ...overrides,
  };
}

// ---- the providers --------------------------------------------------------------------------------

export const TWILIO = { accountSid: 'AC00000000000000000000000000000001', authToken: 'twilio-test-auth-token', from: '+15005550006' };
/** Where providers reach the API in tests: Twilio signs its status callbacks for this URL. */
export const PUBLIC_BASE_URL = 'https://bloom.example';

/** The settings that send SMS through Twilio at `twilioUrl` and e-mail through the SMTP server at `smtpUrl` (else the log). */
export function providerEnv(twilioUrl: string, smtpUrl = ''): Record<string, string> {
  return {
    SMS_PROVIDER: 'twilio',
    TWILIO_API_BASE: twilioUrl,
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TWILIO_FROM: TWILIO.from,
    SMTP_URL: smtpUrl,
    PUBLIC_BASE_URL,
  };
}
