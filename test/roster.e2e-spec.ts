import { randomUUID } from 'node:crypto';
import { endOfDay, startOfDay } from '../src/common/clock/index.js';
import { SchedulingService } from '../src/modules/scheduling/index.js';
import { RosterService } from '../src/modules/scheduling/roster/roster.service.js';
import type { Actor } from '../src/common/http/request-context.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { countQueries } from './support/query-count.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { createLevel, createStaffMember, insertShift, insertTimeOff, type StaffMemberRecord } from './support/scheduling.js';

const cn = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`);
const OWNER: Actor = { kind: 'user', id: randomUUID(), role: 'owner', storeIds: 'all' };

interface RosterBody {
  storeId: string;
  timeZone: string;
  closures: Array<{ date: string; kind: string }>;
  staff: Array<{
    staffMemberId: string;
    displayName: string;
    level: { code: string } | null;
    skills: Array<{ skill: string; proficiency: number | null }>;
    shifts: Array<{
      id: string;
      date: string;
      start: string;
      end: string;
      localStart: string;
      localEnd: string;
      breaks: Array<{ start: string; end: string }>;
      source: string;
      status: string;
    }>;
    timeOff: Array<{ id: string; type: string | null; status: string; start: string; end: string }>;
    workingIntervals: Array<{ start: string; end: string }>;
  }>;
  coverage: Array<{ date: string; hour: string; start: string; staff: number; skills: Record<string, number> }>;
}

describe('GET /v1/stores/{id}/roster', () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let ana: StaffMemberRecord;
  let bo: StaffMemberRecord;
  const ids: Record<string, string> = {};
  const roster = (storeId: string) => `/v1/stores/${storeId}/roster`;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    other = await createStore(t);
    const senior = await createLevel(t, { code: 'senior_r', name: '高级技师 Senior', rank: 900 });
    ana = await createStaffMember(t, { storeIds: [store.id], displayName: 'Ana', levelId: senior.id, skills: { haircut: 5, hair_colour: 4 } });
    // Bo works at the other store and comes to help on Tuesday.
    bo = await createStaffMember(t, { storeIds: [other.id], displayName: 'Bo', skills: { haircut: null } });
    await createStaffMember(t, { storeIds: [store.id], displayName: 'Cy', skills: { nails: 3 } });
    await createStaffMember(t, { storeIds: [store.id], displayName: 'Dee (left)', status: 'inactive' });
    await createStaffMember(t, { storeIds: [other.id], displayName: 'Eve (elsewhere)' });

    for (const date of ['2026-12-07', '2026-12-08', '2026-12-09']) {
      ids[`ana ${date}`] = await insertShift(t, {
        staffMemberId: ana.id,
        storeId: store.id,
        date,
        start: cn(date, '10:00'),
        end: cn(date, '19:00'),
        breaks: [{ start: cn(date, '12:30'), end: cn(date, '13:15') }],
      });
    }
    ids.bo = await insertShift(t, { staffMemberId: bo.id, storeId: store.id, date: '2026-12-08', start: cn('2026-12-08', '11:00'), end: cn('2026-12-08', '15:40') });
    // Bo's shift at his own store is not on this roster; a cancelled one of Ana's is not either.
    await insertShift(t, { staffMemberId: bo.id, storeId: other.id, date: '2026-12-09', start: cn('2026-12-09', '10:00'), end: cn('2026-12-09', '19:00') });
    await insertShift(t, { staffMemberId: ana.id, storeId: store.id, date: '2026-12-10', start: cn('2026-12-10', '10:00'), end: cn('2026-12-10', '19:00'), status: 'cancelled' });
    ids.sick = await insertTimeOff(t, { staffMemberId: ana.id, type: 'sick', start: cn('2026-12-08', '15:00'), end: cn('2026-12-08', '17:00') });
    ids.asked = await insertTimeOff(t, { staffMemberId: ana.id, status: 'requested', start: cn('2026-12-07', '10:00'), end: cn('2026-12-07', '12:00') });
    await insertTimeOff(t, { staffMemberId: ana.id, status: 'refused', start: cn('2026-12-07', '17:00'), end: cn('2026-12-07', '18:00') });
    await t.http.post(`/v1/stores/${store.id}/closures`).set(owner.auth).send({ date: '2026-12-09', kind: 'closed', reason: '停电 Power cut' }).expect(201);
  });
  afterAll(() => t.close());

  it('shows who works when, with breaks and time off, working time and the staff per skill per hour', async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    const res = await t.http.get(roster(store.id)).query({ from: '2026-12-07', to: '2026-12-13' }).set(manager.auth);
    expect(res.status).toBe(200);
    const body = res.body as RosterBody;
    expect(body).toMatchObject({ storeId: store.id, timeZone: 'Asia/Shanghai', from: '2026-12-07', to: '2026-12-13' });
    expect(body.closures).toEqual([{ date: '2026-12-09', kind: 'closed', intervals: [], reason: '停电 Power cut' }]);
    // The store's active staff and its visitor, by display name; nobody who left or works elsewhere only.
    expect(body.staff.map((s) => s.displayName)).toEqual(['Ana', 'Bo', 'Cy']);
    const [a, b, c] = body.staff;
    expect(a).toMatchObject({ staffMemberId: ana.id, calendarColor: '#8E7CC3', level: { code: 'senior_r', name: '高级技师 Senior', rank: 900 } });
    expect(a.skills).toEqual([
      { skill: 'hair_colour', proficiency: 4 },
      { skill: 'haircut', proficiency: 5 },
    ]);
    expect(a.shifts.map((s) => s.id)).toEqual([ids['ana 2026-12-07'], ids['ana 2026-12-08'], ids['ana 2026-12-09']]);
    expect(a.shifts[0]).toEqual({
      id: ids['ana 2026-12-07'],
      date: '2026-12-07',
      start: '2026-12-07T10:00:00+08:00',
      end: '2026-12-07T19:00:00+08:00',
      localStart: '10:00',
      localEnd: '19:00',
      breaks: [{ start: '2026-12-07T12:30:00+08:00', end: '2026-12-07T13:15:00+08:00' }],
      source: 'manual',
      status: 'scheduled',
    });
    expect(a.timeOff).toEqual([
      { id: ids.asked, type: 'annual', status: 'pending', start: '2026-12-07T10:00:00+08:00', end: '2026-12-07T12:00:00+08:00' },
      { id: ids.sick, type: 'sick', status: 'approved', start: '2026-12-08T15:00:00+08:00', end: '2026-12-08T17:00:00+08:00' },
    ]);
    // Pending time off does not remove working time; approved does; the closed Wednesday removes the day.
    expect(a.workingIntervals).toEqual([
      { start: '2026-12-07T10:00:00+08:00', end: '2026-12-07T12:30:00+08:00' },
      { start: '2026-12-07T13:15:00+08:00', end: '2026-12-07T19:00:00+08:00' },
      { start: '2026-12-08T10:00:00+08:00', end: '2026-12-08T12:30:00+08:00' },
      { start: '2026-12-08T13:15:00+08:00', end: '2026-12-08T15:00:00+08:00' },
      { start: '2026-12-08T17:00:00+08:00', end: '2026-12-08T19:00:00+08:00' },
    ]);
    expect(b.shifts.map((s) => s.id)).toEqual([ids.bo]);
    expect(c).toMatchObject({ shifts: [], timeOff: [], workingIntervals: [] });

    const hour = (date: string, h: string) => body.coverage.find((entry) => entry.date === date && entry.hour === h);
    expect(hour('2026-12-08', '11:00')).toEqual({ date: '2026-12-08', hour: '11:00', start: '2026-12-08T11:00:00+08:00', staff: 2, skills: { haircut: 2, hair_colour: 1 } });
    // Ana works 30 minutes of 12:00, so she counts; Bo leaves at 15:40, 40 minutes into 15:00, and Ana is away from 15:00.
    expect(hour('2026-12-08', '12:00')).toMatchObject({ staff: 2 });
    expect(hour('2026-12-08', '15:00')).toMatchObject({ staff: 1, skills: { haircut: 1 } });
    expect(hour('2026-12-08', '16:00')).toBeUndefined();
    expect(hour('2026-12-09', '10:00')).toBeUndefined();
    expect(body.coverage.map((entry) => entry.start)).toEqual([...body.coverage.map((entry) => entry.start)].sort());
    expect(new Set(body.coverage.map((entry) => entry.date))).toEqual(new Set(['2026-12-07', '2026-12-08']));
  });

  it('agrees with SchedulingService.workingIntervals, in two queries whatever the staff count', async () => {
    const query = { from: '2026-12-07', to: '2026-12-13' };
    const rosters = t.app.get(RosterService);
    const few = await countQueries(t.app, () => rosters.roster(OWNER, store.id, query));
    const busy = await createStore(t);
    for (let i = 0; i < 30; i++) {
      const member = await createStaffMember(t, { storeIds: [busy.id], skills: { haircut: 3 } });
      for (const date of ['2026-12-07', '2026-12-08']) {
        await insertShift(t, {
          staffMemberId: member.id,
          storeId: busy.id,
          date,
          start: cn(date, '10:00'),
          end: cn(date, '19:00'),
          breaks: [{ start: cn(date, '12:00'), end: cn(date, '13:00') }],
        });
      }
    }
    const many = await countQueries(t.app, () => rosters.roster(OWNER, busy.id, query));
    expect(many.result.staff).toHaveLength(30);
    expect(few.statements).toHaveLength(2);
    expect(many.statements).toHaveLength(2);
    expect(many.result.coverage.find((entry) => entry.date === '2026-12-07' && entry.hour === '12:00')).toBeUndefined();
    expect(many.result.coverage.find((entry) => entry.date === '2026-12-07' && entry.hour === '13:00')).toMatchObject({ staff: 30, skills: { haircut: 30 } });

    for (const { storeId, result } of [
      { storeId: store.id, result: few.result },
      { storeId: busy.id, result: many.result },
    ]) {
      const staffMemberIds = result.staff.map((s) => s.staffMemberId);
      const from = new Date(startOfDay(query.from, 'Asia/Shanghai'));
      const to = new Date(endOfDay(query.to, 'Asia/Shanghai'));
      const expected = await t.app.get(SchedulingService).workingIntervals({ storeId, staffMemberIds, from, to });
      for (const member of result.staff) {
        const asInstants = member.workingIntervals.map((i) => [Date.parse(i.start), Date.parse(i.end)]);
        expect(asInstants).toEqual(expected.get(member.staffMemberId)!.map((i) => [i.start.getTime(), i.end.getTime()]));
      }
    }
  });

  it("is for everyone at the store and keys with scheduling:read; another store's roster answers 404", async () => {
    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const range = { from: '2026-12-07', to: '2026-12-07' };
    expect((await t.http.get(roster(store.id)).query(range).set(beautician.auth)).status).toBe(200);
    // Colleagues see that Ana is away on Tuesday, not why (sick leave is health data); managers do.
    const tuesday = { from: '2026-12-08', to: '2026-12-08' };
    const typesFor = async (auth: Record<string, string>) =>
      ((await t.http.get(roster(store.id)).query(tuesday).set(auth)).body as RosterBody).staff.find((s) => s.staffMemberId === ana.id)!.timeOff.map((o) => o.type);
    expect(await typesFor(beautician.auth)).toEqual([null]);
    expect(await typesFor((await createUser(t, { role: 'receptionist', storeIds: [store.id] })).auth)).toEqual([null]);
    expect(await typesFor((await createUser(t, { role: 'manager', storeIds: [store.id] })).auth)).toEqual(['sick']);
    const key = await createApiKey(t, { scopes: ['scheduling:read'] });
    expect((await t.http.get(roster(store.id)).query(range).set(key.auth)).status).toBe(200);
    const writer = await createApiKey(t, { scopes: ['catalog:read'] });
    expect((await t.http.get(roster(store.id)).query(range).set(writer.auth)).status).toBe(403);
    expect((await t.http.get(roster(store.id)).query(range)).status).toBe(401);

    const elsewhere = await createUser(t, { role: 'manager', storeIds: [other.id] });
    const hidden = await t.http.get(roster(store.id)).query(range).set(elsewhere.auth);
    expect(hidden.status).toBe(404);
    expect(hidden.headers['content-type']).toMatch(PROBLEM);
    expect(hidden.body.code).toBe('store.not_found');
    for (const id of [randomUUID(), 'no-such-store']) {
      const missing = await t.http.get(roster(id)).query(range).set(owner.auth);
      expect([missing.status, missing.body.code]).toEqual([404, 'store.not_found']);
    }
  });

  it('refuses a range that is reversed, longer than 31 days or not made of dates, naming the field', async () => {
    const ask = (query: Record<string, string>) => t.http.get(roster(store.id)).query(query).set(owner.auth);
    for (const [query, field] of [
      [{ from: '2026-12-07', to: '2026-12-06' }, 'to'],
      [{ from: '2026-12-01', to: '2027-01-01' }, 'to'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
      [{ from: '2026-12-01' }, 'to'],
    ] as const) {
      const res = await ask(query);
      expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([400, 'request.validation_failed', [field]]);
    }
    expect((await ask({ from: '2026-12-01', to: '2026-12-31' })).status).toBe(200);
  });

  it("shows London's days as the clocks say: 25 hours on the day they go back, local times across the change", async () => {
    const london = await createStore(t, { timeZone: 'Europe/London' });
    const fay = await createStaffMember(t, { storeIds: [london.id], skills: { massage: 4 } });
    await insertShift(t, { staffMemberId: fay.id, storeId: london.id, date: '2026-10-24', start: '2026-10-24T18:00:00+01:00', end: '2026-10-25T08:00:00+00:00' });
    await insertShift(t, { staffMemberId: fay.id, storeId: london.id, date: '2026-10-26', start: '2026-10-26T09:00:00+00:00', end: '2026-10-26T17:00:00+00:00' });
    const res = await t.http.get(roster(london.id)).query({ from: '2026-10-25', to: '2026-10-26' }).set(owner.auth);
    expect(res.status).toBe(200);
    const body = res.body as RosterBody;
    const [shift, monday] = body.staff[0].shifts;
    expect(shift).toMatchObject({ date: '2026-10-24', start: '2026-10-24T18:00:00+01:00', end: '2026-10-25T08:00:00+00:00', localStart: '18:00', localEnd: '08:00' });
    expect(monday).toMatchObject({ start: '2026-10-26T09:00:00+00:00', localStart: '09:00' });
    // On the 25th she works from midnight to 08:00 local: nine real hours, 01:00 twice.
    const sunday = body.coverage.filter((entry) => entry.date === '2026-10-25');
    expect(sunday.map((entry) => entry.hour)).toEqual(['00:00', '01:00', '01:00', '02:00', '03:00', '04:00', '05:00', '06:00', '07:00']);
    expect(sunday[1].start).toBe('2026-10-25T01:00:00+01:00');
    expect(sunday[2].start).toBe('2026-10-25T01:00:00+00:00');
    expect(body.staff[0].workingIntervals[0]).toEqual({ start: '2026-10-25T00:00:00+01:00', end: '2026-10-25T08:00:00+00:00' });
  });
});
