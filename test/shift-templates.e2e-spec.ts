/**
 * Weekly templates (/v1/staff/{id}/templates) and the shifts they plan: planning up to the horizon,
 * dated overrides and cancellations that re-planning keeps, a new template from next month, a
 * collision at another store refused whole, ending a template, Europe/London across both DST
 * changes, bad input and who may do what.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { ShiftPlanningTask } from '../src/modules/scheduling/working-time/shift-planning.task.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { createStaffMember } from './support/scheduling.js';

// Monday 4 January 2027, 08:00 in Shanghai; templates are planned 28 days ahead (to Monday 1 February).
const START = '2027-01-04T00:00:00Z';
const clock = new FixedClock(START);
const lunch = { start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] };
const weekdays = { monday: lunch, tuesday: lunch, wednesday: lunch, thursday: lunch, friday: lunch };

interface PlannedRow {
  id: string;
  date: string;
  store_id: string;
  template_id: string | null;
  status: string;
  edited: boolean;
  source: string;
  cancel_reason: string | null;
  local: string;
}

describe('weekly templates', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  beforeAll(async () => {
    t = await startTestApp({ clock, env: { SHIFT_PLANNING_DAYS: '28' } });
    owner = await createUser(t, { role: 'owner' });
    storeA = await createStore(t, { name: 'Bloom Jing’an' });
    storeB = await createStore(t, { name: 'Bloom Xuhui' });
  });
  afterAll(() => t.close());
  afterEach(() => clock.set(START));

  const templates = (staffId: string) => `/v1/staff/${staffId}/templates`;
  const shifts = (staffId: string) => `/v1/staff/${staffId}/shifts`;
  const body = (overrides: Record<string, unknown> = {}) => ({ storeId: storeA.id, validFrom: '2027-01-04', week: weekdays, ...overrides });
  const both = () => createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
  /** Every shift row of a person, in start order, with its local hours in Shanghai. */
  const rowsOf = (staffId: string, zone = 'Asia/Shanghai') =>
    t.sql<PlannedRow>(
      `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, store_id, template_id, status, edited, source, cancel_reason,
              to_char(lower(during) AT TIME ZONE $2, 'HH24:MI') || '-' || to_char(upper(during) AT TIME ZONE $2, 'HH24:MI') AS local
         FROM shift WHERE staff_member_id = $1 ORDER BY lower(during), status DESC`,
      [staffId, zone],
    );
  const scheduled = async (staffId: string) => (await rowsOf(staffId)).filter((row) => row.status === 'scheduled');
  const WEEKDAYS_TO_HORIZON = [
    ...['04', '05', '06', '07', '08', '11', '12', '13', '14', '15', '18', '19', '20', '21', '22', '25', '26', '27', '28', '29'].map((d) => `2027-01-${d}`),
    '2027-02-01',
  ];

  it('plans a template’s weekdays from today to the horizon, with their breaks, and answers it', async () => {
    const staff = await both();
    const res = await t.http.post(templates(staff.id)).set(owner.auth).send(body());
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`${templates(staff.id)}/${res.body.id}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      staffMemberId: staff.id,
      storeId: storeA.id,
      timeZone: 'Asia/Shanghai',
      validFrom: '2027-01-04',
      validTo: null,
      week: { ...weekdays, saturday: null, sunday: null },
      allowClosedDays: false,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const rows = await rowsOf(staff.id);
    expect(rows.map((row) => row.date)).toEqual(WEEKDAYS_TO_HORIZON);
    expect(rows.every((row) => row.template_id === res.body.id && row.source === 'template' && row.status === 'scheduled' && row.local === '10:00-19:00')).toBe(true);
    const listed = await t.http.get(shifts(staff.id)).query({ from: '2027-01-04', to: '2027-01-04' }).set(owner.auth);
    expect(listed.body.data).toEqual([
      expect.objectContaining({
        source: 'template',
        templateId: res.body.id,
        start: '2027-01-04T10:00:00+08:00',
        breaks: [{ start: '2027-01-04T12:30:00+08:00', end: '2027-01-04T13:15:00+08:00', localStart: '12:30', localEnd: '13:15' }],
      }),
    ]);
    expect((await t.http.get(`${templates(staff.id)}/${res.body.id}`).set(owner.auth)).body).toEqual(res.body);
    expect((await t.http.get(templates(staff.id)).set(owner.auth)).body).toEqual({ data: [res.body], nextCursor: null });
    const [audit] = await t.sql<{ after: { planned: number } }>("SELECT after FROM audit_event WHERE action = 'shift_template.create' AND entity_id = $1", [res.body.id]);
    expect(audit.after.planned).toBe(21);
  });

  it('keeps dated overrides, cancelled and edited days when the template changes, and re-plans the rest', async () => {
    const staff = await both();
    const { body: template } = await t.http.post(templates(staff.id)).set(owner.auth).send(body()).expect(201);
    const byDate = async (date: string) => (await scheduled(staff.id)).find((row) => row.date === date)!;
    // Wednesday: a dated shift replaces the template's day. Thursday: cancelled. Friday: edited.
    const manual = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: storeA.id, date: '2027-01-06', start: '14:00', end: '21:00' }).expect(201);
    const thursday = await byDate('2027-01-07');
    await t.http
      .post(`${shifts(staff.id)}/${thursday.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '培训 Training' })
      .expect(200);
    const friday = await byDate('2027-01-08');
    await t.http
      .patch(`${shifts(staff.id)}/${friday.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ start: '11:00' })
      .expect(200);

    const stale = await t.http
      .patch(`${templates(staff.id)}/${template.id}`)
      .set(owner.auth)
      .set('if-match', '"2"')
      .send({});
    expect(stale.status).toBe(412);
    const early = { start: '09:00', end: '17:00', breaks: [] };
    const res = await t.http
      .patch(`${templates(staff.id)}/${template.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ week: { monday: early, tuesday: early, wednesday: early, thursday: early, friday: early, saturday: { start: '10:00', end: '16:00' } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 2, week: { monday: early, saturday: { start: '10:00', end: '16:00', breaks: [] }, sunday: null } });

    const firstWeek = (await rowsOf(staff.id)).filter((row) => row.date <= '2027-01-09');
    expect(firstWeek.map(({ date, source, status, edited, cancel_reason, local }) => ({ date, source, status, edited, cancel_reason, local }))).toEqual([
      { date: '2027-01-04', source: 'template', status: 'scheduled', edited: false, cancel_reason: null, local: '09:00-17:00' },
      { date: '2027-01-05', source: 'template', status: 'scheduled', edited: false, cancel_reason: null, local: '09:00-17:00' },
      { date: '2027-01-06', source: 'template', status: 'cancelled', edited: false, cancel_reason: 'replaced', local: '10:00-19:00' },
      { date: '2027-01-06', source: 'manual', status: 'scheduled', edited: false, cancel_reason: null, local: '14:00-21:00' },
      { date: '2027-01-07', source: 'template', status: 'cancelled', edited: false, cancel_reason: '培训 Training', local: '10:00-19:00' },
      { date: '2027-01-08', source: 'template', status: 'scheduled', edited: true, cancel_reason: null, local: '11:00-19:00' },
      { date: '2027-01-09', source: 'template', status: 'scheduled', edited: false, cancel_reason: null, local: '10:00-16:00' },
    ]);
    expect(firstWeek.find((row) => row.source === 'manual')!.id).toBe(manual.body.id);
    expect((await scheduled(staff.id)).filter((row) => row.date > '2027-01-09')).toHaveLength(16 + 3);
  });

  it('ends the running template the day before a new one from next month starts, and refuses one starting earlier', async () => {
    const staff = await both();
    const { body: january } = await t.http.post(templates(staff.id)).set(owner.auth).send(body()).expect(201);
    const february = await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send(body({ validFrom: '2027-02-01', week: { monday: { start: '12:00', end: '21:00' } } }));
    expect(february.status).toBe(201);
    const ended = await t.http.get(`${templates(staff.id)}/${january.id}`).set(owner.auth);
    expect(ended.body).toMatchObject({ validTo: '2027-01-31', version: 2 });
    const rows = await scheduled(staff.id);
    expect(rows.filter((row) => row.template_id === january.id).map((row) => row.date)).toEqual(WEEKDAYS_TO_HORIZON.slice(0, -1));
    expect(rows.filter((row) => row.template_id === february.body.id).map((row) => [row.date, row.local])).toEqual([['2027-02-01', '12:00-21:00']]);
    const [audit] = await t.sql<{ after: object }>("SELECT after FROM audit_event WHERE action = 'shift_template.end' AND entity_id = $1", [january.id]);
    expect(audit.after).toEqual({ validTo: '2027-01-31', version: 2 });

    for (const validFrom of ['2027-02-01', '2027-01-20']) {
      const res = await t.http.post(templates(staff.id)).set(owner.auth).send(body({ validFrom }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'shift_template.overlap', existingTemplateId: february.body.id, errors: [{ field: 'validFrom' }] });
    }
    // Stretching January over February's dates is refused by the database's rule.
    const stretched = await t.http
      .patch(`${templates(staff.id)}/${january.id}`)
      .set(owner.auth)
      .set('if-match', '"2"')
      .send({ validTo: '2027-02-10' });
    expect(stretched.status).toBe(409);
    expect(stretched.body.code).toBe('shift_template.overlap');
    // Another store's template runs beside it.
    await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send(body({ storeId: storeB.id, week: { saturday: lunch } }))
      .expect(201);
  });

  it('leaves out the days of a dated shift already at the store', async () => {
    const staff = await both();
    const manual = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: storeA.id, date: '2027-01-12', start: '15:00', end: '21:00' }).expect(201);
    await t.http.post(templates(staff.id)).set(owner.auth).send(body()).expect(201);
    const tuesday = (await rowsOf(staff.id)).filter((row) => row.date === '2027-01-12');
    expect(tuesday.map((row) => [row.id, row.source, row.status])).toEqual([[manual.body.id, 'manual', 'scheduled']]);
    expect(await scheduled(staff.id)).toHaveLength(21);
  });

  it('refuses a template whose day collides with a shift at another store, naming it, and saves nothing', async () => {
    const staff = await both();
    const other = await t.http.post(shifts(staff.id)).set(owner.auth).send({ storeId: storeB.id, date: '2027-01-13', start: '09:00', end: '11:00' }).expect(201);
    const res = await t.http.post(templates(staff.id)).set(owner.auth).send(body());
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({
      code: 'scheduling.shift_overlap',
      conflict: { shiftId: other.body.id, storeId: storeB.id, date: '2027-01-13', start: '2027-01-13T09:00:00+08:00', end: '2027-01-13T11:00:00+08:00' },
      errors: [{ field: 'week.wednesday', message: 'overlaps another shift of this staff member' }],
    });
    expect(res.body.detail).toContain('09:00–11:00 on 2027-01-13 at Bloom Xuhui');
    expect(await t.sql('SELECT 1 FROM shift_template WHERE staff_member_id = $1', [staff.id])).toEqual([]);
    expect((await rowsOf(staff.id)).map((row) => row.id)).toEqual([other.body.id]);

    // Without Wednesdays it is planned; adding them back later is refused the same way, and changes nothing.
    const { monday, tuesday, thursday, friday } = weekdays;
    const { body: template } = await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send(body({ week: { monday, tuesday, thursday, friday } }))
      .expect(201);
    const planned = await rowsOf(staff.id);
    const patch = await t.http
      .patch(`${templates(staff.id)}/${template.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ week: weekdays });
    expect(patch.status).toBe(409);
    expect(patch.body).toMatchObject({ code: 'scheduling.shift_overlap', conflict: { shiftId: other.body.id }, errors: [{ field: 'week.wednesday' }] });
    expect(await rowsOf(staff.id)).toEqual(planned);
    expect((await t.http.get(`${templates(staff.id)}/${template.id}`).set(owner.auth)).body.version).toBe(1);
  });

  it('ends a template: its shifts after the last date go, edited ones are cancelled', async () => {
    const staff = await both();
    const { body: template } = await t.http.post(templates(staff.id)).set(owner.auth).send(body()).expect(201);
    const edited = (await scheduled(staff.id)).find((row) => row.date === '2027-01-20')!;
    await t.http
      .patch(`${shifts(staff.id)}/${edited.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ note: '加班 Overtime' })
      .expect(200);
    const before = await t.http
      .post(`${templates(staff.id)}/${template.id}/end`)
      .set(owner.auth)
      .send({ lastDate: '2027-01-03' });
    expect(before.status).toBe(400);
    expect(before.body.errors).toEqual([{ field: 'lastDate', message: "must not be before the template's first date (2027-01-04)" }]);
    const res = await t.http
      .post(`${templates(staff.id)}/${template.id}/end`)
      .set(owner.auth)
      .send({ lastDate: '2027-01-15' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ validTo: '2027-01-15', version: 2 });
    expect((await scheduled(staff.id)).map((row) => row.date)).toEqual(WEEKDAYS_TO_HORIZON.slice(0, 10));
    expect((await rowsOf(staff.id)).filter((row) => row.status === 'cancelled')).toEqual([expect.objectContaining({ id: edited.id, cancel_reason: 'template_ended' })]);
    const later = await t.http
      .post(`${templates(staff.id)}/${template.id}/end`)
      .set(owner.auth)
      .send({ lastDate: '2027-01-20' });
    expect(later.body.errors).toEqual([{ field: 'lastDate', message: "must not be after the template's last date (2027-01-15); change validTo to make it longer" }]);
  });

  it('keeps London wall-clock hours across both DST changes (10:00Z in winter, 09:00Z in summer)', async () => {
    const london = await createStore(t, { name: 'Bloom Soho', timeZone: 'Europe/London' });
    const staff = await createStaffMember(t, { storeIds: [london.id] });
    const startsOf = async () =>
      (
        await t.sql<{ date: string; start: Date }>(`SELECT to_char(date, 'YYYY-MM-DD') AS date, lower(during) AS start FROM shift WHERE staff_member_id = $1 ORDER BY 2`, [
          staff.id,
        ])
      ).map((row) => `${row.date} ${row.start.toISOString().slice(11, 16)}Z`);
    clock.set('2027-03-20T12:00:00Z');
    await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send({ storeId: london.id, validFrom: '2027-03-20', week: { monday: lunch } })
      .expect(201);
    expect(await startsOf()).toEqual(['2027-03-22 10:00Z', '2027-03-29 09:00Z', '2027-04-05 09:00Z', '2027-04-12 09:00Z']);
    const listed = await t.http.get(shifts(staff.id)).query({ from: '2027-03-22', to: '2027-03-29' }).set(owner.auth);
    expect(listed.body.data.map((s: { start: string; localStart: string }) => [s.start, s.localStart])).toEqual([
      ['2027-03-22T10:00:00+00:00', '10:00'],
      ['2027-03-29T10:00:00+01:00', '10:00'],
    ]);
    // By October the hourly planner has planned on (one run stands for them all); the clocks go back on the 31st.
    await t.sql('DELETE FROM shift WHERE staff_member_id = $1', [staff.id]);
    clock.set('2027-10-20T12:00:00Z');
    await t.app.get(ShiftPlanningTask).run();
    expect(await startsOf()).toEqual(['2027-10-25 09:00Z', '2027-11-01 10:00Z', '2027-11-08 10:00Z', '2027-11-15 10:00Z']);
  });

  it.each([
    ['validTo before validFrom', { validTo: '2027-01-03' }, 400, [{ field: 'validTo', message: 'must not be before validFrom' }]],
    ['a week with no working day', { week: { sunday: null } }, 400, [{ field: 'week', message: 'must have at least one working day' }]],
    ['an end before the start', { week: { tuesday: { start: '19:00', end: '10:00' } } }, 400, [{ field: 'week.tuesday.end', message: 'must be after start' }]],
    [
      'a break outside the day',
      { week: { monday: { start: '10:00', end: '19:00', breaks: [{ start: '19:00', end: '19:30' }] } } },
      400,
      [{ field: 'week.monday.breaks', message: '[0] must lie inside the shift (10:00–19:00)' }],
    ],
    ['a day over 16 hours', { week: { friday: { start: '06:00', end: '23:00' } } }, 400, [{ field: 'week.friday.end', message: 'must be at most 16 hours after start' }]],
    ['an unknown weekday', { week: { monday: lunch, funday: lunch } }, 400, [{ field: 'week.funday', message: 'should not exist' }]],
    ['a date that does not exist', { validFrom: '2027-02-29' }, 400, [{ field: 'validFrom', message: 'must be a date YYYY-MM-DD' }]],
  ])('refuses %s with a problem naming the field, and saves nothing', async (_label, overrides, status, errors) => {
    const staff = await both();
    const res = await t.http.post(templates(staff.id)).set(owner.auth).send(body(overrides));
    expect(res.status).toBe(status);
    expect(res.body.errors).toEqual(errors);
    expect(await t.sql('SELECT 1 FROM shift_template WHERE staff_member_id = $1', [staff.id])).toEqual([]);
  });

  it('plans a closed weekday only when allowed (422 naming the day otherwise), marking those shifts', async () => {
    const closedSundays = await createStore(t, { name: 'Bloom Pudong' });
    await t.sql(`UPDATE store SET business_hours = jsonb_set(business_hours, '{sunday}', '[]') WHERE id = $1`, [closedSundays.id]);
    const staff = await createStaffMember(t, { storeIds: [closedSundays.id] });
    const week = { saturday: lunch, sunday: lunch };
    const res = await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send(body({ storeId: closedSundays.id, week }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('shift_template.store_closed');
    expect(res.body.errors).toEqual([{ field: 'week.sunday', message: expect.stringContaining('allowClosedDays: true') }]);
    await t.http
      .post(templates(staff.id))
      .set(owner.auth)
      .send(body({ storeId: closedSundays.id, week, allowClosedDays: true }))
      .expect(201);
    const listed = await t.http.get(shifts(staff.id)).query({ from: '2027-01-09', to: '2027-01-10' }).set(owner.auth);
    expect(listed.body.data.map((s: { date: string; onClosedDay: boolean }) => [s.date, s.onClosedDay])).toEqual([
      ['2027-01-09', false],
      ['2027-01-10', true],
    ]);
  });

  it('refuses a store the staff member does not work at and an inactive staff member (422)', async () => {
    const onlyA = await createStaffMember(t, { storeIds: [storeA.id] });
    const res = await t.http
      .post(templates(onlyA.id))
      .set(owner.auth)
      .send(body({ storeId: storeB.id }));
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['storeId']);
    const inactive = await createStaffMember(t, { storeIds: [storeA.id], status: 'inactive' });
    expect((await t.http.post(templates(inactive.id)).set(owner.auth).send(body())).body.code).toBe('staff_member.inactive');
  });

  it('lets a beautician read their own templates only, and managers manage those at their stores', async () => {
    const beautician = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
    const colleague = await both();
    const { body: mine } = await t.http.post(templates(beautician.id)).set(owner.auth).send(body()).expect(201);
    const { body: atB } = await t.http
      .post(templates(colleague.id))
      .set(owner.auth)
      .send(body({ storeId: storeB.id }))
      .expect(201);
    const me = beautician.user!;
    expect((await t.http.get(templates(beautician.id)).set(me.auth)).body.data).toEqual([mine]);
    expect(
      (
        await t.http
          .post(templates(beautician.id))
          .set(me.auth)
          .send(body({ validFrom: '2027-02-01' }))
      ).status,
    ).toBe(403);
    expect((await t.http.get(templates(colleague.id)).set(me.auth)).status).toBe(404);

    const managerA = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    expect((await t.http.get(templates(colleague.id)).set(managerA.auth)).body.data).toEqual([]);
    expect((await t.http.get(`${templates(colleague.id)}/${atB.id}`).set(managerA.auth)).body.code).toBe('shift_template.not_found');
    expect(
      (
        await t.http
          .post(`${templates(colleague.id)}/${atB.id}/end`)
          .set(managerA.auth)
          .send({ lastDate: '2027-01-20' })
      ).status,
    ).toBe(404);
    const managerB = await createUser(t, { role: 'manager', storeIds: [storeB.id] });
    expect((await t.http.post(templates(beautician.id)).set(managerB.auth).send(body())).status).toBe(404);
    await t.http
      .post(`${templates(colleague.id)}/${atB.id}/end`)
      .set(managerB.auth)
      .send({ lastDate: '2027-01-20' })
      .expect(200);
  });
});
