/**
 * Dated shifts (/v1/staff/{id}/shifts): planning a day, its breaks and its note; one person never in two
 * places (a 409 that names the other shift, also under 20 parallel requests); replacing a template's
 * day; editing with If-Match; cancelling; every bad input; who may read and write.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

// Monday 4 January 2027, 08:00 in Shanghai.
const clock = new FixedClock('2027-01-04T00:00:00Z');

describe('dated shifts', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  beforeAll(async () => {
    t = await startTestApp({ clock });
    owner = await createUser(t, { role: 'owner' });
    storeA = await createStore(t, { name: 'Bloom Jing’an' });
    storeB = await createStore(t, { name: 'Bloom Xuhui' });
  });
  afterAll(() => t.close());

  const shifts = (staffId: string) => `/v1/staff/${staffId}/shifts`;
  const day = (overrides: Record<string, unknown> = {}) => ({ storeId: storeA.id, date: '2027-01-05', start: '10:00', end: '19:00', ...overrides });
  const rowsOf = (staffId: string) =>
    t.sql<{ id: string; store_id: string; status: string; source: string; cancel_reason: string | null }>(
      'SELECT id, store_id, status, source, cancel_reason FROM shift WHERE staff_member_id = $1 ORDER BY lower(during)',
      [staffId],
    );
  const both = () => createStaffMember(t, { storeIds: [storeA.id, storeB.id] });

  it('plans a shift with its lunch break, answers it in the store’s time, and lists and reads it', async () => {
    const staff = await both();
    const res = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ breaks: [{ start: '12:30', end: '13:15' }], note: '盘点 Stocktake' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${shifts(staff.id)}/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toEqual({
      id: expect.any(String),
      staffMemberId: staff.id,
      storeId: storeA.id,
      date: '2027-01-05',
      start: '2027-01-05T10:00:00+08:00',
      end: '2027-01-05T19:00:00+08:00',
      localStart: '10:00',
      localEnd: '19:00',
      timeZone: 'Asia/Shanghai',
      breaks: [{ start: '2027-01-05T12:30:00+08:00', end: '2027-01-05T13:15:00+08:00', localStart: '12:30', localEnd: '13:15' }],
      source: 'manual',
      templateId: null,
      edited: false,
      status: 'scheduled',
      onClosedDay: false,
      note: '盘点 Stocktake',
      cancelReason: null,
      version: 1,
    });
    const [stored] = await t.sql<{ during: string }>('SELECT during::text FROM shift WHERE id = $1', [res.body.id]);
    expect(stored.during).toBe('["2027-01-05 02:00:00+00","2027-01-05 11:00:00+00")');

    const late = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ date: '2027-01-06', start: '16:00', end: '24:00' }));
    expect(late.body).toMatchObject({ end: '2027-01-07T00:00:00+08:00', localEnd: '24:00' });
    expect((await t.http.get(`${shifts(staff.id)}/${res.body.id}`).set(owner.auth)).body).toEqual(res.body);
    const list = await t.http.get(shifts(staff.id)).query({ from: '2027-01-01', to: '2027-01-31' }).set(owner.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([res.body.id, late.body.id]);
    const paged = await t.http.get(shifts(staff.id)).query({ from: '2027-01-01', to: '2027-01-31', limit: 1 }).set(owner.auth);
    const second = await t.http.get(shifts(staff.id)).query({ from: '2027-01-01', to: '2027-01-31', limit: 1, cursor: paged.body.nextCursor }).set(owner.auth);
    expect([...paged.body.data, ...second.body.data].map((s: { id: string }) => s.id)).toEqual([res.body.id, late.body.id]);
    expect(second.body.nextCursor).toBeNull();
    const [audit] = await t.sql<{ action: string; store_id: string }>('SELECT action, store_id FROM audit_event WHERE entity_id = $1', [res.body.id]);
    expect(audit).toEqual({ action: 'shift.create', store_id: storeA.id });
  });

  it('refuses a shift overlapping one at another store, naming it, and saves nothing', async () => {
    const staff = await both();
    const { body: first } = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ storeId: storeB.id }))
      .expect(201);
    const res = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ start: '18:00', end: '21:00' }));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      code: 'scheduling.shift_overlap',
      conflict: { shiftId: first.id, storeId: storeB.id, date: '2027-01-05', start: '2027-01-05T10:00:00+08:00', end: '2027-01-05T19:00:00+08:00' },
      errors: [{ field: 'start', message: 'overlaps another shift of this staff member' }],
    });
    expect(res.body.detail).toContain('10:00–19:00 on 2027-01-05 at Bloom Xuhui');
    // The same store's dated shift is not replaced either: it collides the same way.
    const again = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ storeId: storeB.id, start: '09:00', end: '11:00' }));
    expect(again.body.conflict.shiftId).toBe(first.id);
    // Touching is fine: one ends as the other starts.
    await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ start: '19:00', end: '21:00' }))
      .expect(201);
    expect(await rowsOf(staff.id)).toHaveLength(2);
  });

  it('replaces the same store’s template shift it overlaps that day, which is cancelled as replaced', async () => {
    const staff = await both();
    const [template] = await t.sql<{ id: string }>(`INSERT INTO shift_template (staff_member_id, store_id, valid_from, week) VALUES ($1, $2, '2027-01-04', '{}') RETURNING id`, [
      staff.id,
      storeA.id,
    ]);
    const planned = await insertShift(t, {
      staffMemberId: staff.id,
      storeId: storeA.id,
      date: '2027-01-05',
      start: '2027-01-05T02:00:00Z',
      end: '2027-01-05T11:00:00Z',
      templateId: template.id,
    });
    const res = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ start: '14:00', end: '21:00' }));
    expect(res.status).toBe(201);
    expect(await rowsOf(staff.id)).toEqual([
      { id: planned, store_id: storeA.id, status: 'cancelled', source: 'template', cancel_reason: 'replaced' },
      { id: res.body.id, store_id: storeA.id, status: 'scheduled', source: 'manual', cancel_reason: null },
    ]);
    // A template's day at another store is not replaced: it collides.
    const [other] = await t.sql<{ id: string }>(`INSERT INTO shift_template (staff_member_id, store_id, valid_from, week) VALUES ($1, $2, '2027-01-04', '{}') RETURNING id`, [
      staff.id,
      storeB.id,
    ]);
    const atB = await insertShift(t, {
      staffMemberId: staff.id,
      storeId: storeB.id,
      date: '2027-01-06',
      start: '2027-01-06T02:00:00Z',
      end: '2027-01-06T11:00:00Z',
      templateId: other.id,
    });
    const refused = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ date: '2027-01-06' }));
    expect(refused.status).toBe(409);
    expect(refused.body.conflict.shiftId).toBe(atB);
  });

  it('edits a shift with If-Match (412 when stale, 428 without), marking a template’s shift edited', async () => {
    const staff = await both();
    const [template] = await t.sql<{ id: string }>(`INSERT INTO shift_template (staff_member_id, store_id, valid_from, week) VALUES ($1, $2, '2027-01-04', '{}') RETURNING id`, [
      staff.id,
      storeA.id,
    ]);
    const id = await insertShift(t, {
      staffMemberId: staff.id,
      storeId: storeA.id,
      date: '2027-01-07',
      start: '2027-01-07T02:00:00Z',
      end: '2027-01-07T11:00:00Z',
      templateId: template.id,
    });
    const url = `${shifts(staff.id)}/${id}`;
    expect((await t.http.patch(url).set(owner.auth).send({ end: '18:00' })).status).toBe(428);
    const res = await t.http
      .patch(url)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ start: '11:00', breaks: [{ start: '14:00', end: '14:45' }], note: '晚到 Late start' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ localStart: '11:00', localEnd: '19:00', edited: true, source: 'template', note: '晚到 Late start', version: 2 });
    expect(res.body.breaks).toEqual([{ start: '2027-01-07T14:00:00+08:00', end: '2027-01-07T14:45:00+08:00', localStart: '14:00', localEnd: '14:45' }]);
    const stale = await t.http.patch(url).set(owner.auth).set('if-match', '"1"').send({ end: '18:00' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('request.stale_version');
    // Merged with what it was: a break now outside the shift, an end before the start.
    const outside = await t.http.patch(url).set(owner.auth).set('if-match', '"2"').send({ end: '14:30' });
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'breaks', message: '[0] must lie inside the shift (11:00–14:30)' }]);
    const reversed = await t.http.patch(url).set(owner.auth).set('if-match', '"2"').send({ start: '20:00' });
    expect(reversed.body.errors).toEqual([{ field: 'end', message: 'must be after start' }]);
    const cleared = await t.http.patch(url).set(owner.auth).set('if-match', '"2"').send({ breaks: [], note: null });
    expect(cleared.body).toMatchObject({ breaks: [], note: null, version: 3 });

    const elsewhere = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ storeId: storeB.id, date: '2027-01-07', start: '20:00', end: '22:00' }))
      .expect(201);
    const overlapping = await t.http.patch(url).set(owner.auth).set('if-match', '"3"').send({ end: '21:00' });
    expect(overlapping.status).toBe(409);
    expect(overlapping.body.conflict.shiftId).toBe(elsewhere.body.id);
  });

  it('cancels a shift once (kept as history); a second cancellation is a 409 naming the state', async () => {
    const staff = await both();
    const { body: shift } = await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ date: '2027-01-08' }))
      .expect(201);
    const res = await t.http
      .post(`${shifts(staff.id)}/${shift.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '生病 Sick' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '生病 Sick', version: 2 });
    const again = await t.http
      .post(`${shifts(staff.id)}/${shift.id}/cancel`)
      .set(owner.auth)
      .send({ reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'shift.invalid_transition', currentState: 'cancelled' });
    // The time is free again.
    await t.http
      .post(shifts(staff.id))
      .set(owner.auth)
      .send(day({ date: '2027-01-08', storeId: storeB.id }))
      .expect(201);
    const scheduled = await t.http.get(shifts(staff.id)).query({ from: '2027-01-08', to: '2027-01-08', status: 'scheduled' }).set(owner.auth);
    expect(scheduled.body.data.map((s: { storeId: string }) => s.storeId)).toEqual([storeB.id]);
  });

  it('plans on a day the store is closed only when asked to, and says how', async () => {
    const staff = await both();
    await t.sql(`UPDATE store SET business_hours = jsonb_set(business_hours, '{sunday}', '[]') WHERE id = $1`, [storeA.id]);
    await t.sql(`INSERT INTO store_closure (store_id, date, kind, intervals, reason) VALUES ($1, '2027-02-06', 'closed', '[]', '春节')`, [storeA.id]);
    try {
      const sunday = await t.http
        .post(shifts(staff.id))
        .set(owner.auth)
        .send(day({ date: '2027-01-10' }));
      expect(sunday.status).toBe(422);
      expect(sunday.body).toMatchObject({ code: 'shift.store_closed', errors: [{ field: 'date', message: expect.stringContaining('onClosedDay: true') }] });
      expect(sunday.body.detail).toContain('no opening hours on that weekday');
      const festival = await t.http
        .post(shifts(staff.id))
        .set(owner.auth)
        .send(day({ date: '2027-02-06' }));
      expect(festival.body).toMatchObject({ code: 'shift.store_closed', detail: expect.stringContaining('a closure that day') });
      const onPurpose = await t.http
        .post(shifts(staff.id))
        .set(owner.auth)
        .send(day({ date: '2027-01-10', onClosedDay: true }));
      expect(onPurpose.status).toBe(201);
      expect(onPurpose.body.onClosedDay).toBe(true);
      const openDay = await t.http
        .post(shifts(staff.id))
        .set(owner.auth)
        .send(day({ date: '2027-01-11', onClosedDay: true }));
      expect(openDay.body.onClosedDay).toBe(false);
    } finally {
      await t.sql(`UPDATE store SET business_hours = jsonb_set(business_hours, '{sunday}', '[{"open": "10:00", "close": "21:00"}]') WHERE id = $1`, [storeA.id]);
    }
  });

  it.each([
    ['an end before the start', { start: '19:00', end: '10:00' }, 400, [{ field: 'end', message: 'must be after start' }]],
    ['a shift over 16 hours', { start: '06:00', end: '22:30' }, 400, [{ field: 'end', message: 'must be at most 16 hours after start' }]],
    ['a time that is no time', { start: '25:00' }, 400, [{ field: 'start', message: 'must be a time HH:mm from 00:00 to 23:59' }]],
    ['a shift past midnight', { start: '20:00', end: '02:00' }, 400, [{ field: 'end', message: 'must be after start' }]],
    ['a break outside the shift', { breaks: [{ start: '09:00', end: '09:30' }] }, 400, [{ field: 'breaks', message: '[0] must lie inside the shift (10:00–19:00)' }]],
    [
      'overlapping breaks',
      {
        breaks: [
          { start: '12:00', end: '13:00' },
          { start: '12:30', end: '13:30' },
        ],
      },
      400,
      [{ field: 'breaks', message: '[1] overlaps [0] (12:00–13:00 and 12:30–13:30)' }],
    ],
    ['a reversed break', { breaks: [{ start: '13:00', end: '12:00' }] }, 400, [{ field: 'breaks[0].end', message: 'must be after start' }]],
    ['a date that does not exist', { date: '2027-02-30' }, 400, [{ field: 'date', message: 'must be a date YYYY-MM-DD' }]],
    ['no store', { storeId: undefined }, 400, [{ field: 'storeId', message: 'is required' }]],
  ])('refuses %s with a problem naming the field, and saves nothing', async (_label, overrides, status, errors) => {
    const staff = await both();
    const res = await t.http.post(shifts(staff.id)).set(owner.auth).send(day(overrides));
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.errors).toEqual(errors);
    expect(await rowsOf(staff.id)).toEqual([]);
  });

  it('refuses a store the staff member does not work at, and an inactive staff member (422)', async () => {
    const onlyA = await createStaffMember(t, { storeIds: [storeA.id] });
    const notTheirs = await t.http
      .post(shifts(onlyA.id))
      .set(owner.auth)
      .send(day({ storeId: storeB.id }));
    expect(notTheirs.status).toBe(422);
    expect(notTheirs.body).toMatchObject({ code: 'staff_member.not_in_store', errors: [{ field: 'storeId' }] });
    const inactive = await createStaffMember(t, { storeIds: [storeA.id], status: 'inactive' });
    const res = await t.http.post(shifts(inactive.id)).set(owner.auth).send(day());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'staff_member.inactive', errors: [{ field: 'id', message: 'is an inactive staff member' }] });
    expect(await rowsOf(inactive.id)).toEqual([]);
  });

  it('keeps a list within 62 days, from before to', async () => {
    const staff = await both();
    const long = await t.http.get(shifts(staff.id)).query({ from: '2027-01-01', to: '2027-03-04' }).set(owner.auth);
    expect(long.status).toBe(400);
    expect(fieldsOf(long.body)).toEqual(['to']);
    expect((await t.http.get(shifts(staff.id)).query({ from: '2027-01-01', to: '2027-03-03' }).set(owner.auth)).status).toBe(200);
    expect(fieldsOf((await t.http.get(shifts(staff.id)).query({ from: '2027-01-02', to: '2027-01-01' }).set(owner.auth)).body)).toEqual(['to']);
    expect(fieldsOf((await t.http.get(shifts(staff.id)).query({ to: '2027-01-01' }).set(owner.auth)).body)).toEqual(['from']);
  });

  describe('who may read and write', () => {
    let beautician: StaffMemberRecord;
    let colleague: StaffMemberRecord;
    let managerA: UserRecord;
    let shiftAtB: string;
    beforeAll(async () => {
      beautician = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
      colleague = await createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
      managerA = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
      await t.http
        .post(shifts(beautician.id))
        .set(owner.auth)
        .send(day({ date: '2027-01-12' }))
        .expect(201);
      shiftAtB = (
        await t.http
          .post(shifts(colleague.id))
          .set(owner.auth)
          .send(day({ storeId: storeB.id, date: '2027-01-12' }))
          .expect(201)
      ).body.id;
      await t.http
        .post(shifts(colleague.id))
        .set(owner.auth)
        .send(day({ date: '2027-01-13' }))
        .expect(201);
    });
    const range = { from: '2027-01-01', to: '2027-01-31' };

    it('lets a beautician read their own shifts, not change them, and not see a colleague’s', async () => {
      const me = beautician.user!;
      const own = await t.http.get(shifts(beautician.id)).query(range).set(me.auth);
      expect(own.status).toBe(200);
      expect(own.body.data).toHaveLength(1);
      expect(
        (
          await t.http
            .post(shifts(beautician.id))
            .set(me.auth)
            .send(day({ date: '2027-01-14' }))
        ).status,
      ).toBe(403);
      const other = await t.http.get(shifts(colleague.id)).query(range).set(me.auth);
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('staff_member.not_found');
    });

    it('shows a manager the shifts at their stores only, and lets them plan only there', async () => {
      const list = await t.http.get(shifts(colleague.id)).query(range).set(managerA.auth);
      expect(list.body.data.map((s: { storeId: string }) => s.storeId)).toEqual([storeA.id]);
      expect((await t.http.get(`${shifts(colleague.id)}/${shiftAtB}`).set(managerA.auth)).body.code).toBe('shift.not_found');
      const cancel = await t.http
        .post(`${shifts(colleague.id)}/${shiftAtB}/cancel`)
        .set(managerA.auth)
        .send({ reason: 'x' });
      expect(cancel.status).toBe(404);
      const atB = await t.http
        .post(shifts(colleague.id))
        .set(managerA.auth)
        .send(day({ storeId: storeB.id, date: '2027-01-14' }));
      expect(atB.status).toBe(422);
      expect(atB.body.code).toBe('staff_member.not_in_store');
      await t.http
        .post(shifts(colleague.id))
        .set(managerA.auth)
        .send(day({ date: '2027-01-14' }))
        .expect(201);
      // A manager of another store does not see the staff of this one at all.
      const managerB = await createUser(t, { role: 'manager', storeIds: [storeB.id] });
      expect((await t.http.get(shifts(beautician.id)).query(range).set(managerB.auth)).status).toBe(404);
      expect(
        (
          await t.http
            .post(shifts(beautician.id))
            .set(managerB.auth)
            .send(day({ date: '2027-01-15' }))
        ).status,
      ).toBe(404);
      const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      expect((await t.http.get(shifts(colleague.id)).query(range).set(receptionist.auth)).status).toBe(200);
      expect(
        (
          await t.http
            .post(shifts(colleague.id))
            .set(receptionist.auth)
            .send(day({ date: '2027-01-15' }))
        ).status,
      ).toBe(403);
    });

    it('takes scheduling:read and scheduling:write API keys', async () => {
      const reader = await createApiKey(t, { scopes: ['scheduling:read'] });
      expect((await t.http.get(shifts(colleague.id)).query(range).set(reader.auth)).body.data).toHaveLength(3);
      expect(
        (
          await t.http
            .post(shifts(colleague.id))
            .set(reader.auth)
            .send(day({ date: '2027-01-16' }))
        ).status,
      ).toBe(403);
      const writer = await createApiKey(t, { scopes: ['scheduling:write'] });
      await t.http
        .post(shifts(colleague.id))
        .set(writer.auth)
        .send(day({ date: '2027-01-16' }))
        .expect(201);
    });
  });

  it('stores exactly one of 20 parallel overlapping shifts for one person (half at each store)', async () => {
    const staff = await both();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.http
          .post(shifts(staff.id))
          .set(owner.auth)
          .send(day({ storeId: i % 2 ? storeB.id : storeA.id, date: '2027-01-20', start: `${10 + (i % 5)}:00`, end: `${15 + (i % 4)}:00` })),
      ),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    const winner = answers.find((res) => res.status === 201)!.body;
    for (const res of answers.filter((answer) => answer.status === 409)) {
      expect(res.body.code).toBe('scheduling.shift_overlap');
      expect(res.body.conflict.shiftId).toBe(winner.id);
    }
    const stored = await t.sql<{ id: string }>("SELECT id FROM shift WHERE staff_member_id = $1 AND status = 'scheduled'", [staff.id]);
    expect(stored).toEqual([{ id: winner.id }]);
  });

  it('answers London shifts at 10:00Z in winter and 09:00Z in summer', async () => {
    const london = await createStore(t, { name: 'Bloom Soho', timeZone: 'Europe/London' });
    const staff = await createStaffMember(t, { storeIds: [london.id] });
    const winter = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: london.id, date: '2027-03-22', start: '10:00', end: '19:00' });
    const summer = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: london.id, date: '2027-03-29', start: '10:00', end: '19:00' });
    expect([winter.body.start, summer.body.start]).toEqual(['2027-03-22T10:00:00+00:00', '2027-03-29T10:00:00+01:00']);
    const stored = await t.sql<{ start: Date }>('SELECT lower(during) AS start FROM shift WHERE staff_member_id = $1 ORDER BY 1', [staff.id]);
    expect(stored.map((row) => row.start.toISOString())).toEqual(['2027-03-22T10:00:00.000Z', '2027-03-29T09:00:00.000Z']);
    // The night the clocks go back lasts an hour longer: 00:00–16:00 is 17 hours then.
    const long = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: london.id, date: '2027-10-31', start: '00:00', end: '16:00' });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ field: 'end', message: expect.stringContaining('the clocks change and it would last 17 hours') }]);
  });
});
