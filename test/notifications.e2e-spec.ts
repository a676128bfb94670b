import { randomUUID } from 'node:crypto';
import { FixedClock } from '../src/common/clock/index.js';
import { Db } from '../src/common/database/index.js';
import { DurableEvents } from '../src/common/events/index.js';
import type { CustomerContact } from '../src/modules/notifications/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { parseMail, startFakeSmtp, startFakeTwilio, twilioSignature, type FakeSmtp, type FakeTwilio } from './support/fake-providers.js';
import { contact, insertCustomer, notificationsOf, providerEnv, PUBLIC_BASE_URL, TEST_PROMOTION, TEST_REMINDER, TEST_STAFF_ALERT, TWILIO } from './support/notifications.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, idsOf, PROBLEM } from './support/responses.js';
import { waitFor } from './support/wait.js';

const MAX_ATTEMPTS = 4;
/** Twilio busy: an error a retry may fix. */
const UNAVAILABLE = { status: 503, code: 20503, message: 'Service Unavailable' };
/** Daytime in Shanghai: no quiet hours. */
const DAYTIME = '2026-06-01T10:00:00+08:00';

describe('notifications: who gets what, when, and the log', () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let smtp: FakeSmtp;
  let notifications: ReturnType<typeof notificationsOf>;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  const clock = new FixedClock(DAYTIME);

  const row = (id: string) => notifications.row(id);
  const settled = (id: string, statuses = ['sent', 'failed', 'skipped', 'delivered']) =>
    waitFor(
      () => row(id),
      (r) => !!r && statuses.includes(r.status as string),
    );
  /** What Twilio received for a phone (each test customer has their own), and the mails the SMTP server took for an address. */
  const smsTo = (phone: string) => twilio.requests.filter((request) => request.form.To === phone).map((request) => request.form);
  const mailTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address)).map((mail) => parseMail(mail.raw));
  const recipientOf = async (id: string) => (await row(id)).recipient as string;
  let phones = 0;
  /** A customer of the stand-in resolver, each with a phone of their own (the per-phone SMS limit is not under test here). */
  const contacts = new Map<string, CustomerContact>();
  const newCustomer = async (overrides: Parameters<typeof contact>[1] = {}) => {
    const id = randomUUID();
    phones++;
    const described = contact(id, { phone: `+86138${String(10_000_000 + phones)}`, email: `customer${phones}@example.com`, ...overrides });
    await insertCustomer(t, described);
    contacts.set(id, described);
    return id;
  };

  beforeAll(async () => {
    twilio = await startFakeTwilio(TWILIO);
    smtp = await startFakeSmtp();
    t = await startTestApp({
      clock,
      env: {
        ...providerEnv(twilio.url, smtp.url),
        OUTBOX_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        OUTBOX_RETRY_BASE: '50ms',
        OUTBOX_RETRY_MAX: '200ms',
        OUTBOX_RELAY_INTERVAL: '300ms',
      },
    });
    notifications = notificationsOf(t);
    owner = await createUser(t, { role: 'owner' });
    storeA = await createStore(t);
    storeB = await createStore(t);
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
    await smtp?.close();
  });
  beforeEach(() => {
    clock.set(DAYTIME);
  });

  describe('choosing the channel', () => {
    it('sends a service message on the first channel of the key, without marketing consent, rendered from its variables', async () => {
      const customer = await newCustomer({ phone: '+8613812345678' });
      const [id] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' });
      const sent = await settled(id);
      expect(sent).toMatchObject({ status: 'sent', channel: 'sms', recipient: '+8613812345678', provider: 'twilio', attempts: 1 });
      const [request] = smsTo('+8613812345678');
      expect(request).toMatchObject({ Body: '王小红，您明天有预约。', From: TWILIO.from, StatusCallback: `${PUBLIC_BASE_URL}/v1/notification-receipts/twilio` });
      expect(sent.provider_message_id).toMatch(/^SM[0-9a-f]{32}$/);
    });

    it("takes the customer's preferred channel and language", async () => {
      const customer = await newCustomer({ preferredChannel: 'email', locale: 'en' });
      const [id] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'Lily' });
      expect(await settled(id)).toMatchObject({ status: 'sent', channel: 'email', recipient: await recipientOf(id), locale: 'en', provider: 'smtp' });
      const [mail] = mailTo(await recipientOf(id));
      expect(mail.subject).toBe('Reminder');
      expect(mail.parts.find((part) => part.contentType === 'text/plain')?.text.trim()).toBe('Lily, you have an appointment tomorrow.');
    });

    it('sends marketing only on a channel with consent, and logs why nothing was sent without any', async () => {
      const withEmailConsent = await newCustomer({ marketingConsent: { sms: false, email: true, wechat: false } });
      const [viaEmail] = await notifications.toCustomer(withEmailConsent, TEST_PROMOTION.key, { name: '王小红' });
      expect(await settled(viaEmail)).toMatchObject({ status: 'sent', channel: 'email' });

      const without = await newCustomer();
      const [skipped] = await notifications.toCustomer(without, TEST_PROMOTION.key, { name: '王小红' });
      expect(await row(skipped)).toMatchObject({ status: 'skipped', reason: 'no_consent', channel: 'sms', recipient: null, variables: {} });
      expect((await row(skipped)).last_error).toBe('sms: no_consent; email: no_consent');
      expect(smsTo(contacts.get(without)!.phone!)).toEqual([]);
    });

    it('sends nothing in a category the customer opted out of', async () => {
      const customer = await newCustomer({ optedOut: ['reminders'] });
      const [id] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' });
      expect(await row(id)).toMatchObject({ status: 'skipped', reason: 'opted_out' });
    });

    it('passes over channels without an address or not configured; none left is no_address; an erased customer is unreachable', async () => {
      // Every active customer has a phone (the customers module requires one): an e-mail preference without an address falls back to SMS.
      const noEmail = await newCustomer({ preferredChannel: 'email', email: null });
      const [viaSms] = await notifications.toCustomer(noEmail, TEST_REMINDER.key, { name: 'a' });
      expect(await settled(viaSms)).toMatchObject({ status: 'sent', channel: 'sms' });

      // WeChat is not configured here: a customer who prefers it gets the next channel.
      const prefersWeChat = await newCustomer({ preferredChannel: 'wechat', wechatOpenId: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', email: null });
      const [passedOver] = await notifications.toCustomer(prefersWeChat, TEST_REMINDER.key, { name: 'a' });
      expect(await settled(passedOver)).toMatchObject({ status: 'sent', channel: 'sms' });
      // A caller that asks for WeChat alone gets nothing, and the log says why.
      const [unavailable] = await notifications.toCustomer(prefersWeChat, TEST_REMINDER.key, { name: 'a' }, { channel: 'wechat' });
      expect(await row(unavailable)).toMatchObject({ status: 'skipped', channel: 'wechat', reason: 'channel_unavailable' });

      const [noAddress] = await notifications.toCustomer(noEmail, TEST_REMINDER.key, { name: 'a' }, { channel: 'email' });
      expect(await row(noAddress)).toMatchObject({ status: 'skipped', reason: 'no_address' });

      const erased = await newCustomer({ reachable: false, phone: null, email: null });
      const [unreachable] = await notifications.toCustomer(erased, TEST_REMINDER.key, { name: 'a' });
      expect(await row(unreachable)).toMatchObject({ status: 'skipped', reason: 'unreachable' });
    });

    it('refuses an unknown key, writes nothing when the caller rolls back, and sends a deduplicated message once', async () => {
      const customer = await newCustomer();
      await expect(notifications.toCustomer(customer, 'testing.nothing', {})).rejects.toThrow(/unknown notification key/);

      const db = t.app.get(Db);
      await expect(
        db.transaction(async () => {
          await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'rolled back' });
          throw new Error('the business change failed');
        }),
      ).rejects.toThrow('the business change failed');
      expect(await t.sql('SELECT id FROM notification WHERE customer_id = $1', [customer])).toEqual([]);

      const [first] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'once' }, { dedupeKey: 'appointment:1' });
      const [second] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'once' }, { dedupeKey: 'appointment:1' });
      expect(second).toBe(first);
      await settled(first);
      expect(await t.sql('SELECT id FROM notification WHERE customer_id = $1', [customer])).toHaveLength(1);
      expect(smsTo(await recipientOf(first))).toHaveLength(1);
    });
  });

  describe('quiet hours', () => {
    it('defers an SMS written at 22:00 to 08:30 store time with a deadline, and sends it when released; e-mail and urgent ones go at once', async () => {
      // An evening already past: the deadline falls due as soon as it is scheduled, so its release is seen end to end.
      clock.set('2026-01-10T22:00:00+08:00');
      const customer = await newCustomer({ homeStoreId: storeA.id });
      const [deferred] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' });
      const [deadline] = await t.sql<{ due_at: Date }>(`SELECT due_at FROM deadline WHERE kind = 'notification.release' AND subject_id = $1`, [deferred]);
      expect(deadline.due_at.toISOString()).toBe('2026-01-11T00:30:00.000Z'); // 08:30 in Shanghai
      expect(((await row(deferred)).deferred_until as Date).toISOString()).toBe('2026-01-11T00:30:00.000Z');
      expect(await settled(deferred)).toMatchObject({ status: 'sent', channel: 'sms' });
      expect(smsTo(await recipientOf(deferred))).toHaveLength(1);

      const [urgent] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' }, { urgent: true });
      const [email] = await notifications.toCustomer(await newCustomer({ homeStoreId: storeA.id, preferredChannel: 'email' }), TEST_REMINDER.key, { name: 'x' });
      for (const id of [urgent, email]) {
        expect(await row(id)).toMatchObject({ deferred_until: null });
        expect(await t.sql(`SELECT id FROM deadline WHERE subject_id = $1`, [id])).toEqual([]);
        expect(await settled(id)).toMatchObject({ status: 'sent' });
      }
    });

    it('keeps a message deferred until then, in the zone of the store named by the caller', async () => {
      clock.set('2030-03-01T23:10:00+08:00');
      const [id] = await notifications.toCustomer(await newCustomer(), TEST_REMINDER.key, { name: '王小红' }, { storeId: storeB.id });
      expect(await row(id)).toMatchObject({ status: 'deferred', store_id: storeB.id });
      const [deadline] = await t.sql<{ due_at: Date; status: string }>(`SELECT due_at, status FROM deadline WHERE subject_id = $1`, [id]);
      expect(deadline).toEqual({ due_at: new Date('2030-03-02T08:30:00+08:00'), status: 'pending' });
      expect(smsTo(await recipientOf(id))).toEqual([]);
    });
  });

  describe('delivery', () => {
    it('retries a provider that fails 3 times, then succeeds: sent once', async () => {
      twilio.failNext(...Array.from({ length: 3 }, () => UNAVAILABLE));
      const [id] = await notifications.toCustomer(await newCustomer(), TEST_REMINDER.key, { name: 'retry' });
      const sent = await settled(id);
      expect(sent).toMatchObject({ status: 'sent', attempts: 4, last_error: null, provider: 'twilio' });
      // Four requests, the last one accepted: one message sent.
      expect(smsTo(await recipientOf(id))).toHaveLength(4);
    });

    it('fails a message the provider refuses for good at once, without retrying', async () => {
      twilio.failNext({ status: 400, code: 21211, message: "The 'To' number is not a valid phone number." });
      const [id] = await notifications.toCustomer(await newCustomer(), TEST_REMINDER.key, { name: 'bad number' });
      expect(await settled(id)).toMatchObject({ status: 'failed', reason: 'rejected', attempts: 1, last_error: expect.stringContaining('21211') });
      const [outbox] = await t.sql<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbox_message WHERE payload->>'notificationId' = $1`, [id]);
      expect(outbox).toEqual({ status: 'sent', attempts: 1 });
    });

    it('marks one that always fails failed after OUTBOX_MAX_ATTEMPTS, shows it in the log, and resends it', async () => {
      twilio.failNext(...Array.from({ length: MAX_ATTEMPTS }, () => UNAVAILABLE));
      const customer = await newCustomer();
      const [id] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'dead' });
      expect(await settled(id)).toMatchObject({ status: 'failed', reason: 'attempts_exhausted', attempts: MAX_ATTEMPTS });
      expect(smsTo(await recipientOf(id))).toHaveLength(MAX_ATTEMPTS);

      const log = await t.http.get('/v1/notifications').query({ customerId: customer, status: 'failed' }).set(owner.auth).expect(200);
      expect(log.body.data).toEqual([
        expect.objectContaining({ id, status: 'failed', reason: 'attempts_exhausted', attempts: MAX_ATTEMPTS, lastError: expect.stringContaining('20503') }),
      ]);

      // Two front desks press "resend" at once: one new attempt cycle, the other is told it is queued already.
      const resend = () => t.http.post(`/v1/notifications/${id}/resend`).set(owner.auth);
      const answers = await raceOfTwo(t, resend, resend);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const resent = answers.find((answer) => answer.status === 200)!;
      expect(resent.body).toMatchObject({ id, status: 'queued', reason: null });
      expect(answers.find((answer) => answer.status === 409)!.body).toMatchObject({ code: 'notification.not_failed', status: 409 });
      expect(await settled(id)).toMatchObject({ status: 'sent', attempts: MAX_ATTEMPTS + 1 });
      expect(smsTo(await recipientOf(id))).toHaveLength(MAX_ATTEMPTS + 1);
      expect(await t.sql(`SELECT action FROM audit_event WHERE entity_type = 'notification' AND entity_id = $1`, [id])).toEqual([{ action: 'notification.resend' }]);

      const again = await t.http.post(`/v1/notifications/${id}/resend`).set(owner.auth).expect(409);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(again.body).toMatchObject({ code: 'notification.not_failed', status: 409, detail: expect.stringContaining('sent') });
    });
  });

  describe('the log', () => {
    it('filters by customer, channel, status, key and time, newest first, in cursor pages', async () => {
      const customer = await newCustomer({ preferredChannel: 'email' });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(...(await notifications.toCustomer(customer, TEST_REMINDER.key, { name: `n${i}` })));
      const [skipped] = await notifications.toCustomer(customer, TEST_PROMOTION.key, { name: 'p' });
      for (const id of ids) await settled(id);

      const page1 = await t.http.get('/v1/notifications').query({ customerId: customer, limit: 2 }).set(owner.auth).expect(200);
      const page2 = await t.http
        .get('/v1/notifications')
        .query({ customerId: customer, limit: 2, cursor: page1.body.nextCursor as string })
        .set(owner.auth)
        .expect(200);
      expect([...idsOf(page1.body), ...idsOf(page2.body)]).toEqual([skipped, ...ids.reverse()]);
      expect(page2.body.nextCursor).toBeNull();

      const bySkipped = await t.http.get('/v1/notifications').query({ customerId: customer, status: 'skipped' }).set(owner.auth).expect(200);
      expect(idsOf(bySkipped.body)).toEqual([skipped]);
      const byKey = await t.http.get('/v1/notifications').query({ customerId: customer, key: TEST_REMINDER.key, channel: 'email' }).set(owner.auth).expect(200);
      expect(byKey.body.data).toHaveLength(3);
      // Without consent on either, the promotion is logged on the channel tried first: the preferred one.
      const byPromotion = await t.http.get('/v1/notifications').query({ customerId: customer, key: TEST_PROMOTION.key }).set(owner.auth).expect(200);
      expect(byPromotion.body.data).toEqual([expect.objectContaining({ id: skipped, channel: 'email', reason: 'no_consent' })]);
      const bySms = await t.http.get('/v1/notifications').query({ customerId: customer, channel: 'sms' }).set(owner.auth).expect(200);
      expect(bySms.body.data).toEqual([]);
      const future = await t.http.get('/v1/notifications').query({ customerId: customer, from: '2099-01-01T00:00:00Z' }).set(owner.auth).expect(200);
      expect(future.body.data).toEqual([]);
      const past = await t.http.get('/v1/notifications').query({ customerId: customer, to: '2000-01-01T00:00:00Z' }).set(owner.auth).expect(200);
      expect(past.body.data).toEqual([]);

      const bad = await t.http.get('/v1/notifications').query({ status: 'lost' }).set(owner.auth).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['status']);
    });

    it('masks recipients for API keys without customers:pii, and shows staff only the stores they work at', async () => {
      const customer = await newCustomer({ homeStoreId: storeB.id, phone: '+8613912345678' });
      const [id] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: 'x' });
      await settled(id);
      const reader = await createApiKey(t, { scopes: ['notifications:read'] });
      const pii = await createApiKey(t, { scopes: ['notifications:read', 'customers:pii'] });
      expect((await t.http.get(`/v1/notifications/${id}`).set(reader.auth).expect(200)).body.recipient).toBe('139****5678');
      expect((await t.http.get(`/v1/notifications/${id}`).set(pii.auth).expect(200)).body.recipient).toBe('+8613912345678');
      expect((await t.http.get(`/v1/notifications/${id}`).set(owner.auth).expect(200)).body.recipient).toBe('+8613912345678');

      const receptionistA = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const receptionistB = await createUser(t, { role: 'receptionist', storeIds: [storeB.id] });
      expect((await t.http.get(`/v1/notifications/${id}`).set(receptionistA.auth).expect(404)).body.code).toBe('notification.not_found');
      expect((await t.http.post(`/v1/notifications/${id}/resend`).set(receptionistA.auth).expect(404)).body.code).toBe('notification.not_found');
      await t.http.get(`/v1/notifications/${id}`).set(receptionistB.auth).expect(200);
      const listA = await t.http.get('/v1/notifications').query({ customerId: customer }).set(receptionistA.auth).expect(200);
      expect(listA.body.data).toEqual([]);
      const beautician = await createUser(t, { role: 'beautician', storeIds: [storeB.id] });
      await t.http.get('/v1/notifications').set(beautician.auth).expect(403);
    });
  });

  describe('the test message', () => {
    it("sends notification.test now to the owner's address; a phone that is no number answers 422 naming to.phone", async () => {
      clock.set('2026-01-10T23:00:00+08:00'); // quiet hours do not apply to it
      const bad = await t.http
        .post('/v1/notifications/test')
        .set(owner.auth)
        .send({ channel: 'sms', to: { phone: '12345' } })
        .expect(422);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
      expect(bad.body.code).toBe('notification.unreachable_recipient');
      expect(fieldsOf(bad.body)).toEqual(['to.phone']);
      const missing = await t.http
        .post('/v1/notifications/test')
        .set(owner.auth)
        .send({ channel: 'email', to: { phone: '+8613812345678' } })
        .expect(422);
      expect(fieldsOf(missing.body)).toEqual(['to.email']);
      const unconfigured = await t.http
        .post('/v1/notifications/test')
        .set(owner.auth)
        .send({ channel: 'wechat', to: { wechatOpenId: 'o6_x' } })
        .expect(422);
      expect(unconfigured.body.code).toBe('notification_channel.not_configured');

      const created = await t.http
        .post('/v1/notifications/test')
        .set(owner.auth)
        .send({ channel: 'sms', to: { phone: '139 1234 5678' }, locale: 'en' })
        .expect(201);
      expect(created.headers.location).toBe(`/v1/notifications/${created.body.id as string}`);
      expect(await settled(created.body.id as string)).toMatchObject({
        status: 'sent',
        key: 'notification.test',
        urgent: true,
        recipient: '+8613912345678',
        staff_user_id: owner.id,
      });
      expect(smsTo('+8613912345678').at(-1)?.Body).toContain('sent at 2026-01-10 23:00'); // the business's wall clock

      const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
      await t.http
        .post('/v1/notifications/test')
        .set(manager.auth)
        .send({ channel: 'email', to: { email: 'm@example.com' } })
        .expect(403);
    });
  });

  describe("providers' receipts", () => {
    it('marks messages delivered or failed by the provider message id, idempotently; forged and unknown ones are refused', async () => {
      const [delivered] = await notifications.toCustomer(await newCustomer(), TEST_REMINDER.key, { name: 'd' });
      const [undelivered] = await notifications.toCustomer(await newCustomer(), TEST_REMINDER.key, { name: 'u' });
      const [deliveredSid, undeliveredSid] = await Promise.all([settled(delivered), settled(undelivered)]).then((rows) => rows.map((r) => r.provider_message_id as string));
      const url = `${PUBLIC_BASE_URL}/v1/notification-receipts/twilio`;
      const receipt = (params: Record<string, string>, signature = twilioSignature(TWILIO.authToken, url, params)) =>
        t.http.post('/v1/notification-receipts/twilio').type('form').set('x-twilio-signature', signature).send(new URLSearchParams(params).toString());

      const deliveredReceipt = { MessageSid: deliveredSid, MessageStatus: 'delivered', AccountSid: TWILIO.accountSid };
      expect((await receipt(deliveredReceipt).expect(200)).body).toEqual({ received: 1 });
      expect(await row(delivered)).toMatchObject({ status: 'delivered' });
      expect((await row(delivered)).delivered_at).toBeInstanceOf(Date);
      // Twilio retries a callback it got no answer to: the second changes nothing.
      expect((await receipt(deliveredReceipt).expect(200)).body).toEqual({ received: 0 });
      expect(await row(delivered)).toMatchObject({ status: 'delivered' });

      expect((await receipt({ MessageSid: undeliveredSid, MessageStatus: 'undelivered', ErrorCode: '30003' }).expect(200)).body).toEqual({ received: 1 });
      expect(await row(undelivered)).toMatchObject({ status: 'failed', reason: 'rejected', last_error: 'Twilio undelivered (30003)' });
      // One for a message Bloom does not know is accepted, so Twilio stops sending it.
      expect((await receipt({ MessageSid: 'SMffffffffffffffffffffffffffffffff', MessageStatus: 'delivered' }).expect(200)).body).toEqual({ received: 0 });

      const forged = await receipt(
        { MessageSid: undeliveredSid, MessageStatus: 'delivered' },
        twilioSignature('another-token', url, { MessageSid: undeliveredSid, MessageStatus: 'delivered' }),
      ).expect(401);
      expect(forged.body.code).toBe('notification_receipt.bad_signature');
      expect(await row(undelivered)).toMatchObject({ status: 'failed' });
      const unknown = await t.http.post('/v1/notification-receipts/acme').set('content-type', 'application/json').send('[]').expect(404);
      expect(unknown.body.code).toBe('notification_receipt.unknown_provider');
      await t.http.post('/v1/notification-receipts/twilio').set('content-type', 'text/plain').send('x').expect(415);
    });
  });

  describe('staff', () => {
    it('writes in-app messages to the inbox of the audience after commit, and e-mails those with an address', async () => {
      // A store of its own: managers other tests made at storeA are not in this audience.
      const storeC = await createStore(t);
      const [userA, userB] = [await createUser(t, { role: 'manager', storeIds: [storeC.id] }), await createUser(t, { role: 'manager', storeIds: [storeB.id] })];
      await t.sql(`UPDATE staff_user SET email = 'manager.a@example.com' WHERE id = $1`, [userA.id]);
      await t.sql(`UPDATE staff_user SET email = NULL, phone = '+8613800000002', locale = 'en' WHERE id = $1`, [userB.id]);
      const managerA = { userId: userA.id };
      const managerB = { userId: userB.id };
      const inboxOf = (userId: string) =>
        t.sql<{ notification_id: string; title: string; body: string; store_id: string; key: string }>(
          'SELECT notification_id, title, body, store_id, key FROM staff_message WHERE user_id = $1',
          [userId],
        );

      // A rolled-back business change tells no one.
      await expect(
        t.app.get(Db).transaction(async () => {
          await notifications.toStaff({ roles: ['manager'], storeId: storeC.id }, TEST_STAFF_ALERT.key, { what: 'never' });
          throw new Error('the business change failed');
        }),
      ).rejects.toThrow('the business change failed');
      expect(await inboxOf(userA.id)).toEqual([]);

      const ids = await notifications.toStaff({ roles: ['manager'], storeId: storeC.id }, TEST_STAFF_ALERT.key, { what: '新预约' });
      expect(ids).toHaveLength(2);
      const rows = await t.sql<{ id: string; channel: string; status: string; staff_user_id: string }>(
        'SELECT id, channel, status, staff_user_id FROM notification WHERE id = ANY($1) ORDER BY channel',
        [ids],
      );
      expect(rows.map(({ id: _id, ...rest }) => rest)).toEqual([
        { channel: 'email', status: 'queued', staff_user_id: managerA.userId },
        { channel: 'in_app', status: 'sent', staff_user_id: managerA.userId },
      ]);
      expect(await inboxOf(userA.id)).toEqual([{ notification_id: rows[1].id, title: '提醒', body: '新预约', store_id: storeC.id, key: TEST_STAFF_ALERT.key }]);
      expect(await inboxOf(userB.id)).toEqual([]);
      expect(await settled(rows[0].id)).toMatchObject({ status: 'sent', recipient: 'manager.a@example.com', provider: 'smtp' });
      expect(mailTo('manager.a@example.com').map((mail) => mail.subject)).toEqual(['提醒']);

      const onlyB = await notifications.toStaff({ userIds: [managerB.userId] }, TEST_STAFF_ALERT.key, { what: 'x' }, { channels: ['email'] });
      expect(await row(onlyB[0])).toMatchObject({ status: 'skipped', reason: 'no_address' });
    });
  });

  describe('privacy', () => {
    it("erases a customer's addresses and variables when the customer is anonymized, and sends nothing still waiting", async () => {
      const customer = await newCustomer({ homeStoreId: storeA.id });
      const [sent] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' });
      await settled(sent);
      clock.set('2030-03-01T23:10:00+08:00');
      const [waiting] = await notifications.toCustomer(customer, TEST_REMINDER.key, { name: '王小红' });
      expect(await row(waiting)).toMatchObject({ status: 'deferred' });

      await t.app.get(Db).transaction(() => t.app.get(DurableEvents).publish('customer.anonymized', { customerId: customer }));
      await waitFor(
        () => row(waiting),
        (r) => r.status === 'skipped',
      );
      expect(await row(waiting)).toMatchObject({ status: 'skipped', reason: 'unreachable', recipient: null, variables: {} });
      expect(await row(sent)).toMatchObject({ status: 'sent', recipient: null, variables: {} });
    });
  });
});
