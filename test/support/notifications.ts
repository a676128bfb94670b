/**
 * Notifications in e2e tests: a local HTTP server playing an SMS/e-mail provider (it answers as it is
 * told: accept, fail, refuse for good), notification keys for tests, and a way to call
 * `NotificationsService` as a use case does (inside a transaction).
 *
 * Until the channels and inbox parts and the owners' resolvers are on main, the
 * `NotificationStandIns` module stands in for them (test-only: src/ has no fakes); it speaks to the
 * same local provider server, so the tests keep their meaning when the real parts replace it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../src/common/database/index.js';
import { DomainError } from '../../src/common/errors/index.js';
import { MessageReceiptParsers, MessageSenders, StaffMessages, type StaffInboxItem } from '../../src/modules/notifications/dispatch/dispatch-parts.js';
import { notificationKey } from '../../src/modules/notifications/notification-keys.js';
import {
  defineNotificationKey,
  NotificationRecipients,
  NotificationsModule,
  NotificationsService,
  PermanentSendError,
  type ChannelSender,
  type CustomerContact,
  type NotificationChannel,
  type NotificationKeyDefinition,
  type ReceiptParser,
  type StaffAudience,
  type StaffContact,
  type StoreNotificationSettings,
} from '../../src/modules/notifications/index.js';
import type { TestApp } from './app.js';

/** What the provider server received: one request per send attempt. */
export interface ProviderRequest {
  path: string;
  body: { notificationId: string; attempt: number; to: Record<string, string>; text: string; subject?: string };
}

export type ProviderAnswer = 'ok' | 'fail' | 'reject';

/**
 * A provider on a local port. `answers` are used in order, one per request, then `ok`:
 * `fail` answers 503 (retried), `reject` 400 (a permanent refusal). Accepted messages get ids `msg-<n>`.
 */
export interface FakeProvider {
  url: string;
  requests: ProviderRequest[];
  answers: ProviderAnswer[];
  /** Always answer this once `answers` run out (default `ok`). */
  fallback: ProviderAnswer;
  close(): Promise<void>;
}

export async function startFakeProvider(): Promise<FakeProvider> {
  let accepted = 0;
  const provider: FakeProvider = {
    url: '',
    requests: [],
    answers: [],
    fallback: 'ok',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      provider.requests.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProviderRequest['body'] });
      const answer = provider.answers.shift() ?? provider.fallback;
      if (answer === 'ok') {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `msg-${++accepted}` }));
      } else if (answer === 'reject') {
        response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'INVALID_NUMBER', message: 'the number does not exist' }));
      } else {
        response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'try later' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}

// ---- notification keys the tests send -------------------------------------------------------------

const define = (definition: NotificationKeyDefinition) => notificationKey(definition.key) ?? defineNotificationKey(definition);

export const TEST_REMINDER = define({
  key: 'testing.reminder',
  kind: 'service',
  category: 'reminders',
  description: 'Test only: a service message',
  variables: { name: { description: "the customer's name", example: '王小红' } },
  channels: ['sms', 'email'],
  defaults: {
    sms: { 'zh-CN': { body: '{{name}}，您明天有预约。' }, en: { body: '{{name}}, you have an appointment tomorrow.' } },
    email: { 'zh-CN': { subject: '预约提醒', body: '{{name}}，您明天有预约。' }, en: { subject: 'Reminder', body: '{{name}}, you have an appointment tomorrow.' } },
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

// ---- the stand-ins ------------------------------------------------------------------------------

/** What the stand-ins answer; tests change it. */
export const standIns = {
  providerUrl: '',
  available: ['sms', 'email'] as NotificationChannel[],
  customers: new Map<string, CustomerContact>(),
  staff: [] as Array<StaffContact & { role: string; storeIds: string[] | 'all' }>,
  stores: new Map<string, StoreNotificationSettings>(),
  inbox: [] as StaffInboxItem[],
  receiptSecret: 'receipt-secret',
};

function sender(channel: NotificationChannel): ChannelSender {
  return {
    channel,
    provider: 'fake',
    async send(request) {
      const answer = await fetch(`${standIns.providerUrl}/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ notificationId: request.notificationId, attempt: request.attempt, to: request.to, text: request.message.text, subject: request.message.subject }),
      });
      const body = (await answer.json()) as { id?: string; code?: string; message?: string };
      if (answer.status === 400) throw new PermanentSendError(body.message ?? 'refused', body.code);
      if (!answer.ok) throw new Error(`provider answered ${answer.status}: ${body.message ?? ''}`);
      return { provider: 'fake', providerMessageId: body.id };
    },
  };
}

/** Receipts of the fake provider: a JSON array `[{ id, status, error? }]`, signed with `x-fake-signature` (HMAC-SHA256 of the raw body). */
export function signReceipt(body: string): string {
  return createHmac('sha256', standIns.receiptSecret).update(body).digest('hex');
}

const fakeReceipts: ReceiptParser = {
  provider: 'fake',
  parse(request) {
    const signature = Buffer.from(String(request.headers['x-fake-signature'] ?? ''), 'utf8');
    const expected = Buffer.from(createHmac('sha256', standIns.receiptSecret).update(request.rawBody).digest('hex'), 'utf8');
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new DomainError('notification_receipt.bad_signature', 401, 'The receipt is not signed by the provider.');
    }
    const items = JSON.parse(request.rawBody.toString('utf8')) as Array<{ id: string; status: 'delivered' | 'failed'; error?: string }>;
    return items.map((item) => ({ providerMessageId: item.id, status: item.status, error: item.error }));
  },
};

class StandInInbox {
  constructor(@Inject(Db) private readonly db: Db) {}

  add(items: StaffInboxItem[]): Promise<string[]> {
    this.db.requireTransaction('staff inbox');
    this.db.afterCommit(() => standIns.inbox.push(...items));
    return Promise.resolve(items.map((item) => `inbox-${item.notificationId}`));
  }
}

class StandInRecipients implements OnModuleInit {
  constructor(@Inject(NotificationRecipients) private readonly recipients: NotificationRecipients) {}

  onModuleInit(): void {
    this.recipients.registerCustomers({
      contacts: (ids: string[]) => Promise.resolve(new Map(ids.flatMap((id) => (standIns.customers.has(id) ? [[id, standIns.customers.get(id)!] as const] : [])))),
    });
    this.recipients.registerStaff({
      members: (audience: StaffAudience) =>
        Promise.resolve(
          standIns.staff.filter(
            (member) =>
              (audience.userIds?.includes(member.userId) ?? false) ||
              (!!audience.roles?.includes(member.role as never) && (!audience.storeId || member.storeIds === 'all' || member.storeIds.includes(audience.storeId))),
          ),
        ),
    });
    this.recipients.registerStores({
      settings: (ids: string[]) => Promise.resolve(new Map(ids.flatMap((id) => (standIns.stores.has(id) ? [[id, standIns.stores.get(id)!] as const] : [])))),
    });
  }
}

/** Test-only: the parts of notifications that are not on main yet, all speaking to `standIns`. */
@Global()
@Module({
  imports: [NotificationsModule],
  providers: [
    { provide: MessageSenders, useValue: { get: sender, available: () => standIns.available } },
    { provide: MessageReceiptParsers, useValue: { get: (provider: string) => (provider === 'fake' ? fakeReceipts : undefined) } },
    { provide: StaffMessages, useClass: StandInInbox },
    StandInRecipients,
  ],
  exports: [MessageSenders, MessageReceiptParsers, StaffMessages],
})
export class NotificationStandIns {}

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

/** A customer as the customers module's resolver would describe one: reachable, zh-CN, no consent, no opt-out. */
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
