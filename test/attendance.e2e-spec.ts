/**
 * Attendance (issue 12): clocking in and out by the person, the front desk or a manager of the store,
 * matched to the planned shift; late, early-leave, worked and absent figures per local day against a
 * FixedClock; one open record per person, whatever arrives at once; managers' corrections kept.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf } from './support/responses.js';
import { createStaffMember, insertShift, type StaffMemberRecord } from './support/scheduling.js';

/** Wall time in Shanghai on a date of November 2026. */
const sh = (date: string, time: string) => `2026-11-${date}T${time}:00+08:00`;
const iso = (date: string, time: string) => new Date(sh(date, time)).toISOString();

describe('attendance', () => {
  let t: TestApp;
  const clock = new FixedClock(sh('23', '10:00'));
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let owner: UserRecord;
  let managerA: UserRecord;
  let managerB: UserRecord;
  let receptionA: UserRecord;
  let receptionB: UserRecord;

  const base = (member: { id: string }) => `/v1/staff/${member.id}/attendance`;
  const clockIn = (member: { id: string }, as: Record<string, string>, body: object) =>
    t.http
      .post(`${base(member)}/clock-in`)
      .set(as)
      .send(body);
  const clockOut = (member: { id: string }, as: Record<string, string>, body: object = {}) =>
    t.http
      .post(`${base(member)}/clock-out`)
      .set(as)
      .send(body);
  const report = (member: { id: string }, as: Record<string, string>, from = '2026-11-23', to = from) => t.http.get(base(member)).set(as).query({ from, to });
  const person = (storeIds: string[] = [storeA.id]) => createStaffMember(t, { storeIds, login: 'beautician' });
  const me = (member: StaffMemberRecord) => member.user!.auth;
  const dayShift = (member: StaffMemberRecord, date = '23', storeId = storeA.id) =>
    insertShift(t, {
      staffMemberId: member.id,
      storeId,
      date: `2026-11-${date}`,
      start: sh(date, '10:00'),
      end: sh(date, '19:00'),
      breaks: [{ start: sh(date, '12:30'), end: sh(date, '13:15') }],
    });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    storeA = await createStore(t);
    storeB = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    managerA = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    managerB = await createUser(t, { role: 'manager', storeIds: [storeB.id] });
    receptionA = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    receptionB = await createUser(t, { role: 'receptionist', storeIds: [storeB.id] });
  });
  afterAll(() => t.close());

  it('clocks a beautician in on their shift and out again, and shows the late and early minutes of the day', async () => {
    const wang = await person();
    const shiftId = await dayShift(wang);
    clock.set(sh('23', '10:12'));
    const arrived = await clockIn(wang, me(wang), { storeId: storeA.id });
    expect(arrived.status).toBe(201);
    expect(arrived.headers.location).toBe(`${base(wang)}/${arrived.body.id}`);
    expect(arrived.body).toMatchObject({
      staffMemberId: wang.id,
      storeId: storeA.id,
      shiftId,
      clockInAt: iso('23', '10:12'),
      clockOutAt: null,
      clockInSource: 'self',
      clockInBy: wang.user!.id,
      version: 1,
    });
    const read = await t.http.get(arrived.headers.location).set(me(wang)).expect(200);
    expect(read.body).toEqual(arrived.body);

    const again = await clockIn(wang, me(wang), { storeId: storeA.id });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'attendance.already_clocked_in', openRecordId: arrived.body.id });

    // Half way through the day the open record counts until now, and nobody is absent.
    clock.set(sh('23', '15:12'));
    expect((await report(wang, me(wang))).body.days[0]).toMatchObject({ workedMinutes: 300, lateMinutes: 12, earlyLeaveMinutes: 0, absent: false });

    clock.set(sh('23', '18:40'));
    const left = await clockOut(wang, me(wang));
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ id: arrived.body.id, clockOutAt: iso('23', '18:40'), clockOutSource: 'self', version: 2 });
    const twice = await clockOut(wang, me(wang));
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('attendance.not_clocked_in');

    clock.set(sh('24', '09:00'));
    const answer = await report(wang, me(wang));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ staffMemberId: wang.id, from: '2026-11-23', to: '2026-11-23', graceMinutes: 5 });
    expect(answer.body.records.map((r: { id: string }) => r.id)).toEqual([arrived.body.id]);
    expect(answer.body.days).toEqual([
      {
        date: '2026-11-23',
        plannedMinutes: 495,
        workedMinutes: 508,
        lateMinutes: 12,
        earlyLeaveMinutes: 20,
        absent: false,
        unplannedMinutes: 0,
        shifts: [
          {
            shiftId,
            storeId: storeA.id,
            start: iso('23', '10:00'),
            end: iso('23', '19:00'),
            plannedMinutes: 495,
            workedMinutes: 508,
            lateMinutes: 12,
            earlyLeaveMinutes: 20,
            absent: false,
          },
        ],
      },
    ]);
  });

  it('forgives a few minutes, counts work without a shift as unplanned, and an ended shift without a record as absent', async () => {
    const li = await person();
    const monday = await dayShift(li, '23');
    await dayShift(li, '24');
    await dayShift(li, '25');
    // Sunday: came in unplanned (a manager clocks them in at the time they came).
    clock.set(sh('22', '14:00'));
    const extra = await clockIn(li, owner.auth, { storeId: storeA.id, at: sh('22', '13:00') });
    expect(extra.body).toMatchObject({ shiftId: null, clockInSource: 'manager', clockInBy: owner.id });
    clock.set(sh('22', '16:00'));
    await clockOut(li, me(li)).expect(200);
    // Monday: five minutes late is on time. Tuesday: no show. Wednesday: still to come.
    clock.set(sh('23', '10:05'));
    await clockIn(li, me(li), { storeId: storeA.id }).expect(201);
    clock.set(sh('23', '19:00'));
    await clockOut(li, me(li)).expect(200);

    clock.set(sh('25', '09:00'));
    const days = (await report(li, managerA.auth, '2026-11-22', '2026-11-25')).body.days as Array<Record<string, unknown>>;
    expect(
      days.map(({ date, plannedMinutes, workedMinutes, lateMinutes, absent, unplannedMinutes }) => ({
        date,
        plannedMinutes,
        workedMinutes,
        lateMinutes,
        absent,
        unplannedMinutes,
      })),
    ).toEqual([
      { date: '2026-11-22', plannedMinutes: 0, workedMinutes: 180, lateMinutes: 0, absent: false, unplannedMinutes: 180 },
      { date: '2026-11-23', plannedMinutes: 495, workedMinutes: 535, lateMinutes: 0, absent: false, unplannedMinutes: 0 },
      { date: '2026-11-24', plannedMinutes: 495, workedMinutes: 0, lateMinutes: 0, absent: true, unplannedMinutes: 0 },
      { date: '2026-11-25', plannedMinutes: 495, workedMinutes: 0, lateMinutes: 0, absent: false, unplannedMinutes: 0 },
    ]);
    expect((days[1].shifts as Array<{ shiftId: string }>)[0].shiftId).toBe(monday);
  });

  it('lets the front desk and managers of the store clock people in and out, and managers only give another time', async () => {
    const zhao = await person();
    await dayShift(zhao, '23');
    clock.set(sh('23', '10:00'));
    const byDesk = await clockIn(zhao, receptionA.auth, { storeId: storeA.id });
    expect(byDesk.body).toMatchObject({ clockInSource: 'front_desk', clockInBy: receptionA.id });
    const deskTime = await clockOut(zhao, receptionA.auth, { at: sh('23', '09:59') });
    expect(deskTime.status).toBe(403);
    expect(deskTime.body.code).toBe('attendance.time_managers_only');
    expect(fieldsOf(deskTime.body)).toEqual(['at']);
    clock.set(sh('23', '12:00'));
    const before = await clockOut(zhao, managerA.auth, { at: sh('23', '09:30') });
    expect(before.status).toBe(400);
    expect(fieldsOf(before.body)).toEqual(['at']);
    const byManager = await clockOut(zhao, managerA.auth, { at: sh('23', '11:30') });
    expect(byManager.body).toMatchObject({ clockOutAt: iso('23', '11:30'), clockOutSource: 'manager', clockOutBy: managerA.id });

    for (const [at, field] of [
      [sh('23', '12:01'), 'at'],
      [sh('22', '11:59'), 'at'],
      ['2026-11-23T12:00:00', 'at'],
    ]) {
      const refused = await clockIn(zhao, managerA.auth, { storeId: storeA.id, at });
      expect({ at, status: refused.status, fields: fieldsOf(refused.body) }).toEqual({ at, status: 400, fields: [field] });
    }
    expect(fieldsOf((await clockIn(zhao, managerA.auth, { storeId: 'store-a' })).body)).toEqual(['storeId']);
    expect(fieldsOf((await clockIn(zhao, managerA.auth, {})).body)).toEqual(['storeId']);
  });

  it('keeps each one to their own stores: others are not found, another store is refused', async () => {
    const sun = await person();
    const colleague = await person();
    clock.set(sh('23', '10:00'));
    // A beautician clocks only themselves; the front desk of another store does not see them.
    expect((await clockIn(sun, me(colleague), { storeId: storeA.id })).body.code).toBe('staff_member.not_found');
    expect((await clockIn(sun, receptionB.auth, { storeId: storeA.id })).status).toBe(404);
    expect((await report(sun, me(colleague))).status).toBe(404);
    expect((await report(sun, managerB.auth)).status).toBe(404);
    await report(sun, receptionA.auth).expect(200);
    // A store they do not work at.
    const elsewhere = await clockIn(sun, owner.auth, { storeId: storeB.id });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.code).toBe('staff_member.not_in_store');
    expect(fieldsOf(elsewhere.body)).toEqual(['storeId']);

    // Someone working at both stores: each front desk clocks them at its own store only.
    const both = await person([storeA.id, storeB.id]);
    expect((await clockIn(both, receptionB.auth, { storeId: storeA.id })).status).toBe(422);
    const atA = await clockIn(both, receptionA.auth, { storeId: storeA.id });
    expect(atA.status).toBe(201);
    const otherStore = await clockOut(both, receptionB.auth);
    expect(otherStore.status).toBe(422);
    expect(otherStore.body.code).toBe('attendance.other_store');
    // Store B's front desk does not see what happened at store A.
    expect((await report(both, receptionB.auth)).body.records).toEqual([]);
    expect((await t.http.get(`${base(both)}/${atA.body.id}`).set(receptionB.auth)).body.code).toBe('attendance.not_found');
    expect((await report(both, receptionA.auth)).body.records).toHaveLength(1);
    clock.advance(60_000);
    await clockOut(both, receptionA.auth).expect(200);
  });

  it('refuses a report over more than 62 days or backwards, naming `to`', async () => {
    const zhou = await person();
    expect(fieldsOf((await report(zhou, managerA.auth, '2026-10-01', '2026-12-02')).body)).toEqual(['to']);
    expect(fieldsOf((await report(zhou, managerA.auth, '2026-11-23', '2026-11-22')).body)).toEqual(['to']);
    expect(fieldsOf((await t.http.get(base(zhou)).set(managerA.auth).query({ from: '2026-11-31', to: '2026-12-01' })).body)).toEqual(['from']);
    // 1 October to 1 December is 62 days, both counted.
    await report(zhou, managerA.auth, '2026-10-01', '2026-12-01').expect(200);
    await report(zhou, managerA.auth, '2026-10-01', '2026-12-02').expect(400);
  });

  it('stores exactly one of ten clock-ins sent at once', async () => {
    const qian = await person();
    clock.set(sh('23', '10:00'));
    const answers = await Promise.all(Array.from({ length: 10 }, () => clockIn(qian, me(qian), { storeId: storeA.id })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM attendance_record WHERE staff_member_id = $1', [qian.id]);
    expect(n).toBe(1);
  });

  it('closes a record once when two clock-outs arrive at once', async () => {
    const wu = await person();
    clock.set(sh('23', '10:00'));
    await clockIn(wu, me(wu), { storeId: storeA.id }).expect(201);
    clock.set(sh('23', '18:00'));
    const [first, second] = await raceOfTwo(
      t,
      () => clockOut(wu, me(wu)),
      () => clockOut(wu, receptionA.auth),
    );
    expect([first.status, second.status]).toEqual([200, 409]);
    expect(second.body.code).toBe('attendance.not_clocked_in');
  });

  describe('corrections', () => {
    let zheng: StaffMemberRecord;
    let morning: { id: string; version: number };
    let afternoon: { id: string };
    const patch = (recordId: string, body: object, version: string | null = '"1"', as = managerA.auth) => {
      const request = t.http.patch(`${base(zheng)}/${recordId}`).set(as);
      return (version === null ? request : request.set('if-match', version)).send(body);
    };

    beforeAll(async () => {
      zheng = await person();
      clock.set(sh('23', '10:00'));
      morning = (await clockIn(zheng, me(zheng), { storeId: storeA.id })).body;
      clock.set(sh('23', '12:00'));
      await clockOut(zheng, me(zheng)).expect(200);
      clock.set(sh('23', '13:00'));
      afternoon = (await clockIn(zheng, me(zheng), { storeId: storeA.id })).body;
      clock.set(sh('23', '20:00'));
    });

    it('lets a manager of the store correct the times, saying why, and keeps what they were', async () => {
      expect((await patch(afternoon.id, { clockOutAt: sh('23', '19:00'), reason: '忘记打卡' }, null)).status).toBe(428);
      expect((await patch(afternoon.id, { clockOutAt: sh('23', '19:00'), reason: '忘记打卡' }, '"7"')).status).toBe(412);
      expect(fieldsOf((await patch(afternoon.id, { clockOutAt: sh('23', '19:00') })).body)).toEqual(['reason']);
      expect(fieldsOf((await patch(afternoon.id, { reason: 'nothing to change' })).body)).toEqual(['clockInAt']);
      expect(fieldsOf((await patch(afternoon.id, { clockOutAt: sh('23', '12:59'), reason: 'x' })).body)).toEqual(['clockOutAt']);
      expect(fieldsOf((await patch(afternoon.id, { clockOutAt: sh('23', '20:01'), reason: 'x' })).body)).toEqual(['clockOutAt']);
      expect((await patch(afternoon.id, { clockOutAt: sh('23', '19:00'), reason: 'x' }, '"1"', receptionA.auth)).status).toBe(403);
      expect((await patch(afternoon.id, { clockOutAt: sh('23', '19:00'), reason: 'x' }, '"1"', managerB.auth)).status).toBe(404);

      const corrected = await patch(afternoon.id, { clockOutAt: sh('23', '19:00'), reason: '忘记打卡 Forgot to clock out' });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ id: afternoon.id, clockInAt: iso('23', '13:00'), clockOutAt: iso('23', '19:00'), version: 2 });
      expect(corrected.headers.etag).toBe('"2"');

      const list = await t.http
        .get(`${base(zheng)}/${afternoon.id}/corrections`)
        .set(me(zheng))
        .expect(200);
      expect(list.body).toEqual({
        data: [
          {
            id: expect.any(String),
            attendanceRecordId: afternoon.id,
            correctedBy: managerA.id,
            reason: '忘记打卡 Forgot to clock out',
            before: { clockInAt: iso('23', '13:00'), clockOutAt: null },
            after: { clockInAt: iso('23', '13:00'), clockOutAt: iso('23', '19:00') },
            at: expect.any(String),
          },
        ],
        nextCursor: null,
      });
      const [audit] = await t.sql<{ actor_id: string }>(`SELECT actor_id FROM audit_event WHERE action = 'attendance.correct' AND entity_id = $1`, [afternoon.id]);
      expect(audit.actor_id).toBe(managerA.id);
    });

    it('refuses a correction that would overlap another record, naming it', async () => {
      const clash = await patch(afternoon.id, { clockInAt: sh('23', '11:30'), reason: 'came back early' }, '"2"');
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'attendance.overlap', otherRecordId: morning.id });
      expect(fieldsOf(clash.body)).toEqual(['clockInAt']);
      const [{ n }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM attendance_correction WHERE attendance_record_id = $1', [afternoon.id]);
      expect(n).toBe(1);
    });

    it('applies one of two corrections made from the same read', async () => {
      const [a, b] = await raceOfTwo(
        t,
        () => patch(morning.id, { clockInAt: sh('23', '09:50'), reason: 'first' }, '"2"'),
        () => patch(morning.id, { clockInAt: sh('23', '09:40'), reason: 'second' }, '"2"', owner.auth),
      );
      expect([a.status, b.status]).toEqual([200, 412]);
      const pages = await t.http
        .get(`${base(zheng)}/${morning.id}/corrections`)
        .set(managerA.auth)
        .query({ limit: 1 })
        .expect(200);
      expect(pages.body.data.map((c: { reason: string }) => c.reason)).toEqual(['first']);
      expect(pages.body.nextCursor).toBeNull();
    });
  });
});
