import { AvailabilityInputs, type AvailabilityQuery } from '../src/modules/appointments/availability/availability-inputs.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createCustomer } from './customer-support.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { countQueries } from './support/query-count.js';
import { createLevel, createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

/**
 * What the availability search loads for Jing'an on Monday 7 and Tuesday 8 December 2026 (Shanghai,
 * open 10:00–21:00), asked at 08:00 on the Monday: who can do a colour, when they work, what is
 * already booked or held, the chairs, and the policy.
 */
describe('appointments: the availability inputs', () => {
  let t: TestApp;
  let inputs: AvailabilityInputs;
  let owner: UserRecord;
  let store: StoreRecord;
  let colour: { serviceId: string; short: string };
  let cut: string;
  let tony: StaffMemberRecord;
  let bella: StaffMemberRecord;
  let cindy: StaffMemberRecord;
  let director: string;
  const chairs = { one: '', two: '' };
  let customerId: string;
  const now = new Date('2026-12-07T08:00:00+08:00');
  const at = (local: string) => new Date(`2026-12-${local}+08:00`).getTime();
  const span = (start: string, end: string) => ({ start: at(start), end: at(end) });
  const query = (overrides: Partial<AvailabilityQuery> = {}): AvailabilityQuery => ({
    storeId: store.id,
    variationIds: [colour.short],
    mode: 'sequential',
    from: new Date(at('07T00:00:00')),
    to: new Date(at('09T00:00:00')),
    online: false,
    ...overrides,
  });
  const staffOf = async (overrides: Partial<AvailabilityQuery> = {}) => (await inputs.load(query(overrides), now)).problem.services[0].staff.map((member) => member.staffMemberId);

  let number = 0;
  /** An appointment (or with `hold`, a hold expiring then) with one segment: the staff member's busy spans and the chair's. */
  async function segment(options: { staff: string; start: string; end: string; busy: Array<[string, string]>; chair?: string; active?: boolean; hold?: Date }) {
    const range = (start: string, end: string) => `[${new Date(at(start)).toISOString()},${new Date(at(end)).toISOString()})`;
    let appointmentId: string | null = null;
    let holdId: string | null = null;
    if (options.hold) {
      [{ id: holdId }] = await t.sql<{ id: string }>(`INSERT INTO appointment_hold (store_id, expires_at, created_by_type) VALUES ($1, $2, 'user') RETURNING id`, [
        store.id,
        options.hold,
      ]);
    } else {
      [{ id: appointmentId }] = await t.sql<{ id: string }>(
        `INSERT INTO appointment (number, store_id, customer_id, channel, starts_at, ends_at, booked_by_type, status)
         VALUES ($1, $2, $3, 'phone', $4, $5, 'user', $6) RETURNING id`,
        [`T-${number++}-${Date.now()}`, store.id, customerId, new Date(at(options.start)), new Date(at(options.end)), options.active === false ? 'cancelled' : 'booked'],
      );
    }
    await t.sql(
      `INSERT INTO booking_segment (appointment_id, hold_id, position, store_id, variation_id, staff_member_id, resource_id, starts_at, ends_at, staff_busy, resource_busy, active, price_amount, currency)
       VALUES ($1, $2, 0, $3, $4, $5, $6, $7, $8, $9::tstzmultirange, $10::tstzrange, $11, 48800, 'CNY')`,
      [
        appointmentId,
        holdId,
        store.id,
        colour.short,
        options.staff,
        options.chair ?? null,
        new Date(at(options.start)),
        new Date(at(options.end)),
        `{${options.busy.map(([start, end]) => range(start, end)).join(',')}}`,
        options.chair ? range(options.start, options.busy[options.busy.length - 1][1]) : null,
        options.active ?? true,
      ],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    inputs = t.app.get(AvailabilityInputs);
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour')))
      .expect(201);
    colour = { serviceId: service.body.id, short: service.body.variations[0].id };
    const cutService = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          skill: 'hair_cut',
          resourceType: 'chair',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 5 },
          variations: [{ name: 'Cut', price: cny(18800), durationMinutes: 45 }],
        }),
      )
      .expect(201);
    cut = cutService.body.variations[0].id;
    director = (await createLevel(t, { code: 'director_in', name: 'Director', rank: 900 })).id;
    tony = await createStaffMember(t, { storeIds: [store.id], displayName: 'Tony', levelId: director, skills: { hair_colour: 5, hair_cut: 5 } });
    bella = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bella', skills: { hair_colour: 4 }, bookableOnline: false });
    cindy = await createStaffMember(t, { storeIds: [store.id], displayName: 'Cindy', skills: { hair_colour: null } });
    await createStaffMember(t, { storeIds: [store.id], displayName: 'Dan', skills: { nails: 3 } });

    // Tony: 08:00–22:00 with lunch on Monday (the store opens 10:00–21:00); Tuesday's special hours are 12:00–16:00.
    await insertShift(t, {
      staffMemberId: tony.id,
      storeId: store.id,
      date: '2026-12-07',
      start: '2026-12-07T08:00:00+08:00',
      end: '2026-12-07T22:00:00+08:00',
      breaks: [{ start: '2026-12-07T13:00:00+08:00', end: '2026-12-07T14:00:00+08:00' }],
    });
    await insertShift(t, { staffMemberId: tony.id, storeId: store.id, date: '2026-12-08', start: '2026-12-08T10:00:00+08:00', end: '2026-12-08T19:00:00+08:00' });
    await insertShift(t, { staffMemberId: bella.id, storeId: store.id, date: '2026-12-07', start: '2026-12-07T10:00:00+08:00', end: '2026-12-07T19:00:00+08:00' });
    await t.http
      .post(`/v1/stores/${store.id}/closures`)
      .set(owner.auth)
      .send({ date: '2026-12-08', kind: 'special_hours', intervals: [{ open: '12:00', close: '16:00' }], reason: 'Staff training' })
      .expect(201);

    [{ id: chairs.one }] = await t.sql<{ id: string }>(`INSERT INTO resource (store_id, name, type) VALUES ($1, 'Chair 1', 'chair') RETURNING id`, [store.id]);
    [{ id: chairs.two }] = await t.sql<{ id: string }>(`INSERT INTO resource (store_id, name, type) VALUES ($1, 'Chair 2', 'chair') RETURNING id`, [store.id]);
    await t.sql(`INSERT INTO resource (store_id, name, type) VALUES ($1, 'Room 1', 'room')`, [store.id]);
    await t.sql(`INSERT INTO resource_block (resource_id, during, reason) VALUES ($1, tstzrange($2, $3), 'Hydraulics')`, [
      chairs.two,
      new Date(at('07T10:00:00')),
      new Date(at('07T12:00:00')),
    ]);

    const customer = await createCustomer(t, owner.auth);
    customerId = customer.id;
    await t.http
      .put(`/v1/customers/${customerId}/preferred-staff`)
      .set(owner.auth)
      .send({ staffMemberIds: [cindy.id, tony.id] })
      .expect(200);

    // Tony: a colour at 15:00 (free while it processes, 15:25–16:00), one just after local midnight on Tuesday, one cancelled.
    await segment({
      staff: tony.id,
      start: '07T15:00:00',
      end: '07T16:30:00',
      busy: [
        ['07T15:00:00', '07T15:25:00'],
        ['07T16:00:00', '07T16:40:00'],
      ],
      chair: chairs.one,
    });
    await segment({ staff: tony.id, start: '08T00:30:00', end: '08T01:00:00', busy: [['08T00:30:00', '08T01:00:00']] });
    await segment({ staff: tony.id, start: '07T17:00:00', end: '07T18:00:00', busy: [['07T17:00:00', '07T18:00:00']], chair: chairs.one, active: false });
    // Bella: a hold still live at 08:00, and one that expired a minute before.
    await segment({
      staff: bella.id,
      start: '07T11:00:00',
      end: '07T12:00:00',
      busy: [['07T11:00:00', '07T12:00:00']],
      chair: chairs.two,
      hold: new Date(now.getTime() + 5 * 60_000),
    });
    await segment({ staff: bella.id, start: '07T12:00:00', end: '07T13:00:00', busy: [['07T12:00:00', '07T13:00:00']], chair: chairs.one, hold: new Date(now.getTime() - 60_000) });
  });
  afterAll(() => t.close());

  it('loads one service with a chair in five queries: policy defaults, working time within opening hours, busy time, chairs', async () => {
    const { result, statements } = await countQueries(t.app, () => inputs.load(query(), now));
    expect(statements).toHaveLength(5);
    const { problem, policy, variations } = result;
    expect(policy).toMatchObject({ storeId: store.id, version: 0, slotMinutes: 15, dailyCapPerStaff: null });
    expect(variations.map((v) => v?.variationId)).toEqual([colour.short]);
    expect(problem).toMatchObject({
      timeZone: 'Asia/Shanghai',
      from: at('07T00:00:00'),
      to: at('09T00:00:00'),
      slotMinutes: 15,
      earliestStart: now.getTime() + 60 * 60_000,
      latestStart: new Date('2027-02-05T00:00:00+08:00').getTime(),
      mode: 'sequential',
      dailyCap: null,
    });
    expect(problem.services).toHaveLength(1);
    expect(problem.services[0]).toMatchObject({ variationId: colour.short, resourceType: 'chair' });
    expect(problem.services[0].staff.map((member) => member.staffMemberId)).toEqual([tony.id, bella.id, cindy.id]);
    expect(problem.services[0].staff[0]).toEqual({
      staffMemberId: tony.id,
      levelId: director,
      durationMinutes: 90,
      timeBlocks: { activeMinutes: 25, processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 },
      price: cny(48800),
      preferenceRank: null,
    });

    // Tony's 08:00–22:00 is kept to 10:00–21:00, less lunch; Tuesday to the special hours.
    expect(problem.working.get(tony.id)).toEqual([span('07T10:00:00', '07T13:00:00'), span('07T14:00:00', '07T21:00:00'), span('08T12:00:00', '08T16:00:00')]);
    expect(problem.working.get(bella.id)).toEqual([span('07T10:00:00', '07T19:00:00')]);
    expect(problem.working.get(cindy.id)).toEqual([]);

    // Busy: the booked segment's active and finishing-plus-buffer spans (not processing), the live hold; not the cancelled nor the expired.
    expect(problem.staffBusy.get(tony.id)).toEqual([span('07T15:00:00', '07T15:25:00'), span('07T16:00:00', '07T16:40:00'), span('08T00:30:00', '08T01:00:00')]);
    expect(problem.staffBusy.get(bella.id)).toEqual([span('07T11:00:00', '07T12:00:00')]);
    expect(problem.staffBusy.get(cindy.id)).toEqual([]);

    // Chairs: the booked colour's whole time with its buffer, the live hold's, the maintenance block; no rooms.
    expect([...problem.resources.keys()]).toEqual(['chair']);
    expect(problem.resources.get('chair')).toEqual([
      { resourceId: chairs.one, busy: [span('07T15:00:00', '07T16:40:00')] },
      { resourceId: chairs.two, busy: [span('07T10:00:00', '07T12:00:00'), span('07T11:00:00', '07T12:00:00')] },
    ]);
  });

  it("follows the store's policy: slot, notice, horizon from the local day, and each one's appointments per local date for the cap", async () => {
    await t.http
      .put(`/v1/stores/${store.id}/booking-policy`)
      .set(owner.auth)
      .send({
        slotMinutes: 30,
        minNoticeMinutes: 120,
        horizonDays: 30,
        dailyCapPerStaff: 6,
        cancellationWindowMinutes: 1440,
        lateCancellationFee: null,
        noShowAfterMinutes: 30,
        reminderOffsetsMinutes: [1440],
        holdMinutes: 5,
      })
      .expect(200);
    const { result, statements } = await countQueries(t.app, () => inputs.load(query(), now));
    expect(statements).toHaveLength(5);
    const { problem, policy } = result;
    expect(policy).toMatchObject({ version: 1, slotMinutes: 30, dailyCapPerStaff: 6 });
    expect(problem).toMatchObject({ slotMinutes: 30, earliestStart: now.getTime() + 120 * 60_000, latestStart: new Date('2027-01-06T00:00:00+08:00').getTime() });
    // 00:30 on Tuesday in Shanghai is still Monday in UTC: counted on Tuesday. The cancelled one is not.
    expect(problem.dailyCap?.cap).toBe(6);
    expect(problem.dailyCap?.counts.get(tony.id)).toEqual(
      new Map([
        ['2026-12-07', 1],
        ['2026-12-08', 1],
      ]),
    );
    expect(problem.dailyCap?.counts.get(bella.id)).toBeUndefined();
  });

  it('filters staff by the ids asked for, the level, and online booking; ranks the customer’s preferred (one query more)', async () => {
    expect(await staffOf({ staffMemberIds: [cindy.id, bella.id] })).toEqual([bella.id, cindy.id]);
    expect(await staffOf({ levelId: director })).toEqual([tony.id]);
    expect(await staffOf({ online: true })).toEqual([tony.id, cindy.id]);
    const { result, statements } = await countQueries(t.app, () => inputs.load(query({ customerId }), now));
    expect(statements).toHaveLength(6);
    expect(result.problem.services[0].staff.map((member) => [member.staffMemberId, member.preferenceRank])).toEqual([
      [tony.id, 1],
      [bella.id, null],
      [cindy.id, 0],
    ]);
  });

  it('loads several services with the catalog and staff per service and the rest once', async () => {
    const { result, statements } = await countQueries(t.app, () => inputs.load(query({ variationIds: [colour.short, cut] }), now));
    expect(statements).toHaveLength(2 * 2 + 3);
    expect(result.problem.services.map((service) => [service.variationId, service.resourceType, service.staff.map((member) => member.staffMemberId)])).toEqual([
      [colour.short, 'chair', [tony.id, bella.id, cindy.id]],
      [cut, 'chair', [tony.id]],
    ]);
    expect([...result.problem.resources.keys()]).toEqual(['chair']);
  });

  it('gives no staff for a variation the store does not sell, one not bookable online when online, or one that does not exist', async () => {
    const shut = await createStore(t);
    await createStaffMember(t, { storeIds: [shut.id], skills: { hair_colour: 3 } });
    await t.http.put(`/v1/services/${colour.serviceId}/store-overrides/${shut.id}`).set(owner.auth).send({ available: false }).expect(200);
    const closed = await inputs.load(query({ storeId: shut.id }), now);
    expect(closed.problem.services[0].staff).toEqual([]);
    expect(closed.variations[0]).toMatchObject({ variationId: colour.short, sellable: false });

    await t.http.patch(`/v1/services/${colour.serviceId}`).set(owner.auth).set('if-match', '"1"').send({ bookableOnline: false }).expect(200);
    try {
      expect(await staffOf({ online: true })).toEqual([]);
      expect(await staffOf({ online: false })).toEqual([tony.id, bella.id, cindy.id]);
    } finally {
      await t.http.patch(`/v1/services/${colour.serviceId}`).set(owner.auth).set('if-match', '"2"').send({ bookableOnline: true }).expect(200);
    }

    const missing = '6b1d8e52-3f47-4c5e-9d0a-5b6e1f2a3c4d';
    const unknown = await inputs.load(query({ variationIds: [missing] }), now);
    expect([unknown.variations, unknown.problem.services]).toEqual([[null], [{ variationId: missing, resourceType: null, staff: [] }]]);
  });

  it("leaves out a hold's own segments (booking from it) and an appointment's (rescheduling it)", async () => {
    const [{ holdId }] = await t.sql<{ holdId: string }>(
      'SELECT hold_id AS "holdId" FROM booking_segment WHERE staff_member_id = $1 AND hold_id IS NOT NULL AND resource_id = $2',
      [bella.id, chairs.two],
    );
    const [{ appointmentId }] = await t.sql<{ appointmentId: string }>(
      'SELECT appointment_id AS "appointmentId" FROM booking_segment WHERE staff_member_id = $1 AND active AND resource_id = $2',
      [tony.id, chairs.one],
    );
    const { problem } = await inputs.load(query({ excludeHoldId: holdId, excludeAppointmentId: appointmentId }), now);
    expect(problem.staffBusy.get(bella.id)).toEqual([]);
    expect(problem.staffBusy.get(tony.id)).toEqual([span('08T00:30:00', '08T01:00:00')]);
    expect(problem.resources.get('chair')).toEqual([
      { resourceId: chairs.one, busy: [] },
      { resourceId: chairs.two, busy: [span('07T10:00:00', '07T12:00:00')] },
    ]);
    expect(problem.dailyCap?.counts.get(tony.id)).toEqual(new Map([['2026-12-08', 1]]));
  });

  it('answers store.not_found for a store that does not exist', async () => {
    await expect(inputs.load(query({ storeId: '6b1d8e52-3f47-4c5e-9d0a-5b6e1f2a3c4d' }), now)).rejects.toMatchObject({ code: 'store.not_found' });
    await expect(inputs.load(query({ storeId: 'nope' }), now)).rejects.toMatchObject({ code: 'store.not_found' });
  });
});
