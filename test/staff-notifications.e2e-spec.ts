import { NotificationRecipients, type StaffAudience } from '../src/modules/notifications/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { fieldsOf } from './support/responses.js';

describe('staff side of notifications: who gets a staff message, in which language', () => {
  let t: TestApp;
  let owner: UserRecord;
  let storeA: string;
  let storeB: string;
  const people: Record<string, UserRecord> = {};
  const members = (audience: StaffAudience) => t.app.get(NotificationRecipients).staff.members(audience);
  const idsOf = async (audience: StaffAudience) => (await members(audience)).map((member) => member.userId).sort();
  const ids = (...names: string[]) => names.map((name) => people[name].id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    storeA = (await createStore(t)).id;
    storeB = (await createStore(t)).id;
    owner = await createUser(t, { role: 'owner', name: 'Owner One' });
    people.owner = owner;
    people.disabledOwner = await createUser(t, { role: 'owner' });
    people.managerA = await createUser(t, { role: 'manager', storeIds: [storeA] });
    people.managerB = await createUser(t, { role: 'manager', storeIds: [storeB] });
    people.managerAB = await createUser(t, { role: 'manager', storeIds: [storeA, storeB] });
    people.receptionA = await createUser(t, { role: 'receptionist', storeIds: [storeA] });
    people.beauticianA = await createUser(t, { role: 'beautician', storeIds: [storeA] });
    people.disabledManagerA = await createUser(t, { role: 'manager', storeIds: [storeA] });
    await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE id = ANY($1::uuid[])`, [[people.disabledOwner.id, people.disabledManagerA.id]]);
  });
  afterAll(() => t.close());

  describe('the audience resolver', () => {
    it('picks the active users with the roles at the store, owners counting for every store', async () => {
      expect(await idsOf({ roles: ['manager'], storeId: storeA })).toEqual(ids('managerA', 'managerAB'));
      expect(await idsOf({ roles: ['owner', 'manager'], storeId: storeB })).toEqual(ids('owner', 'managerB', 'managerAB'));
      expect(await idsOf({ roles: ['receptionist', 'beautician'], storeId: storeB })).toEqual([]);
      expect(await idsOf({ storeId: storeA })).toEqual(ids('owner', 'managerA', 'managerAB', 'receptionA', 'beauticianA'));
    });

    it('without a store, picks the roles across the business', async () => {
      expect(await idsOf({ roles: ['manager'] })).toEqual(ids('managerA', 'managerB', 'managerAB'));
      expect(await idsOf({ roles: ['owner'] })).toEqual(ids('owner'));
    });

    it('adds the users named by id, active ones only, and nobody for an empty audience', async () => {
      expect(await idsOf({ userIds: [people.beauticianA.id, people.disabledManagerA.id] })).toEqual(ids('beauticianA'));
      expect(await idsOf({ roles: ['owner'], userIds: [people.receptionA.id] })).toEqual(ids('owner', 'receptionA'));
      expect(await idsOf({ userIds: ['not-a-uuid', '00000000-0000-4000-8000-000000000000'] })).toEqual([]);
      expect(await idsOf({})).toEqual([]);
      expect(await idsOf({ storeId: 'not-a-uuid', userIds: [people.managerB.id] })).toEqual(ids('managerB'));
    });

    it('answers each member’s contact details and language', async () => {
      await t.sql(`UPDATE staff_user SET locale = 'en', phone = '+8613811112222' WHERE id = $1`, [people.receptionA.id]);
      const [reception] = await members({ userIds: [people.receptionA.id] });
      expect(reception).toEqual({ userId: people.receptionA.id, name: people.receptionA.name, email: people.receptionA.email, phone: '+8613811112222', locale: 'en' });
      const [ownerContact] = await members({ userIds: [owner.id] });
      expect(ownerContact).toMatchObject({ userId: owner.id, name: 'Owner One', phone: null, locale: 'zh-CN' });
    });
  });

  describe("a user's language", () => {
    it('is zh-CN unless given, settable on create and update, and shown on the user and on /v1/auth/me', async () => {
      const created = await t.http
        .post('/v1/users')
        .set(owner.auth)
        .send({ name: 'Lee', email: 'lee@example.test', role: 'receptionist', storeIds: [storeA], password: 'spring-2027-bloom' });
      expect(created.status).toBe(201);
      expect(created.body.locale).toBe('zh-CN');
      const english = await t.http
        .post('/v1/users')
        .set(owner.auth)
        .send({ name: 'Ann', email: 'ann@example.test', role: 'beautician', storeIds: [storeA], password: 'spring-2027-bloom', locale: 'en' });
      expect(english.body.locale).toBe('en');

      const changed = await t.http.patch(`/v1/users/${created.body.id}`).set(owner.auth).set('if-match', '"1"').send({ locale: 'en' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ locale: 'en', version: 2, name: 'Lee' });
      const login = await t.http.post('/v1/auth/login').send({ login: 'lee@example.test', password: 'spring-2027-bloom' });
      expect(login.body.user.locale).toBe('en');
      const me = await t.http.get('/v1/auth/me').set('authorization', `Bearer ${login.body.accessToken}`);
      expect(me.body.locale).toBe('en');
      expect((await members({ userIds: [created.body.id] }))[0].locale).toBe('en');
    });

    it('refuses a language Bloom does not send in, naming the field', async () => {
      const res = await t.http
        .post('/v1/users')
        .set(owner.auth)
        .send({ name: 'Zed', email: 'zed@example.test', role: 'receptionist', storeIds: [storeA], password: 'spring-2027-bloom', locale: 'fr' });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['locale']);
      const patch = await t.http.patch(`/v1/users/${people.managerA.id}`).set(owner.auth).set('if-match', '"1"').send({ locale: 'zh-TW' });
      expect(patch.status).toBe(400);
      expect(fieldsOf(patch.body)).toEqual(['locale']);
    });
  });
});
