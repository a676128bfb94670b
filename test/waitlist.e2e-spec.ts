/**
 * The waitlist over HTTP, on a real day of a store: a 30-minute cut by Ana in one chair, three
 * customers waiting for it (in that order), and appointments that get cancelled. Two are offered a
 * freed slot at once (WAITLIST_OFFER_COUNT=2); the SMS reaches a local fake Twilio.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { WaitlistSweep } from '../src/modules/appointments/waitlist/waitlist-sweep.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment, insertBareCustomer } from './support/appointments.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { startFakeTwilio, type FakeTwilio } from './support/fake-providers.js';
import { providerEnv, TWILIO } from './support/notifications.js';
import { PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';
import { waitFor } from './support/wait.js';

// Monday 22 March 2027, 08:00 in Shanghai.
const clock = new FixedClock('2027-03-22T00:00:00Z');
const cn = (time: string, date = '2027-03-22') => `${date}T${time}:00+08:00`;

interface EntryBody {
  id: string;
  status: string;
  customerId: string;
  offer: { holdId: string; expiresAt: string; start: string | null; end: string | null } | null;
}

describe('/v1/waitlist', () => {
  let t: TestApp;
  let twilio: FakeTwilio;
  let desk: UserRecord;
  let store: StoreRecord;
  let cut: string;
  let ana: StaffMemberRecord;
  let chair: string;

  const entry = async (id: string) => (await t.http.get(`/v1/waitlist/${id}`).set(desk.auth).expect(200)).body as EntryBody;
  const join = async (customerId: string, overrides: Record<string, unknown> = {}) =>
    (
      await t.http
        .post('/v1/waitlist')
        .set(desk.auth)
        .send({ storeId: store.id, customerId, variationIds: [cut], dateFrom: '2027-03-22', dateTo: '2027-03-29', ...overrides })
        .expect(201)
    ).body as EntryBody;
  const phoneOf = async (customerId: string) => (await t.sql<{ phone: string }>('SELECT phone FROM customer WHERE id = $1', [customerId]))[0].phone;

  /** A booked cut by Ana in the chair at `time`, for a customer who is not waiting. */
  const appointmentAt = async (time: string) =>
    insertAppointment(t, {
      storeId: store.id,
      customerId: await insertBareCustomer(t, '取消的顾客 Cancelling'),
      segments: [{ variationId: cut, staffMemberId: ana.id, resourceId: chair, start: cn(time), blocks: { active: 30 } }],
    });

  /** The front desk cancels it (the life cycle publishes `appointment.cancelled`, which the waitlist hears). */
  const cancel = async (appointmentId: string) => {
    await t.http.post(`/v1/appointments/${appointmentId}/cancel`).set(desk.auth).send({ reason: '顾客有事 The customer cannot come' }).expect(200);
  };

  /** Takes everyone still waiting off the list (DELETE), so a test's freed slot goes to its own entries. */
  const leaveAll = async () => {
    const page = await t.http.get('/v1/waitlist').query({ storeId: store.id, status: 'waiting', limit: 100 }).set(desk.auth).expect(200);
    for (const e of page.body.data as EntryBody[]) expect((await t.http.delete(`/v1/waitlist/${e.id}`).set(desk.auth).expect(200)).body.status).toBe('cancelled');
  };

  const offeredTogether = (ids: string[]) =>
    waitFor(
      async () => Promise.all(ids.map(entry)),
      (entries) => entries.every((e) => e.status === 'offered'),
    );

  beforeAll(async () => {
    twilio = await startFakeTwilio(TWILIO);
    t = await startTestApp({ clock, env: { ...providerEnv(twilio.url), WAITLIST_OFFER_COUNT: '2' } });
    const owner = await createUser(t, { role: 'owner' });
    store = await createStore(t, { name: '花漾 徐汇店' });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const category = await categoryId(t, 'hair_colour');
    const service = await t.http
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
    cut = service.body.variations[0].id;
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', skills: { haircut: 5 } });
    await insertShift(t, { staffMemberId: ana.id, storeId: store.id, date: '2027-03-22', start: cn('10:00'), end: cn('19:00') });
    chair = (await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name: 'Chair 1', type: 'chair' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it('offers a freed slot to the first two waiting, the first to accept books it, the second is told it was taken, the third is never offered', async () => {
    const freed = await appointmentAt('14:00');
    const [first, second, third] = [await insertBareCustomer(t, '一号 First'), await insertBareCustomer(t, '二号 Second'), await insertBareCustomer(t, '三号 Third')];
    const waiting = [await join(first), await join(second), await join(third)];
    expect(waiting.map((e) => e.status)).toEqual(['waiting', 'waiting', 'waiting']);

    await cancel(freed);
    const [a, b] = await offeredTogether([waiting[0].id, waiting[1].id]);
    expect(a.offer).toMatchObject({ start: cn('14:00'), end: cn('14:30'), expiresAt: '2027-03-22T08:30:00+08:00' });
    expect(b.offer?.holdId).toBe(a.offer?.holdId);
    expect((await entry(waiting[2].id)).status).toBe('waiting');

    // One hold on the slot, for WAITLIST_OFFER_MINUTES, for nobody in particular.
    const holds = await t.sql<{ customerId: string | null; expiresAt: Date }>('SELECT customer_id AS "customerId", expires_at AS "expiresAt" FROM appointment_hold WHERE id = $1', [
      a.offer!.holdId,
    ]);
    expect(holds).toEqual([{ customerId: null, expiresAt: new Date('2027-03-22T00:30:00Z') }]);

    // Each of the two gets a text naming the store and the time; the third gets none.
    const texts = await waitFor(
      () => twilio.requests.filter((r) => r.form.Body?.includes('14:00')),
      (list) => list.length >= 2,
    );
    expect(texts.map((r) => r.form.To).sort()).toEqual([await phoneOf(first), await phoneOf(second)].sort());
    expect(texts[0].form.Body).toContain('花漾 徐汇店');

    // While the hold lives, a walk-in cannot take the slot.
    const walkIn = await t.http
      .post('/v1/appointments')
      .set(desk.auth)
      .send({ storeId: store.id, startsAt: cn('14:00'), services: [{ variationId: cut, staffMemberId: ana.id }], customerId: third, channel: 'walk_in' });
    expect(walkIn.status).toBe(409);
    expect(walkIn.body.code).toBe('appointment.slot_taken');

    const accepted = await t.http.post(`/v1/waitlist/${waiting[0].id}/accept`).set(desk.auth).expect(201);
    expect(accepted.headers.location).toBe(`/v1/appointments/${accepted.body.id}`);
    expect(accepted.body).toMatchObject({ customerId: first, start: cn('14:00'), status: 'booked' });
    expect(await entry(waiting[0].id)).toMatchObject({ status: 'booked', offer: null });

    const late = await t.http.post(`/v1/waitlist/${waiting[1].id}/accept`).set(desk.auth).expect(409);
    expect(late.headers['content-type']).toMatch(PROBLEM);
    expect(late.body.code).toBe('waitlist.offer_taken');
    expect(await entry(waiting[1].id)).toMatchObject({ status: 'waiting', offer: null });

    // The third was never offered anything, nor told.
    const history = await t.sql('SELECT to_status FROM waitlist_entry_status_history WHERE waitlist_entry_id = $1 ORDER BY at, id', [waiting[2].id]);
    expect(history).toEqual([]);
    expect(await t.sql(`SELECT id FROM notification WHERE customer_id = $1 AND key = 'waitlist.offer'`, [third])).toEqual([]);
  });

  it('books a slot once when ten accepts of its offer arrive at once', async () => {
    await leaveAll();
    const freed = await appointmentAt('16:00');
    const entries = [
      await join(await insertBareCustomer(t), { timeFrom: '15:00', timeTo: '18:00' }),
      await join(await insertBareCustomer(t), { timeFrom: '15:00', timeTo: '18:00' }),
    ];
    await cancel(freed);
    await offeredTogether(entries.map((e) => e.id));
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .post(`/v1/waitlist/${entries[i % 2].id}/accept`)
          .set(desk.auth)
          .send({}),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const response of responses.filter((r) => r.status === 409)) expect(['waitlist.offer_taken', 'waitlist.not_offered']).toContain(response.body.code);
    const booked = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM appointment WHERE store_id = $1 AND starts_at = $2 AND status = 'booked'`, [
      store.id,
      new Date(cn('16:00')),
    ]);
    expect(booked).toEqual([{ n: 1 }]);
    const statuses = (await Promise.all(entries.map((e) => entry(e.id)))).map((e) => e.status).sort();
    expect(statuses).toEqual(['booked', 'waiting']);
  });

  it('offers the time a rescheduled appointment left', async () => {
    await leaveAll();
    const booked = await t.http
      .post('/v1/appointments')
      .set(desk.auth)
      .send({ storeId: store.id, startsAt: cn('11:00'), services: [{ variationId: cut, staffMemberId: ana.id }], customerId: await insertBareCustomer(t), channel: 'phone' })
      .expect(201);
    const mine = await join(await insertBareCustomer(t), { dateFrom: '2027-03-22', dateTo: '2027-03-22', timeFrom: '10:30', timeTo: '12:00', staffMemberId: ana.id });
    await t.http
      .post(`/v1/appointments/${booked.body.id}/reschedule`)
      .set(desk.auth)
      .send({ startsAt: cn('18:30') })
      .expect(200);
    const offered = await waitFor(
      () => entry(mine.id),
      (e) => e.status === 'offered',
    );
    expect(offered.offer).toMatchObject({ start: cn('11:00'), end: cn('11:30') });
  });

  it('sends an offer whose hold ran out back to waiting, and expires entries whose dates have passed', async () => {
    await leaveAll();
    const freed = await appointmentAt('17:00');
    const customer = await insertBareCustomer(t);
    const mine = await join(customer, { dateFrom: '2027-03-22', dateTo: '2027-03-22', timeFrom: '17:00', timeTo: '17:30' });
    await cancel(freed);
    const offered = await waitFor(
      () => entry(mine.id),
      (e) => e.status === 'offered',
    );
    await t.sql('UPDATE appointment_hold SET expires_at = $2 WHERE id = $1', [offered.offer!.holdId, new Date('2027-03-21T23:59:00Z')]);
    await t.sql(`UPDATE waitlist_entry SET offer_expires_at = $2 WHERE id = $1`, [mine.id, new Date('2027-03-21T23:59:00Z')]);
    const sweep = t.app.get(WaitlistSweep);
    expect((await sweep.run())?.offersEnded).toBeGreaterThanOrEqual(1);
    expect(await entry(mine.id)).toMatchObject({ status: 'waiting', offer: null });
    const expired = await t.http.post(`/v1/waitlist/${mine.id}/accept`).set(desk.auth).expect(409);
    expect(expired.body.code).toBe('waitlist.offer_expired');

    clock.set('2027-03-23T00:00:00Z');
    try {
      expect((await sweep.run())?.expired).toBeGreaterThanOrEqual(1);
      expect((await entry(mine.id)).status).toBe('expired');
    } finally {
      clock.set('2027-03-22T00:00:00Z');
    }
  });
  it('refuses bad entries with a problem naming the field, and keeps the queue in the order customers asked', async () => {
    const customer = await insertBareCustomer(t);
    const body = { storeId: store.id, customerId: customer, variationIds: [cut], dateFrom: '2027-03-22', dateTo: '2027-03-29' };
    const problem = async (overrides: Record<string, unknown>, status: number) => {
      const res = await t.http
        .post('/v1/waitlist')
        .set(desk.auth)
        .send({ ...body, ...overrides });
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      return res.body as { code: string; errors?: Array<{ field: string }> };
    };
    expect((await problem({ dateTo: '2027-03-21' }, 400)).errors?.[0].field).toBe('dateTo');
    expect((await problem({ dateFrom: '2027-03-01', dateTo: '2027-03-21' }, 400)).errors?.[0].field).toBe('dateTo');
    expect((await problem({ timeFrom: '15:00' }, 400)).errors?.map((e) => e.field)).toEqual(['timeTo']);
    expect((await problem({ timeFrom: '15:00', timeTo: '14:00' }, 400)).errors?.[0].field).toBe('timeTo');
    expect(await problem({ variationIds: ['7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f'] }, 422)).toMatchObject({
      code: 'availability.variation_unavailable',
      errors: [{ field: 'variationIds[0]' }],
    });
    expect(await problem({ customerId: '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f' }, 422)).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'customerId' }] });
    const bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { hair_colour: 3 } });
    expect((await problem({ staffMemberId: bo.id }, 400)).errors?.[0].field).toBe('staffMemberId');
    expect(await t.sql('SELECT id FROM waitlist_entry WHERE customer_id = $1', [customer])).toEqual([]);

    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    await t.http.post('/v1/waitlist').set(beautician.auth).send(body).expect(403);
    const elsewhere = await createUser(t, { role: 'receptionist', storeIds: [(await createStore(t)).id] });
    await t.http.post('/v1/waitlist').set(elsewhere.auth).send(body).expect(404);

    const older = await join(customer, { staffMemberId: ana.id, timeFrom: '10:00', timeTo: '24:00', notes: '只要 Ana' });
    const newer = await join(await insertBareCustomer(t));
    expect(older).toMatchObject({ staffMemberId: ana.id, timeFrom: '10:00', timeTo: '24:00', notes: '只要 Ana', offer: null });
    const firstPage = await t.http.get('/v1/waitlist').query({ storeId: store.id, status: 'waiting', limit: 1 }).set(desk.auth).expect(200);
    const ids = [firstPage.body.data[0].id];
    let cursor = firstPage.body.nextCursor as string | null;
    while (cursor) {
      const page = await t.http.get('/v1/waitlist').query({ storeId: store.id, status: 'waiting', limit: 1, cursor }).set(desk.auth).expect(200);
      ids.push(page.body.data[0].id);
      cursor = page.body.nextCursor;
    }
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    await t.http.get(`/v1/waitlist/${older.id}`).set(elsewhere.auth).expect(404);
    await t.http.delete(`/v1/waitlist/${older.id}`).set(desk.auth).expect(200);
    const again = await t.http.delete(`/v1/waitlist/${older.id}`).set(desk.auth).expect(409);
    expect(again.body.code).toBe('waitlist_entry.invalid_transition');
    await t.http.delete(`/v1/waitlist/${newer.id}`).set(desk.auth).expect(200);
  });
});
