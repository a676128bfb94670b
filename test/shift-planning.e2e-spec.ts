/**
 * The hourly planner (ShiftPlanningTask) keeps templates planned to the horizon as days pass: it
 * extends them when the clock moves, changes nothing when run again, skips (and logs) a day that
 * collides, leaves out closed dates, ended templates and inactive people, and runs one process at a
 * time. Also the demo templates of `npm run seed`.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { createValidationPipe } from '../src/common/errors/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { DEMO_STORES } from '../src/cli/seed.js';
import { seedDemoTemplates } from '../src/modules/scheduling/index.js';
import { ShiftPlanningTask } from '../src/modules/scheduling/working-time/shift-planning.task.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createStaffMember, insertShift } from './support/scheduling.js';

// Monday 4 January 2027, 08:00 in Shanghai; templates are planned 14 days ahead.
const START = '2027-01-04T00:00:00Z';
const DAY_MS = 86_400_000;
const clock = new FixedClock(START);
const day = { start: '10:00', end: '19:00', breaks: [] };
const everyDay = { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day };

describe('the shift planner', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let task: ShiftPlanningTask;
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { SHIFT_PLANNING_DAYS: '14' }, captureLogs: true });
    owner = await createUser(t, { role: 'owner' });
    storeA = await createStore(t);
    storeB = await createStore(t);
    task = t.app.get(ShiftPlanningTask);
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(START));

  const datesOf = async (staffId: string, status = 'scheduled') =>
    (await t.sql<{ date: string }>(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM shift WHERE staff_member_id = $1 AND status = $2 ORDER BY date`, [staffId, status])).map(
      (row) => row.date,
    );
  const template = async (staffId: string, body: Record<string, unknown> = {}) =>
    (
      await t.http
        .post(`/v1/staff/${staffId}/templates`)
        .set(owner.auth)
        .send({ storeId: storeA.id, validFrom: '2027-01-04', week: everyDay, ...body })
        .expect(201)
    ).body as {
      id: string;
    };
  const last = (dates: string[]) => dates[dates.length - 1];

  it('extends templates to the horizon when the clock moves, and changes nothing when run again', async () => {
    const staff = await createStaffMember(t, { storeIds: [storeA.id] });
    await template(staff.id);
    expect(await datesOf(staff.id)).toHaveLength(15);
    expect(last(await datesOf(staff.id))).toBe('2027-01-18');

    clock.advance(10 * DAY_MS);
    const run = await task.run();
    expect(run).toMatchObject({ failed: 0 });
    expect(run!.planned).toBeGreaterThanOrEqual(10);
    const dates = await datesOf(staff.id);
    expect(dates).toHaveLength(25);
    expect(last(dates)).toBe('2027-01-28');
    const before = await t.sql('SELECT id, version FROM shift WHERE staff_member_id = $1 ORDER BY id', [staff.id]);
    expect((await task.run())!.planned).toBe(0);
    expect(await t.sql('SELECT id, version FROM shift WHERE staff_member_id = $1 ORDER BY id', [staff.id])).toEqual(before);
  });

  it('skips a day that collides with a shift at another store, logs it by its code, and plans the others', async () => {
    const staff = await createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
    await template(staff.id);
    // Someone entered a shift at the other store beyond the horizon, bypassing the API.
    const other = await insertShift(t, { staffMemberId: staff.id, storeId: storeB.id, date: '2027-01-20', start: '2027-01-20T01:00:00Z', end: '2027-01-20T04:00:00Z' });
    clock.advance(3 * DAY_MS);
    const run = await task.run();
    expect(run).toMatchObject({ skipped: 1, failed: 0 });
    expect(await datesOf(staff.id)).toEqual([...Array.from({ length: 16 }, (_, i) => `2027-01-${String(4 + i).padStart(2, '0')}`), '2027-01-20', '2027-01-21']);
    const rows = await t.sql<{ id: string; store_id: string }>("SELECT id, store_id FROM shift WHERE staff_member_id = $1 AND date = '2027-01-20'", [staff.id]);
    expect(rows).toEqual([{ id: other, store_id: storeB.id }]);
    expect(t.logs).toContainEqual(expect.objectContaining({ code: 'scheduling.shift_overlap', date: '2027-01-20', shiftId: other }));
  });

  it('leaves out a store’s closed dates, ended templates and inactive staff', async () => {
    const closing = await createStaffMember(t, { storeIds: [storeB.id] });
    await template(closing.id, { storeId: storeB.id });
    await t.sql(`INSERT INTO store_closure (store_id, date, kind, intervals, reason) VALUES ($1, '2027-01-21', 'closed', '[]', '装修 Refurbishment')`, [storeB.id]);
    const ending = await createStaffMember(t, { storeIds: [storeA.id] });
    await template(ending.id, { validTo: '2027-01-18' });
    const leaving = await createStaffMember(t, { storeIds: [storeA.id] });
    await template(leaving.id);
    await t.sql("UPDATE staff_member SET status = 'inactive' WHERE id = $1", [leaving.id]);

    clock.advance(7 * DAY_MS);
    await task.run();
    expect((await datesOf(closing.id)).slice(-5)).toEqual(['2027-01-20', '2027-01-22', '2027-01-23', '2027-01-24', '2027-01-25']);
    expect(last(await datesOf(ending.id))).toBe('2027-01-18');
    expect(last(await datesOf(leaving.id))).toBe('2027-01-18');
  });

  it('does nothing while another process is planning', async () => {
    const hold = t.dataSource.createQueryRunner();
    await hold.connect();
    try {
      await hold.query("SELECT pg_advisory_lock(hashtext('bloom:shift-planning'))");
      expect(await task.run()).toBeUndefined();
    } finally {
      await hold.query("SELECT pg_advisory_unlock(hashtext('bloom:shift-planning'))");
      await hold.release();
    }
    expect(await task.run()).toMatchObject({ failed: 0 });
  });

  describe('the demo templates', () => {
    const ownerActor = (): Actor => ({ kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' });
    const toDto = async <T extends object>(type: new () => T, body: object): Promise<T> =>
      (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: type })) as T;

    it('plan weekdays at each person’s first store and Saturdays at a second, within the stores’ hours, once', async () => {
      await t.sql("UPDATE staff_member SET status = 'inactive'");
      expect(await seedDemoTemplates(t.app, ownerActor(), toDto)).toEqual([]);
      const ids: Record<string, string> = {};
      for (const store of DEMO_STORES) ids[store.code] = (await t.http.post('/v1/stores').set(owner.auth).send(store).expect(201)).body.id;
      const wang = await createStaffMember(t, { storeIds: [ids['SH-JA']], name: '王丽 Wang Li' });
      const zhao = await createStaffMember(t, { storeIds: [ids['SH-XH'], ids['SH-JA']], name: '赵敏 Zhao Min' });
      const sun = await createStaffMember(t, { storeIds: [ids['SH-XH']], name: '孙悦 Sun Yue' });

      const created = await seedDemoTemplates(t.app, ownerActor(), toDto);
      expect(created.sort()).toEqual(['template 孙悦 Sun Yue SH-XH', 'template 王丽 Wang Li SH-JA', 'template 赵敏 Zhao Min SH-JA', 'template 赵敏 Zhao Min SH-XH']);
      const weeks = await t.sql<{ staff: string; store: string; valid_from: string; week: Record<string, unknown> }>(
        `SELECT staff_member_id AS staff, store_id AS store, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, week FROM shift_template
          WHERE staff_member_id = ANY($1) ORDER BY valid_from`,
        [[wang.id, zhao.id, sun.id]],
      );
      const weekOf = (staff: string, store: string) => weeks.find((row) => row.staff === staff && row.store === store)?.week;
      const lunch = { start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] };
      expect(weekOf(wang.id, ids['SH-JA'])).toEqual({ monday: lunch, tuesday: lunch, wednesday: lunch, thursday: lunch, friday: lunch });
      expect(weekOf(zhao.id, ids['SH-XH'])).toEqual({ saturday: lunch });
      // Xuhui is closed on Mondays and closes 13:00–14:00 on weekdays.
      const xuhui = { start: '10:00', end: '19:00', breaks: [{ start: '13:00', end: '14:00' }] };
      expect(weekOf(sun.id, ids['SH-XH'])).toEqual({ tuesday: xuhui, wednesday: xuhui, thursday: xuhui, friday: xuhui });
      expect(weeks.every((row) => row.valid_from === '2027-01-04')).toBe(true);
      expect((await datesOf(zhao.id)).filter((date) => date === '2027-01-09')).toHaveLength(1);

      expect(await seedDemoTemplates(t.app, ownerActor(), toDto)).toEqual([]);
    });
  });
});
