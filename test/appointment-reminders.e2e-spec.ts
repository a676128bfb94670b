/**
 * Appointment reminders end to end (issue 13, done when): a reminder set a few seconds ahead reaches
 * the SMS endpoint once; a reschedule moves it; a cancel removes it and sends both notices; the same
 * after a Redis FLUSHALL and an API restart. The store's smallest reminder offset (10 minutes) and an
 * appointment 10 minutes and a few seconds ahead make a reminder due in seconds. On a redis-server of
 * this file's own (FLUSHALL never touches the Redis other test files share).
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { formatInstant } from '../src/common/clock/index.js';
import { DeadlineWorker } from '../src/common/deadlines/index.js';
import { verifyLinkToken } from '../src/modules/appointments/links/appointment-link-tokens.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/app.js';
import { appointmentChangesOf, staffActor } from './support/appointment-changes.js';
import { categoryId, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { startFakeSmtp, startFakeTwilio, type FakeSmtp, type FakeTwilio } from './support/fake-providers.js';
import { contact, insertCustomer, providerEnv, TWILIO } from './support/notifications.js';
import { createStaffMember, type StaffMemberRecord } from './support/scheduling.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const OFFSET_MINUTES = 10;
const LINK_BASE = 'https://book.example.com/links';
/** A start whose 10-minute reminder falls due in `ms`. */
const startWithReminderIn = (ms: number) => new Date(Date.now() + OFFSET_MINUTES * MINUTE + ms);
const shanghai = (at: Date) => formatInstant(at.getTime(), 'Asia/Shanghai');
const COLOUR = { active: 30, processing: 0, finishing: 0, buffer: 0 };

interface ReminderDeadline {
  status: string;
  due_at: Date;
  offset_minutes: number;
}

