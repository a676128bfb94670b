import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createLevel, createStaffMember, type StaffMemberRecord } from './support/scheduling.js';
import { fieldsOf, idsOf } from './support/responses.js';

/** Who sees and changes which staff member, and the list's filters and pages. */
describe('staff members: visibility and lists', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let onlyA: StaffMemberRecord;
  let onlyB: StaffMemberRecord;
  let both: StaffMemberRecord;
  let noStore: StaffMemberRecord;
  let self: StaffMemberRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    [storeA, storeB] = [await createStore(t), await createStore(t)];
    onlyA = await createStaffMember(t, { storeIds: [storeA.id] });
    onlyB = await createStaffMember(t, { storeIds: [storeB.id] });
    both = await createStaffMember(t, { storeIds: [storeA.id, storeB.id] });
    noStore = await createStaffMember(t, { storeIds: [] });
    self = await createStaffMember(t, { storeIds: [storeA.id], login: 'beautician' });
  });
  afterAll(() => t.close());

  /** Every staff member `auth` may list (all pages), among this file's. */
  async function listed(auth: Record<string, string>, query: Record<string, unknown> = {}): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/v1/staff')
        .query({ limit: 100, ...query, ...(cursor ? { cursor } : {}) })
        .set(auth);
      expect(res.status).toBe(200);
      ids.push(...idsOf(res.body));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }
  const mine = () => [onlyA, onlyB, both, noStore, self].map((m) => m.id);
  const only = (ids: string[]) => ids.filter((id) => mine().includes(id)).sort();

  it('shows a beautician only their own record; another id answers 404', async () => {
    const auth = self.user!.auth;
    expect(await listed(auth)).toEqual([self.id]);
    expect((await t.http.get(`/v1/staff/${self.id}`).set(auth)).status).toBe(200);
    for (const other of [onlyA, both, noStore]) {
      const res = await t.http.get(`/v1/staff/${other.id}`).set(auth);
      expect([res.status, res.body.code]).toEqual([404, 'staff_member.not_found']);
    }
    const me = await t.http.get('/v1/staff/me').set(auth);
    expect([me.status, me.body.id]).toEqual([200, self.id]);
    expect((await t.http.patch(`/v1/staff/${self.id}`).set(auth).set('if-match', '"1"').send({ name: 'X' })).status).toBe(403);
  });

  it("shows managers and receptionists the staff of their stores (and those with none), not another store's", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    for (const user of [manager, receptionist]) {
      expect(only(await listed(user.auth))).toEqual([onlyA.id, both.id, noStore.id, self.id].sort());
      expect((await t.http.get(`/v1/staff/${onlyB.id}`).set(user.auth)).status).toBe(404);
    }
    // A store filter for a store they cannot see matches nobody.
    expect(await listed(manager.auth, { storeId: storeB.id })).toEqual([both.id]);
  });

  it("lets a manager of store A change neither B's staff nor their status", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const res = await t.http.patch(`/v1/staff/${onlyB.id}`).set(manager.auth).set('if-match', '"1"').send({ name: 'X' });
    expect([res.status, res.body.code]).toEqual([404, 'staff_member.not_found']);
    expect((await t.http.post(`/v1/staff/${onlyB.id}/deactivate`).set(manager.auth)).status).toBe(404);
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    expect((await t.http.post(`/v1/staff/${onlyA.id}/deactivate`).set(receptionist.auth)).status).toBe(403);
    const [row] = await t.sql<{ name: string; status: string }>('SELECT name, status FROM staff_member WHERE id = $1', [onlyB.id]);
    expect(row).toEqual({ name: onlyB.name, status: 'active' });
  });

  it('shows owners everyone', async () => {
    expect(only(await listed(owner.auth))).toEqual(mine().sort());
  });

  it('lets API keys read with scheduling:read (their stores when limited) and write with scheduling:write', async () => {
    const all = await createApiKey(t, { scopes: ['scheduling:read'] });
    expect(only(await listed(all.auth))).toEqual(mine().sort());
    const limited = await createApiKey(t, { scopes: ['scheduling:read'], storeIds: [storeB.id] });
    expect(only(await listed(limited.auth))).toEqual([onlyB.id, both.id, noStore.id].sort());
    expect((await t.http.get(`/v1/staff/${onlyA.id}`).set(limited.auth)).status).toBe(404);
    expect((await t.http.get('/v1/staff/me').set(all.auth)).status).toBe(403);

    const other = await createApiKey(t, { scopes: ['stores:read'] });
    expect((await t.http.get('/v1/staff').set(other.auth)).status).toBe(403);
    expect((await t.http.post('/v1/staff').set(all.auth).send({ name: 'X' })).status).toBe(403);
    const writer = await createApiKey(t, { scopes: ['scheduling:write'], storeIds: [storeB.id] });
    const made = await t.http
      .post('/v1/staff')
      .set(writer.auth)
      .send({ name: '脚本 Script hire', storeIds: [storeB.id] });
    expect(made.status).toBe(201);
    const refused = await t.http
      .post('/v1/staff')
      .set(writer.auth)
      .send({ name: 'X', storeIds: [storeA.id] });
    expect([refused.status, fieldsOf(refused.body)]).toEqual([422, ['storeIds']]);
  });

  describe('filters', () => {
    let store: StoreRecord;
    const members: Record<string, StaffMemberRecord> = {};
    beforeAll(async () => {
      store = await createStore(t);
      const senior = await createLevel(t);
      members.colourist = await createStaffMember(t, { storeIds: [store.id], name: '王芳 Wang Fang', displayName: 'Fiona', skills: { hair_colour: 5 }, levelId: senior.id });
      members.nails = await createStaffMember(t, { storeIds: [store.id], name: '刘洋 Liu Yang', displayName: 'Yoyo', skills: { nails: null }, bookableOnline: false });
      members.gone = await createStaffMember(t, { storeIds: [store.id], name: '王刚 Wang Gang', displayName: 'Gary', skills: { hair_colour: 2 }, status: 'inactive' });
      members.senior = { ...members.colourist, levelId: senior.id };
    });
    const find = (query: Record<string, unknown>) => listed(owner.auth, { storeId: store.id, ...query });

    it.each([
      ['active by default', {}, ['colourist', 'nails']],
      ['inactive', { status: 'inactive' }, ['gone']],
      ['all', { status: 'all' }, ['colourist', 'nails', 'gone']],
      ['a skill', { skill: 'hair_colour', status: 'all' }, ['colourist', 'gone']],
      ['not bookable online', { bookableOnline: 'false' }, ['nails']],
      ['bookable online', { bookableOnline: 'true' }, ['colourist']],
      ['a name fragment, any case', { q: 'WANG', status: 'all' }, ['colourist', 'gone']],
      ['a display name fragment', { q: 'yoy' }, ['nails']],
      ['a LIKE pattern taken literally', { q: '%' }, []],
    ])('by %s', async (_label, query, expected) => {
      expect((await find(query)).sort()).toEqual(expected.map((name) => members[name].id).sort());
    });

    it('by level', async () => {
      expect(await find({ levelId: members.senior.levelId })).toEqual([members.colourist.id]);
    });

    it('pages newest first without repeats or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await t.http
          .get('/v1/staff')
          .query({ storeId: store.id, status: 'all', limit: 1, ...(cursor ? { cursor } : {}) })
          .set(owner.auth);
        expect(res.body.data.length).toBeLessThanOrEqual(1);
        seen.push(...idsOf(res.body));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      // The order of one long page (newest first; rows made in the same millisecond by id).
      const whole = await t.http.get('/v1/staff').query({ storeId: store.id, status: 'all' }).set(owner.auth);
      expect(seen).toEqual(idsOf(whole.body));
      expect([...seen].sort()).toEqual([members.gone.id, members.nails.id, members.colourist.id].sort());
    });

    it.each([
      ['status', { status: 'gone' }],
      ['bookableOnline', { bookableOnline: 'yes' }],
      ['skill', { skill: 'Hair Colour' }],
      ['storeId', { storeId: 'nope' }],
      ['limit', { limit: 101 }],
      ['cursor', { cursor: 'bm90IGEgY3Vyc29y' }],
    ])('refuses a bad %s naming it', async (field, query) => {
      const res = await t.http.get('/v1/staff').query(query).set(owner.auth);
      expect([res.status, fieldsOf(res.body)]).toEqual([400, [field]]);
    });
  });
});
