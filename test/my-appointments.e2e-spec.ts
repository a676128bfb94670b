/**
 * A customer signed in through a customers' app books, reschedules and cancels their own appointment,
 * and cannot read or touch anyone else's (issue 13, done-when). One store's Monday: a colour and a
 * cut, stylists Ana and Bo working 10:00–19:00, two chairs; a trainee not bookable online.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createPublishableKey, freshPhone, signInCustomer, type CustomerSessionRecord, type PublishableKeyRecord } from './support/customer-apps.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

// Sunday 21 March 2027, 08:00 in Shanghai: bookings for Monday are a day ahead.
const clock = new FixedClock('2027-03-21T00:00:00Z');
const cn = (time: string, date = '2027-03-22') => `${date}T${time}:00+08:00`;

describe("a customer's own appointments (/v1/me)", () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let key: PublishableKeyRecord;
  let colour: string;
  let cut: string;
  let hidden: string;
  let ana: StaffMemberRecord;
  let trainee: StaffMemberRecord;
  let lin: CustomerSessionRecord;
  let wu: CustomerSessionRecord;

  const me = (session: CustomerSessionRecord) => ({
    hold: (body: Record<string, unknown>) => t.http.post('/v1/me/appointment-holds').set(session.auth).send(body),
    book: (body: Record<string, unknown>, headers: Record<string, string> = {}) => t.http.post('/v1/me/appointments').set(session.auth).set(headers).send(body),
    get: (id: string) => t.http.get(`/v1/me/appointments/${id}`).set(session.auth),
    list: (query: Record<string, unknown> = {}) => t.http.get('/v1/me/appointments').query(query).set(session.auth),
    reschedule: (id: string, body: Record<string, unknown>) => t.http.post(`/v1/me/appointments/${id}/reschedule`).set(session.auth).send(body),
    cancel: (id: string, body: Record<string, unknown> = {}) => t.http.post(`/v1/me/appointments/${id}/cancel`).set(session.auth).send(body),
  });
  const at = (time: string, services: Array<Record<string, unknown>>, date?: string) => ({ storeId: store.id, startsAt: cn(time, date), services });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    other = await createStore(t);
    const category = await categoryId(t, 'hair_colour');
    colour = (await t.http.post('/v1/services').set(owner.auth).send(serviceBody(category)).expect(201)).body.variations[0].id;
    const cutBody = serviceBody(category, {
      name: '剪发 Cut',
      skill: 'haircut',
      timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
      variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
    });
    cut = (await t.http.post('/v1/services').set(owner.auth).send(cutBody).expect(201)).body.variations[0].id;
    hidden = (
      await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(category, { name: '内部 Staff only', bookableOnline: false }))
        .expect(201)
    ).body.variations[0].id;
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', skills: { hair_colour: 5, haircut: 5 } });
    const bo = await createStaffMember(t, { storeIds: [store.id], displayName: 'Bo', skills: { hair_colour: 3, haircut: 3 } });
    trainee = await createStaffMember(t, { storeIds: [store.id], displayName: 'Trainee', bookableOnline: false, skills: { haircut: 1 } });
    for (const date of ['2027-03-22', '2027-03-23']) {
      for (const member of [ana, bo, trainee]) await insertShift(t, { staffMemberId: member.id, storeId: store.id, date, start: cn('10:00', date), end: cn('19:00', date) });
    }
    for (const name of ['Chair 1', 'Chair 2']) await t.http.post('/v1/resources').set(owner.auth).send({ storeId: store.id, name, type: 'chair' }).expect(201);
    key = await createPublishableKey(t, owner.auth, { storeId: store.id, channel: 'mini_program' });
    lin = await signInCustomer(t, key, freshPhone(), '林小雨 Lin');
    wu = await signInCustomer(t, key, freshPhone(), '吴先生 Wu');
  });
  afterAll(() => t.close());

  it('books from a hold, reschedules and cancels its own appointment: as the customer, on the app’s channel', async () => {
    const hold = await me(lin).hold(at('10:00', [{ variationId: colour, staffMemberId: ana.id }]));
    expect(hold.status).toBe(201);
    expect(hold.body).toMatchObject({ customerId: lin.customerId, start: cn('10:00') });

    const booked = await me(lin).book({ holdId: hold.body.id, specialRequests: '想要安静的房间 A quiet room' });
    expect(booked.status).toBe(201);
    expect(booked.headers.location).toBe(`/v1/me/appointments/${booked.body.id}`);
    expect(booked.body).toMatchObject({
      customerId: lin.customerId,
      channel: 'mini_program',
      bookedByType: 'customer',
      status: 'booked',
      start: cn('10:00'),
      specialRequests: '想要安静的房间 A quiet room',
      segments: [{ variationId: colour, staffMemberId: ana.id }],
    });
    const id = booked.body.id as string;
    const [row] = await t.sql<{ booked_by_type: string; booked_by_id: string }>('SELECT booked_by_type, booked_by_id FROM appointment WHERE id = $1', [id]);
    expect(row).toEqual({ booked_by_type: 'customer', booked_by_id: lin.customerId });
    expect((await me(lin).get(id)).body).toMatchObject({ id, start: cn('10:00') });
    expect((await me(lin).list()).body).toMatchObject({ data: [{ id }], nextCursor: null });

    const moved = await me(lin).reschedule(id, { startsAt: cn('14:00', '2027-03-23') });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id, start: cn('14:00', '2027-03-23'), segments: [{ staffMemberId: ana.id, start: cn('14:00', '2027-03-23') }] });
    const [history] = await t.sql<{ actor_type: string; actor_id: string }>(
      'SELECT actor_type, actor_id FROM appointment_status_history WHERE appointment_id = $1 ORDER BY at DESC, id DESC LIMIT 1',
      [id],
    );
    expect(history).toEqual({ actor_type: 'customer', actor_id: lin.customerId });

    const cancelled = await me(lin).cancel(id, { reason: '临时有事 Something came up' });
    expect(cancelled.status).toBe(200);
    // Two days ahead: outside the store's cancellation window (24 h by default), so not late.
    expect(cancelled.body).toMatchObject({ id, status: 'cancelled', cancelledByType: 'customer', cancelReason: '临时有事 Something came up', lateCancellation: false });
    expect((await me(lin).cancel(id)).body.code).toBe('appointment.invalid_transition');
    const audit = await t.sql<{ action: string; actor_type: string; actor_id: string }>(
      'SELECT action, actor_type, actor_id FROM audit_event WHERE entity_id = $1 ORDER BY created_at',
      [id],
    );
    expect(audit.map((entry) => [entry.action, entry.actor_type, entry.actor_id])).toEqual([
      ['appointment.create', 'customer', lin.customerId],
      ['appointment.reschedule', 'customer', lin.customerId],
      ['appointment.cancelled', 'customer', lin.customerId],
    ]);
  });

  it("answers 404 for another customer's appointment and hold, whatever they try", async () => {
    const theirs = await me(lin).book(at('11:00', [{ variationId: cut }]));
    expect(theirs.status).toBe(201);
    const id = theirs.body.id as string;
    for (const res of [await me(wu).get(id), await me(wu).reschedule(id, { startsAt: cn('15:00') }), await me(wu).cancel(id)]) {
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('appointment.not_found');
    }
    expect((await me(wu).list()).body.data).toEqual([]);
    expect((await me(lin).get(id)).body.status).toBe('booked');

    const linsHold = await me(lin).hold(at('16:00', [{ variationId: cut }]));
    expect(linsHold.status).toBe(201);
    const taken = await me(wu).book({ holdId: linsHold.body.id });
    expect(taken.status).toBe(404);
    expect(taken.body.code).toBe('appointment_hold.not_found');
    expect((await t.http.delete(`/v1/me/appointment-holds/${linsHold.body.id}`).set(wu.auth)).status).toBe(404);
    expect((await t.http.delete(`/v1/me/appointment-holds/${linsHold.body.id}`).set(lin.auth)).status).toBe(204);
    // Not a UUID: the same 404.
    expect((await me(wu).get('not-an-id')).status).toBe(404);
  });

  it('books only what is bookable online, in its key’s store, within the store’s notice', async () => {
    const notOnline = await me(lin).book(at('12:00', [{ variationId: hidden }]));
    expect(notOnline.status).toBe(422);
    expect(notOnline.body.code).toBe('availability.variation_unavailable');
    const byTrainee = await me(lin).book(at('12:00', [{ variationId: cut, staffMemberId: trainee.id }]));
    expect(byTrainee.status).toBe(422);
    expect(byTrainee.body.code).toBe('appointment.staff_unavailable');
    const elsewhere = await me(lin).book({ ...at('12:00', [{ variationId: cut }]), storeId: other.id });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('store.not_found');
    const tooSoon = await me(lin).book({ storeId: store.id, startsAt: '2027-03-21T08:30:00+08:00', services: [{ variationId: cut }] });
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.body.code).toBe('appointment.outside_booking_window');
    // A customer books for themselves only: the desk's fields are not theirs to send.
    const forAnother = await me(lin).book({ ...at('12:00', [{ variationId: cut }]), customerId: wu.customerId, channel: 'walk_in' });
    expect(forAnother.status).toBe(400);
    expect(fieldsOf(forAnother.body).sort()).toEqual(['channel', 'customerId']);
  });

  it('replays a booking sent twice with one Idempotency-Key, and lets one of two customers racing for a slot win', async () => {
    const body = at('17:00', [{ variationId: cut, staffMemberId: ana.id }]);
    const first = await me(lin).book(body, { 'idempotency-key': 'lin-17' });
    const again = await me(lin).book(body, { 'idempotency-key': 'lin-17' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);

    const slot = at('18:00', [{ variationId: cut, staffMemberId: ana.id }]);
    const [a, b] = await raceOfTwo(
      t,
      () => me(lin).book(slot),
      () => me(wu).book(slot),
    );
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((res) => res.status === 409)!.body.code).toBe('appointment.slot_taken');
  });

  it('shows and changes its own profile basics (If-Match), the phone in full, audited as the customer', async () => {
    const mine = await t.http.get('/v1/me').set(lin.auth);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({
      id: lin.customerId,
      name: '林小雨 Lin',
      phone: expect.stringMatching(/^\+86137\d{8}$/),
      email: null,
      locale: 'zh-CN',
      preferredChannel: null,
      version: 1,
    });
    expect(mine.headers.etag).toBe('"1"');

    expect((await t.http.patch('/v1/me').set(lin.auth).send({ name: 'Lin Xiaoyu' })).status).toBe(428);
    const changed = await t.http
      .patch('/v1/me')
      .set(lin.auth)
      .set('if-match', '"1"')
      .send({ name: 'Lin Xiaoyu', email: 'lin@example.test', locale: 'en', preferredChannel: 'sms' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Lin Xiaoyu', email: 'lin@example.test', locale: 'en', preferredChannel: 'sms', version: 2 });
    expect((await t.http.patch('/v1/me').set(lin.auth).set('if-match', '"1"').send({ name: 'Stale' })).status).toBe(412);
    const notBasics = await t.http
      .patch('/v1/me')
      .set(lin.auth)
      .set('if-match', '"2"')
      .send({ phone: '+8613900000000', tags: ['vip'] });
    expect(notBasics.status).toBe(400);
    expect(fieldsOf(notBasics.body).sort()).toEqual(['phone', 'tags']);
    const [audit] = await t.sql<{ actor_type: string; actor_id: string }>(
      "SELECT actor_type, actor_id FROM audit_event WHERE entity_id = $1 AND action = 'customer.update' ORDER BY created_at",
      [lin.customerId],
    );
    expect(audit).toEqual({ actor_type: 'customer', actor_id: lin.customerId });
  });

  it('lists upcoming appointments soonest first and past ones latest first, a page at a time', async () => {
    const ho = await signInCustomer(t, key, freshPhone(), '何 He');
    const ids: string[] = [];
    for (const time of ['15:00', '13:00', '10:30']) ids.push((await me(ho).book(at(time, [{ variationId: cut }], '2027-03-23'))).body.id);
    const first = await me(ho).list({ limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.data.map((a: { start: string }) => a.start)).toEqual([cn('10:30', '2027-03-23'), cn('13:00', '2027-03-23')]);
    const second = await me(ho).list({ limit: 2, cursor: first.body.nextCursor });
    expect(second.body).toMatchObject({ data: [{ start: cn('15:00', '2027-03-23') }], nextCursor: null });
    expect((await me(ho).list({ when: 'past' })).body.data).toEqual([]);
    expect((await me(ho).list({ when: 'soon' })).status).toBe(400);
    expect((await me(ho).list({ cursor: 'bogus' })).status).toBe(400);
  });

  it('is for customer sessions only: staff tokens and publishable keys get 403', async () => {
    for (const auth of [owner.auth, key.auth]) {
      const res = await t.http.get('/v1/me/appointments').set(auth);
      expect(res.status).toBe(403);
    }
    expect((await t.http.get('/v1/me').set(owner.auth)).body.code).toBe('auth.customer_only');
    expect((await t.http.get('/v1/me').set(key.auth)).body.code).toBe('auth.publishable_key_not_allowed');
    expect((await t.http.get('/v1/me')).status).toBe(401);
  });
});
