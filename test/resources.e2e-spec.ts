import { Db } from '../src/common/database/index.js';
import { createValidationPipe } from '../src/common/errors/index.js';
import { RequestContexts, type Actor } from '../src/common/http/request-context.js';
import { DEMO_SERVICES, seedDemoCatalog } from '../src/modules/catalog/index.js';
import { SchedulingService, seedDemoLevelPrices, seedDemoResources } from '../src/modules/scheduling/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, serviceBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { PROBLEM, fieldsOf, idsOf } from './support/responses.js';
import { createLevel } from './support/scheduling.js';

describe('scheduling: resources and their maintenance blocks', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let beautician: UserRecord;
  let managerB: UserRecord;
  let jingan: StoreRecord;
  let xuhui: StoreRecord;
  beforeAll(async () => {
    t = await startTestApp();
    jingan = await createStore(t);
    xuhui = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [jingan.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [jingan.id] });
    managerB = await createUser(t, { role: 'manager', storeIds: [xuhui.id] });
    // A facial needs a bed: `bed` is a type services require, `steamer` is not.
    await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(serviceBody(await categoryId(t, 'facial'), { skill: 'facial', resourceType: 'bed' }))
      .expect(201);
  });
  afterAll(() => t.close());

  let sequence = 0;
  const unique = (prefix: string) => `${prefix} ${++sequence}`;
  const create = async (auth: Record<string, string>, body: Record<string, unknown>) => t.http.post('/v1/resources').set(auth).send(body);
  const newResource = async (store: StoreRecord, overrides: Record<string, unknown> = {}) => {
    const res = await create(owner.auth, { storeId: store.id, name: unique('美容床 Bed'), type: 'bed', ...overrides });
    expect(res.status).toBe(201);
    return res.body as { id: string; name: string; version: number; storeId: string };
  };

  describe('resources', () => {
    it('adds, reads, changes (If-Match), deactivates and reactivates a resource, auditing each change', async () => {
      const added = await create(manager.auth, { storeId: jingan.id, name: ' 1 号房 Room 1 ', type: 'bed', note: 'By the window.\nHeated mattress.' });
      expect(added.status).toBe(201);
      expect(added.headers.location).toBe(`/v1/resources/${added.body.id}`);
      expect(added.body).toMatchObject({
        storeId: jingan.id,
        name: '1 号房 Room 1',
        type: 'bed',
        status: 'active',
        note: 'By the window.\nHeated mattress.',
        version: 1,
        warnings: [],
      });

      const read = await t.http.get(`/v1/resources/${added.body.id}`).set(beautician.auth);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).not.toHaveProperty('warnings');

      const url = `/v1/resources/${added.body.id}`;
      expect((await t.http.patch(url).set(manager.auth).send({ name: 'X' })).status).toBe(428);
      expect((await t.http.patch(url).set(manager.auth).set('if-match', '"9"').send({ name: 'X' })).status).toBe(412);
      const changed = await t.http.patch(url).set(manager.auth).set('if-match', '"1"').send({ name: '1 号房 Room 1 (VIP)', note: null });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ name: '1 号房 Room 1 (VIP)', note: null, type: 'bed', version: 2, warnings: [] });

      const off = await t.http.post(`${url}/deactivate`).set(manager.auth);
      expect(off.body).toMatchObject({ status: 'inactive', version: 3 });
      expect((await t.http.post(`${url}/deactivate`).set(manager.auth)).body).toMatchObject({ status: 'inactive', version: 3 });
      expect((await t.http.post(`${url}/reactivate`).set(manager.auth)).body).toMatchObject({ status: 'active', version: 4 });

      const audit = await t.sql<{ action: string; store_id: string }>('SELECT action, store_id FROM audit_event WHERE entity_id = $1 ORDER BY created_at, id', [added.body.id]);
      expect(audit.map((entry) => entry.action)).toEqual(['resource.create', 'resource.update', 'resource.deactivate', 'resource.reactivate']);
      expect(new Set(audit.map((entry) => entry.store_id))).toEqual(new Set([jingan.id]));
    });

    it('warns, without refusing, about a type no active service requires', async () => {
      const steamer = await create(manager.auth, { storeId: jingan.id, name: unique('蒸汽机 Steamer'), type: 'steamer' });
      expect(steamer.status).toBe(201);
      expect(steamer.body.warnings).toEqual([{ field: 'type', code: 'resource.type_unused', message: expect.stringContaining('"steamer"') }]);
      const retyped = await t.http.patch(`/v1/resources/${steamer.body.id}`).set(manager.auth).set('if-match', '"1"').send({ type: 'bed' });
      expect(retyped.body).toMatchObject({ type: 'bed', warnings: [] });
    });

    it('keeps names unique per store regardless of case, and answers 400 or 422 naming each bad field, storing nothing', async () => {
      const first = await newResource(jingan, { name: 'Chair 7', type: 'chair' });
      const taken = await create(manager.auth, { storeId: jingan.id, name: 'CHAIR 7', type: 'chair' });
      expect(taken.status).toBe(409);
      expect(taken.headers['content-type']).toMatch(PROBLEM);
      expect([taken.body.code, fieldsOf(taken.body)]).toEqual(['resource.name_taken', ['name']]);
      expect((await create(owner.auth, { storeId: xuhui.id, name: 'chair 7', type: 'chair' })).status).toBe(201);
      const other = await newResource(jingan, { name: 'Chair 8', type: 'chair' });
      const renamed = await t.http.patch(`/v1/resources/${other.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'chair 7' });
      expect([renamed.status, renamed.body.code]).toEqual([409, 'resource.name_taken']);

      const before = await t.sql('SELECT count(*)::int AS n FROM resource');
      const bad = async (body: Record<string, unknown>) => {
        const res = await create(manager.auth, { storeId: jingan.id, name: unique('Bad'), type: 'bed', ...body });
        expect(res.status).toBe(400);
        return fieldsOf(res.body);
      };
      expect(await bad({ type: 'Massage Bed' })).toEqual(['type']);
      expect(await bad({ type: undefined, name: undefined })).toEqual(expect.arrayContaining(['name', 'type']));
      expect(await bad({ name: '   ' })).toEqual(['name']);
      expect(await bad({ name: 'x'.repeat(81) })).toEqual(['name']);
      expect(await bad({ name: 'Bed\u0000' })).toEqual(['name']);
      expect(await bad({ storeId: 'jingan' })).toEqual(['storeId']);
      expect(await bad({ colour: 'red' })).toEqual(['colour']);
      expect(await bad({ note: 5 })).toEqual(['note']);
      const unknownStore = await create(owner.auth, { storeId: '00000000-0000-4000-8000-000000000000', name: 'Nowhere', type: 'bed' });
      expect([unknownStore.status, unknownStore.body.code, fieldsOf(unknownStore.body)]).toEqual([422, 'reference.not_found', ['storeId']]);
      const patch = await t.http.patch(`/v1/resources/${first.id}`).set(owner.auth).set('if-match', '"1"').send({ type: 'Bed!', name: null });
      expect([patch.status, fieldsOf(patch.body).sort()]).toEqual([400, ['name', 'type']]);
      expect(await t.sql('SELECT count(*)::int AS n FROM resource')).toEqual(before);
    });

    it('lists the resources of the stores you can see by name, filtered by store, type and status, a page at a time', async () => {
      const store = await createStore(t);
      const local = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
      const names = ['b-bed', 'A-chair', 'c-bed', 'D-bed'];
      const ids: Record<string, string> = {};
      for (const name of names) ids[name] = (await newResource(store, { name, type: name.slice(2) })).id;
      await t.http.post(`/v1/resources/${ids['D-bed']}/deactivate`).set(owner.auth).expect(200);

      const all = await t.http.get('/v1/resources').query({ limit: 100 }).set(local.auth);
      expect(all.body.data.map((r: { name: string }) => r.name)).toEqual(['A-chair', 'b-bed', 'c-bed']);
      const beds = await t.http.get('/v1/resources').query({ storeId: store.id, type: 'bed' }).set(owner.auth);
      expect(beds.body.data.map((r: { name: string }) => r.name)).toEqual(['b-bed', 'c-bed']);
      expect(idsOf((await t.http.get('/v1/resources').query({ storeId: store.id, status: 'inactive' }).set(owner.auth)).body)).toEqual([ids['D-bed']]);
      expect((await t.http.get('/v1/resources').query({ storeId: store.id, status: 'all' }).set(owner.auth)).body.data).toHaveLength(4);

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get('/v1/resources')
          .query({ storeId: store.id, status: 'all', limit: 3, ...(cursor ? { cursor } : {}) })
          .set(owner.auth);
        expect(page.status).toBe(200);
        seen.push(...page.body.data.map((r: { name: string }) => r.name));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(['A-chair', 'b-bed', 'c-bed', 'D-bed']);

      for (const query of [{ status: 'broken' }, { type: 'Bed' }, { limit: 0 }, { cursor: 'bm90LWEtY3Vyc29y' }, { storeId: 'x' }]) {
        const res = await t.http.get('/v1/resources').query(query).set(owner.auth);
        expect([JSON.stringify(query), res.status]).toEqual([JSON.stringify(query), 400]);
      }
    });

    it("does not show or let a store's staff change another store's resources (404), and lets only managers and write keys change", async () => {
      const b = await newResource(xuhui, { name: unique('Xuhui bed') });
      const a = await newResource(jingan, { name: unique('Jingan bed') });
      const url = `/v1/resources/${b.id}`;
      const limited = await createApiKey(t, { scopes: ['scheduling:read', 'scheduling:write'], storeIds: [jingan.id] });
      for (const auth of [manager.auth, beautician.auth, limited.auth]) {
        const read = await t.http.get(url).set(auth);
        expect([read.status, read.body.code]).toEqual([404, 'resource.not_found']);
        expect((await t.http.get(`${url}/blocks`).set(auth)).status).toBe(404);
        const list = await t.http.get('/v1/resources').query({ limit: 100, status: 'all' }).set(auth);
        expect(idsOf(list.body)).not.toContain(b.id);
        expect(idsOf(list.body)).toContain(a.id);
        const filtered = await t.http.get('/v1/resources').query({ storeId: xuhui.id }).set(auth);
        expect([filtered.status, filtered.body.code]).toEqual([404, 'store.not_found']);
      }
      for (const auth of [manager.auth, limited.auth]) {
        expect((await t.http.patch(url).set(auth).set('if-match', '"1"').send({ name: 'Mine now' })).status).toBe(404);
        expect((await t.http.post(`${url}/deactivate`).set(auth)).status).toBe(404);
        expect((await t.http.post(`${url}/blocks`).set(auth).send({ start: '2027-04-01T10:00:00+08:00', end: '2027-04-01T11:00:00+08:00', reason: 'x' })).status).toBe(404);
        const elsewhere = await create(auth, { storeId: xuhui.id, name: unique('Sneaky'), type: 'bed' });
        expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'store.not_found']);
      }
      expect((await t.http.get(url).set(managerB.auth)).status).toBe(200);

      // Beauticians, the front desk and read-only keys read but do not change.
      const receptionist = await createUser(t, { role: 'receptionist', storeIds: [jingan.id] });
      const reader = await createApiKey(t, { scopes: ['scheduling:read'] });
      for (const auth of [beautician.auth, receptionist.auth, reader.auth]) {
        expect((await t.http.get(`/v1/resources/${a.id}`).set(auth)).status).toBe(200);
        expect((await create(auth, { storeId: jingan.id, name: unique('Nope'), type: 'bed' })).status).toBe(403);
        expect((await t.http.post(`/v1/resources/${a.id}/deactivate`).set(auth)).status).toBe(403);
      }
      expect((await create(limited.auth, { storeId: jingan.id, name: unique('Key bed'), type: 'bed' })).status).toBe(201);
      const row = await t.sql<{ name: string; status: string; version: number }>('SELECT name::text, status, version FROM resource WHERE id = $1', [b.id]);
      expect(row).toEqual([{ name: b.name, status: 'active', version: 1 }]);
    });
  });

  describe('maintenance blocks', () => {
    const block = (start: string, end: string, reason = '年检 Yearly service') => ({ start, end, reason });

    it('records, lists, reads and removes when a resource is out of service', async () => {
      const bed = await newResource(jingan);
      const url = `/v1/resources/${bed.id}/blocks`;
      const added = await t.http.post(url).set(manager.auth).send(block('2027-03-02T09:00:00+08:00', '2027-03-02T13:00:00+08:00'));
      expect(added.status).toBe(201);
      expect(added.headers.location).toBe(`${url}/${added.body.id}`);
      expect(added.body).toEqual({
        id: expect.any(String),
        resourceId: bed.id,
        start: '2027-03-02T01:00:00.000Z',
        end: '2027-03-02T05:00:00.000Z',
        reason: '年检 Yearly service',
        createdBy: manager.id,
        createdAt: expect.any(String),
      });
      // Back to back is not an overlap: the first ends as the next begins.
      const next = await t.http
        .post(url)
        .set(owner.auth)
        .send(block('2027-03-02T13:00:00+08:00', '2027-03-03T13:00:00+08:00', 'Repair'));
      expect(next.status).toBe(201);
      const later = await t.http
        .post(url)
        .set(owner.auth)
        .send(block('2027-06-01T00:00:00Z', '2027-06-02T00:00:00Z', 'Deep clean'));
      expect(later.status).toBe(201);

      expect(idsOf((await t.http.get(url).set(beautician.auth)).body)).toEqual([added.body.id, next.body.id, later.body.id]);
      const march = await t.http.get(url).query({ from: '2027-03-02T12:00:00+08:00', to: '2027-04-01T00:00:00+08:00' }).set(beautician.auth);
      expect(idsOf(march.body)).toEqual([added.body.id, next.body.id]);
      const first = await t.http.get(url).query({ limit: 2 }).set(owner.auth);
      expect(idsOf(first.body)).toEqual([added.body.id, next.body.id]);
      expect(idsOf((await t.http.get(url).query({ limit: 2, cursor: first.body.nextCursor }).set(owner.auth)).body)).toEqual([later.body.id]);
      expect((await t.http.get(`${url}/${next.body.id}`).set(beautician.auth)).body).toMatchObject({ reason: 'Repair' });

      await t.http.delete(`${url}/${next.body.id}`).set(manager.auth).expect(204);
      const gone = await t.http.delete(`${url}/${next.body.id}`).set(manager.auth);
      expect([gone.status, gone.body.code]).toEqual([404, 'resource_block.not_found']);
      expect((await t.http.get(`${url}/${next.body.id}`).set(owner.auth)).status).toBe(404);
      expect((await t.http.get(`${url}/not-a-block`).set(owner.auth)).status).toBe(404);
      const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_event WHERE entity_type = 'resource_block' AND entity_id = $1 ORDER BY created_at`, [next.body.id]);
      expect(audit.map((entry) => entry.action)).toEqual(['resource_block.create', 'resource_block.delete']);
    });

    it('refuses a block that overlaps another (naming it), ends before it starts, lasts over 366 days or has no offset', async () => {
      const bed = await newResource(jingan);
      const url = `/v1/resources/${bed.id}/blocks`;
      const first = await t.http.post(url).set(owner.auth).send(block('2027-05-01T10:00:00+08:00', '2027-05-01T12:00:00+08:00'));
      const overlap = await t.http.post(url).set(owner.auth).send(block('2027-05-01T11:30:00+08:00', '2027-05-01T14:00:00+08:00'));
      expect(overlap.status).toBe(409);
      expect(overlap.body).toMatchObject({
        code: 'resource_block.overlap',
        conflictingBlockId: first.body.id,
        errors: [{ field: 'start', message: `overlaps block ${first.body.id}` }],
      });
      // In the store's time (Asia/Shanghai), as the desk reads it.
      expect(overlap.body.detail).toContain('from 2027-05-01T10:00:00+08:00 to 2027-05-01T12:00:00+08:00 (年检 Yearly service)');

      const fields = async (body: object) => {
        const res = await t.http.post(url).set(owner.auth).send(body);
        expect(res.status).toBe(400);
        return fieldsOf(res.body);
      };
      expect(await fields(block('2027-05-02T12:00:00+08:00', '2027-05-02T10:00:00+08:00'))).toEqual(['end']);
      expect(await fields(block('2027-05-02T12:00:00+08:00', '2027-05-02T12:00:00+08:00'))).toEqual(['end']);
      expect(await fields(block('2027-05-02T00:00:00Z', '2028-05-02T00:00:01Z'))).toEqual(['end']);
      expect(await fields(block('2027-05-02T12:00:00', '2027-05-02T13:00:00+08:00'))).toEqual(['start']);
      expect(await fields(block('2027-02-30T12:00:00+08:00', '2027-03-02T13:00:00+08:00'))).toEqual(['start']);
      expect(await fields({ start: '2027-05-02T12:00:00Z', end: '2027-05-02T13:00:00Z' })).toEqual(['reason']);
      expect(await fields({ ...block('2027-05-02T12:00:00Z', '2027-05-02T13:00:00Z'), reason: '' })).toEqual(['reason']);
      const range = await t.http.get(url).query({ from: '2027-05-02T00:00:00Z', to: '2027-05-01T00:00:00Z' }).set(owner.auth);
      expect([range.status, fieldsOf(range.body)]).toEqual([400, ['to']]);
      expect((await t.http.get(url).query({ from: 'yesterday' }).set(owner.auth)).status).toBe(400);
      // Exactly 366 days is allowed.
      expect((await t.http.post(url).set(owner.auth).send(block('2028-01-01T00:00:00Z', '2029-01-01T00:00:00Z'))).status).toBe(201);
      expect(await t.sql('SELECT count(*)::int AS n FROM resource_block WHERE resource_id = $1', [bed.id])).toEqual([{ n: 2 }]);
    });

    it('stores exactly one of 10 overlapping blocks sent at the same time; the others answer 409 naming it', async () => {
      const bed = await newResource(jingan);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.http
            .post(`/v1/resources/${bed.id}/blocks`)
            .set(manager.auth)
            .send(block(`2027-07-01T${String(9 + (i % 3)).padStart(2, '0')}:00:00+08:00`, '2027-07-01T18:00:00+08:00', `Try ${i}`)),
        ),
      );
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      const winner = answers.find((answer) => answer.status === 201)!;
      expect(new Set(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.conflictingBlockId))).toEqual(new Set([winner.body.id]));
      expect(await t.sql('SELECT id FROM resource_block WHERE resource_id = $1', [bed.id])).toEqual([{ id: winner.body.id }]);
    });

    it('answers the active resources of a type in a store with their blocks in a range, in one query (SchedulingService)', async () => {
      const store = await createStore(t);
      const [b, a, off] = [
        await newResource(store, { name: 'B laser', type: 'laser' }),
        await newResource(store, { name: 'A laser', type: 'laser' }),
        await newResource(store, { name: 'C laser', type: 'laser' }),
      ];
      await newResource(store, { name: 'A bed', type: 'bed' });
      await newResource(xuhui, { name: unique('Xuhui laser'), type: 'laser' });
      await t.http.post(`/v1/resources/${off.id}/deactivate`).set(owner.auth).expect(200);
      const add = async (id: string, start: string, end: string) =>
        (
          await t.http
            .post(`/v1/resources/${id}/blocks`)
            .set(owner.auth)
            .send(block(start, end, 'Calibration'))
            .expect(201)
        ).body.id as string;
      const inside = await add(a.id, '2027-08-02T10:00:00+08:00', '2027-08-02T12:00:00+08:00');
      const straddling = await add(a.id, '2027-07-31T22:00:00+08:00', '2027-08-01T09:00:00+08:00');
      await add(a.id, '2027-08-20T10:00:00+08:00', '2027-08-20T12:00:00+08:00');
      await add(b.id, '2027-07-01T10:00:00+08:00', '2027-08-01T00:00:00+08:00');

      const db = t.app.get(Db);
      const rows = db.rows.bind(db);
      let queries = 0;
      db.rows = (sql: string, parameters?: readonly unknown[]) => (queries++, rows(sql, parameters));
      let found;
      try {
        found = await t.app.get(SchedulingService).resourcesOfType(store.id, 'laser', { from: new Date('2027-08-01T00:00:00+08:00'), to: new Date('2027-08-15T00:00:00+08:00') });
      } finally {
        delete (db as Partial<Db>).rows;
      }
      expect(queries).toBe(1);
      expect(found).toEqual([
        {
          resourceId: a.id,
          name: 'A laser',
          type: 'laser',
          blocks: [
            { id: straddling, start: new Date('2027-07-31T14:00:00Z'), end: new Date('2027-08-01T01:00:00Z'), reason: 'Calibration' },
            { id: inside, start: new Date('2027-08-02T02:00:00Z'), end: new Date('2027-08-02T04:00:00Z'), reason: 'Calibration' },
          ],
        },
        { resourceId: b.id, name: 'B laser', type: 'laser', blocks: [] },
      ]);
      expect(await t.app.get(SchedulingService).resourcesOfType('nope', 'laser', { from: new Date(), to: new Date() })).toEqual([]);
    });
  });

  describe('demo data', () => {
    it('gives each demo store a resource of every type the demo services require, and the cuts and colours senior and director prices, once', async () => {
      const demo = await startTestApp();
      try {
        const [ownerRow] = await demo.sql<{ id: string }>(
          `INSERT INTO staff_user (name, email, role, password_hash) VALUES ('Demo owner', 'demo-owner@example.test', 'owner', 'x') RETURNING id`,
        );
        const actor: Actor = { kind: 'user', id: ownerRow.id, role: 'owner', storeIds: 'all' };
        const toDto = async <T extends object>(type: new () => T, body: object) =>
          (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: type })) as T;
        const stores = new Map([
          ['SH-JA', (await createStore(demo)).id],
          ['SH-XH', (await createStore(demo)).id],
        ]);
        const seed = () =>
          RequestContexts.run({ requestId: 'demo-seed-test' }, async () => [
            ...(await seedDemoCatalog(demo.app, actor, toDto)),
            ...(await seedDemoResources(demo.app, actor, toDto, stores)),
            ...(await seedDemoLevelPrices(demo.app)),
          ]);
        // Without the staff seed's levels, no level prices.
        const first = await seed();
        expect(first.filter((line) => line.includes(' price of '))).toEqual([]);
        const required = [...new Set(DEMO_SERVICES.flatMap((service) => (service.resourceType ? [service.resourceType as string] : [])))];
        for (const storeId of stores.values()) {
          const types = await demo.sql<{ type: string }>(`SELECT DISTINCT type FROM resource WHERE store_id = $1 AND status = 'active'`, [storeId]);
          expect(types.map((row) => row.type)).toEqual(expect.arrayContaining([...required, 'room']));
        }

        await createLevel(demo, { code: 'senior', name: '高级技师', rank: 300 });
        await createLevel(demo, { code: 'director', name: '总监', rank: 400 });
        const second = await seed();
        expect(second.filter((line) => !line.includes(' price of '))).toEqual([]);
        expect(second).toHaveLength(8); // 2 levels × (cut + colour) × 2 variations
        const colour = await demo.sql<{ code: string; variation: string; amount: string; duration_minutes: number | null }>(
          `SELECT l.code::text, v.name AS variation, p.amount, p.duration_minutes FROM variation_level_price p
             JOIN staff_level l ON l.id = p.level_id JOIN service_variation v ON v.id = p.variation_id JOIN service s ON s.id = v.service_id
            WHERE s.name = '植物染发 Botanical colour' ORDER BY l.rank, v.sort_order`,
        );
        expect(colour).toEqual([
          { code: 'senior', variation: '短发 Short hair', amount: '58800', duration_minutes: null },
          { code: 'senior', variation: '长发 Long hair', amount: '78800', duration_minutes: null },
          { code: 'director', variation: '短发 Short hair', amount: '68800', duration_minutes: 80 },
          { code: 'director', variation: '长发 Long hair', amount: '88800', duration_minutes: 110 },
        ]);
        expect(await seed()).toEqual([]);
      } finally {
        await demo.close();
      }
    });
  });
});
