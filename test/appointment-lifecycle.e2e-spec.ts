/**
 * The life of an appointment over HTTP: confirm, check in, start, complete, cancel (late or not, with
 * the policy's fee), no-show (by the desk once started, by itself after the end), the refusals of the
 * state table, If-Match, concurrent moves, a beautician's limits, and the customer's figures.
 */
import { Db } from '../src/common/database/index.js';
import { DeadlineService } from '../src/common/deadlines/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { appointmentBook, FEE, POLICY, type AppointmentBook } from './support/appointment-fixtures.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { PROBLEM } from './support/responses.js';
import { insertBareCustomer } from './support/appointments.js';
import { createStaffMember, insertShift } from './support/scheduling.js';
import { waitFor } from './support/wait.js';

describe('appointment life cycle', () => {
  let t: TestApp;
  let book: AppointmentBook;
  let desk: UserRecord;

  const post = (id: string, action: string, body?: object, auth: Record<string, string> = desk.auth) => {
    const request = t.http.post(`/v1/appointments/${id}/${action}`).set(auth);
    return body ? request.send(body) : request;
  };
  const history = async (id: string) =>
    t.sql<{ from_status: string; to_status: string; actor_type: string; actor_id: string | null; reason: string | null }>(
      'SELECT from_status, to_status, actor_type, actor_id, reason FROM appointment_status_history WHERE appointment_id = $1 ORDER BY at, id',
      [id],
    );
  const figures = async (customerId: string) => (await t.http.get(`/v1/customers/${customerId}`).set(book.owner.auth).expect(200)).body.figures;
  const activeSegments = async (id: string) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM booking_segment WHERE appointment_id = $1 AND active', [id]))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    book = await appointmentBook(t);
    desk = await createUser(t, { role: 'receptionist', storeIds: [book.store.id] });
  });
  afterAll(() => t.close());

  it('walks an appointment from booked to completed, answering it with its ETag; the history says who moved it and when, in order', async () => {
    const { id, customerId } = await book.appointment({ startInMinutes: -5 });
    const read = await t.http.get(`/v1/appointments/${id}`).set(desk.auth).expect(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toMatchObject({ id, status: 'booked', allowedActions: ['confirm', 'check_in', 'cancel', 'no_show', 'reschedule'] });

    const confirmed = await post(id, 'confirm').expect(200);
    expect(confirmed.headers.etag).toBe('"2"');
    expect(confirmed.body).toMatchObject({ status: 'confirmed', version: 2, allowedActions: ['check_in', 'cancel', 'no_show', 'reschedule'] });
    const checkedIn = await post(id, 'check-in').expect(200);
    expect(checkedIn.body).toMatchObject({ status: 'checked_in', allowedActions: ['start', 'complete'] });
    expect(checkedIn.body.checkedInAt).toMatch(/\+08:00$/);
    await post(id, 'start').expect(200);
    const completed = await post(id, 'complete').expect(200);
    expect(completed.body).toMatchObject({ status: 'completed', version: 5, allowedActions: [] });
    expect(completed.body.completedAt).toMatch(/\+08:00$/);

    const res = await t.http.get(`/v1/appointments/${id}/history`).set(desk.auth).expect(200);
    expect(res.body.data.map((row: { from: string; to: string }) => `${row.from}→${row.to}`)).toEqual([
      'booked→confirmed',
      'confirmed→checked_in',
      'checked_in→in_service',
      'in_service→completed',
    ]);
    expect(res.body.data[0]).toMatchObject({ actorType: 'user', actorId: desk.id, reason: null });
    expect(res.body.data[0].at).toMatch(/\+08:00$/);
    // A completed visit counts on the customer; the events went out with each move.
    expect(await figures(customerId)).toMatchObject({ visitCount: 1, noShowCount: 0, lateCancellationCount: 0 });
    const events = await t.sql<{ name: string; change: string | null }>(
      "SELECT name, payload->>'change' AS change FROM event WHERE payload->>'appointmentId' = $1 ORDER BY occurred_at, name",
      [id],
    );
    expect(events).toEqual([
      { name: 'appointment.updated', change: 'confirmed' },
      { name: 'appointment.checked_in', change: null },
      { name: 'appointment.updated', change: 'started' },
      { name: 'appointment.completed', change: null },
    ]);
    const audit = await t.sql<{ action: string }>("SELECT action FROM audit_event WHERE entity_type = 'appointment' AND entity_id = $1 ORDER BY created_at", [id]);
    expect(audit.map((row) => row.action)).toEqual(['appointment.confirmed', 'appointment.checked_in', 'appointment.started', 'appointment.completed']);
  });

  it('refuses moves the state table does not allow with a 409 naming the current state and the allowed ones, and writes nothing', async () => {
    const { id } = await book.appointment();
    const early = await post(id, 'complete').expect(409);
    expect(early.headers['content-type']).toMatch(PROBLEM);
    expect(early.body).toMatchObject({
      code: 'appointment.invalid_transition',
      currentState: 'booked',
      requestedState: 'completed',
      allowedStates: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
    });
    await post(id, 'start').expect(409);
    await post(id, 'cancel', { reason: '顾客改主意 Changed their mind' }).expect(200);
    for (const action of ['confirm', 'check-in', 'start', 'complete', 'no-show']) {
      const res = await post(id, action);
      expect([action, res.status, res.body.code, res.body.currentState]).toEqual([action, 409, 'appointment.invalid_transition', 'cancelled']);
    }
    expect((await post(id, 'cancel', { reason: 'again' })).status).toBe(409);
    expect(await history(id)).toHaveLength(1);
  });

  it('asks staff why they cancel (422 naming reason); outside the window a cancellation is not late, costs nothing, and frees the time', async () => {
    const { id, customerId } = await book.appointment({ startInMinutes: 3 * 24 * 60 });
    const missing = await post(id, 'cancel', {}).expect(422);
    expect(missing.body).toMatchObject({ code: 'appointment.reason_required', errors: [{ field: 'reason' }] });
    expect((await post(id, 'cancel').expect(422)).body.code).toBe('appointment.reason_required');
    expect((await post(id, 'cancel', { reason: '   ' })).status).toBe(400);
    expect(await activeSegments(id)).toBe(1);

    const res = await post(id, 'cancel', { reason: '顾客出差 Away on business' }).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '顾客出差 Away on business', cancelledByType: 'user', lateCancellation: false, fee: null });
    expect(await activeSegments(id)).toBe(0);
    expect((await history(id))[0]).toMatchObject({ to_status: 'cancelled', actor_type: 'user', actor_id: desk.id, reason: '顾客出差 Away on business' });
    expect(await figures(customerId)).toMatchObject({ lateCancellationCount: 0 });
  });

  it("records a cancellation inside the store's window as late, with the policy's fee, and counts it on the customer", async () => {
    const { id, customerId } = await book.appointment({ startInMinutes: 60 });
    const res = await post(id, 'cancel', { reason: '临时加班 Working late' }).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', lateCancellation: true, fee: FEE });
    expect(await figures(customerId)).toMatchObject({ lateCancellationCount: 1, noShowCount: 0 });
    const [row] = await t.sql<{ cancelled_by_type: string; cancelled_by_id: string }>('SELECT cancelled_by_type, cancelled_by_id FROM appointment WHERE id = $1', [id]);
    expect(row).toEqual({ cancelled_by_type: 'user', cancelled_by_id: desk.id });
  });

  it('refuses a no-show before the start (422); after it, records the no-show with the fee, frees the time and counts it', async () => {
    const future = await book.appointment({ startInMinutes: 30 });
    const early = await post(future.id, 'no-show').expect(422);
    expect(early.body).toMatchObject({ code: 'appointment.not_started' });
    expect(early.body.startsAt).toMatch(/\+08:00$/);
    expect(await history(future.id)).toHaveLength(0);

    const started = await book.appointment({ startInMinutes: -20, minutes: 60 });
    const res = await post(started.id, 'no-show', { reason: '电话未接 No answer' }).expect(200);
    expect(res.body).toMatchObject({ status: 'no_show', fee: FEE, lateCancellation: false });
    expect(await activeSegments(started.id)).toBe(0);
    expect(await figures(started.customerId)).toMatchObject({ noShowCount: 1, visitCount: 0 });
    expect((await history(started.id))[0]).toMatchObject({ to_status: 'no_show', reason: '电话未接 No answer' });
  });

  it('changes notes and special requests under If-Match (428 without, 412 when stale), and honours If-Match on moves', async () => {
    const { id } = await book.appointment();
    const patch = () => t.http.patch(`/v1/appointments/${id}`).set(desk.auth);
    expect((await patch().send({ notes: '过敏 Allergic' })).status).toBe(428);
    const changed = await patch().set('if-match', '"1"').send({ notes: '过敏 Allergic to PPD', specialRequests: '靠窗 By the window' }).expect(200);
    expect(changed.body).toMatchObject({ notes: '过敏 Allergic to PPD', specialRequests: '靠窗 By the window', version: 2, status: 'booked' });
    expect((await patch().set('if-match', '"1"').send({ notes: 'lost update' })).status).toBe(412);
    expect((await patch().set('if-match', '"2"').send({})).status).toBe(400);
    const cleared = await patch().set('if-match', '"2"').send({ specialRequests: null }).expect(200);
    expect(cleared.body).toMatchObject({ notes: '过敏 Allergic to PPD', specialRequests: null, version: 3 });

    expect((await post(id, 'confirm').set('if-match', '"2"')).status).toBe(412);
    expect((await post(id, 'confirm').set('if-match', '"3"')).status).toBe(200);
    expect(await history(id)).toHaveLength(1);
  });

  it('lets exactly one of 20 parallel check-ins win: the rest are 409s, no 5xx, one history row', async () => {
    const { id } = await book.appointment({ startInMinutes: 10 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(id, 'check-in')));
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    expect(await history(id)).toHaveLength(1);
  });

  it('lets either a cancel or a check-in win when both come at once, never both', async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await book.appointment({ startInMinutes: 10 });
      const [cancel, checkIn] = await Promise.all([post(id, 'cancel', { reason: 'race' }), post(id, 'check-in')]);
      expect([cancel.status, checkIn.status].sort()).toEqual([200, 409]);
      const rows = await history(id);
      expect(rows).toHaveLength(1);
      const [row] = await t.sql<{ status: string; active: boolean }>(
        'SELECT a.status, bool_and(b.active) AS active FROM appointment a JOIN booking_segment b ON b.appointment_id = a.id WHERE a.id = $1 GROUP BY a.status',
        [id],
      );
      expect(row).toEqual(cancel.status === 200 ? { status: 'cancelled', active: false } : { status: 'checked_in', active: true });
    }
  });

  it('lets a beautician start and complete her own appointments only, and nothing else', async () => {
    const ana = await createStaffMember(t, { storeIds: [book.store.id], skills: { haircut: 4 }, login: 'beautician' });
    const mine = await book.appointment({ staffMemberId: ana.id, startInMinutes: -10 });
    const theirs = await book.appointment({ startInMinutes: -10 });
    for (const { id } of [mine, theirs]) await post(id, 'check-in').expect(200);
    const auth = ana.user!.auth;

    const refused = await post(theirs.id, 'start', undefined, auth).expect(403);
    expect(refused.body.code).toBe('appointment.not_your_appointment');
    expect((await post(theirs.id, 'complete', undefined, auth)).status).toBe(403);
    await post(mine.id, 'start', undefined, auth).expect(200);
    await post(mine.id, 'complete', undefined, auth).expect(200);
    // The desk's moves are not hers; she still reads the store's book.
    const other = await book.appointment();
    for (const action of ['confirm', 'check-in', 'cancel', 'no-show']) expect([action, (await post(other.id, action, { reason: 'x' }, auth)).status]).toEqual([action, 403]);
    await t.http.get(`/v1/appointments/${theirs.id}`).set(auth).expect(200);
    expect((await history(theirs.id)).map((row) => row.to_status)).toEqual(['checked_in']);
  });

  it("answers another store's appointment as not found, to its staff and to keys limited to it", async () => {
    const { id } = await book.appointment();
    const elsewhere = await createStore(t);
    const stranger = await createUser(t, { role: 'manager', storeIds: [elsewhere.id] });
    for (const res of [await t.http.get(`/v1/appointments/${id}`).set(stranger.auth), await post(id, 'confirm', undefined, stranger.auth)]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('appointment.not_found');
    }
    const limited = await createApiKey(t, { scopes: ['appointments:read', 'appointments:write'], storeIds: [elsewhere.id] });
    expect((await t.http.get(`/v1/appointments/${id}/history`).set(limited.auth)).status).toBe(404);
    const own = await createApiKey(t, { scopes: ['appointments:read', 'appointments:write'], storeIds: [book.store.id] });
    expect((await post(id, 'confirm', undefined, own.auth)).body).toMatchObject({ status: 'confirmed' });
    expect((await history(id))[0]).toMatchObject({ actor_type: 'api_key', actor_id: own.id });
    expect((await t.http.get('/v1/appointments/not-a-uuid').set(desk.auth)).status).toBe(404);
  });

  it('sets the automatic no-show when an appointment is booked, moves it with a reschedule, and calls it off with a cancellation', async () => {
    // Two days ahead in Shanghai, when Ana works 10:00–19:00 and a chair is free.
    const date = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const at = (time: string) => `${date}T${time}:00+08:00`;
    const ana = await createStaffMember(t, { storeIds: [book.store.id], skills: { haircut: 4 } });
    await insertShift(t, { staffMemberId: ana.id, storeId: book.store.id, date, start: at('10:00'), end: at('19:00') });
    await t.http.post('/v1/resources').set(book.owner.auth).send({ storeId: book.store.id, name: 'Chair 1', type: 'chair' }).expect(201);
    const customerId = await insertBareCustomer(t);
    const pending = async (id: string) =>
      t.sql<{ due_at: Date }>("SELECT due_at FROM deadline WHERE kind = 'appointment.no_show' AND subject_id = $1 AND status = 'pending'", [id]);

    const booked = await t.http
      .post('/v1/appointments')
      .set(desk.auth)
      .send({ channel: 'phone', customerId, storeId: book.store.id, startsAt: at('14:00'), services: [{ variationId: book.variation, staffMemberId: ana.id }] })
      .expect(201);
    const id = booked.body.id as string;
    // The policy's noShowAfterMinutes is 0: due at the end.
    expect((await pending(id)).map((row) => row.due_at.toISOString())).toEqual([new Date(at('14:30')).toISOString()]);
    await t.http
      .post(`/v1/appointments/${id}/reschedule`)
      .set(desk.auth)
      .send({ startsAt: at('16:00') })
      .expect(200);
    expect((await pending(id)).map((row) => row.due_at.toISOString())).toEqual([new Date(at('16:30')).toISOString()]);
    await post(id, 'cancel', { reason: '顾客改期 Rebooking later' }).expect(200);
    expect(await pending(id)).toEqual([]);
  });

  it('marks an appointment never checked in a no-show by itself after its end, and leaves alone one checked in', async () => {
    const statusOf = async (id: string) => (await t.sql<{ status: string }>('SELECT status FROM appointment WHERE id = $1', [id]))[0].status;
    const deadlineOf = async (id: string) =>
      (await t.sql<{ status: string }>("SELECT status FROM deadline WHERE kind = 'appointment.no_show' AND subject_id = $1", [id]))[0]?.status;
    // noShowAfterMinutes 0: due at the end, a second or two from now for the absent customer, a minute for the one who comes.
    const absent = await book.appointment({ startInMinutes: -30 + 2 / 60, minutes: 30 });
    const present = await book.appointment({ startInMinutes: -29, minutes: 30 });
    for (const { id } of [absent, present]) await book.recordCreated(id);
    await post(present.id, 'check-in').expect(200);
    expect(await deadlineOf(present.id)).toBe('cancelled');
    // A job that arrives although the customer came (it was already on its way): the handler looks before it acts.
    const arrived = await book.appointment({ startInMinutes: -40, minutes: 30, status: 'checked_in' });
    await t.app.get(Db).transaction(() => t.app.get(DeadlineService).schedule('appointment.no_show', arrived.id, new Date()));

    await waitFor(
      () => statusOf(absent.id),
      (status) => status === 'no_show',
    );
    expect((await history(absent.id))[0]).toMatchObject({ from_status: 'booked', to_status: 'no_show', actor_type: 'system', actor_id: null, reason: 'never checked in' });
    expect(await activeSegments(absent.id)).toBe(0);
    expect(await figures(absent.customerId)).toMatchObject({ noShowCount: 1 });
    expect((await t.http.get(`/v1/appointments/${absent.id}`).set(desk.auth)).body).toMatchObject({ status: 'no_show', fee: FEE });
    await waitFor(
      () => deadlineOf(arrived.id),
      (status) => status === 'fired',
    );
    expect(await statusOf(arrived.id)).toBe('checked_in');
    expect(await statusOf(present.id)).toBe('checked_in');
  });

  it('leaves an appointment alone when its deadline falls due after the store turned the automatic no-show off', async () => {
    const other = await appointmentBook(t);
    const { id } = await other.appointment({ startInMinutes: -40, minutes: 30 });
    await t.http
      .put(`/v1/stores/${other.store.id}/booking-policy`)
      .set(other.owner.auth)
      .set('if-match', '"1"')
      .send({ ...POLICY, noShowAfterMinutes: null })
      .expect(200);
    // Set while the policy still said 0 minutes (now past due).
    await t.app.get(Db).transaction(() => t.app.get(DeadlineService).schedule('appointment.no_show', id, new Date()));
    await waitFor(
      async () => (await t.sql<{ status: string }>("SELECT status FROM deadline WHERE kind = 'appointment.no_show' AND subject_id = $1", [id]))[0].status,
      (status) => status === 'fired',
    );
    expect((await t.sql<{ status: string }>('SELECT status FROM appointment WHERE id = $1', [id]))[0].status).toBe('booked');
  });
});
