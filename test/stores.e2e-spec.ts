import { StoresService } from '../src/modules/stores/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { storeBody, storeCode } from './support/store-bodies.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';

describe('stores', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, auth: Record<string, string> = owner.auth) => t.http.post('/v1/stores').set(auth).send(body);

  describe('as the owner', () => {
    it('opens a store, normalizing phone, address and hours, and audits it', async () => {
      const body = storeBody();
      const res = await create(body);
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        code: body.code,
        name: 'Bloom 静安店',
        phone: '+862162881234',
        email: 'jingan@bloom.example',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
        status: 'active',
        version: 1,
        address: { line1: '南京西路 1266 号 恒隆广场 3 楼 301 室', line2: null, district: '静安区', city: '上海市', province: '上海市', postalCode: '200040', country: 'CN' },
      });
      expect(res.body.businessHours).toEqual({
        monday: [{ open: '10:00', close: '21:00' }],
        tuesday: [{ open: '10:00', close: '21:00' }],
        wednesday: [{ open: '10:00', close: '21:00' }],
        thursday: [{ open: '10:00', close: '21:00' }],
        friday: [{ open: '10:00', close: '22:00' }],
        saturday: [
          { open: '09:30', close: '12:00' },
          { open: '13:00', close: '22:00' },
        ],
        sunday: [],
      });

      const read = await t.http.get(`/v1/stores/${res.body.id}`).set(owner.auth);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(res.body);

      const audit = await t.sql<{ action: string; store_id: string; actor_id: string; after: { phone: string } }>(
        'SELECT action, store_id, actor_id, after FROM audit_event WHERE entity_id = $1',
        [res.body.id],
      );
      expect(audit).toEqual([expect.objectContaining({ action: 'store.create', store_id: res.body.id, actor_id: owner.id })]);
      expect(audit[0].after.phone).toBe('[redacted]');
    });

    it('changes a store with If-Match, bumping the version, and audits before and after', async () => {
      const { body: store } = await create(storeBody());
      const res = await t.http
        .patch(`/v1/stores/${store.id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ name: 'Bloom 静安旗舰店', email: null, businessHours: { sunday: [{ open: '11:00', close: '18:00' }] } });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ name: 'Bloom 静安旗舰店', currency: 'CNY', email: null, version: 2, code: store.code, phone: store.phone });
      expect(res.body.businessHours.sunday).toEqual([{ open: '11:00', close: '18:00' }]);
      expect(res.body.businessHours.monday).toEqual([]);
      const [audit] = await t.sql<{ before: { name: string }; after: { name: string }; store_id: string }>(
        "SELECT before, after, store_id FROM audit_event WHERE entity_id = $1 AND action = 'store.update'",
        [store.id],
      );
      expect(audit).toMatchObject({ before: { name: 'Bloom 静安店' }, after: { name: 'Bloom 静安旗舰店' }, store_id: store.id });
    });

    it('answers 428 without If-Match and 412 on a stale one, changing nothing', async () => {
      const { body: store } = await create(storeBody());
      const missing = await t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).send({ name: 'X' });
      expect(missing.status).toBe(428);
      expect(missing.headers['content-type']).toMatch(PROBLEM);
      expect(missing.body.code).toBe('request.if_match_required');

      await t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Y' }).expect(200);
      const stale = await t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Z' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('request.stale_version');
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM store WHERE id = $1', [store.id]);
      expect(row).toEqual({ name: 'Y', version: 2 });
    });

    it('lets exactly one of two concurrent PATCHes with the same version win', async () => {
      for (let round = 0; round < 5; round++) {
        const { body: store } = await create(storeBody());
        const send = (name: string) => t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).set('if-match', '"1"').send({ name });
        // The first is held in its transaction until the second has read version 1 and waits on the row.
        const results = await raceOfTwo(
          t,
          () => send('first'),
          () => send('second'),
        );
        expect(results.map((r) => r.status)).toEqual([200, 412]);
        const winner = results[0];
        const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM store WHERE id = $1', [store.id]);
        expect(row).toEqual({ name: winner.body.name, version: 2 });
        const audits = await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'store.update'", [store.id]);
        expect(audits).toHaveLength(1);
      }
    });

    it('archives and restores a store, idempotently', async () => {
      const { body: store } = await create(storeBody());
      const archived = await t.http.post(`/v1/stores/${store.id}/archive`).set(owner.auth);
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ status: 'archived', version: 2 });
      const again = await t.http.post(`/v1/stores/${store.id}/archive`).set(owner.auth);
      expect(again.body).toMatchObject({ status: 'archived', version: 2 });

      const listed = await t.http.get('/v1/stores').query({ status: 'archived' }).set(owner.auth);
      expect(listed.body.data.map((s: { id: string }) => s.id)).toContain(store.id);
      const active = await t.http.get('/v1/stores').query({ status: 'active', limit: 100 }).set(owner.auth);
      expect(active.body.data.map((s: { id: string }) => s.id)).not.toContain(store.id);

      const restored = await t.http.post(`/v1/stores/${store.id}/restore`).set(owner.auth);
      expect(restored.body).toMatchObject({ status: 'active', version: 3 });
      const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at, action', [store.id]);
      expect(actions.map((a) => a.action)).toEqual(['store.create', 'store.archive', 'store.restore']);
    });

    it('refuses a duplicate code, whatever its case, naming `code`', async () => {
      const code = storeCode('DUP');
      await create(storeBody({ code })).expect(201);
      const res = await create(storeBody({ code: code.toLowerCase() }));
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('store.code_taken');
      expect(fieldsOf(res.body)).toEqual(['code']);

      const { body: other } = await create(storeBody());
      const patch = await t.http.patch(`/v1/stores/${other.id}`).set(owner.auth).set('if-match', '"1"').send({ code });
      expect(patch.status).toBe(409);
      expect(patch.body.code).toBe('store.code_taken');
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t.http.get(`/v1/stores/${id}`).set(owner.auth);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('store.not_found');
      }
    });

    it('lists with a search term and walks pages with the cursor', async () => {
      const tag = `Q${Date.now().toString(36)}`;
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create(storeBody({ name: `${tag} 分店 ${i}` }))).body.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get('/v1/stores')
          .query({ q: tag.toLowerCase(), limit: 2, ...(cursor ? { cursor } : {}) })
          .set(owner.auth);
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.data.map((s: { id: string }) => s.id));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
      const bad = await t.http.get('/v1/stores').query({ status: 'closed' }).set(owner.auth);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['status']);
    });
  });

  describe('validation names the field', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a time zone abbreviation', { timeZone: 'CST' }, 'timeZone'],
      ['an offset as a time zone', { timeZone: '+08:00' }, 'timeZone'],
      ['a made-up time zone', { timeZone: 'Asia/Beijing' }, 'timeZone'],
      ['an unknown currency', { currency: 'RMB' }, 'currency'],
      ['a lower-case currency', { currency: 'cny' }, 'currency'],
      [
        'overlapping hours',
        {
          businessHours: {
            monday: [
              { open: '09:00', close: '13:00' },
              { open: '12:00', close: '18:00' },
            ],
          },
        },
        'businessHours.monday',
      ],
      ['hours past midnight', { businessHours: { friday: [{ open: '20:00', close: '02:00' }] } }, 'businessHours.friday'],
      ['a malformed time', { businessHours: { monday: [{ open: '9:00', close: '18:00' }] } }, 'businessHours.monday[0].open'],
      ['an unknown weekday', { businessHours: { funday: [] } }, 'businessHours.funday'],
      ['an unknown field', { colour: 'pink' }, 'colour'],
      ['a wrong type', { name: 42 }, 'name'],
      ['an invalid phone', { phone: '12345' }, 'phone'],
      ['a code with spaces', { code: 'SH 01' }, 'code'],
      ['a code over 16 characters', { code: 'A'.repeat(17) }, 'code'],
      ['an unknown country', { address: { line1: 'x', city: 'y', country: 'ZZ' } }, 'address.country'],
      ['an address without city', { address: { line1: 'x' } }, 'address.city'],
      ['an unknown address field', { address: { line1: 'x', city: 'y', street: 'z' } }, 'address.street'],
      ['a bad e-mail', { email: 'not-mail' }, 'email'],
    ];
    it.each(cases)('refuses %s with a 400 naming it', async (_label, overrides, field) => {
      const res = await create(storeBody(overrides));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('request.validation_failed');
      expect(fieldsOf(res.body)).toContain(field);
    });

    it('refuses a missing required field and null for a required field on PATCH', async () => {
      const { timeZone: _omit, ...withoutZone } = storeBody();
      const res = await create(withoutZone);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toContain('timeZone');
      const { body: store } = await create(storeBody());
      const patch = await t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).set('if-match', '"1"').send({ name: null, timeZone: 'Mars/Base' });
      expect(patch.status).toBe(400);
      expect([...new Set(fieldsOf(patch.body))].sort()).toEqual(['name', 'timeZone']);
    });

    it('accepts UTC, IANA aliases and foreign numbers with their country code', async () => {
      const res = await create(storeBody({ timeZone: 'Asia/Kolkata', phone: '+91 22 6666 0000', address: { line1: '1 Marine Drive', city: 'Mumbai', country: 'IN' } }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ timeZone: 'Asia/Kolkata', phone: '+912266660000', address: { country: 'IN' } });
      await create(storeBody({ timeZone: 'UTC' })).expect(201);
    });
  });

  describe('staff and API keys', () => {
    it('shows staff only their stores; managers change their own store, never another', async () => {
      const a = await createStore(t);
      const b = await createStore(t);
      const manager = await createUser(t, { role: 'manager', storeIds: [a.id] });
      const list = await t.http.get('/v1/stores').query({ limit: 100 }).set(manager.auth);
      expect(list.status).toBe(200);
      expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([a.id]);

      const own = await t.http.patch(`/v1/stores/${a.id}`).set(manager.auth).set('if-match', '"1"').send({ name: 'Managed' });
      expect(own.status).toBe(200);
      const other = await t.http.patch(`/v1/stores/${b.id}`).set(manager.auth).set('if-match', '"1"').send({ name: 'Hijacked' });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('store.not_found');
      expect((await t.sql<{ name: string }>('SELECT name FROM store WHERE id = $1', [b.id]))[0].name).toBe(b.name);

      const archive = await t.http.post(`/v1/stores/${a.id}/archive`).set(manager.auth);
      expect(archive.status).toBe(403);
      const open = await create(storeBody(), manager.auth);
      expect(open.status).toBe(403);
    });

    it('lets receptionists and beauticians read their store but not change it', async () => {
      const a = await createStore(t);
      for (const role of ['receptionist', 'beautician'] as const) {
        const user = await createUser(t, { role, storeIds: [a.id] });
        expect((await t.http.get(`/v1/stores/${a.id}`).set(user.auth)).status).toBe(200);
        const patch = await t.http.patch(`/v1/stores/${a.id}`).set(user.auth).set('if-match', '"1"').send({ name: 'No' });
        expect(patch.status).toBe(403);
        expect(patch.body.code).toBe('auth.forbidden');
      }
    });

    it('lets a stores:read key read every store but not write; a stores:write key writes', async () => {
      const a = await createStore(t);
      const reader = await createApiKey(t, { scopes: ['stores:read'] });
      expect((await t.http.get(`/v1/stores/${a.id}`).set(reader.auth)).status).toBe(200);
      expect((await t.http.get('/v1/stores').set(reader.auth)).status).toBe(200);
      expect((await t.http.get(`/v1/stores/${a.id}/closures`).set(reader.auth)).status).toBe(200);
      expect((await t.http.get(`/v1/stores/${a.id}/opening-hours`).query({ from: '2027-01-01', to: '2027-01-07' }).set(reader.auth)).status).toBe(200);
      for (const res of [
        await create(storeBody(), reader.auth),
        await t.http.patch(`/v1/stores/${a.id}`).set(reader.auth).set('if-match', '"1"').send({ name: 'No' }),
        await t.http.post(`/v1/stores/${a.id}/archive`).set(reader.auth),
        await t.http.post(`/v1/stores/${a.id}/closures`).set(reader.auth).send({ date: '2027-02-06', kind: 'closed', reason: 'x' }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('auth.insufficient_scope');
      }

      const writer = await createApiKey(t, { scopes: ['stores:write'] });
      const created = await create(storeBody(), writer.auth);
      expect(created.status).toBe(201);
      const [audit] = await t.sql<{ actor_type: string; actor_id: string }>('SELECT actor_type, actor_id FROM audit_event WHERE entity_id = $1', [created.body.id]);
      expect(audit).toEqual({ actor_type: 'api_key', actor_id: writer.id });

      const unrelated = await createApiKey(t, { scopes: ['audit:read'] });
      expect((await t.http.get(`/v1/stores/${a.id}`).set(unrelated.auth)).status).toBe(403);
      expect((await t.http.get(`/v1/stores/${a.id}`)).status).toBe(401);
    });
  });

  describe('StoresService, for other modules', () => {
    it('asserts stores exist, naming the missing ids', async () => {
      const stores = t.app.get(StoresService);
      const a = await createStore(t);
      await expect(stores.assertStoresExist([a.id, a.id])).resolves.toBeUndefined();
      await expect(stores.assertStoresExist([])).resolves.toBeUndefined();
      const missing = '00000000-0000-4000-8000-000000000001';
      await expect(stores.assertStoresExist([a.id, missing, 'junk'])).rejects.toMatchObject({
        code: 'reference.not_found',
        status: 422,
        options: { extensions: { missingIds: [missing, 'junk'] } },
      });
    });

    it('gives a store time zone', async () => {
      const stores = t.app.get(StoresService);
      const berlin = await createStore(t, { timeZone: 'Europe/Berlin' });
      await expect(stores.getTimeZone(berlin.id)).resolves.toBe('Europe/Berlin');
      await expect(stores.getTimeZone('00000000-0000-4000-8000-000000000001')).rejects.toMatchObject({ code: 'store.not_found', status: 404 });
    });
  });
});
