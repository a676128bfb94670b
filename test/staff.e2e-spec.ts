import { categoryId, serviceBody } from './support/catalog-bodies.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createLevel, createStaffMember, insertShift, type LevelRecord } from './support/scheduling.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';

describe('staff members', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let level: LevelRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    [storeA, storeB] = [await createStore(t), await createStore(t)];
    level = await createLevel(t, { name: '高级技师 Senior' });
    // Skills some service requires: colour (active) and nails (archived: still a skill of the catalog).
    await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'hair_colour')))
      .expect(201);
    const nails = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'nails'), { skill: 'nails' }))
      .expect(201);
    await t.http.post(`/v1/services/${nails.body.id}/archive`).set(owner.auth).expect(200);
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, auth: Record<string, string> = owner.auth) => t.http.post('/v1/staff').set(auth).send(body);
  const patch = (id: string, version: number, body: Record<string, unknown>, auth: Record<string, string> = owner.auth) =>
    t.http.patch(`/v1/staff/${id}`).set(auth).set('if-match', `"${version}"`).send(body);
  const staffCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM staff_member'))[0].n;

  describe('as the owner', () => {
    it('adds a staff member with stores, level and skills, answering Location and ETag, and audits it', async () => {
      const res = await create({
        name: ' 李莉 Li Li ',
        displayName: 'Lily 老师',
        photoUrl: 'https://cdn.bloom.example/staff/lily.jpg',
        levelId: level.id,
        calendarColor: '#E06666',
        bookableOnline: false,
        hireDate: '2024-03-01',
        storeIds: [storeB.id, storeA.id.toUpperCase()],
        skills: [{ skill: 'nails' }, { skill: 'hair_colour', proficiency: 4 }],
      });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/v1/staff/${res.body.id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual({
        id: expect.any(String),
        userId: null,
        name: '李莉 Li Li',
        displayName: 'Lily 老师',
        photoUrl: 'https://cdn.bloom.example/staff/lily.jpg',
        level: { id: level.id, code: level.code, name: '高级技师 Senior', rank: level.rank },
        storeIds: [storeA.id, storeB.id].sort(),
        skills: [
          { skill: 'hair_colour', proficiency: 4 },
          { skill: 'nails', proficiency: null },
        ],
        calendarColor: '#E06666',
        bookableOnline: false,
        status: 'active',
        hireDate: '2024-03-01',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        warnings: [],
      });
      const { warnings: _warnings, ...record } = res.body;
      const read = await t.http.get(res.headers.location).set(owner.auth);
      expect([read.status, read.headers.etag]).toEqual([200, '"1"']);
      expect(read.body).toEqual(record);
      const audit = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1', [res.body.id]);
      expect(audit.map((a) => a.action)).toEqual(['staff_member.create']);
    });

    it('fills in the defaults: display name from the name, the default colour, bookable online, no store', async () => {
      const res = await create({ name: '陈晨 Chen Chen' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ displayName: '陈晨 Chen Chen', calendarColor: '#8E7CC3', bookableOnline: true, storeIds: [], skills: [], level: null, photoUrl: null });
    });

    it('warns about a skill no service requires, naming it, and saves it all the same', async () => {
      const res = await create({ name: '周洁 Zhou Jie', storeIds: [storeA.id], skills: [{ skill: 'hair_colour' }, { skill: 'nails' }, { skill: 'hair_colr' }] });
      expect(res.status).toBe(201);
      expect(res.body.warnings).toEqual([{ field: 'skills[2].skill', message: 'no service requires "hair_colr" yet' }]);
      expect(res.body.skills.map((s: { skill: string }) => s.skill)).toEqual(['hair_colour', 'hair_colr', 'nails']);
      const changed = await patch(res.body.id, 1, { skills: [{ skill: 'lash_lift', proficiency: 2 }] });
      expect(changed.body.warnings).toEqual([{ field: 'skills[0].skill', message: 'no service requires "lash_lift" yet' }]);
    });

    it.each([
      ['no name', { name: '' }, 400, ['name']],
      ['a colour that is not #RRGGBB', { name: 'X', calendarColor: 'red' }, 400, ['calendarColor']],
      ['a photo URL that is not http(s)', { name: 'X', photoUrl: 'ftp://cdn.bloom.example/a.jpg' }, 400, ['photoUrl']],
      ['a date that does not exist', { name: 'X', hireDate: '2024-02-30' }, 400, ['hireDate']],
      ['a boolean as text', { name: 'X', bookableOnline: 'yes' }, 400, ['bookableOnline']],
      ['a skill listed twice', { name: 'X', skills: [{ skill: 'nails' }, { skill: 'facial' }, { skill: 'nails' }] }, 400, ['skills[2].skill']],
      ['a skill in the wrong format', { name: 'X', skills: [{ skill: 'Hair Colour' }] }, 400, ['skills[0].skill']],
      ['a proficiency over 5', { name: 'X', skills: [{ skill: 'nails', proficiency: 6 }] }, 400, ['skills[0].proficiency']],
      ['51 skills', { name: 'X', skills: Array.from({ length: 51 }, (_, i) => ({ skill: `skill_${i}` })) }, 400, ['skills']],
      ['a store id that is not a UUID', { name: 'X', storeIds: ['not-a-store'] }, 400, ['storeIds']],
      ['an unknown level', { name: 'X', levelId: '00000000-0000-4000-8000-000000000000' }, 422, ['levelId']],
      ['an unknown user', { name: 'X', userId: '00000000-0000-4000-8000-000000000000' }, 422, ['userId']],
      ['an unknown field', { name: 'X', colour: '#E06666' }, 400, ['colour']],
    ] as const)('refuses %s, naming the field and saving nothing', async (_label, body, status, fields) => {
      const before = await staffCount();
      const res = await create(body);
      expect([res.status, fieldsOf(res.body)]).toEqual([status, fields]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(await staffCount()).toBe(before);
    });

    it('refuses a store listed twice or unknown, naming storeIds', async () => {
      const twice = await create({ name: 'X', storeIds: [storeA.id, storeA.id.toUpperCase()] });
      expect([twice.status, fieldsOf(twice.body)]).toEqual([400, ['storeIds']]);
      const unknown = await create({ name: 'X', storeIds: [storeA.id, '00000000-0000-4000-8000-000000000000'] });
      expect([unknown.status, unknown.body.code, fieldsOf(unknown.body)]).toEqual([422, 'reference.not_found', ['storeIds']]);
    });

    it('changes fields with If-Match, replacing stores and skills whole, and audits before and after', async () => {
      const { body: member } = await create({ name: '吴敏 Wu Min', storeIds: [storeA.id], skills: [{ skill: 'nails', proficiency: 2 }] });
      const res = await patch(member.id, 1, {
        displayName: 'Min',
        photoUrl: null,
        levelId: level.id,
        hireDate: '2025-01-06',
        storeIds: [storeB.id],
        skills: [{ skill: 'hair_colour', proficiency: 5 }],
      });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({
        name: '吴敏 Wu Min',
        displayName: 'Min',
        level: { id: level.id },
        hireDate: '2025-01-06',
        storeIds: [storeB.id],
        skills: [{ skill: 'hair_colour', proficiency: 5 }],
        version: 2,
        warnings: [],
      });
      const cleared = await patch(member.id, 2, { levelId: null, hireDate: null, skills: [] });
      expect(cleared.body).toMatchObject({ level: null, hireDate: null, skills: [], storeIds: [storeB.id], version: 3 });
      const [audit] = await t.sql<{ before: { storeIds: string[] }; after: { storeIds: string[] } }>(
        "SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'staff_member.update' ORDER BY created_at LIMIT 1",
        [member.id],
      );
      expect([audit.before.storeIds, audit.after.storeIds]).toEqual([[storeA.id], [storeB.id]]);
    });

    it('answers 428 without If-Match and 412 on a stale one, changing nothing', async () => {
      const { body: member } = await create({ name: '孙悦 Sun Yue' });
      const missing = await t.http.patch(`/v1/staff/${member.id}`).set(owner.auth).send({ name: 'X' });
      expect([missing.status, missing.body.code]).toEqual([428, 'request.if_match_required']);
      await patch(member.id, 1, { name: 'Y' }).expect(200);
      const stale = await patch(member.id, 1, { name: 'Z', skills: [{ skill: 'nails' }] });
      expect([stale.status, stale.body.code]).toEqual([412, 'request.stale_version']);
      const read = await t.http.get(`/v1/staff/${member.id}`).set(owner.auth);
      expect(read.body).toMatchObject({ name: 'Y', skills: [], version: 2 });
    });

    it('lets exactly one of 10 concurrent PATCHes with the same If-Match win', async () => {
      const { body: member } = await create({ name: '钱多 Qian Duo', storeIds: [storeA.id] });
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          patch(member.id, 1, { displayName: `Qian ${i}`, skills: [{ skill: 'nails', proficiency: (i % 5) + 1 }], storeIds: [storeA.id, storeB.id] }),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array<number>(9).fill(412)]);
      const winner = results.find((r) => r.status === 200)!;
      const read = await t.http.get(`/v1/staff/${member.id}`).set(owner.auth);
      expect(read.body).toMatchObject({ displayName: winner.body.displayName, skills: winner.body.skills, version: 2 });
      const audits = await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'staff_member.update'", [member.id]);
      expect(audits).toHaveLength(1);
    });

    it('refuses, by its conditional UPDATE, a PATCH that read the version another one is changing', async () => {
      const { body: member } = await create({ name: '何平 He Ping' });
      const [first, second] = await raceOfTwo(
        t,
        () => patch(member.id, 1, { displayName: 'first', skills: [{ skill: 'nails' }] }),
        () => patch(member.id, 1, { displayName: 'second', skills: [{ skill: 'hair_colour' }] }),
      );
      expect([first.status, second.status]).toEqual([200, 412]);
      const read = await t.http.get(`/v1/staff/${member.id}`).set(owner.auth);
      expect(read.body).toMatchObject({ displayName: 'first', skills: [{ skill: 'nails', proficiency: null }], version: 2 });
    });

    it('refuses to take a store away while shifts there are still to come, naming storeIds', async () => {
      const member = await createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
      const hour = 3_600_000;
      // Over or cancelled: no obstacle. Scheduled and to come at B: the obstacle.
      await insertShift(t, { staffMemberId: member.id, storeId: storeA.id, date: '2020-01-06', start: '2020-01-06T02:00:00Z', end: '2020-01-06T10:00:00Z' });
      const later = Date.now() + 48 * hour;
      await insertShift(t, { staffMemberId: member.id, storeId: storeA.id, date: '2030-01-07', start: new Date(later), end: new Date(later + 4 * hour), status: 'cancelled' });
      await insertShift(t, { staffMemberId: member.id, storeId: storeB.id, date: '2030-01-07', start: new Date(later), end: new Date(later + 8 * hour) });

      const blocked = await patch(member.id, 1, { storeIds: [storeA.id], name: 'Renamed' });
      expect([blocked.status, blocked.body.code, fieldsOf(blocked.body), blocked.body.storeIds]).toEqual([409, 'staff_member.has_future_shifts', ['storeIds'], [storeB.id]]);
      const read = await t.http.get(`/v1/staff/${member.id}`).set(owner.auth);
      expect(read.body).toMatchObject({ name: member.name, storeIds: [storeA.id, storeB.id].sort(), version: 1 });

      const fine = await patch(member.id, 1, { storeIds: [storeB.id] });
      expect([fine.status, fine.body.storeIds]).toEqual([200, [storeB.id]]);
    });

    it('links a sign-in, which then reads the record as its own; a sign-in belongs to one staff member', async () => {
      const user = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
      const noneYet = await t.http.get('/v1/staff/me').set(user.auth);
      expect([noneYet.status, noneYet.body.code]).toEqual([404, 'staff_member.no_record']);

      const { body: member } = await create({ name: '林小红 Lin Xiaohong', storeIds: [storeA.id] });
      const linked = await patch(member.id, 1, { userId: user.id });
      expect([linked.status, linked.body.userId]).toEqual([200, user.id]);
      const me = await t.http.get('/v1/staff/me').set(user.auth);
      expect([me.status, me.body.id, me.headers.etag]).toEqual([200, member.id, '"2"']);

      const { body: other } = await create({ name: '林小蓝 Lin Xiaolan', storeIds: [storeA.id] });
      const taken = await patch(other.id, 1, { userId: user.id });
      expect([taken.status, taken.body.code, fieldsOf(taken.body), taken.body.linkedStaffMemberId]).toEqual([409, 'staff_member.user_linked', ['userId'], member.id]);
      const takenOnCreate = await create({ name: 'X', userId: user.id });
      expect([takenOnCreate.status, takenOnCreate.body.code]).toEqual([409, 'staff_member.user_linked']);
      const unknown = await patch(other.id, 1, { userId: '00000000-0000-4000-8000-000000000000' });
      expect([unknown.status, unknown.body.code, fieldsOf(unknown.body)]).toEqual([422, 'reference.not_found', ['userId']]);

      await patch(member.id, 2, { userId: null }).expect(200);
      expect((await t.http.get('/v1/staff/me').set(user.auth)).status).toBe(404);
      // Now free: the other record may have it.
      expect((await patch(other.id, 1, { userId: user.id })).status).toBe(200);
    });

    it('deactivates and reactivates idempotently, and lists the inactive only when asked', async () => {
      const store = await createStore(t);
      const { body: member } = await create({ name: '郑爽 Zheng Shuang', storeIds: [store.id] });
      const off = await t.http.post(`/v1/staff/${member.id}/deactivate`).set(owner.auth);
      expect([off.status, off.body.status, off.body.version]).toEqual([200, 'inactive', 2]);
      expect((await t.http.post(`/v1/staff/${member.id}/deactivate`).set(owner.auth)).body).toMatchObject({ status: 'inactive', version: 2 });
      const active = await t.http.get('/v1/staff').query({ storeId: store.id }).set(owner.auth);
      expect(active.body.data).toEqual([]);
      const inactive = await t.http.get('/v1/staff').query({ storeId: store.id, status: 'inactive' }).set(owner.auth);
      expect(inactive.body.data.map((m: { id: string }) => m.id)).toEqual([member.id]);
      const on = await t.http.post(`/v1/staff/${member.id}/reactivate`).set(owner.auth);
      expect(on.body).toMatchObject({ status: 'active', version: 3 });
      const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [member.id]);
      expect(actions.map((a) => a.action)).toEqual(['staff_member.create', 'staff_member.deactivate', 'staff_member.reactivate']);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t.http.get(`/v1/staff/${id}`).set(owner.auth);
        expect([res.status, res.body.code]).toEqual([404, 'staff_member.not_found']);
        expect((await patch(id, 1, { name: 'X' })).status).toBe(404);
        expect((await t.http.post(`/v1/staff/${id}/deactivate`).set(owner.auth)).status).toBe(404);
      }
    });
  });

  describe('as a manager', () => {
    let manager: UserRecord;
    beforeAll(async () => {
      manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    });

    it('adds staff to their own stores only', async () => {
      const mine = await create({ name: '冯蕾 Feng Lei', storeIds: [storeA.id] }, manager.auth);
      expect(mine.status).toBe(201);
      const before = await staffCount();
      const theirs = await create({ name: 'X', storeIds: [storeA.id, storeB.id] }, manager.auth);
      expect([theirs.status, theirs.body.code, fieldsOf(theirs.body), theirs.body.missingIds]).toEqual([422, 'reference.not_found', ['storeIds'], [storeB.id]]);
      const none = await create({ name: 'X' }, manager.auth);
      expect([none.status, fieldsOf(none.body)]).toEqual([400, ['storeIds']]);
      expect(await staffCount()).toBe(before);
    });

    it('gives and takes away only the stores they manage, keeping the others as they were', async () => {
      const storeC = await createStore(t);
      const both = await createUser(t, { role: 'manager', storeIds: [storeA.id, storeC.id] });
      const member = await createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
      // storeB is not theirs: left out, it stays; A is taken away, C given.
      const res = await patch(member.id, 1, { storeIds: [storeC.id] }, both.auth);
      expect([res.status, res.body.storeIds]).toEqual([200, [storeB.id, storeC.id].sort()]);
      // Listing B (already there) is fine; D, neither theirs nor the member's, is refused.
      const storeD = await createStore(t);
      const refused = await patch(member.id, 2, { storeIds: [storeB.id, storeC.id, storeD.id] }, both.auth);
      expect([refused.status, fieldsOf(refused.body), refused.body.missingIds]).toEqual([422, ['storeIds'], [storeD.id]]);
      expect((await t.http.get(`/v1/staff/${member.id}`).set(owner.auth)).body.storeIds).toEqual([storeB.id, storeC.id].sort());
    });
  });
});
