/**
 * Time off (issue 12): asked for by staff, entered by managers, approved or refused by a manager of
 * the person's store (never their own), cancelled while it matters; whole days counted in the stores'
 * time zone; one live request at a time per person; the requester told of the decision.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, idsOf, PROBLEM } from './support/responses.js';
import { createStaffMember, insertTimeOff, type StaffMemberRecord } from './support/scheduling.js';

describe('time off', () => {
  let t: TestApp;
  // 2027-02-15 10:00 in Shanghai.
  const clock = new FixedClock('2027-02-15T02:00:00Z');
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let london: StoreRecord;
  let owner: UserRecord;
  let managerA: StaffMemberRecord;
  let managerA2: UserRecord;
  let managerB: UserRecord;
  let receptionA: UserRecord;
  let beautician: StaffMemberRecord;
  let colleague: StaffMemberRecord;

  const staffPath = (member: { id: string }) => `/v1/staff/${member.id}/time-off`;
  const auth = (member: StaffMemberRecord) => member.user!.auth;
  const ask = (member: StaffMemberRecord, body: object, as: Record<string, string> = auth(member)) => t.http.post(staffPath(member)).set(as).send(body);
  const count = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM time_off'))[0].n);
  const history = (id: string) =>
    t.sql<{ from_status: string; to_status: string; actor_id: string | null; reason: string | null }>(
      'SELECT from_status, to_status, actor_id, reason FROM time_off_status_history WHERE time_off_id = $1 ORDER BY id',
      [id],
    );
  const inbox = async (user: UserRecord) => (await t.http.get('/v1/me/notifications').set(user.auth).expect(200)).body.data as Array<{ key: string; title: string; body: string }>;
  let day = 0;
  /** A fresh pair of whole days, after the others, so requests of one person never overlap by accident. */
  const freshDays = () => {
    day += 3;
    const start = new Date(Date.UTC(2027, 5, 1) + day * 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2027, 5, 2) + day * 86_400_000).toISOString().slice(0, 10);
    return { startDate: start, endDate: end };
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    storeA = await createStore(t);
    storeB = await createStore(t);
    london = await createStore(t, { timeZone: 'Europe/London' });
    owner = await createUser(t, { role: 'owner', name: 'Owner Zhou' });
    managerA = await createStaffMember(t, { storeIds: [storeA.id], login: 'manager', name: '李店长 Manager Li' });
    managerA2 = await createUser(t, { role: 'manager', storeIds: [storeA.id], name: 'Manager Two' });
    managerB = await createUser(t, { role: 'manager', storeIds: [storeB.id] });
    receptionA = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    beautician = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician', name: '王丽 Wang Li' });
    colleague = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
  });
  afterAll(() => t.close());

  describe('asking for it', () => {
    it('takes whole days in the store’s time zone, says where it lives, and tells the managers of the store in-app', async () => {
      const answer = await ask(beautician, { type: 'annual', reason: '回老家 Family visit', startDate: '2027-03-01', endDate: '2027-03-03' });
      expect(answer.status).toBe(201);
      expect(answer.headers.location).toBe(`${staffPath(beautician)}/${answer.body.id}`);
      expect(answer.body).toMatchObject({
        staffMemberId: beautician.id,
        staffMemberName: '王丽 Wang Li',
        type: 'annual',
        status: 'requested',
        allDay: true,
        startDate: '2027-03-01',
        endDate: '2027-03-03',
        timeZone: 'Asia/Shanghai',
        // Local midnight to midnight after the last day.
        startsAt: '2027-02-28T16:00:00.000Z',
        endsAt: '2027-03-03T16:00:00.000Z',
        reason: '回老家 Family visit',
        requestedBy: beautician.user!.id,
        decidedBy: null,
        version: 1,
      });
      const read = await t.http.get(answer.headers.location).set(auth(beautician)).expect(200);
      expect(read.body).toEqual(answer.body);
      expect(read.headers.etag).toBe('"1"');

      const [told] = (await inbox(managerA.user!)).filter((m) => m.key === 'scheduling.time_off_requested');
      expect(told.title).toBe('王丽 Wang Li 申请年假');
      expect(told.body).toContain('2027-03-01 – 2027-03-03（回老家 Family visit）');
      expect((await inbox(managerA2)).some((m) => m.key === 'scheduling.time_off_requested')).toBe(true);
      expect((await inbox(managerB)).some((m) => m.key === 'scheduling.time_off_requested')).toBe(false);
      expect((await inbox(beautician.user!)).some((m) => m.key === 'scheduling.time_off_requested')).toBe(false);
    });

    it('takes times with their offsets for part of a day', async () => {
      const answer = await ask(colleague, { type: 'other', startsAt: '2027-03-08T14:00:00+08:00', endsAt: '2027-03-08T18:00:00+08:00' });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        allDay: false,
        startDate: null,
        endDate: null,
        timeZone: null,
        startsAt: '2027-03-08T06:00:00.000Z',
        endsAt: '2027-03-08T10:00:00.000Z',
      });
    });

    it('refuses bad input naming the field, and saves nothing', async () => {
      const before = await count();
      const cases: Array<[object, string]> = [
        [{ type: 'annual', startDate: '2027-04-01', endDate: '2027-04-02', startsAt: '2027-04-01T10:00:00+08:00', endsAt: '2027-04-01T12:00:00+08:00' }, 'startDate'],
        [{ type: 'annual' }, 'startDate'],
        [{ type: 'annual', startDate: '2027-04-01' }, 'endDate'],
        [{ type: 'annual', startsAt: '2027-04-01T10:00:00+08:00', endsAt: '2027-04-01T10:00:00+08:00' }, 'endsAt'],
        [{ type: 'annual', startsAt: '2027-04-01T10:00:00+08:00', endsAt: '2027-04-01T09:00:00+08:00' }, 'endsAt'],
        [{ type: 'annual', startDate: '2027-04-02', endDate: '2027-04-01' }, 'endDate'],
        [{ type: 'annual', startDate: '2027-04-01', endDate: '2028-04-01' }, 'endDate'],
        [{ type: 'annual', startsAt: '2027-04-01T10:00:00+08:00', endsAt: '2028-04-02T10:00:00+08:00' }, 'endsAt'],
        [{ type: 'holiday', startDate: '2027-04-01', endDate: '2027-04-01' }, 'type'],
        [{ type: 'annual', startsAt: '2027-04-01T10:00:00', endsAt: '2027-04-01T12:00:00+08:00' }, 'startsAt'],
        [{ type: 'annual', startDate: '2027-02-30', endDate: '2027-03-01' }, 'startDate'],
        [{ type: 'annual', startDate: '2027-04-01', endDate: '2027-04-01', timeZone: 'Mars/Olympus' }, 'timeZone'],
        [{ type: 'annual', startDate: '2027-04-01', endDate: '2027-04-01', approve: 'yes' }, 'approve'],
      ];
      for (const [body, field] of cases) {
        const answer = await ask(beautician, body);
        expect({ body, status: answer.status, type: answer.headers['content-type'] }).toMatchObject({ body, status: 400, type: expect.stringMatching(PROBLEM) });
        expect({ body, fields: fieldsOf(answer.body) }).toEqual({ body, fields: [field] });
      }
      // 366 days is the most.
      const year = await ask(colleague, { type: 'training', startDate: '2028-01-01', endDate: '2028-12-31' });
      expect(year.status).toBe(201);
      await t.sql(`UPDATE time_off SET status = 'cancelled' WHERE id = $1`, [year.body.id]);
      expect(await count()).toBe(before + 1);
    });

    it('refuses time off overlapping a live request of the same person, naming it; refused and cancelled ones do not count', async () => {
      const days = freshDays();
      const first = await ask(beautician, { type: 'annual', ...days });
      expect(first.status).toBe(201);
      const clash = await ask(beautician, { type: 'sick', startsAt: `${days.endDate}T09:00:00+08:00`, endsAt: `${days.endDate}T12:00:00+08:00` });
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({ code: 'time_off.overlap', otherTimeOffId: first.body.id, otherTimeOff: { status: 'requested' } });
      expect(fieldsOf(clash.body)).toEqual(['startsAt']);
      // Another person may be away at the same time.
      await ask(colleague, { type: 'annual', ...days }).expect(201);
      // Once the first is cancelled, the time is free again.
      await t.http
        .post(`${staffPath(beautician)}/${first.body.id}/cancel`)
        .set(auth(beautician))
        .send({})
        .expect(200);
      await ask(beautician, { type: 'sick', ...days }).expect(201);
    });

    it('lets exactly one of two overlapping requests sent at once in', async () => {
      const days = freshDays();
      const [a, b] = await raceOfTwo(
        t,
        () => ask(beautician, { type: 'annual', ...days }),
        () => ask(beautician, { type: 'sick', startDate: days.endDate, endDate: days.endDate }),
      );
      expect([a.status, b.status]).toEqual([201, 409]);
      expect(b.body).toMatchObject({ code: 'time_off.overlap', otherTimeOffId: a.body.id });
    });

    it('counts whole days in the zone of their stores: the one given when those are several, with 23-hour days across DST', async () => {
      const traveller = await createStaffMember(t, { storeIds: [storeA.id, london.id], login: 'beautician' });
      const ambiguous = await ask(traveller, { type: 'training', startDate: '2027-03-27', endDate: '2027-03-29' });
      expect(ambiguous.status).toBe(400);
      expect(fieldsOf(ambiguous.body)).toEqual(['timeZone']);
      expect(ambiguous.body.errors[0].message).toContain('Asia/Shanghai, Europe/London');
      const inLondon = await ask(traveller, { type: 'training', startDate: '2027-03-27', endDate: '2027-03-29', timeZone: 'Europe/London' });
      expect(inLondon.status).toBe(201);
      // Clocks go forward on 28 March 2027: three days are 71 hours.
      expect(inLondon.body).toMatchObject({ startsAt: '2027-03-27T00:00:00.000Z', endsAt: '2027-03-29T23:00:00.000Z', timeZone: 'Europe/London', endDate: '2027-03-29' });
      const nowhere = await createStaffMember(t, { storeIds: [], login: 'beautician' });
      const noStore = await ask(nowhere, { type: 'annual', startDate: '2027-04-01', endDate: '2027-04-01' });
      expect(fieldsOf(noStore.body)).toEqual(['timeZone']);
    });
  });

  describe('who may ask, see and enter it', () => {
    it('shows a beautician their own time off only, and managers that of their stores’ staff', async () => {
      const days = freshDays();
      const own = await ask(colleague, { type: 'annual', ...days });
      await t.http.get(staffPath(colleague)).set(auth(colleague)).expect(200);
      expect((await t.http.get(staffPath(colleague)).set(auth(beautician))).status).toBe(404);
      expect((await t.http.get(`${staffPath(colleague)}/${own.body.id}`).set(auth(beautician))).status).toBe(404);
      expect((await ask(colleague, { type: 'annual', ...freshDays() }, auth(beautician))).body.code).toBe('staff_member.not_found');
      expect((await t.http.get(staffPath(colleague)).set(managerB.auth)).status).toBe(404);
      expect((await t.http.get(`/v1/time-off-requests/${own.body.id}`).set(managerB.auth)).body.code).toBe('time_off.not_found');
      expect(idsOf((await t.http.get(staffPath(colleague)).set(receptionA.auth).query({ status: 'requested', from: '2027-06-01T00:00:00+08:00' })).body)).toContain(own.body.id);
      // The front desk sees them but does not enter time off for others.
      const entered = await ask(colleague, { type: 'sick', ...freshDays() }, receptionA.auth);
      expect(entered.status).toBe(403);
      expect(entered.body.code).toBe('time_off.managers_only');
    });

    it('lists a person’s time off by start, in pages, filtered by window and state', async () => {
      const person = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
      const ids: string[] = [];
      for (const startDate of ['2027-05-10', '2027-05-01', '2027-05-20']) ids.push((await ask(person, { type: 'annual', startDate, endDate: startDate })).body.id);
      const first = await t.http.get(staffPath(person)).set(managerA2.auth).query({ limit: 2 }).expect(200);
      expect(idsOf(first.body)).toEqual([ids[1], ids[0]]);
      const second = await t.http.get(staffPath(person)).set(managerA2.auth).query({ limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(idsOf(second.body)).toEqual([ids[2]]);
      expect(second.body.nextCursor).toBeNull();
      const window = await t.http.get(staffPath(person)).set(owner.auth).query({ from: '2027-05-05T00:00:00+08:00', to: '2027-05-15T00:00:00+08:00' });
      expect(idsOf(window.body)).toEqual([ids[0]]);
      expect(idsOf((await t.http.get(staffPath(person)).set(owner.auth).query({ status: 'approved' })).body)).toEqual([]);
      expect(fieldsOf((await t.http.get(staffPath(person)).set(owner.auth).query({ cursor: 'nonsense' })).body)).toEqual(['cursor']);
    });

    it('lets a manager enter it already approved for their staff, not for themselves; an owner may', async () => {
      const entered = await ask(beautician, { type: 'sick', ...freshDays(), approve: true }, auth(managerA));
      expect(entered.status).toBe(201);
      expect(entered.body).toMatchObject({ status: 'approved', requestedBy: managerA.user!.id, decidedBy: managerA.user!.id, decidedAt: clock.now().toISOString() });
      expect(await history(entered.body.id)).toEqual([{ from_status: 'requested', to_status: 'approved', actor_id: managerA.user!.id, reason: 'entered approved' }]);
      expect((await inbox(beautician.user!)).some((m) => m.key === 'scheduling.time_off_decided')).toBe(true);

      const own = await ask(managerA, { type: 'annual', ...freshDays(), approve: true });
      expect(own.status).toBe(403);
      expect(own.body.code).toBe('time_off.self_approval');
      const byBeautician = await ask(beautician, { type: 'annual', ...freshDays(), approve: true });
      expect(byBeautician.status).toBe(403);
      expect(byBeautician.body.code).toBe('time_off.self_approval');

      const ownerMember = await t.sql<{ id: string }>('INSERT INTO staff_member (user_id, name, display_name) VALUES ($1, $2, $2) RETURNING id', [owner.id, 'Owner Zhou']);
      await t.sql('INSERT INTO staff_member_store (staff_member_id, store_id) VALUES ($1, $2)', [ownerMember[0].id, storeA.id]);
      const ownersOwn = await t.http
        .post(staffPath(ownerMember[0]))
        .set(owner.auth)
        .send({ type: 'annual', ...freshDays(), approve: true });
      expect(ownersOwn.status).toBe(201);
      expect(ownersOwn.body.status).toBe('approved');
    });

    it('lets an integration with scheduling:write enter approved time off, decided by nobody in particular', async () => {
      const key = await createApiKey(t, { scopes: ['scheduling:write', 'scheduling:read'] });
      const entered = await ask(colleague, { type: 'training', ...freshDays(), approve: true }, key.auth);
      expect(entered.status).toBe(201);
      expect(entered.body).toMatchObject({ status: 'approved', requestedBy: null, decidedBy: null });
      const reader = await createApiKey(t, { scopes: ['scheduling:read'] });
      expect((await ask(colleague, { type: 'training', ...freshDays() }, reader.auth)).status).toBe(403);
    });
  });

  describe('deciding it', () => {
    it('lets another manager of the store approve, tells the requester in-app and by e-mail, and records it', async () => {
      const request = await ask(managerA, { type: 'annual', startDate: '2027-07-05', endDate: '2027-07-06', reason: '休息 Rest' });
      expect(request.status).toBe(201);
      // Nobody decides their own.
      const self = await t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(auth(managerA)).send({});
      expect(self.status).toBe(403);
      expect(self.body.code).toBe('time_off.self_approval');
      expect((await t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(managerB.auth).send({})).status).toBe(404);

      const approved = await t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(managerA2.auth).send({ note: '已安排同事顶班' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: managerA2.id, decisionNote: '已安排同事顶班', decidedAt: clock.now().toISOString(), version: 2 });
      const [told] = (await inbox(managerA.user!)).filter((m) => m.key === 'scheduling.time_off_decided');
      expect(told.title).toBe('请假已批准：2027-07-05 – 2027-07-06');
      expect(told.body).toBe('李店长 Manager Li，您的年假申请（2027-07-05 – 2027-07-06）已批准，审批人：Manager Two。备注：已安排同事顶班');
      const channels = await t.sql<{ channel: string }>('SELECT channel FROM notification WHERE key = $1 AND staff_user_id = $2 ORDER BY channel', [
        'scheduling.time_off_decided',
        managerA.user!.id,
      ]);
      expect(channels.map((c) => c.channel)).toEqual(['email', 'in_app']);
      expect(await history(request.body.id)).toEqual([{ from_status: 'requested', to_status: 'approved', actor_id: managerA2.id, reason: '已安排同事顶班' }]);
      const [audit] = await t.sql<{ actor_id: string; store_id: string }>(`SELECT actor_id, store_id FROM audit_event WHERE action = 'time_off.approve' AND entity_id = $1`, [
        request.body.id,
      ]);
      expect(audit).toEqual({ actor_id: managerA2.id, store_id: storeA.id });

      const again = await t.http.post(`/v1/time-off-requests/${request.body.id}/refuse`).set(owner.auth).send({ note: 'no' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ code: 'time_off.invalid_transition', currentState: 'approved', allowedStates: ['cancelled'] });
    });

    it('refuses a request with a reason the person reads; a beautician may not decide at all', async () => {
      const request = await ask(beautician, { type: 'annual', ...freshDays() });
      // A beautician approving their own request is refused by role before anything else.
      const byBeautician = await t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(auth(beautician)).send({});
      expect(byBeautician.status).toBe(403);
      expect(byBeautician.body.code).toBe('auth.forbidden');
      const noNote = await t.http.post(`/v1/time-off-requests/${request.body.id}/refuse`).set(managerA2.auth).send({});
      expect(noNote.status).toBe(400);
      expect(fieldsOf(noNote.body)).toEqual(['note']);
      const refused = await t.http.post(`/v1/time-off-requests/${request.body.id}/refuse`).set(managerA2.auth).send({ note: '周末人手不足' });
      expect(refused.body).toMatchObject({ status: 'refused', decisionNote: '周末人手不足' });
      const told = (await inbox(beautician.user!)).find((m) => m.key === 'scheduling.time_off_decided' && m.title.startsWith('请假未获批准'));
      expect(told?.body).toContain('未获批准');
      expect(told?.body).toContain('备注：周末人手不足');
      const final = await t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(owner.auth).send({});
      expect(final.body).toMatchObject({ status: 409, currentState: 'refused', allowedStates: [] });
    });

    it('lets exactly one of two managers deciding at once win, with one history row', async () => {
      const request = await ask(beautician, { type: 'annual', ...freshDays() });
      const [approve, refuse] = await raceOfTwo(
        t,
        () => t.http.post(`/v1/time-off-requests/${request.body.id}/approve`).set(managerA2.auth).send({}),
        () => t.http.post(`/v1/time-off-requests/${request.body.id}/refuse`).set(auth(managerA)).send({ note: 'no' }),
      );
      expect([approve.status, refuse.status]).toEqual([200, 409]);
      expect(refuse.body).toMatchObject({ code: 'time_off.invalid_transition', currentState: 'approved' });
      expect((await history(request.body.id)).map((h) => h.to_status)).toEqual(['approved']);
    });

    it('lists the requests of the staff of your stores, oldest first, in pages', async () => {
      const person = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
      const other = await createStaffMember(t, { storeIds: [storeB.id], login: 'beautician' });
      const mine: string[] = [];
      for (let i = 0; i < 3; i++) mine.push((await ask(person, { type: 'annual', ...freshDays() })).body.id);
      const theirs = (await ask(other, { type: 'annual', ...freshDays() })).body.id;

      const page = await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ staffMemberId: person.id, limit: 2 }).expect(200);
      expect(idsOf(page.body)).toEqual(mine.slice(0, 2));
      const next = await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ staffMemberId: person.id, limit: 2, cursor: page.body.nextCursor });
      expect(idsOf(next.body)).toEqual(mine.slice(2));

      const all = idsOf((await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ limit: 100 })).body);
      expect(all).toEqual(expect.arrayContaining(mine));
      expect(all).not.toContain(theirs);
      expect(idsOf((await t.http.get('/v1/time-off-requests').set(managerB.auth)).body)).toEqual([theirs]);
      expect(idsOf((await t.http.get('/v1/time-off-requests').set(owner.auth).query({ storeId: storeB.id })).body)).toEqual([theirs]);
      expect((await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ storeId: storeB.id })).body.code).toBe('store.not_found');
      expect((await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ staffMemberId: other.id })).status).toBe(404);
      expect((await t.http.get('/v1/time-off-requests').set(auth(beautician))).status).toBe(403);
      expect((await t.http.get('/v1/time-off-requests').set(receptionA.auth)).status).toBe(403);

      await t.http.post(`/v1/time-off-requests/${mine[0]}/approve`).set(managerA2.auth).send({}).expect(200);
      const approved = await t.http.get('/v1/time-off-requests').set(managerA2.auth).query({ status: 'approved', staffMemberId: person.id });
      expect(idsOf(approved.body)).toEqual([mine[0]]);
      const read = await t.http.get(`/v1/time-off-requests/${mine[0]}`).set(managerA2.auth).expect(200);
      expect(read.body).toMatchObject({ id: mine[0], status: 'approved', staffMemberName: person.name });
    });
  });

  describe('cancelling it', () => {
    it('lets the person or a manager cancel approved time off that has not ended, never once it has', async () => {
      const approved = await ask(beautician, { type: 'annual', ...freshDays(), approve: true }, auth(managerA));
      const byFrontDesk = await t.http
        .post(`${staffPath(beautician)}/${approved.body.id}/cancel`)
        .set(receptionA.auth)
        .send({});
      expect(byFrontDesk.status).toBe(403);
      const cancelled = await t.http
        .post(`${staffPath(beautician)}/${approved.body.id}/cancel`)
        .set(auth(beautician))
        .send({ reason: '计划有变' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', version: 3 });
      // The managers hear that the person is back on the roster; the person, who cancelled it, is not told.
      expect(await inbox(managerA.user!)).toContainEqual(
        expect.objectContaining({ key: 'scheduling.time_off_cancelled', body: expect.stringContaining('已由 王丽 Wang Li 取消。该时段恢复为工作时间') }),
      );
      expect((await inbox(beautician.user!)).some((m) => m.key === 'scheduling.time_off_cancelled')).toBe(false);
      expect((await history(approved.body.id)).map((h) => [h.to_status, h.reason])).toEqual([
        ['approved', 'entered approved'],
        ['cancelled', '计划有变'],
      ]);
      const twice = await t.http
        .post(`${staffPath(beautician)}/${approved.body.id}/cancel`)
        .set(auth(managerA))
        .send();
      expect(twice.body).toMatchObject({ status: 409, code: 'time_off.invalid_transition', currentState: 'cancelled' });

      const past = await insertTimeOff(t, { staffMemberId: beautician.id, start: '2027-01-04T00:00:00+08:00', end: '2027-01-05T00:00:00+08:00' });
      const ended = await t.http
        .post(`${staffPath(beautician)}/${past}/cancel`)
        .set(auth(managerA))
        .send({});
      expect(ended.status).toBe(409);
      expect(ended.body.code).toBe('time_off.ended');
      // Time off under way has not ended: it may still be cut short.
      const now = await insertTimeOff(t, { staffMemberId: beautician.id, start: '2027-02-15T00:00:00+08:00', end: '2027-02-16T00:00:00+08:00' });
      await t.http
        .post(`${staffPath(beautician)}/${now}/cancel`)
        .set(auth(managerA))
        .expect(200);
      // Someone else's time off is not found under this person.
      expect(
        (
          await t.http
            .post(`${staffPath(colleague)}/${past}/cancel`)
            .set(auth(managerA))
            .send({})
        ).body.code,
      ).toBe('time_off.not_found');
    });
  });
});
