/**
 * Scheduling end to end, through the API as a salon uses it: a weekly template planned into shifts, a
 * shorter day entered over it, time off asked for by the beautician and approved by her manager, a store
 * closure — and what appointments will read (SchedulingService.workingIntervals), the roster and the
 * person's iCalendar feed all agree. Also across London's spring DST change.
 */
import ICAL from 'ical.js';
import { FixedClock } from '../src/common/clock/index.js';
import { SchedulingService } from '../src/modules/scheduling/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

// Monday 22 March 2027, 08:00 in Shanghai; London moves to summer time on Sunday 28 March.
const clock = new FixedClock('2027-03-22T00:00:00Z');
const cn = (date: string, time: string) => `${date}T${time}:00+08:00`;
const span = (start: string, end: string) => ({ start: new Date(start), end: new Date(end) });

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
const workWeek = (breaks: Array<{ start: string; end: string }>) => Object.fromEntries(WEEKDAYS.map((day) => [day, { start: '10:00', end: '19:00', breaks }]));

describe('scheduling, end to end', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let shanghai: StoreRecord;
  let london: StoreRecord;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PUBLIC_BASE_URL: 'https://bloom.example' } });
    owner = await createUser(t, { role: 'owner' });
    shanghai = await createStore(t, { timeZone: 'Asia/Shanghai' });
    london = await createStore(t, { timeZone: 'Europe/London' });
    manager = await createUser(t, { role: 'manager', storeIds: [shanghai.id, london.id] });
  });
  afterAll(() => t.close());

  /** A staff member made through the API, with a sign-in of her own when `login` is given. */
  async function staffMember(storeId: string, name: string, login?: UserRecord): Promise<string> {
    const res = await t.http
      .post('/v1/staff')
      .set(manager.auth)
      .send({ name, storeIds: [storeId], skills: [{ skill: 'haircut' }], ...(login ? { userId: login.id } : {}) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function template(staffMemberId: string, storeId: string, breaks: Array<{ start: string; end: string }>): Promise<void> {
    const res = await t.http
      .post(`/v1/staff/${staffMemberId}/templates`)
      .set(manager.auth)
      .send({ storeId, validFrom: '2027-03-22', week: workWeek(breaks) });
    expect(res.status).toBe(201);
  }

  const workingIntervals = (storeId: string, staffMemberId: string, from: string, to: string) =>
    t.app
      .get(SchedulingService)
      .workingIntervals({ storeId, staffMemberIds: [staffMemberId], from: new Date(from), to: new Date(to) })
      .then((intervals) => intervals.get(staffMemberId));

  it('gives the working intervals of template + shorter day + breaks + approved time off + a closure, and the roster and the calendar feed show the same shifts', async () => {
    const wang = await createUser(t, { role: 'beautician', storeIds: [shanghai.id], name: '王丽 Wang Li' });
    const id = await staffMember(shanghai.id, '王丽 Wang Li', wang);
    await template(id, shanghai.id, [{ start: '12:30', end: '13:15' }]);

    // Wednesday is a shorter day, entered over the template's.
    const shorter = await t.http.post(`/v1/staff/${id}/shifts`).set(manager.auth).send({ storeId: shanghai.id, date: '2027-03-24', start: '10:00', end: '15:00' });
    expect(shorter.status).toBe(201);
    // Thursday afternoon off: she asks, her manager approves (and she is told).
    const asked = await t.http
      .post(`/v1/staff/${id}/time-off`)
      .set(wang.auth)
      .send({ type: 'other', startsAt: cn('2027-03-25', '14:00'), endsAt: cn('2027-03-25', '19:00'), reason: '看牙 Dentist' });
    expect(asked.status).toBe(201);
    expect(asked.body.status).toBe('requested');
    await t.http.post(`/v1/time-off-requests/${asked.body.id}/approve`).set(manager.auth).send({}).expect(200);
    // Friday morning she only asked: that does not remove working time until a manager approves it.
    await t.http
      .post(`/v1/staff/${id}/time-off`)
      .set(wang.auth)
      .send({ type: 'annual', startsAt: cn('2027-03-26', '10:00'), endsAt: cn('2027-03-26', '12:00') })
      .expect(201);
    // The store closes on Tuesday.
    await t.http.post(`/v1/stores/${shanghai.id}/closures`).set(manager.auth).send({ date: '2027-03-23', kind: 'closed', reason: '停水 Water cut' }).expect(201);

    const expected = [
      span(cn('2027-03-22', '10:00'), cn('2027-03-22', '12:30')),
      span(cn('2027-03-22', '13:15'), cn('2027-03-22', '19:00')),
      span(cn('2027-03-24', '10:00'), cn('2027-03-24', '15:00')),
      span(cn('2027-03-25', '10:00'), cn('2027-03-25', '12:30')),
      span(cn('2027-03-25', '13:15'), cn('2027-03-25', '14:00')),
      span(cn('2027-03-26', '10:00'), cn('2027-03-26', '12:30')),
      span(cn('2027-03-26', '13:15'), cn('2027-03-26', '19:00')),
    ];
    expect(await workingIntervals(shanghai.id, id, cn('2027-03-22', '00:00'), cn('2027-03-27', '00:00'))).toEqual(expected);

    // The roster shows the same working time, and the shifts behind it.
    const roster = await t.http.get(`/v1/stores/${shanghai.id}/roster`).query({ from: '2027-03-22', to: '2027-03-26' }).set(manager.auth);
    expect(roster.status).toBe(200);
    const mine = (
      roster.body.staff as Array<{ staffMemberId: string; shifts: Array<{ id: string; start: string; end: string }>; workingIntervals: Array<{ start: string; end: string }> }>
    ).find((entry) => entry.staffMemberId === id)!;
    expect(mine.workingIntervals.map((w) => span(w.start, w.end))).toEqual(expected);
    const rosterShifts = mine.shifts.map((shift) => ({ uid: `shift-${shift.id}@bloom`, start: new Date(shift.start).getTime(), end: new Date(shift.end).getTime() }));
    // Monday to Friday, Wednesday's being the shorter one (the template's Wednesday was replaced, Tuesday's stays a shift on a closed day).
    expect(rosterShifts.map((shift) => (shift.end - shift.start) / 3_600_000)).toEqual([9, 9, 5, 9, 9]);

    // Her calendar feed (her own link) holds the same shifts, confirmed, at the same instants.
    const link = await t.http.post(`/v1/staff/${id}/calendar-feed`).set(wang.auth).send();
    expect(link.status).toBe(201);
    const feed = await t.http.get(new URL(link.body.url as string).pathname + new URL(link.body.url as string).search);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const events = calendar.getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));
    const feedShifts = events
      .filter((event) => event.uid.startsWith('shift-') && event.component.getFirstPropertyValue('status') === 'CONFIRMED')
      .map((event) => ({ uid: event.uid, start: event.startDate.toJSDate().getTime(), end: event.endDate.toJSDate().getTime() }))
      .filter((shift) => shift.start < new Date(cn('2027-03-27', '00:00')).getTime());
    expect(feedShifts.sort((a, b) => a.start - b.start)).toEqual(rosterShifts);
    // The approved time off is in the feed too; the replaced template day is there as cancelled, so phones drop it.
    expect(events.find((event) => event.uid === `time-off-${asked.body.id}@bloom`)?.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(events.filter((event) => event.component.getFirstPropertyValue('status') === 'CANCELLED' && event.uid.startsWith('shift-'))).toHaveLength(1);

    // When she leaves, her link stops working with her access.
    await t.http.post(`/v1/staff/${id}/deactivate`).set(manager.auth).expect(200);
    expect((await t.http.get(new URL(link.body.url as string).pathname + new URL(link.body.url as string).search)).status).toBe(404);
  });

  it("keeps London's 10:00–19:00 at 10:00 local across the change to summer time", async () => {
    const id = await staffMember(london.id, 'Amy Smith');
    await template(id, london.id, []);
    expect(await workingIntervals(london.id, id, '2027-03-26T00:00:00Z', '2027-03-30T00:00:00Z')).toEqual([
      span('2027-03-26T10:00:00Z', '2027-03-26T19:00:00Z'),
      span('2027-03-29T09:00:00Z', '2027-03-29T18:00:00Z'),
    ]);
    // And the manager's closure of the Monday removes the whole local day, which starts at 23:00Z on Sunday.
    await t.http.post(`/v1/stores/${london.id}/closures`).set(owner.auth).send({ date: '2027-03-29', kind: 'closed', reason: 'Bank holiday' }).expect(201);
    expect(await workingIntervals(london.id, id, '2027-03-26T00:00:00Z', '2027-03-30T00:00:00Z')).toEqual([span('2027-03-26T10:00:00Z', '2027-03-26T19:00:00Z')]);
  });
});
