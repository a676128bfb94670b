/**
 * Notices of appointments (issue 13): the customer's booking confirmation; a move or a cancellation
 * told at once to the customer and to every staff member involved (in-app and SMS), except whoever
 * made it; online bookings in the inbox (and live stream) of the store's front desk; nothing from a
 * change that rolls back; and the webhook events partners subscribe to. Bookings, reschedules and
 * cancellations go through their routes (a customer's through a reminder's cancel link); a recurring
 * series is recorded directly (support/appointment-changes.ts) until booking one is on main. Stylists Ana (the store's manager) and Bo work 10:00–19:00 on Monday to Wednesday.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { FixedClock, formatInstant } from '../src/common/clock/index.js';
import { Db } from '../src/common/database/index.js';
import { AppointmentChanges } from '../src/modules/appointments/appointment-changes.js';
import { AppointmentRecords } from '../src/modules/appointments/booking/appointment-records.js';
import { signLinkToken } from '../src/modules/appointments/links/appointment-link-tokens.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment } from './support/appointments.js';
import { appointmentChangesOf } from './support/appointment-changes.js';
import { categoryId, serviceBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type StoreRecord, type UserRecord } from './support/factories.js';
import { startFakeSmtp, startFakeTwilio, type FakeSmtp, type FakeTwilio } from './support/fake-providers.js';
import { contact, insertCustomer, providerEnv, TWILIO } from './support/notifications.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';
import { waitFor } from './support/wait.js';
import { verify, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(90_000);

const HOUR = 3_600_000;
const CUT = { active: 45 };
// Sunday 21 March 2027, 08:00 in Shanghai: bookings for Monday to Wednesday are ahead.
const clock = new FixedClock('2027-03-21T00:00:00Z');
const DAYS = ['2027-03-22', '2027-03-23', '2027-03-24'];
const cn = (time: string, date: string) => new Date(`${date}T${time}:00+08:00`);
const local = (at: Date) => formatInstant(at.getTime(), 'Asia/Shanghai').slice(0, 16).replace('T', ' ');

interface InboxMessage {
  key: string;
  title: string;
  body: string;
  storeId: string | null;
}

describe('appointment notices', () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let smtp: FakeSmtp;
  let receiver: WebhookReceiver;
  let store: StoreRecord;
  let owner: UserRecord;
  let desk: UserRecord;
  let manager: UserRecord;
  let otherDesk: UserRecord;
  let ana: StaffMemberRecord;
  let bo: StaffMemberRecord;
  let miniProgram: ApiKeyRecord;
  let variationId: string;
  let phones = 0;
  /** Each appointment two hours after the last (10:00, 12:00, 14:00, 16:00, then the next day): none overlap. */
  let slot = 0;
  const nextStart = () => {
    const k = slot++;
    return cn(`${String(10 + 2 * (k % 4)).padStart(2, '0')}:00`, DAYS[Math.floor(k / 4)]);
  };
  const changes = () => appointmentChangesOf(t);
  /** POST /v1/appointments: a cut with the stylist at `start`. */
  const book = async (auth: Record<string, string>, body: { customerId: string; start: Date; stylist: StaffMemberRecord; channel?: string }) => {
    const res = await t.http
      .post('/v1/appointments')
      .set(auth)
      .send({
        channel: body.channel ?? 'phone',
        customerId: body.customerId,
        storeId: store.id,
        startsAt: body.start.toISOString(),
        services: [{ variationId, staffMemberId: body.stylist.id }],
      });
    expect([res.status, res.body.code ?? null, res.body.detail ?? null]).toEqual([201, null, null]);
    return res.body.id as string;
  };

  const newCustomer = async (name = '王小红') => {
    const id = randomUUID();
    const phone = `+86136${String(30_000_000 + ++phones)}`;
    await insertCustomer(t, contact(id, { name, phone, email: `noticed${phones}@example.com`, homeStoreId: store.id }));
    return { id, phone };
  };
  const smsTo = (phone: string, containing: string) =>
    twilio.requests.filter((request) => request.form.To === phone && request.form.Body.includes(containing)).map((r) => r.form.Body);
  const inbox = async (user: UserRecord): Promise<InboxMessage[]> => (await t.http.get('/v1/me/notifications').set(user.auth).expect(200)).body.data;
  const appointmentMessages = async (user: UserRecord) => (await inbox(user)).filter((message) => message.key.startsWith('appointment.'));
  const customerNotices = (customerId: string) =>
    t.sql<{ key: string }>(`SELECT key FROM notification WHERE customer_id = $1 ORDER BY created_at`, [customerId]).then((rows) => rows.map((row) => row.key));
  /** The channels a staff member was sent `key` on (each notification written for them, sent or not). */
  const staffNotices = (member: StaffMemberRecord, key: string) =>
    t
      .sql<{ channel: string }>('SELECT channel FROM notification WHERE staff_user_id = $1 AND key = $2 ORDER BY channel', [member.user!.id, key])
      .then((rows) => rows.map((row) => row.channel));
  /** A booking's confirmation is written by a worker from `appointment.created`: wait until none is left to deliver. */
  const confirmationsDelivered = () =>
    waitFor(
      () => t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event_delivery WHERE subscriber = 'appointments.booking-notices' AND status <> 'delivered'`),
      ([row]) => row.n === 0,
    );
  const countOf = async (key: string) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM notification WHERE key = $1', [key]))[0].n;

  beforeAll(async () => {
    twilio = await startFakeTwilio(TWILIO);
    smtp = await startFakeSmtp();
    receiver = await WebhookReceiver.start();
    t = await startTestApp({
      clock,
      env: {
        ...providerEnv(twilio.url, smtp.url),
        OUTBOX_RELAY_INTERVAL: '300ms',
        NOTIFICATION_SMS_PER_PHONE_PER_HOUR: '100',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_SWEEP_INTERVAL: '300ms',
        EVENT_SWEEP_INTERVAL: '300ms',
      },
    });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t, { name: '花漾 静安店' });
    const otherStore = await createStore(t);
    await t.sql('UPDATE store SET quiet_hours_start = NULL, quiet_hours_end = NULL');
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    otherDesk = await createUser(t, { role: 'receptionist', storeIds: [otherStore.id] });
    // Ana runs the store and cuts hair: she may move bookings herself.
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', skills: { haircut: 5 }, login: 'manager' });
    bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { haircut: 5 }, login: 'beautician' });
    await t.sql('UPDATE staff_user SET phone = $2 WHERE id = $1', [ana.user!.id, '+8613911110001']);
    await t.sql('UPDATE staff_user SET phone = $2 WHERE id = $1', [bo.user!.id, '+8613911110002']);
    for (const date of DAYS) {
      for (const member of [ana, bo]) await insertShift(t, { staffMemberId: member.id, storeId: store.id, date, start: cn('10:00', date), end: cn('19:00', date) });
    }
    for (const name of ['Chair 1', 'Chair 2']) await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name, type: 'chair' }).expect(201);
    miniProgram = await createApiKey(t, { scopes: ['appointments:write'], storeIds: [store.id], name: '小程序 Mini-program' });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          name: '剪发 Cut',
          skill: 'haircut',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: { amount: 12800, currency: 'CNY' }, durationMinutes: 45 }],
        }),
      )
      .expect(201);
    variationId = service.body.variations[0].id;
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
    await smtp?.close();
    await receiver?.close();
  });

  it('confirms a booking at the desk to the customer, and leaves the front desk’s stream to online bookings', async () => {
    const customer = await newCustomer();
    const start = nextStart();
    await book(desk.auth, { customerId: customer.id, start, stylist: ana });
    const [sms] = await waitFor(
      () => smsTo(customer.phone, '预约成功'),
      (list) => list.length > 0,
    );
    expect(sms).toMatch(new RegExp(`^【花漾 静安店】预约成功：${local(start)}，剪发 Cut · 洗剪吹 Wash and cut（Ana），预约号 AP-`));
    await confirmationsDelivered();
    expect(await appointmentMessages(manager)).toEqual([]);
  });

  it('confirms a recurring series once, with its first occurrence', async () => {
    const customer = await newCustomer();
    const seriesId = randomUUID();
    const [first, second] = [nextStart(), nextStart()];
    for (const start of [first, second]) {
      await changes().book({ storeId: store.id, customerId: customer.id, seriesId, segments: [{ variationId, staffMemberId: bo.id, start, blocks: CUT }] });
    }
    await confirmationsDelivered();
    expect(await customerNotices(customer.id)).toEqual(['appointment.booked']);
    const [sms] = await waitFor(
      () => smsTo(customer.phone, '预约成功'),
      (list) => list.length > 0,
    );
    expect(sms).toContain(local(first));
  });

  it('shows a booking made online to the store’s receptionists and managers, not to another store’s desk', async () => {
    const customer = await newCustomer('李小姐');
    const start = nextStart();
    const id = await book(miniProgram.auth, { customerId: customer.id, start, stylist: bo, channel: 'mini_program' });
    await confirmationsDelivered();
    for (const user of [desk, manager]) {
      expect(await appointmentMessages(user)).toEqual([
        expect.objectContaining({ key: 'appointment.booked_online', storeId: store.id, title: `新的线上预约：李小姐 ${local(start)}` }),
      ]);
    }
    expect(await appointmentMessages(otherDesk)).toEqual([]);
    const number = (await changes().find(id)).number;
    expect((await appointmentMessages(desk))[0].body).toContain(number);
    await waitFor(
      () => smsTo(customer.phone, '预约成功'),
      (list) => list.length > 0,
    );
  });

  it('tells the customer and every stylist involved of a reschedule at once, except the stylist who made it', async () => {
    const customer = await newCustomer();
    const before = nextStart();
    const id = await book(desk.auth, { customerId: customer.id, start: before, stylist: ana });
    const after = new Date(before.getTime() + HOUR);
    await t.http
      .post(`/v1/appointments/${id}/reschedule`)
      .set(ana.user!.auth)
      .send({ startsAt: after.toISOString(), staffMemberIds: [bo.id], reason: '顾客改期' })
      .expect(200);

    const [sms] = await waitFor(
      () => smsTo(customer.phone, '改期'),
      (list) => list.length > 0,
    );
    expect(sms).toContain(`由 ${local(before)} 改为 ${local(after)}，剪发 Cut · 洗剪吹 Wash and cut（Bo）。原因：顾客改期。`);
    const boMessages = (await appointmentMessages(bo.user!)).filter((message) => message.key === 'appointment.staff_rescheduled');
    expect(boMessages).toEqual([expect.objectContaining({ title: `预约改期：王小红 ${local(after)}` })]);
    await waitFor(
      () => smsTo('+8613911110002', '预约改期'),
      (list) => list.length > 0,
    );
    // Ana moved it herself: no message on any channel.
    expect(await staffNotices(ana, 'appointment.staff_rescheduled')).toEqual([]);
    expect(await staffNotices(bo, 'appointment.staff_rescheduled')).toEqual(['in_app', 'sms']);
  });

  it('tells the staff of a cancellation the customer made, and not the customer', async () => {
    const customer = await newCustomer('张先生');
    const start = nextStart();
    const id = await book(desk.auth, { customerId: customer.id, start, stylist: ana });
    await confirmationsDelivered();
    // By the cancel link of a reminder, as the customer.
    const token = signLinkToken(t.config.JWT_SECRET, { appointmentId: id, purpose: 'cancel', expiresAt: new Date(start.getTime() + HOUR) });
    await t.http.post(`/v1/appointment-links/${token}/cancel`).send({ reason: '出差' }).expect(200);
    expect((await appointmentMessages(ana.user!)).filter((message) => message.key === 'appointment.staff_cancelled')).toEqual([
      expect.objectContaining({ title: `预约取消：张先生 ${local(start)}`, body: expect.stringContaining('原因：出差') }),
    ]);
    expect(await customerNotices(customer.id)).toEqual(['appointment.booked']);
  });

  it('tells nobody of a change that rolls back', async () => {
    const customer = await newCustomer();
    const id = await insertAppointment(t, { storeId: store.id, customerId: customer.id, segments: [{ variationId, staffMemberId: bo.id, start: nextStart(), blocks: CUT }] });
    await t.sql("UPDATE appointment SET channel = 'online' WHERE id = $1", [id]);
    const deskMessages = await countOf('appointment.booked_online');
    const db = t.app.get(Db);
    await expect(
      db.transaction(async () => {
        const record = await t.app.get(AppointmentRecords).find(id);
        await t.app.get(AppointmentChanges).record({ kind: 'created', appointment: record!, actor: null });
        throw new Error('the booking failed after the change was recorded');
      }),
    ).rejects.toThrow('the booking failed');
    // Nothing was published for a worker to confirm later either.
    expect(await t.sql(`SELECT 1 FROM event WHERE payload->>'appointmentId' = $1`, [id])).toEqual([]);
    expect(await customerNotices(customer.id)).toEqual([]);
    expect(await countOf('appointment.booked_online')).toBe(deskMessages);
    expect(await t.sql(`SELECT 1 FROM appointment_reminder WHERE appointment_id = $1`, [id])).toEqual([]);
  });

  it('lists the seven appointment events in the webhook catalog, and delivers appointment.cancelled to an endpoint subscribed to it', async () => {
    const catalog = await t.http.get('/v1/webhook-event-types').set(owner.auth).expect(200);
    expect(catalog.body.filter((type: { type: string }) => type.type.startsWith('appointment.')).map((type: { type: string; schema: string }) => [type.type, type.schema])).toEqual(
      ['cancelled', 'checked_in', 'completed', 'created', 'no_show', 'rescheduled', 'updated'].map((event) => [`appointment.${event}`, 'AppointmentWebhookDto']),
    );
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: receiver.url('/appointments'), eventTypes: ['appointment.cancelled'] })
      .expect(201);
    const customer = await newCustomer();
    const id = await book(desk.auth, { customerId: customer.id, start: nextStart(), stylist: bo });
    await t.http.post(`/v1/appointments/${id}/cancel`).set(desk.auth).send({ reason: '门店临时停电' }).expect(200);
    const [request] = await waitFor(
      () => receiver.at('/appointments'),
      (requests) => requests.length > 0,
    );
    expect(verify(endpoint.body.secret, request)).toMatchObject({
      type: 'appointment.cancelled',
      data: { id, storeId: store.id, customerId: customer.id, status: 'cancelled', cancelReason: '门店临时停电', cancelledByType: 'user', change: null, previousStart: null },
    });
    // The booking before it is another event type: the endpoint did not ask for it.
    expect(receiver.at('/appointments')).toHaveLength(1);
  });
});
