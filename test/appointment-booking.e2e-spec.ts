/**
 * Holds, bookings and reschedules over HTTP on one store's Monday: a colour (25 min active, 35
 * processing, 30 finishing, 10 buffer) and a 30-minute cut, stylists Ana (senior) and Bo working
 * 10:00–19:00, Cy (cuts only) 10:00–19:00, and two chairs.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment, insertBareCustomer } from './support/appointments.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { waitFor } from './support/wait.js';
import { PROBLEM, fieldsOf } from './support/responses.js';
import { createLevel, createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

// Sunday 21 March 2027, 08:00 in Shanghai: bookings for Monday are a day ahead.
const clock = new FixedClock('2027-03-21T00:00:00Z');
const cn = (time: string, date = '2027-03-22') => `${date}T${time}:00+08:00`;

describe('Booking: holds, appointments, reschedules', () => {
  let t: TestApp;
  let owner: UserRecord;
  let desk: UserRecord;
  let store: StoreRecord;
  let colour: string;
  let cut: string;
  let ana: StaffMemberRecord;
  let bo: StaffMemberRecord;
  let cy: StaffMemberRecord;
  let chair1: string;
  let customer: string;

  const book = (body: Record<string, unknown>, auth = desk.auth) =>
    t.http
      .post('/v1/appointments')
      .set(auth)
      .send({ channel: 'phone', customerId: customer, ...body });
  const direct = (time: string, services: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
    book({ storeId: store.id, startsAt: cn(time), services, ...extra });

  /** Active segments of one staff member (or one resource) that overlap: there must never be any. */
  const overlaps = async () => {
    const [{ n }] = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM booking_segment a JOIN booking_segment b ON a.id < b.id AND a.active AND b.active
        WHERE (a.staff_member_id = b.staff_member_id AND a.staff_busy && b.staff_busy) OR (a.resource_id = b.resource_id AND a.resource_busy && b.resource_busy)`,
    );
    return n;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const category = await categoryId(t, 'hair_colour');
    const colourService = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(category)).expect(201);
    colour = colourService.body.variations[0].id;
    const cutService = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(category, {
          name: '剪发 Cut',
          skill: 'haircut',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
        }),
      )
      .expect(201);
    cut = cutService.body.variations[0].id;
    const senior = await createLevel(t, { code: 'senior_bk', name: '高级技师 Senior', rank: 510 });
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', levelId: senior.id, skills: { hair_colour: 5, haircut: 5 } });
    bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { hair_colour: 3, haircut: 3 } });
    cy = await createStaffMember(t, { storeIds: [store.id], displayName: 'Cy', skills: { haircut: 4 } });
    for (const date of ['2027-03-22', '2027-03-23', '2027-03-24']) {
      for (const member of [ana, bo, cy]) await insertShift(t, { staffMemberId: member.id, storeId: store.id, date, start: cn('10:00', date), end: cn('19:00', date) });
    }
    chair1 = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 1', type: 'chair' }).expect(201)).body.id;
    await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 2', type: 'chair' }).expect(201);
    customer = await insertBareCustomer(t, '李女士 Ms Li');
  });
  afterAll(() => t.close());

  it('books a colour at the desk: 201 with its number, segments, price by level, Location, history and the created event', async () => {
    const res = await direct('10:00', [{ variationId: colour, staffMemberId: ana.id }], { notes: '过敏体质 Sensitive scalp' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/appointments/${res.body.id}`);
    expect(res.body).toMatchObject({
      number: expect.stringMatching(/^AP-20270321-\d{4}$/),
      storeId: store.id,
      customerId: customer,
      status: 'booked',
      channel: 'phone',
      start: cn('10:00'),
      end: cn('11:30'),
      notes: '过敏体质 Sensitive scalp',
      bookedByType: 'user',
      allowedActions: ['confirm', 'check_in', 'cancel', 'no_show', 'reschedule'],
    });
    expect(res.body.segments).toEqual([
      expect.objectContaining({ variationId: colour, staffMemberId: ana.id, resourceId: expect.any(String), start: cn('10:00'), end: cn('11:30') }),
    ]);
    const history = await t.sql<{ from_status: string; to_status: string; actor_id: string }>(
      'SELECT from_status, to_status, actor_id FROM appointment_status_history WHERE appointment_id = $1',
      [res.body.id],
    );
    expect(history).toEqual([{ from_status: 'new', to_status: 'booked', actor_id: desk.id }]);
    const events = await t.sql<{ name: string }>(`SELECT name FROM event WHERE payload->>'appointmentId' = $1`, [res.body.id]);
    expect(events.map((event) => event.name)).toEqual(['appointment.created']);
  });

  it('lets Ana cut someone else while the colour develops, but not while she is finishing it', async () => {
    const during = await direct('10:30', [{ variationId: cut, staffMemberId: ana.id }]);
    expect(during.status).toBe(201);
    const finishing = await direct('11:00', [{ variationId: cut, staffMemberId: ana.id }]);
    expect(finishing.status).toBe(409);
    expect(finishing.headers['content-type']).toMatch(PROBLEM);
    expect(finishing.body).toMatchObject({ code: 'appointment.slot_taken', conflict: { segment: 0, kind: 'staff_busy', staffMemberId: ana.id } });
    // The nearest free times for a cut by Ana, the same day, none at the taken 11:00.
    expect(finishing.body.nearest.length).toBeGreaterThan(0);
    expect(finishing.body.nearest.map((slot: { start: string }) => slot.start)).not.toContain(cn('11:00'));
    expect(finishing.body.nearest[0].start.slice(0, 10)).toBe('2027-03-22');
  });

  it('assigns "any staff": the customer’s preferred one when free, else the least booked that day', async () => {
    const regular = await insertBareCustomer(t, '常客 Regular');
    await t.http
      .put(`/v1/customers/${regular}/preferred-staff`)
      .set(owner.auth)
      .send({ staffMemberIds: [cy.id] })
      .expect(200);
    const preferred = await direct('14:00', [{ variationId: cut }], { customerId: regular });
    expect(preferred.status).toBe(201);
    expect(preferred.body.segments[0].staffMemberId).toBe(cy.id);
    // Ana has two appointments today, Cy one: Bo, with none, gets the next unassigned cut.
    const anyone = await direct('16:00', [{ variationId: cut }]);
    expect(anyone.body.segments[0].staffMemberId).toBe(bo.id);
  });

  it('finds the customer by phone, or registers one, so a phone booking makes no duplicate', async () => {
    const first = await direct('17:00', [{ variationId: cut }], { customerId: undefined, customer: { name: '新顾客 New', phone: '+8613911112222' } });
    expect(first.status).toBe(201);
    const again = await direct('18:00', [{ variationId: cut }], { customerId: undefined, customer: { name: '新顾客 Typo', phone: '13911112222' } });
    expect(again.status).toBe(201);
    expect(again.body.customerId).toBe(first.body.customerId);
    const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM customer WHERE phone = '+8613911112222'`);
    expect(n).toBe(1);
  });

  it('answers bad requests with a problem naming what is wrong, and books nothing', async () => {
    const before = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM appointment');
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ storeId: store.id, startsAt: cn('09:00'), services: [{ variationId: cut }] }, 422, 'appointment.outside_working_time', 'startsAt'],
      [{ storeId: store.id, startsAt: cn('20:00'), services: [{ variationId: cut, staffMemberId: bo.id }] }, 422, 'appointment.outside_working_time', 'services[0].staffMemberId'],
      [{ storeId: store.id, startsAt: cn('12:00'), services: [{ variationId: colour, staffMemberId: cy.id }] }, 422, 'appointment.staff_unavailable', 'services[0].staffMemberId'],
      [{ storeId: store.id, startsAt: cn('12:00', '2027-03-20'), services: [{ variationId: cut }] }, 422, 'appointment.outside_booking_window', 'startsAt'],
      [{ storeId: store.id, startsAt: cn('12:00', '2027-08-20'), services: [{ variationId: cut }] }, 422, 'appointment.outside_booking_window', 'startsAt'],
      [{ storeId: store.id, startsAt: cn('12:05'), services: [{ variationId: cut }] }, 422, 'appointment.outside_booking_window', 'startsAt'],
      [
        { storeId: store.id, startsAt: cn('12:00'), services: [{ variationId: '00000000-0000-4000-8000-000000000000' }] },
        422,
        'availability.variation_unavailable',
        'services[0].variationId',
      ],
      [
        { storeId: store.id, startsAt: cn('12:00'), services: [{ variationId: cut }], customerId: '00000000-0000-4000-8000-000000000001' },
        422,
        'reference.not_found',
        'customerId',
      ],
      [
        { storeId: store.id, startsAt: cn('12:00'), services: [{ variationId: cut, resourceId: '00000000-0000-4000-8000-000000000003' }] },
        422,
        'appointment.resource_unavailable',
        'services[0].resourceId',
      ],
      [{ storeId: store.id, startsAt: 'tomorrow noon', services: [{ variationId: cut }] }, 400, 'request.validation_failed', 'startsAt'],
      [{ storeId: store.id, startsAt: cn('12:00'), services: [] }, 400, 'request.validation_failed', 'services'],
      [{ holdId: '00000000-0000-4000-8000-000000000002', storeId: store.id }, 400, 'request.validation_failed', 'holdId'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await book(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(res.body)).toContain(field);
    }
    const otherStore = await createStore(t);
    const hidden = await book({ storeId: otherStore.id, startsAt: cn('12:00'), services: [{ variationId: cut }] });
    expect(hidden.status).toBe(404);
    expect(await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM appointment')).toEqual(before);
  });

  it('holds a slot so nobody else can take it, books it from the hold, and refuses an expired hold', async () => {
    const hold = await t.http
      .post('/v1/appointment-holds')
      .set(desk.auth)
      .send({ storeId: store.id, startsAt: cn('12:00'), services: [{ variationId: colour, staffMemberId: bo.id }] });
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ start: cn('12:00'), end: cn('13:30'), expiresAt: '2027-03-21T08:05:00+08:00', segments: [{ staffMemberId: bo.id }] });
    const taken = await direct('12:00', [{ variationId: cut, staffMemberId: bo.id }]);
    expect(taken.status).toBe(409);
    expect(taken.body.conflict).toMatchObject({ kind: 'staff_busy', staffMemberId: bo.id });
    const booked = await book({ holdId: hold.body.id });
    expect(booked.status).toBe(201);
    expect(booked.body.segments[0]).toMatchObject({ staffMemberId: bo.id, start: cn('12:00') });
    expect(await t.sql('SELECT 1 FROM appointment_hold WHERE id = $1', [hold.body.id])).toEqual([]);
    // A second hold, left to expire: booking it is refused, and its time is free again.
    const late = await t.http
      .post('/v1/appointment-holds')
      .set(desk.auth)
      .send({ storeId: store.id, startsAt: cn('15:00'), services: [{ variationId: cut, staffMemberId: ana.id }] });
    expect(late.status).toBe(201);
    clock.set('2027-03-21T00:06:00Z');
    try {
      const expired = await book({ holdId: late.body.id });
      expect(expired.status).toBe(410);
      expect(expired.body.code).toBe('appointment_hold.expired');
      expect((await direct('15:00', [{ variationId: cut, staffMemberId: ana.id }])).status).toBe(201);
    } finally {
      clock.set('2027-03-21T00:00:00Z');
    }
  });

  it('moves every segment of an appointment in one go, and a confirmed one goes back to booked', async () => {
    const booked = await direct(
      '13:00',
      [
        { variationId: cut, staffMemberId: cy.id },
        { variationId: cut, staffMemberId: cy.id },
      ],
      { customerId: await insertBareCustomer(t) },
    );
    expect(booked.status).toBe(201);
    await t.sql(`UPDATE appointment SET status = 'confirmed' WHERE id = $1`, [booked.body.id]);
    // 15 minutes earlier: into its own time, with the same stylist.
    const moved = await t.http
      .post(`/v1/appointments/${booked.body.id}/reschedule`)
      .set(desk.auth)
      .send({ startsAt: cn('12:45'), reason: '顾客早到 Arrived early' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'booked', start: cn('12:45'), end: cn('13:45') });
    expect(moved.body.segments.map((s: { start: string; staffMemberId: string }) => [s.start, s.staffMemberId])).toEqual([
      [cn('12:45'), cy.id],
      [cn('13:15'), cy.id],
    ]);
    expect(moved.body.segments.map((s: { id: string }) => s.id)).toEqual(booked.body.segments.map((s: { id: string }) => s.id));
    const history = await t.sql<{ to_status: string; reason: string }>('SELECT to_status, reason FROM appointment_status_history WHERE appointment_id = $1 ORDER BY at, id', [
      booked.body.id,
    ]);
    expect(history.at(-1)).toEqual({ to_status: 'booked', reason: expect.stringContaining('Arrived early') });
    // Next day with anyone free.
    const tomorrow = await t.http
      .post(`/v1/appointments/${booked.body.id}/reschedule`)
      .set(desk.auth)
      .send({ startsAt: cn('11:00', '2027-03-23'), anyStaff: true });
    expect(tomorrow.status).toBe(200);
    expect(tomorrow.body.start).toBe(cn('11:00', '2027-03-23'));
    const events = await t.sql<{ name: string }>(`SELECT name FROM event WHERE payload->>'appointmentId' = $1 ORDER BY occurred_at, id`, [booked.body.id]);
    expect(events.map((event) => event.name)).toEqual(['appointment.created', 'appointment.rescheduled', 'appointment.rescheduled']);
  });

  it('refuses to move a completed appointment, or with a stale If-Match (If-Match: * asks for no check)', async () => {
    const done = await insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      status: 'completed',
      segments: [{ variationId: cut, staffMemberId: cy.id, start: cn('09:00', '2027-03-20'), blocks: { active: 30 } }],
    });
    const refused = await t.http
      .post(`/v1/appointments/${done}/reschedule`)
      .set(desk.auth)
      .send({ startsAt: cn('13:00', '2027-03-23') });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'appointment.not_reschedulable', status: 409 });
    const booked = await book({
      storeId: store.id,
      startsAt: cn('10:00', '2027-03-23'),
      services: [{ variationId: cut, staffMemberId: cy.id }],
      customerId: await insertBareCustomer(t),
    });
    expect(booked.status).toBe(201);
    const stale = await t.http
      .post(`/v1/appointments/${booked.body.id}/reschedule`)
      .set(desk.auth)
      .set('If-Match', '"7"')
      .send({ startsAt: cn('10:30', '2027-03-23') });
    expect(stale.status).toBe(412);
    // `*` (whatever version there is) asks for no check where If-Match is optional: the move goes ahead.
    const anyVersion = await t.http
      .post(`/v1/appointments/${booked.body.id}/reschedule`)
      .set(desk.auth)
      .set('If-Match', '*')
      .send({ startsAt: cn('10:30', '2027-03-23') });
    expect(anyVersion.status).toBe(200);
  });

  it("moves a merged customer's appointments, holds and places on the waitlist to the survivor", async () => {
    const duplicate = await insertBareCustomer(t, '重复 Duplicate');
    const survivor = await insertBareCustomer(t, '正本 Survivor');
    const booked = await book({ storeId: store.id, startsAt: cn('15:00', '2027-03-24'), services: [{ variationId: cut, staffMemberId: cy.id }], customerId: duplicate });
    expect(booked.status).toBe(201);
    const hold = await t.http
      .post('/v1/appointment-holds')
      .set(desk.auth)
      .send({ storeId: store.id, startsAt: cn('16:00', '2027-03-24'), services: [{ variationId: cut, staffMemberId: cy.id }], customerId: duplicate });
    expect(hold.status).toBe(201);
    const [{ id: waiting }] = await t.sql<{ id: string }>(
      `INSERT INTO waitlist_entry (store_id, customer_id, variation_ids, date_from, date_to) VALUES ($1, $2, $3::uuid[], '2027-03-24', '2027-03-26') RETURNING id`,
      [store.id, duplicate, [cut]],
    );
    expect((await t.http.post(`/v1/customers/${survivor}/merge`).set(owner.auth).send({ duplicateId: duplicate })).status).toBe(200);
    const owners = () =>
      t.sql<{ customerId: string }>(
        `SELECT customer_id AS "customerId" FROM appointment WHERE id = $1 UNION ALL SELECT customer_id FROM appointment_hold WHERE id = $2 UNION ALL SELECT customer_id FROM waitlist_entry WHERE id = $3`,
        [booked.body.id, hold.body.id, waiting],
      );
    await waitFor(owners, (rows) => rows.length === 3 && rows.every((row) => row.customerId === survivor));
    expect((await t.http.get(`/v1/appointments/${booked.body.id}`).set(desk.auth)).body.customerId).toBe(survivor);
  });

  describe('under concurrency (the database forbids double-booking)', () => {
    const statusesOf = (results: Array<{ status: number }>) => results.map((res) => res.status).sort();

    it('50 parallel bookings of one slot: one 201, 49 × 409, no overlap', async () => {
      const day = '2027-03-23';
      const all = await Promise.all(
        Array.from({ length: 50 }, () => book({ storeId: store.id, startsAt: cn('16:00', day), services: [{ variationId: cut, staffMemberId: bo.id }] })),
      );
      expect(statusesOf(all)).toEqual([201, ...Array<number>(49).fill(409)]);
      for (const res of all.filter((r) => r.status === 409)) expect(res.body.code).toBe('appointment.slot_taken');
      expect(await overlaps()).toBe(0);
    });

    it('50 parallel holds of one slot: one 201, 49 × 409', async () => {
      const all = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.http
            .post('/v1/appointment-holds')
            .set(desk.auth)
            .send({ storeId: store.id, startsAt: cn('17:00', '2027-03-23'), services: [{ variationId: cut, staffMemberId: bo.id }] }),
        ),
      );
      expect(statusesOf(all)).toEqual([201, ...Array<number>(49).fill(409)]);
      expect(await overlaps()).toBe(0);
    });

    it('50 parallel reschedules of different appointments into one slot: one wins', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 50; i++) {
        const res = await insertAppointment(t, {
          storeId: store.id,
          customerId: customer,
          segments: [
            {
              variationId: cut,
              staffMemberId: ana.id,
              start: `2027-04-${String(1 + (i % 28)).padStart(2, '0')}T${String(2 + Math.floor(i / 28)).padStart(2, '0')}:00:00Z`,
              blocks: { active: 30 },
            },
          ],
        });
        ids.push(res);
      }
      const all = await Promise.all(
        ids.map((id) =>
          t.http
            .post(`/v1/appointments/${id}/reschedule`)
            .set(desk.auth)
            .send({ startsAt: cn('18:00', '2027-03-23') }),
        ),
      );
      expect(statusesOf(all)).toEqual([200, ...Array<number>(49).fill(409)]);
      expect(await overlaps()).toBe(0);
    });

    it('bookings that share a chair but not a stylist: only one gets it', async () => {
      const stylists = [ana, bo, cy];
      const all = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          book({ storeId: store.id, startsAt: cn('10:00', '2027-03-24'), services: [{ variationId: cut, staffMemberId: stylists[i % 3].id, resourceId: chair1 }] }),
        ),
      );
      expect(statusesOf(all)).toEqual([201, ...Array<number>(49).fill(409)]);
      // Losers with another stylist than the winner's lost the chair.
      const winner = all.find((res) => res.status === 201)!.body.segments[0].staffMemberId;
      const others = all.filter((res) => res.status === 409 && res.body.conflict.staffMemberId !== winner);
      expect(others.length).toBeGreaterThan(0);
      for (const res of others) expect(res.body.conflict).toMatchObject({ kind: 'resource_busy', resourceId: chair1 });
      expect(await overlaps()).toBe(0);
    });

    it('two bookings truly in flight at once for one stylist: the second waits for the first and is refused, naming it', async () => {
      const [first, second] = await raceOfTwo(
        t,
        () => book({ storeId: store.id, startsAt: cn('12:00', '2027-03-23'), services: [{ variationId: cut, staffMemberId: cy.id }] }),
        () => book({ storeId: store.id, startsAt: cn('12:00', '2027-03-23'), services: [{ variationId: cut, staffMemberId: cy.id }] }),
      );
      expect([first.status, second.status]).toEqual([201, 409]);
      expect(second.body.conflict).toMatchObject({ kind: 'staff_busy', staffMemberId: cy.id, appointmentNumber: first.body.number, held: false });
    });

    it('"any staff" that loses a stylist to a racing booking gets the other one instead of a 409', async () => {
      const [first, second] = await raceOfTwo(
        t,
        () => book({ storeId: store.id, startsAt: cn('13:00', '2027-03-23'), services: [{ variationId: colour }] }),
        () => book({ storeId: store.id, startsAt: cn('13:00', '2027-03-23'), services: [{ variationId: colour }] }),
      );
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(new Set([first.body.segments[0].staffMemberId, second.body.segments[0].staffMemberId])).toEqual(new Set([ana.id, bo.id]));
    });
  });
});
