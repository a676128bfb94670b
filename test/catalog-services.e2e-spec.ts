import { createValidationPipe } from '../src/common/errors/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { DEMO_PRODUCTS, DEMO_SERVICES, seedDemoCatalog } from '../src/modules/catalog/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { categoryId, cny, serviceBody, variationBody } from './support/catalog-bodies.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, idsOf, PROBLEM } from './support/responses.js';

describe('catalog: service categories and services', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let colour: string;
  let nails: string;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    colour = await categoryId(t, 'hair_colour');
    nails = await categoryId(t, 'nails');
  });
  afterAll(() => t.close());

  const createService = (body: Record<string, unknown>, auth: Record<string, string> = owner.auth) => t.http.post('/v1/services').set(auth).send(body);

  describe('categories', () => {
    it('come seeded with the usual ones, in menu order, readable by every role', async () => {
      const res = await t.http.get('/v1/service-categories').set(receptionist.auth);
      expect(res.status).toBe(200);
      expect(res.body.data.map((c: { code: string }) => c.code)).toEqual(['hair_cut', 'hair_colour', 'perm', 'hair_care', 'facial', 'nails', 'massage_spa']);
      expect(res.body.data[1]).toMatchObject({ name: '染发 Colouring', status: 'active', version: 1, sortOrder: 20 });
      expect(res.body.nextCursor).toBeNull();
    });

    it('are created, edited with If-Match, archived and restored by owners; searched and paged', async () => {
      const created = await t.http.post('/v1/service-categories').set(owner.auth).send({ code: 'scalp_care', name: '头皮护理 Scalp care', sortOrder: 45 });
      expect(created.status).toBe(201);
      expect(created.headers.etag).toBe('"1"');
      const id = created.body.id;

      const stale = await t.http.patch(`/v1/service-categories/${id}`).set(owner.auth).set('if-match', '"0"').send({ name: 'X' });
      expect(stale.status).toBe(412);
      const changed = await t.http.patch(`/v1/service-categories/${id}`).set(owner.auth).set('if-match', '"1"').send({ name: '头皮养护 Scalp care', description: null });
      expect(changed.body).toMatchObject({ name: '头皮养护 Scalp care', version: 2 });

      const page1 = await t.http.get('/v1/service-categories').query({ limit: 4 }).set(owner.auth);
      const page2 = await t.http.get('/v1/service-categories').query({ limit: 4, cursor: page1.body.nextCursor }).set(owner.auth);
      expect([...page1.body.data, ...page2.body.data].map((c: { code: string }) => c.code)).toEqual([
        'hair_cut',
        'hair_colour',
        'perm',
        'hair_care',
        'scalp_care',
        'facial',
        'nails',
        'massage_spa',
      ]);
      expect(page2.body.nextCursor).toBeNull();

      const search = await t.http.get('/v1/service-categories').query({ q: 'SCALP' }).set(owner.auth);
      expect(idsOf(search.body)).toEqual([id]);

      await t.http.post(`/v1/service-categories/${id}/archive`).set(owner.auth).expect(200);
      const active = await t.http.get('/v1/service-categories').query({ limit: 100 }).set(owner.auth);
      expect(idsOf(active.body)).not.toContain(id);
      const archived = await t.http.get('/v1/service-categories').query({ status: 'archived' }).set(owner.auth);
      expect(idsOf(archived.body)).toEqual([id]);
      expect((await t.http.get(`/v1/service-categories/${id}`).set(owner.auth)).body.status).toBe('archived');

      // An archived category takes no new service.
      const refused = await createService(serviceBody(id));
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('service_category.archived');
      expect(fieldsOf(refused.body)).toEqual(['categoryId']);

      const restored = await t.http.post(`/v1/service-categories/${id}/restore`).set(owner.auth);
      expect(restored.body).toMatchObject({ status: 'active', version: 4 });
    });

    it('refuses a duplicate code whatever its case, and receptionists writing', async () => {
      const dup = await t.http.post('/v1/service-categories').set(owner.auth).send({ code: 'NAILS', name: 'Nails again' });
      expect(dup.status).toBe(400); // upper case is not a code
      const taken = await t.http.post('/v1/service-categories').set(owner.auth).send({ code: 'nails', name: 'Nails again' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('service_category.code_taken');
      expect(fieldsOf(taken.body)).toEqual(['code']);
      const forbidden = await t.http.post('/v1/service-categories').set(receptionist.auth).send({ code: 'x', name: 'X' });
      expect(forbidden.status).toBe(403);
    });
  });

  describe('services', () => {
    it('creates a service with its variations, filling in time blocks and normalising tags, and audits it', async () => {
      const res = await createService(serviceBody(colour));
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        categoryId: colour,
        audienceTags: ['grey coverage', 'women'],
        bookableOnline: true,
        skill: 'hair_colour',
        resourceType: 'chair',
        timeBlocks: { processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 },
        status: 'active',
        version: 1,
        store: null,
      });
      const [short, long] = res.body.variations;
      expect(short).toMatchObject({ name: '短发 Short hair', price: cny(48800), durationMinutes: 90, sortOrder: 10, status: 'active', store: null });
      expect(short.timeBlocks).toEqual({ activeMinutes: 25, processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 });
      expect(long.timeBlocks).toEqual({ activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 });
      expect(long.timeBlockOverrides).toEqual({ activeMinutes: null, processingMinutes: null, finishingMinutes: 45, bufferMinutes: null });

      const read = await t.http.get(`/v1/services/${res.body.id}`).set(receptionist.auth);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      const audit = await t.sql<{ action: string; actor_id: string }>('SELECT action, actor_id FROM audit_event WHERE entity_id = $1', [res.body.id]);
      expect(audit).toEqual([{ action: 'service.create', actor_id: owner.id }]);
    });

    it('answers 400 naming the field: negative price, unknown category, variation without a duration, blocks that do not add up', async () => {
      const countServices = async () => Number((await t.sql<{ count: string }>('SELECT count(*) FROM service'))[0].count);
      const before = await countServices();
      const negative = await createService(serviceBody(colour, { variations: [variationBody({ price: cny(-100) })] }));
      expect(negative.status).toBe(400);
      expect(negative.headers['content-type']).toMatch(PROBLEM);
      expect(fieldsOf(negative.body)).toEqual(['variations[0].price.amount']);

      const unknown = await createService(serviceBody('00000000-0000-4000-8000-000000000000'));
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('reference.not_found');
      expect(fieldsOf(unknown.body)).toEqual(['categoryId']);
      expect(fieldsOf((await createService(serviceBody('colour'))).body)).toEqual(['categoryId']);

      const noDuration = await createService(serviceBody(colour, { variations: [{ name: 'Any', price: cny(100) }] }));
      expect(noDuration.status).toBe(400);
      expect(fieldsOf(noDuration.body)).toContain('variations[0].durationMinutes');

      const odd = await createService(serviceBody(colour, { variations: [variationBody({ durationMinutes: 62 })] }));
      expect(odd.body.errors).toEqual([{ field: 'variations[0].durationMinutes', message: 'must be a multiple of 5 minutes' }]);

      const tooShort = await createService(serviceBody(colour, { variations: [variationBody({ durationMinutes: 60 })] }));
      expect(fieldsOf(tooShort.body)).toEqual(['variations[0].durationMinutes']);
      const mismatch = await createService(serviceBody(colour, { variations: [variationBody(), variationBody({ timeBlocks: { activeMinutes: 30 } })] }));
      expect(fieldsOf(mismatch.body)).toEqual(['variations[1].timeBlocks']);

      const otherCurrency = await createService(serviceBody(colour, { variations: [variationBody({ price: { amount: 100, currency: 'USD' } })] }));
      expect(fieldsOf(otherCurrency.body)).toEqual(['variations[0].price.currency']);
      expect(fieldsOf((await createService(serviceBody(colour, { variations: [] }))).body)).toEqual(['variations']);
      expect(fieldsOf((await createService(serviceBody(colour, { skill: 'Hair Colour' }))).body)).toEqual(['skill']);

      expect(await countServices()).toBe(before);
    });

    it('changes a service with If-Match: 428 without, 412 stale, and re-checks inherited time blocks', async () => {
      const { body: service } = await createService(serviceBody(colour));
      const missing = await t.http.patch(`/v1/services/${service.id}`).set(owner.auth).send({ name: 'X' });
      expect(missing.status).toBe(428);

      const changed = await t.http
        .patch(`/v1/services/${service.id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ name: 'Gloss colour', bookableOnline: false, resourceType: null, categoryId: nails, timeBlocks: { processingMinutes: 30, finishingMinutes: 30 } });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).toBe('"2"');
      expect(changed.body).toMatchObject({ name: 'Gloss colour', bookableOnline: false, resourceType: null, categoryId: nails, version: 2 });
      expect(changed.body.timeBlocks).toEqual({ processingMinutes: 30, finishingMinutes: 30, bufferMinutes: 0 });
      expect(changed.body.variations[0].timeBlocks).toEqual({ activeMinutes: 30, processingMinutes: 30, finishingMinutes: 30, bufferMinutes: 0 });

      const stale = await t.http.patch(`/v1/services/${service.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Y' });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('request.stale_version');

      // 90-minute short hair cannot keep 5 minutes of active work under 60 + 30.
      const tooLong = await t.http
        .patch(`/v1/services/${service.id}`)
        .set(owner.auth)
        .set('if-match', '"2"')
        .send({ timeBlocks: { processingMinutes: 60, finishingMinutes: 30 } });
      expect(tooLong.status).toBe(400);
      expect(fieldsOf(tooLong.body)).toEqual(['timeBlocks']);
      expect(tooLong.body.errors[0].message).toMatch(/短发 Short hair/);
      const unknown = await t.http.patch(`/v1/services/${service.id}`).set(owner.auth).set('if-match', '"2"').send({ categoryId: '00000000-0000-4000-8000-000000000000' });
      expect(fieldsOf(unknown.body)).toEqual(['categoryId']);

      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM service WHERE id = $1', [service.id]);
      expect(row).toEqual({ name: 'Gloss colour', version: 2 });
    });

    it('lets exactly one of two concurrent PATCHes with the same version win', async () => {
      for (let round = 0; round < 4; round++) {
        const { body: service } = await createService(serviceBody(colour));
        const send = (name: string) => t.http.patch(`/v1/services/${service.id}`).set(owner.auth).set('if-match', '"1"').send({ name });
        // The first is held in its transaction until the second has read version 1 and waits on the row.
        const results = await raceOfTwo(
          t,
          () => send('first'),
          () => send('second'),
        );
        expect(results.map((r) => r.status)).toEqual([200, 412]);
        const winner = results[0];
        const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM service WHERE id = $1', [service.id]);
        expect(row).toEqual({ name: winner.body.name, version: 2 });
        expect(await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'service.update'", [service.id])).toHaveLength(1);
      }
    });

    it('archives and restores a service; archived ones stay readable and listed with status=archived', async () => {
      const { body: service } = await createService(serviceBody(colour));
      const archived = await t.http.post(`/v1/services/${service.id}/archive`).set(owner.auth);
      expect(archived.body).toMatchObject({ status: 'archived', version: 2 });
      expect((await t.http.post(`/v1/services/${service.id}/archive`).set(owner.auth)).body.version).toBe(2);
      expect((await t.http.get(`/v1/services/${service.id}`).set(receptionist.auth)).body.status).toBe('archived');
      expect(idsOf((await t.http.get('/v1/services').query({ limit: 100 }).set(owner.auth)).body)).not.toContain(service.id);
      expect(idsOf((await t.http.get('/v1/services').query({ status: 'archived', limit: 100 }).set(owner.auth)).body)).toContain(service.id);
      expect(idsOf((await t.http.get('/v1/services').query({ status: 'all', limit: 100 }).set(owner.auth)).body)).toContain(service.id);
      const restored = await t.http.post(`/v1/services/${service.id}/restore`).set(owner.auth);
      expect(restored.body).toMatchObject({ status: 'active', version: 3 });
      const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at, action', [service.id]);
      expect(actions.map((a) => a.action)).toEqual(['service.create', 'service.archive', 'service.restore']);
    });

    it('filters by category, bookable and name, and walks pages with the cursor', async () => {
      const { body: category } = await t.http.post('/v1/service-categories').set(owner.auth).send({ code: 'nail_art', name: 'Nail art' });
      const nailArt = category.id;
      const mani = await createService(
        serviceBody(nailArt, {
          name: '日式美甲 Japanese gel manicure',
          skill: 'nails',
          resourceType: null,
          timeBlocks: undefined,
          variations: [variationBody({ name: 'Hands', durationMinutes: 60 })],
        }),
      );
      const offline = await createService(
        serviceBody(nailArt, { name: '足部护理 Pedicure', skill: 'nails', bookableOnline: false, timeBlocks: undefined, variations: [variationBody({ durationMinutes: 45 })] }),
      );
      expect([mani.status, offline.status]).toEqual([201, 201]);

      const byCategory = await t.http.get('/v1/services').query({ categoryId: nailArt }).set(receptionist.auth);
      expect(idsOf(byCategory.body).sort()).toEqual([mani.body.id, offline.body.id].sort());
      const bookable = await t.http.get('/v1/services').query({ categoryId: nailArt, bookable: 'true' }).set(receptionist.auth);
      expect(idsOf(bookable.body)).toEqual([mani.body.id]);
      const notBookable = await t.http.get('/v1/services').query({ categoryId: nailArt, bookable: false }).set(receptionist.auth);
      expect(idsOf(notBookable.body)).toEqual([offline.body.id]);
      const search = await t.http.get('/v1/services').query({ q: 'MANICURE' }).set(receptionist.auth);
      expect(idsOf(search.body)).toEqual([mani.body.id]);
      expect(idsOf((await t.http.get('/v1/services').query({ q: '%' }).set(receptionist.auth)).body)).toEqual([]);

      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get('/v1/services')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(owner.auth);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        all.push(...idsOf(page.body));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      const [{ count }] = await t.sql<{ count: string }>("SELECT count(*) FROM service WHERE status = 'active'");
      expect(all).toHaveLength(Number(count));
      expect(new Set(all).size).toBe(all.length);
      expect(all.slice(0, 2)).toEqual([offline.body.id, mani.body.id]); // newest first

      const bad = await t.http.get('/v1/services').query({ bookable: 'yes', status: 'gone', categoryId: 'x', cursor: 'nope' }).set(owner.auth);
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body).sort()).toEqual(['bookable', 'categoryId', 'status']);
      expect(fieldsOf((await t.http.get('/v1/services').query({ cursor: 'nope' }).set(owner.auth)).body)).toEqual(['cursor']);
    });

    it('answers 404 for an unknown or malformed id', async () => {
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t.http.get(`/v1/services/${id}`).set(owner.auth);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('service.not_found');
      }
    });

    it('lets partners read with catalog:read and write with catalog:write; managers and receptionists only read', async () => {
      const reader = await createApiKey(t, { scopes: ['catalog:read'] });
      const writer = await createApiKey(t, { scopes: ['catalog:write'] });
      expect((await t.http.get('/v1/services').set(reader.auth)).status).toBe(200);
      expect((await createService(serviceBody(colour), reader.auth)).status).toBe(403);
      expect((await createService(serviceBody(colour), receptionist.auth)).status).toBe(403);
      // The menu is the business's: a store manager changes their store's overrides, not the catalog.
      expect((await createService(serviceBody(colour), manager.auth)).status).toBe(403);
      expect((await t.http.post('/v1/service-categories').set(manager.auth).send({ code: 'brows', name: 'Brows' })).status).toBe(403);
      const created = await createService(serviceBody(colour), writer.auth);
      expect(created.status).toBe(201);
      expect((await t.http.get(`/v1/services/${created.body.id}`).set(writer.auth)).status).toBe(200);
      const other = await createApiKey(t, { scopes: ['customers:read'] });
      expect((await t.http.get('/v1/services').set(other.auth)).status).toBe(403);
    });

    it('replays a create sent twice with the same Idempotency-Key', async () => {
      const body = serviceBody(colour);
      const first = await createService(body).set('idempotency-key', 'svc-create-1');
      const again = await createService(body).set('idempotency-key', 'svc-create-1');
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      expect(await t.sql('SELECT 1 FROM service WHERE name = $1', [body.name])).toHaveLength(1);
    });
  });

  it('seeds the demo catalog through the use cases, once', async () => {
    const toDto = async <T extends object>(type: new () => T, body: object) =>
      (await createValidationPipe().transform(structuredClone(body), { type: 'body', metatype: type })) as T;
    const actor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    const created = await seedDemoCatalog(t.app, actor, toDto);
    expect(created).toHaveLength(DEMO_SERVICES.length + DEMO_PRODUCTS.length + 2);
    expect(await seedDemoCatalog(t.app, actor, toDto)).toEqual([]);

    const services = await t.http.get('/v1/services').query({ q: 'Botanical colour', categoryId: colour }).set(receptionist.auth);
    const seeded = services.body.data.find((s: { name: string }) => s.name === '植物染发 Botanical colour');
    expect(seeded.variations.map((v: { price: unknown }) => v.price)).toEqual([cny(48800), cny(68800)]);
    const consumption = await t.http.get(`/v1/services/${seeded.id}/variations/${seeded.variations[1].id}/consumption`).set(receptionist.auth);
    expect(consumption.body.items.map((i: { sku: string; quantity: number }) => [i.sku, i.quantity])).toEqual([
      ['BLOOM-DYE-6N', 90],
      ['BLOOM-DEV-6', 90],
    ]);
    const backBar = await t.http.get('/v1/products').query({ use: 'professional', brand: 'bloom pro' }).set(receptionist.auth);
    expect(backBar.body.data.map((p: { sku: string }) => p.sku).sort()).toEqual(['BLOOM-DEV-6', 'BLOOM-DYE-6N']);
  });
});
