/**
 * Recurring appointments over HTTP: a 30-minute cut by Ana every week at 14:00 in Shanghai, one week
 * of which she is already booked; the same at 10:00 in Berlin across the change to summer time; and
 * the future occurrences of a series cancelled together.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment, insertBareCustomer } from './support/appointments.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

// Monday 15 March 2027, 08:00 in Shanghai (01:00 in Berlin).
const clock = new FixedClock('2027-03-15T00:00:00Z');
const MONDAYS = ['2027-03-15', '2027-03-22', '2027-03-29', '2027-04-05'];

interface AppointmentBody {
  id: string;
  start: string;
  customerId: string;
  seriesId: string | null;
  status: string;
}
interface SeriesBody {
  seriesId: string;
  booked: AppointmentBody[];
  conflicts: Array<{ startsAt: string; code: string; detail: string }>;
}

describe('POST /v1/appointments/recurring', () => {
  let t: TestApp;
  let desk: UserRecord;
  let cut: string;

  /** A store in `timeZone` (its receptionist is `desk` from then on) with a chair and a stylist who works every Monday of MONDAYS, `from`–`to` local time. */
  async function salon(timeZone: string, offsets: string[], hours: [string, string]): Promise<{ store: StoreRecord; stylist: StaffMemberRecord }> {
    const store = await createStore(t, { timeZone });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const stylist = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', skills: { haircut: 5 } });
    for (const [i, date] of MONDAYS.entries()) {
      await insertShift(t, { staffMemberId: stylist.id, storeId: store.id, date, start: `${date}T${hours[0]}:00${offsets[i]}`, end: `${date}T${hours[1]}:00${offsets[i]}` });
    }
    await t.sql(`INSERT INTO resource (store_id, name, type) VALUES ($1, 'Chair 1', 'chair')`, [store.id]);
    return { store, stylist };
  }

  const series = (body: Record<string, unknown>, headers: Record<string, string> = {}) => t.http.post('/v1/appointments/recurring').set(desk.auth).set(headers).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock });
    const owner = await createUser(t, { role: 'owner' });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          name: '剪发 Cut',
          skill: 'haircut',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
        }),
      )
      .expect(201);
    cut = service.body.variations[0].id;
  });
  afterAll(() => t?.close());

  it('books every week but the one that collides, reports that one with the reason, and gives all the same series', async () => {
    const { store, stylist } = await salon('Asia/Shanghai', ['+08:00', '+08:00', '+08:00', '+08:00'], ['10:00', '19:00']);
    const other = await insertBareCustomer(t, '已有预约 Already booked');
    await insertAppointment(t, {
      storeId: store.id,
      customerId: other,
      segments: [{ variationId: cut, staffMemberId: stylist.id, start: '2027-03-29T14:00:00+08:00', blocks: { active: 30 } }],
    });
    const customer = await insertBareCustomer(t);

    const res = await series({
      storeId: store.id,
      startsAt: '2027-03-15T14:00:00+08:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customerId: customer,
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 4,
    });
    expect(res.status).toBe(201);
    const body = res.body as SeriesBody;
    expect(res.headers.location).toBe(`/v1/appointments/${body.seriesId}`);
    expect(body.booked.map((a) => a.start)).toEqual(['2027-03-15T14:00:00+08:00', '2027-03-22T14:00:00+08:00', '2027-04-05T14:00:00+08:00']);
    expect(body.booked.every((a) => a.seriesId === body.seriesId && a.customerId === customer && a.status === 'booked')).toBe(true);
    expect(body.seriesId).toBe(body.booked[0].id);
    expect(body.conflicts).toEqual([{ startsAt: '2027-03-29T14:00:00+08:00', code: 'appointment.slot_taken', detail: expect.any(String) }]);
    const stored = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM appointment WHERE series_id = $1', [body.seriesId]);
    expect(stored).toEqual([{ n: 3 }]);
  });

  it("keeps the store's local time across a DST change (Berlin, 28 March 2027)", async () => {
    const { store, stylist } = await salon('Europe/Berlin', ['+01:00', '+01:00', '+02:00', '+02:00'], ['09:00', '18:00']);
    const res = await series({
      storeId: store.id,
      startsAt: '2027-03-22T10:00:00+01:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customer: { name: '新顾客 New customer', phone: '+8613811112222' },
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 2,
    }).expect(201);
    const body = res.body as SeriesBody;
    expect(body.booked.map((a) => a.start)).toEqual(['2027-03-22T10:00:00+01:00', '2027-03-29T10:00:00+02:00']);
    expect(body.conflicts).toEqual([]);
    // The new customer was created once; both visits are theirs.
    expect(new Set(body.booked.map((a) => a.customerId)).size).toBe(1);
    expect(await t.sql(`SELECT count(*)::int AS n FROM customer WHERE phone = '+8613811112222'`)).toEqual([{ n: 1 }]);
  });

  it('answers 422 listing every conflict when none can be booked, and books nothing', async () => {
    const { store, stylist } = await salon('Asia/Shanghai', ['+08:00', '+08:00', '+08:00', '+08:00'], ['10:00', '12:00']);
    const res = await series({
      storeId: store.id,
      startsAt: '2027-03-15T15:00:00+08:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customerId: await insertBareCustomer(t),
      channel: 'phone',
      everyWeeks: 2,
      occurrences: 2,
    }).expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('appointment.recurring_none_booked');
    expect(res.body.conflicts.map((c: { startsAt: string }) => c.startsAt)).toEqual(['2027-03-15T15:00:00+08:00', '2027-03-29T15:00:00+08:00']);
    expect(await t.sql('SELECT id FROM appointment WHERE store_id = $1', [store.id])).toEqual([]);
  });

  it('refuses a bad series with a problem naming the field, before booking anything', async () => {
    const { store, stylist } = await salon('Asia/Shanghai', ['+08:00', '+08:00', '+08:00', '+08:00'], ['10:00', '19:00']);
    const body = {
      storeId: store.id,
      startsAt: '2027-03-15T16:00:00+08:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customerId: await insertBareCustomer(t),
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 2,
    };
    for (const [field, value] of [
      ['everyWeeks', 9],
      ['everyWeeks', '1'],
      ['occurrences', 1],
      ['occurrences', 27],
    ] as const) {
      const res = await series({ ...body, [field]: value }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const res = await series({ ...body, holdId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' }).expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['holdId']);
    expect(await t.sql('SELECT id FROM appointment WHERE store_id = $1', [store.id])).toEqual([]);
  });

  it('replays the first answer for the same Idempotency-Key and books nothing more', async () => {
    const { store, stylist } = await salon('Asia/Shanghai', ['+08:00', '+08:00', '+08:00', '+08:00'], ['10:00', '19:00']);
    const body = {
      storeId: store.id,
      startsAt: '2027-03-15T11:00:00+08:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customerId: await insertBareCustomer(t),
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 3,
    };
    const first = await series(body, { 'idempotency-key': 'series-once' }).expect(201);
    const again = await series(body, { 'idempotency-key': 'series-once' }).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.seriesId).toBe(first.body.seriesId);
    expect(await t.sql('SELECT count(*)::int AS n FROM appointment WHERE store_id = $1', [store.id])).toEqual([{ n: 3 }]);
  });
  it("cancels a series' occurrences still to come, all at once, and leaves the past one", async () => {
    const { store, stylist } = await salon('Asia/Shanghai', ['+08:00', '+08:00', '+08:00', '+08:00'], ['10:00', '19:00']);
    const created = await series({
      storeId: store.id,
      startsAt: '2027-03-15T12:00:00+08:00',
      services: [{ variationId: cut, staffMemberId: stylist.id }],
      customerId: await insertBareCustomer(t),
      channel: 'phone',
      everyWeeks: 1,
      occurrences: 3,
    }).expect(201);
    const { seriesId } = created.body as SeriesBody;
    // 13:00 on the first day: the first visit has begun.
    clock.set('2027-03-15T05:00:00Z');
    try {
      const res = await t.http.post(`/v1/appointments/series/${seriesId}/cancel`).set(desk.auth).send({ reason: '顾客搬家 Moved away' }).expect(200);
      expect(res.body.seriesId).toBe(seriesId);
      expect(res.body.cancelled.map((a: AppointmentBody) => [a.start, a.status])).toEqual([
        ['2027-03-22T12:00:00+08:00', 'cancelled'],
        ['2027-03-29T12:00:00+08:00', 'cancelled'],
      ]);
      const stored = await t.sql<{ status: string }>('SELECT status FROM appointment WHERE series_id = $1 ORDER BY starts_at', [seriesId]);
      expect(stored.map((row) => row.status)).toEqual(['booked', 'cancelled', 'cancelled']);
      // Nothing is left to cancel; another store's staff do not see the series.
      expect((await t.http.post(`/v1/appointments/series/${seriesId}/cancel`).set(desk.auth).send({}).expect(400)).body.errors[0].field).toBe('reason');
      expect((await t.http.post(`/v1/appointments/series/${seriesId}/cancel`).set(desk.auth).send({ reason: 'again' }).expect(200)).body.cancelled).toEqual([]);
      const elsewhere = await createUser(t, { role: 'receptionist', storeIds: [(await createStore(t)).id] });
      expect((await t.http.post(`/v1/appointments/series/${seriesId}/cancel`).set(elsewhere.auth).send({ reason: 'why' }).expect(404)).body.code).toBe(
        'appointment.series_not_found',
      );
    } finally {
      clock.set('2027-03-15T00:00:00Z');
    }
  });
});
