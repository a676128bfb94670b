import { randomUUID } from 'node:crypto';
import { Db } from '../src/common/database/index.js';
import { SchedulingService, type WorkingInterval } from '../src/modules/scheduling/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { countQueries } from './support/query-count.js';
import { createStaffMember, insertShift, insertTimeOff } from './support/scheduling.js';

/** `[start, end]` as ISO instants, for comparing answers at a glance. */
const spans = (intervals: WorkingInterval[] | undefined) => (intervals ?? []).map((i) => [i.start.toISOString(), i.end.toISOString()]);
const at = (date: string, time: string, offset: string) => new Date(`${date}T${time}:00${offset}`);
/** Shanghai wall time → ISO instant. */
const cn = (date: string, time: string) => at(date, time, '+08:00').toISOString();

describe('working intervals (SchedulingService.workingIntervals)', () => {
  let t: TestApp;
  let scheduling: SchedulingService;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    scheduling = t.app.get(SchedulingService);
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  async function close(store: StoreRecord, body: Record<string, unknown>) {
    await t.http.post(`/v1/stores/${store.id}/closures`).set(owner.auth).send(body).expect(201);
  }

  /** A template-planned shift (10:00–19:00 with lunch 12:30–13:15, Shanghai) on each date. */
  async function plannedWeek(staffMemberId: string, store: StoreRecord, dates: string[]): Promise<Map<string, string>> {
    const day = { start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] };
    const [template] = await t.sql<{ id: string }>(`INSERT INTO shift_template (staff_member_id, store_id, valid_from, week) VALUES ($1, $2, $3, $4) RETURNING id`, [
      staffMemberId,
      store.id,
      dates[0],
      JSON.stringify({ monday: day, tuesday: day, wednesday: day, thursday: day, friday: day }),
    ]);
    const ids = new Map<string, string>();
    for (const date of dates) {
      const id = await insertShift(t, {
        staffMemberId,
        storeId: store.id,
        date,
        templateId: template.id,
        start: at(date, '10:00', '+08:00'),
        end: at(date, '19:00', '+08:00'),
        breaks: [{ start: at(date, '12:30', '+08:00'), end: at(date, '13:15', '+08:00') }],
      });
      ids.set(date, id);
    }
    return ids;
  }

  it('gives a planned week minus breaks, an override, approved time off and closures, in one query; requested time off and other stores do not count', async () => {
    const store = await createStore(t);
    const elsewhere = await createStore(t);
    const ana = await createStaffMember(t, { storeIds: [store.id] });
    const bo = await createStaffMember(t, { storeIds: [store.id, elsewhere.id] });
    const week = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']; // Monday to Friday
    const planned = await plannedWeek(ana.id, store, week);
    // Wednesday is a shorter day: the planned shift is cancelled and a dated one entered.
    await t.sql(`UPDATE shift SET status = 'cancelled', edited = true WHERE id = $1`, [planned.get('2026-12-09')]);
    await insertShift(t, { staffMemberId: ana.id, storeId: store.id, date: '2026-12-09', start: at('2026-12-09', '13:00', '+08:00'), end: at('2026-12-09', '17:00', '+08:00') });
    await insertTimeOff(t, { staffMemberId: ana.id, start: at('2026-12-10', '15:00', '+08:00'), end: at('2026-12-10', '17:00', '+08:00') });
    await insertTimeOff(t, { staffMemberId: ana.id, status: 'requested', start: at('2026-12-08', '10:00', '+08:00'), end: at('2026-12-08', '12:00', '+08:00') });
    await close(store, { date: '2026-12-07', kind: 'special_hours', intervals: [{ open: '14:00', close: '21:00' }], reason: '盘点 Stocktake morning' });
    await close(store, { date: '2026-12-11', kind: 'closed', reason: '停电 Power cut' });
    // Bo works at the other store on Tuesday (and it is closed on Wednesday: not this store's closure).
    await insertShift(t, { staffMemberId: bo.id, storeId: elsewhere.id, date: '2026-12-08', start: at('2026-12-08', '10:00', '+08:00'), end: at('2026-12-08', '19:00', '+08:00') });
    await insertShift(t, { staffMemberId: bo.id, storeId: store.id, date: '2026-12-09', start: at('2026-12-09', '10:00', '+08:00'), end: at('2026-12-09', '16:00', '+08:00') });
    await close(elsewhere, { date: '2026-12-09', kind: 'closed', reason: 'x' });
    const nobody = randomUUID();

    const { result, statements } = await countQueries(t.app, () =>
      scheduling.workingIntervals({
        storeId: store.id,
        staffMemberIds: [ana.id, bo.id, nobody, 'not-a-uuid'],
        from: at('2026-12-07', '00:00', '+08:00'),
        to: at('2026-12-12', '00:00', '+08:00'),
      }),
    );

    expect(statements).toHaveLength(1);
    expect([...result.keys()]).toEqual([ana.id, bo.id, nobody, 'not-a-uuid']);
    expect(spans(result.get(ana.id))).toEqual([
      [cn('2026-12-07', '14:00'), cn('2026-12-07', '19:00')],
      [cn('2026-12-08', '10:00'), cn('2026-12-08', '12:30')],
      [cn('2026-12-08', '13:15'), cn('2026-12-08', '19:00')],
      [cn('2026-12-09', '13:00'), cn('2026-12-09', '17:00')],
      [cn('2026-12-10', '10:00'), cn('2026-12-10', '12:30')],
      [cn('2026-12-10', '13:15'), cn('2026-12-10', '15:00')],
      [cn('2026-12-10', '17:00'), cn('2026-12-10', '19:00')],
    ]);
    expect(spans(result.get(bo.id))).toEqual([[cn('2026-12-09', '10:00'), cn('2026-12-09', '16:00')]]);
    expect(result.get(nobody)).toEqual([]);
    expect(result.get('not-a-uuid')).toEqual([]);

    // The other store sees Bo's Tuesday there, and not his Wednesday here.
    const there = await scheduling.workingIntervals({
      storeId: elsewhere.id,
      staffMemberIds: [bo.id],
      from: at('2026-12-07', '00:00', '+08:00'),
      to: at('2026-12-12', '00:00', '+08:00'),
    });
    expect(spans(there.get(bo.id))).toEqual([[cn('2026-12-08', '10:00'), cn('2026-12-08', '19:00')]]);

    // A range inside a day is clipped to it.
    const noon = await scheduling.workingIntervals({
      storeId: store.id,
      staffMemberIds: [ana.id],
      from: at('2026-12-08', '12:00', '+08:00'),
      to: at('2026-12-08', '14:00', '+08:00'),
    });
    expect(spans(noon.get(ana.id))).toEqual([
      [cn('2026-12-08', '12:00'), cn('2026-12-08', '12:30')],
      [cn('2026-12-08', '13:15'), cn('2026-12-08', '14:00')],
    ]);

    // The query can use the gist indexes (the bench shows the planner choosing them at scale).
    const [{ sql, parameters }] = statements;
    const plan = await t.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows = await manager.query<Array<{ 'QUERY PLAN': unknown }>>(`EXPLAIN (FORMAT JSON) ${sql}`, [...parameters]);
      return JSON.stringify(rows[0]['QUERY PLAN']);
    });
    expect(plan).toMatch(/"Index Name":"(ix_shift_store_during|ex_shift_staff_overlap)"/);
    expect(plan).toContain('"Index Name":"ex_time_off_overlap"');
  });

  it('is right across both London DST changes: a 23-hour and a 25-hour day', async () => {
    const store = await createStore(t, { timeZone: 'Europe/London' });
    const cleo = await createStaffMember(t, { storeIds: [store.id] });
    // Saturday (GMT), Sunday the clocks go forward (BST), Monday (BST): 09:00–18:00 with lunch 13:00–14:00 each day.
    for (const [date, offset] of [
      ['2026-03-28', '+00:00'],
      ['2026-03-29', '+01:00'],
      ['2026-03-30', '+01:00'],
    ]) {
      await insertShift(t, {
        staffMemberId: cleo.id,
        storeId: store.id,
        date,
        start: at(date, '09:00', offset),
        end: at(date, '18:00', offset),
        breaks: [{ start: at(date, '13:00', offset), end: at(date, '14:00', offset) }],
      });
    }
    await close(store, { date: '2026-03-29', kind: 'special_hours', intervals: [{ open: '10:00', close: '16:00' }], reason: 'Mothering Sunday' });
    const spring = await scheduling.workingIntervals({
      storeId: store.id,
      staffMemberIds: [cleo.id],
      from: new Date('2026-03-28T00:00:00Z'),
      to: new Date('2026-03-31T00:00:00+01:00'),
    });
    expect(spans(spring.get(cleo.id))).toEqual([
      ['2026-03-28T09:00:00.000Z', '2026-03-28T13:00:00.000Z'],
      ['2026-03-28T14:00:00.000Z', '2026-03-28T18:00:00.000Z'],
      ['2026-03-29T09:00:00.000Z', '2026-03-29T12:00:00.000Z'], // 10:00–13:00 BST
      ['2026-03-29T13:00:00.000Z', '2026-03-29T15:00:00.000Z'], // 14:00–16:00 BST
      ['2026-03-30T08:00:00.000Z', '2026-03-30T12:00:00.000Z'],
      ['2026-03-30T13:00:00.000Z', '2026-03-30T17:00:00.000Z'],
    ]);

    // 25 October lasts 25 hours: closed from 23:00Z on the 24th to midnight GMT on the 26th, so a late
    // shift from 22:00 that Sunday to 03:00 Monday works only its Monday hours.
    await close(store, { date: '2026-10-25', kind: 'closed', reason: 'Staff outing' });
    await insertShift(t, { staffMemberId: cleo.id, storeId: store.id, date: '2026-10-24', start: '2026-10-24T20:00:00+01:00', end: '2026-10-25T00:30:00+01:00' });
    await insertShift(t, { staffMemberId: cleo.id, storeId: store.id, date: '2026-10-25', start: '2026-10-25T22:00:00Z', end: '2026-10-26T03:00:00Z' });
    const autumn = await scheduling.workingIntervals({
      storeId: store.id,
      staffMemberIds: [cleo.id],
      from: new Date('2026-10-24T00:00:00Z'),
      to: new Date('2026-10-27T00:00:00Z'),
    });
    expect(spans(autumn.get(cleo.id))).toEqual([
      ['2026-10-24T19:00:00.000Z', '2026-10-24T23:00:00.000Z'],
      ['2026-10-26T00:00:00.000Z', '2026-10-26T03:00:00.000Z'],
    ]);
  });

  it("joins the caller's transaction: a shift written in it counts before commit, and not after a rollback", async () => {
    const store = await createStore(t);
    const dee = await createStaffMember(t, { storeIds: [store.id] });
    const db = t.app.get(Db);
    const query = { storeId: store.id, staffMemberIds: [dee.id], from: at('2026-12-14', '00:00', '+08:00'), to: at('2026-12-15', '00:00', '+08:00') };
    const seen = await db
      .transaction(async () => {
        await db.execute(`INSERT INTO shift (staff_member_id, store_id, date, during, source) VALUES ($1, $2, '2026-12-14', tstzrange($3, $4), 'manual')`, [
          dee.id,
          store.id,
          at('2026-12-14', '10:00', '+08:00'),
          at('2026-12-14', '12:00', '+08:00'),
        ]);
        const inside = await scheduling.workingIntervals(query);
        throw Object.assign(new Error('roll back'), { inside });
      })
      .catch((error: { inside: Map<string, WorkingInterval[]> }) => error.inside);
    expect(spans(seen.get(dee.id))).toEqual([[cn('2026-12-14', '10:00'), cn('2026-12-14', '12:00')]]);
    expect((await scheduling.workingIntervals(query)).get(dee.id)).toEqual([]);
  });

  it('answers store.not_found (404) for a store that does not exist', async () => {
    const query = { staffMemberIds: [randomUUID()], from: new Date('2026-12-07T00:00:00Z'), to: new Date('2026-12-08T00:00:00Z') };
    await expect(scheduling.workingIntervals({ ...query, storeId: randomUUID() })).rejects.toMatchObject({ code: 'store.not_found', status: 404 });
    await expect(scheduling.workingIntervals({ ...query, storeId: 'no-such-store' })).rejects.toMatchObject({ code: 'store.not_found', status: 404 });
  });
});