describe('appointment reminders', () => {
  let redis: OwnRedis;
  let flusher: Redis;
  let twilio: FakeTwilio;
  let smtp: FakeSmtp;
  let t: TestApp;
  let store: StoreRecord;
  let owner: UserRecord;
  let desk: UserRecord;
  let stylists = 0;
  let variationId: string;
  let serviceName: string;
  let phones = 0;

  const boot = (options: TestAppOptions = {}) =>
    startTestApp({
      ...options,
      env: {
        ...providerEnv(twilio.url, smtp.url),
        REDIS_URL: redis.url,
        DEADLINE_SWEEP_INTERVAL: '1s',
        DEADLINE_RETRY_BACKOFF: '100ms',
        OUTBOX_RELAY_INTERVAL: '300ms',
        APPOINTMENT_LINK_BASE_URL: LINK_BASE,
        NOTIFICATION_SMS_PER_PHONE_PER_HOUR: '100',
      },
    });
  const changes = () => appointmentChangesOf(t);

  /** A customer with a phone of their own (SMS per phone are limited), reachable by SMS first. */
  const newCustomer = async () => {
    const id = randomUUID();
    const phone = `+86137${String(20_000_000 + ++phones)}`;
    await insertCustomer(t, contact(id, { phone, email: `reminded${phones}@example.com`, homeStoreId: store.id }));
    return { id, phone };
  };
  /** A stylist who signs in and has a phone: each test books its own, so appointments never overlap on one. */
  const newStylist = async (): Promise<StaffMemberRecord & { phone: string }> => {
    const member = await createStaffMember(t, { storeIds: [store.id], displayName: 'Tony 老师', skills: { hair_colour: 5 }, login: 'beautician' });
    const phone = `+86139${String(10_000_000 + ++stylists)}`;
    await t.sql('UPDATE staff_user SET phone = $2 WHERE id = $1', [member.user!.id, phone]);
    return { ...member, phone };
  };
  /** Who serves each appointment booked here. */
  const stylistOf = new Map<string, StaffMemberRecord>();
  const book = async (customerId: string, start: Date, stylist?: StaffMemberRecord) => {
    const serving = stylist ?? (await newStylist());
    const id = await changes().book({
      storeId: store.id,
      customerId,
      segments: [{ variationId, staffMemberId: serving.id, start, blocks: COLOUR }],
      actor: staffActor(desk, [store.id]),
    });
    stylistOf.set(id, serving);
    return id;
  };
  /** POST /v1/appointments/{id}/cancel at the front desk. */
  const cancelAtDesk = (id: string, reason = '顾客来电取消') => t.http.post(`/v1/appointments/${id}/cancel`).set(desk.auth).send({ reason }).expect(200);

  const smsTo = (phone: string, containing: string) =>
    twilio.requests.filter((request) => request.form.To === phone && request.form.Body.includes(containing)).map((r) => r.form.Body);
  const reminders = (phone: string) => smsTo(phone, '预约提醒');
  const deadlinesOf = (appointmentId: string) =>
    t.sql<ReminderDeadline>(
      `SELECT d.status, d.due_at, r.offset_minutes FROM deadline d JOIN appointment_reminder r ON d.subject_id = r.id::text
        WHERE d.kind = 'appointment.remind' AND r.appointment_id = $1 ORDER BY d.created_at, d.due_at`,
      [appointmentId],
    );
  /** The reminders written for a customer (sent or not): none means the handler chose not to send. */
  const reminderRows = async (customerId: string) =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE customer_id = $1 AND key = 'appointment.reminder'`, [customerId]))[0].n;
  /** Until two more sweeps have ended: a late or second firing would have happened by then. */
  const twoSweeps = async () => {
    const worker = t.app.get(DeadlineWorker);
    const before = worker.sweepsDone;
    await waitFor(() => worker.sweepsDone >= before + 2);
  };
  /** Until the reminders of the appointment have all fired or been cancelled. */
  const noneLeftPending = (appointmentId: string) =>
    waitFor(
      () => deadlinesOf(appointmentId),
      (rows) => rows.length > 0 && rows.every((row) => row.status !== 'pending'),
    );

  beforeAll(async () => {
    redis = await startOwnRedis();
    flusher = new Redis(redis.url);
    twilio = await startFakeTwilio(TWILIO);
    smtp = await startFakeSmtp();
    t = await boot();
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t, { name: '花漾 静安店' });
    // No quiet hours: the reminders of these tests go out whatever the hour the suite runs at.
    await t.sql('UPDATE store SET quiet_hours_start = NULL, quiet_hours_end = NULL WHERE id = $1', [store.id]);
    await t.sql(`INSERT INTO booking_policy (store_id, min_notice_minutes, reminder_offsets_minutes) VALUES ($1, 0, '{${OFFSET_MINUTES},1440}')`, [store.id]);
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour')))
      .expect(201);
    serviceName = service.body.name;
    variationId = service.body.variations[0].id;
  });
  afterAll(async () => {
    await t?.close();
    flusher?.disconnect();
    await redis?.stop();
    await twilio?.close();
    await smtp?.close();
  });

  it('sends the reminder once, when due, with the store, local time, services, staff and two working links', async () => {
    const customer = await newCustomer();
    const start = startWithReminderIn(2500);
    const id = await book(customer.id, start);
    // Only the 10-minute reminder is ahead; the day-before one has passed already.
    expect(await deadlinesOf(id)).toEqual([expect.objectContaining({ status: 'pending', offset_minutes: OFFSET_MINUTES })]);

    const [body] = await waitFor(
      () => reminders(customer.phone),
      (list) => list.length > 0,
    );
    const local = shanghai(start);
    expect(body).toContain(`【花漾 静安店】预约提醒：${local.slice(0, 10)} ${local.slice(11, 16)}，${serviceName} · 短发 Short hair（Tony 老师）`);
    const links = [...body.matchAll(new RegExp(`${LINK_BASE}/([A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)/(confirm|cancel)`, 'g'))];
    expect(links.map((link) => link[2])).toEqual(['confirm', 'cancel']);
    for (const [, token, purpose] of links) {
      expect(verifyLinkToken(t.config.JWT_SECRET, token, purpose as 'confirm' | 'cancel', new Date())).toMatchObject({ appointmentId: id, purpose });
    }
    expect(verifyLinkToken(t.config.JWT_SECRET, links[0][1], 'cancel', new Date())).toBeNull();

    await noneLeftPending(id);
    await twoSweeps();
    expect(reminders(customer.phone)).toHaveLength(1);
    expect(await reminderRows(customer.id)).toBe(1);

    // The customer cannot come: the reminder's cancel link (the lifecycle's route) cancels it; the stylist hears, the customer is not told what they did.
    const cancelled = await t.http.post(`/v1/appointment-links/${links[1][1]}/cancel`).send({}).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    expect(await t.sql('SELECT key FROM notification WHERE customer_id = $1 ORDER BY created_at', [customer.id])).toEqual([
      { key: 'appointment.booked' },
      { key: 'appointment.reminder' },
    ]);
    expect(
      await t.sql('SELECT channel FROM notification WHERE staff_user_id = $1 AND key = $2 ORDER BY channel', [stylistOf.get(id)!.user!.id, 'appointment.staff_cancelled']),
    ).toEqual([{ channel: 'in_app' }, { channel: 'sms' }]);
  });

  it('a reschedule moves the reminder: none at the old time, one at the new time, naming it', async () => {
    const later = await newCustomer();
    // Due a few seconds out, so the reschedule comes first even on a busy machine; the test waits past it below.
    const laterStart = startWithReminderIn(8000);
    const laterId = await book(later.id, laterStart);
    const nextDay = new Date(Date.now() + 24 * 60 * MINUTE + 20 * MINUTE);
    await changes().reschedule(laterId, nextDay, { actor: staffActor(desk, [store.id]) });
    // The 10-minute reminder moved to the next day; the day-before one is now ahead too.
    const moved = await deadlinesOf(laterId);
    expect(moved.filter((row) => row.status === 'pending').map((row) => [row.offset_minutes, row.due_at.getTime()])).toEqual(
      expect.arrayContaining([
        [OFFSET_MINUTES, nextDay.getTime() - OFFSET_MINUTES * MINUTE],
        [1440, nextDay.getTime() - 1440 * MINUTE],
      ]),
    );
    expect(moved.filter((row) => row.status === 'cancelled')).toHaveLength(1);

    const earlier = await newCustomer();
    const earlierId = await book(earlier.id, new Date(Date.now() + 3 * 60 * MINUTE));
    const soon = startWithReminderIn(2500);
    await changes().reschedule(earlierId, soon, { actor: staffActor(desk, [store.id]) });
    const [body] = await waitFor(
      () => reminders(earlier.phone),
      (list) => list.length > 0,
    );
    expect(body).toContain(shanghai(soon).slice(11, 16));
    await noneLeftPending(earlierId);

    // Once the old time of the first one has passed: it was not reminded.
    await waitFor(() => Date.now() > laterStart.getTime() - OFFSET_MINUTES * MINUTE, Boolean, 30_000);
    await twoSweeps();
    expect(reminders(later.phone)).toEqual([]);
    expect(reminders(earlier.phone)).toHaveLength(1);
  });

  it('a reminder whose appointment moved without it (a stale deadline) sends nothing', async () => {
    const customer = await newCustomer();
    // Due a few seconds out, so the move below comes first even on a busy machine.
    const id = await book(customer.id, startWithReminderIn(6000));
    await t.sql("UPDATE appointment SET starts_at = starts_at + interval '1 hour', ends_at = ends_at + interval '1 hour' WHERE id = $1", [id]);
    await noneLeftPending(id);
    expect((await deadlinesOf(id)).map((row) => row.status)).toEqual(['fired']);
    expect(await reminderRows(customer.id)).toBe(0);
    await twoSweeps();
    expect(reminders(customer.phone)).toEqual([]);
  });

  it('a cancel removes the reminder and sends both notices: to the customer and to the staff member serving it, not to who cancelled', async () => {
    const customer = await newCustomer();
    const tony = await newStylist();
    // Due a few seconds out, so the cancel comes first even on a busy machine; the test waits past it below.
    const start = startWithReminderIn(8000);
    const id = await book(customer.id, start, tony);
    await cancelAtDesk(id);
    expect((await deadlinesOf(id)).map((row) => row.status)).toEqual(['cancelled']);

    const [notice] = await waitFor(
      () => smsTo(customer.phone, '已取消'),
      (list) => list.length > 0,
    );
    expect(notice).toContain('原因：顾客来电取消');
    const inbox = await t.http.get('/v1/me/notifications').set(tony.user!.auth).expect(200);
    expect(inbox.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'appointment.staff_cancelled', storeId: store.id })]));
    await waitFor(
      () => smsTo(tony.phone, '预约取消'),
      (list) => list.length > 0,
    );
    const deskInbox = await t.http.get('/v1/me/notifications').set(desk.auth).expect(200);
    expect(deskInbox.body.data.filter((message: { key: string }) => message.key.startsWith('appointment.'))).toEqual([]);

    await waitFor(() => Date.now() > start.getTime() - OFFSET_MINUTES * MINUTE);
    await twoSweeps();
    expect(await reminderRows(customer.id)).toBe(0);
    expect(reminders(customer.phone)).toEqual([]);
  });

  it('a check-in, a no-show or a completion ends the reminders still pending', async () => {
    const customer = await newCustomer();
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) ids.push(await book(customer.id, new Date(Date.now() + (3 + k) * 60 * MINUTE)));
    for (const id of ids) expect((await deadlinesOf(id)).map((row) => row.status)).toEqual(['pending']);
    await changes().transition(ids[0], 'checked_in');
    await changes().transition(ids[1], 'no_show');
    // Each change on its own (the fixture writes the status as told): completion ends them too.
    await changes().transition(ids[2], 'completed');
    for (const id of ids) expect((await deadlinesOf(id)).map((row) => row.status)).toEqual(['cancelled']);
  });

  it('after a Redis FLUSHALL and an API restart: a pending reminder arrives once, a moved one at its new time, a cancelled one never', async () => {
    const [kept, moved, cancelled] = [await newCustomer(), await newCustomer(), await newCustomer()];
    const keptId = await book(kept.id, startWithReminderIn(6000));
    const movedId = await book(moved.id, new Date(Date.now() + 3 * 60 * MINUTE));
    // Its reminder falls due well after the restart and the cancellation (a restart on a busy machine takes
    // seconds), and the test waits past that time: cancelled first, it must never arrive.
    const cancelledStart = startWithReminderIn(20_000);
    const cancelledId = await book(cancelled.id, cancelledStart);
    await t.close({ keepDatabase: true });
    await flusher.flushall();
    t = await boot({ reuse: { database: t.database, redisPrefix: t.config.REDIS_PREFIX } });

    const movedTo = startWithReminderIn(3000);
    await changes().reschedule(movedId, movedTo, { actor: staffActor(desk, [store.id]) });
    await cancelAtDesk(cancelledId);
    await waitFor(
      () => [reminders(kept.phone), reminders(moved.phone)],
      ([a, b]) => a.length > 0 && b.length > 0,
    );
    expect(reminders(moved.phone)[0]).toContain(shanghai(movedTo).slice(11, 16));
    await waitFor(
      () => smsTo(cancelled.phone, '已取消'),
      (list) => list.length > 0,
    );
    for (const id of [keptId, movedId, cancelledId]) await noneLeftPending(id);
    await waitFor(() => Date.now() > cancelledStart.getTime() - OFFSET_MINUTES * MINUTE, Boolean, 30_000);
    await twoSweeps();
    expect([reminders(kept.phone).length, reminders(moved.phone).length, reminders(cancelled.phone).length]).toEqual([1, 1, 0]);
  });
});
