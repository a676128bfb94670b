import { CatalogService } from '../src/modules/catalog/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, serviceBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { PROBLEM, fieldsOf } from './support/responses.js';
import { createLevel, type LevelRecord } from './support/scheduling.js';

/** A colour (35 min processing, 30 finishing, 10 buffer): short hair 90 min ¥488, long hair 120 min (finishing 45) ¥688. */
describe('catalog: price and duration by staff level', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let beautician: UserRecord;
  let jingan: StoreRecord;
  let senior: LevelRecord;
  let director: LevelRecord;
  let colour: string;
  beforeAll(async () => {
    t = await startTestApp();
    jingan = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [jingan.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [jingan.id] });
    senior = await createLevel(t, { code: 'senior', name: '高级技师 Senior', rank: 300 });
    director = await createLevel(t, { code: 'director', name: '总监 Director', rank: 400 });
    colour = await categoryId(t, 'hair_colour');
  });
  afterAll(() => t.close());

  const newService = async () => {
    const res = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(colour));
    expect(res.status).toBe(201);
    return res.body as { id: string; version: number; variations: Array<{ id: string; version: number }> };
  };
  const url = (serviceId: string, variationId: string, levelId?: string) => `/v1/services/${serviceId}/variations/${variationId}/level-prices${levelId ? `/${levelId}` : ''}`;
  const stored = (variationId: string) =>
    t.sql<{ level_id: string; amount: string | null; duration_minutes: number | null }>(
      'SELECT level_id, amount, duration_minutes FROM variation_level_price WHERE variation_id = $1 ORDER BY level_id',
      [variationId],
    );

  it('sets, lists, replaces and removes a level’s price and duration, shows them on the variation and audits each change', async () => {
    const service = await newService();
    const long = service.variations[1].id;
    const put = await t.http
      .put(url(service.id, long, senior.id))
      .set(owner.auth)
      .send({ price: cny(88800), durationMinutes: 100 });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ levelId: senior.id, price: cny(88800), durationMinutes: 100 });
    await t.http
      .put(url(service.id, long, director.id))
      .set(owner.auth)
      .send({ price: cny(128800) })
      .expect(200);

    // Everyone who reads the catalog reads them: on their own list, on the variation and on the service.
    const list = await t.http.get(url(service.id, long)).set(beautician.auth);
    expect(list.status).toBe(200);
    const both = [
      { levelId: senior.id, price: cny(88800), durationMinutes: 100 },
      { levelId: director.id, price: cny(128800), durationMinutes: null },
    ].sort((a, b) => a.levelId.localeCompare(b.levelId));
    expect(list.body).toEqual({ data: both, nextCursor: null });
    expect((await t.http.get(`/v1/services/${service.id}/variations/${long}`).set(beautician.auth)).body.levelPrices).toEqual(both);
    const read = await t.http.get(`/v1/services/${service.id}`).set(manager.auth);
    expect(read.body.variations.map((v: { levelPrices: unknown[] }) => v.levelPrices)).toEqual([[], both]);

    // PUT replaces the level's terms whole: the duration left out follows the variation again.
    const replaced = await t.http
      .put(url(service.id, long, senior.id))
      .set(owner.auth)
      .send({ price: cny(90000) });
    expect(replaced.body).toEqual({ levelId: senior.id, price: cny(90000), durationMinutes: null });
    const durationOnly = await t.http
      .put(url(service.id, long, senior.id))
      .set(owner.auth)
      .send({ price: null, durationMinutes: 105 });
    expect(durationOnly.body).toEqual({ levelId: senior.id, price: null, durationMinutes: 105 });

    await t.http
      .delete(url(service.id, long, director.id))
      .set(owner.auth)
      .expect(204);
    await t.http
      .delete(url(service.id, long, director.id))
      .set(owner.auth)
      .expect(204);
    expect((await t.http.get(url(service.id, long)).set(owner.auth)).body.data).toEqual([{ levelId: senior.id, price: null, durationMinutes: 105 }]);

    const audit = await t.sql<{ action: string; before: unknown; after: unknown }>(
      `SELECT action, before, after FROM audit_event WHERE entity_id = $1 AND action LIKE 'service_variation.level_price.%' ORDER BY created_at, id`,
      [long],
    );
    expect(audit.map((entry) => entry.action)).toEqual([
      'service_variation.level_price.put',
      'service_variation.level_price.put',
      'service_variation.level_price.put',
      'service_variation.level_price.put',
      'service_variation.level_price.remove',
    ]);
    expect(audit[2]).toMatchObject({ before: { levelId: senior.id, price: cny(88800), durationMinutes: 100 }, after: { price: cny(90000), durationMinutes: null } });
  });

  it('answers 400, 404 and 422 problems naming the field for bad terms, and stores nothing', async () => {
    const service = await newService();
    const long = service.variations[1].id;
    const send = (body: object, level = senior.id, variation = long, serviceId = service.id) =>
      t.http
        .put(url(serviceId, variation, level))
        .set(owner.auth)
        .send(body);

    const nothing = await send({});
    expect(nothing.status).toBe(400);
    expect(nothing.headers['content-type']).toMatch(PROBLEM);
    expect(fieldsOf(nothing.body)).toEqual(['price', 'durationMinutes']);
    expect(fieldsOf((await send({ price: null, durationMinutes: null })).body)).toEqual(['price', 'durationMinutes']);
    const currency = await send({ price: { amount: 100, currency: 'USD' } });
    expect([currency.status, fieldsOf(currency.body)]).toEqual([400, ['price.currency']]);
    const step = await send({ durationMinutes: 102 });
    expect([step.status, fieldsOf(step.body)]).toEqual([400, ['durationMinutes']]);
    expect(fieldsOf((await send({ price: cny(-1) })).body)).toEqual(['price.amount']);
    expect(fieldsOf((await send({ durationMinutes: '100' })).body)).toEqual(['durationMinutes']);

    // 120 minutes with 35 processing and 45 finishing: 80 leaves no active work, 85 leaves 5.
    const tooShort = await send({ durationMinutes: 80 });
    expect(tooShort.status).toBe(422);
    expect(tooShort.body).toMatchObject({ code: 'variation_level_price.duration_too_short', errors: [{ field: 'durationMinutes', message: expect.stringMatching(/leaves 0/) }] });

    const unknownLevel = await send({ price: cny(100) }, '00000000-0000-4000-8000-000000000000');
    expect([unknownLevel.status, unknownLevel.body.code, fieldsOf(unknownLevel.body)]).toEqual([422, 'reference.not_found', ['levelId']]);
    const notALevel = await send({ price: cny(100) }, 'senior');
    expect([notALevel.status, notALevel.body.code, fieldsOf(notALevel.body)]).toEqual([422, 'reference.not_found', ['levelId']]);

    const other = await newService();
    const wrongService = await send({ price: cny(100) }, senior.id, long, other.id);
    expect([wrongService.status, wrongService.body.code]).toEqual([404, 'service_variation.not_found']);
    expect((await t.http.get(url(other.id, long)).set(owner.auth)).status).toBe(404);
    expect((await t.http.delete(url(other.id, long, senior.id)).set(owner.auth)).status).toBe(404);

    expect(await stored(long)).toEqual([]);
    expect((await send({ durationMinutes: 85 })).status).toBe(200);
  });

  it('lets only owners and keys with catalog:write change them; everyone who reads the catalog reads them', async () => {
    const service = await newService();
    const short = service.variations[0].id;
    for (const caller of [manager, beautician, await createUser(t, { role: 'receptionist', storeIds: [jingan.id] })]) {
      expect(
        (
          await t.http
            .put(url(service.id, short, senior.id))
            .set(caller.auth)
            .send({ price: cny(1) })
        ).status,
      ).toBe(403);
      expect((await t.http.delete(url(service.id, short, senior.id)).set(caller.auth)).status).toBe(403);
    }
    const reader = await createApiKey(t, { scopes: ['catalog:read'] });
    expect(
      (
        await t.http
          .put(url(service.id, short, senior.id))
          .set(reader.auth)
          .send({ price: cny(1) })
      ).status,
    ).toBe(403);
    expect((await t.http.get(url(service.id, short)).set(reader.auth)).status).toBe(200);
    expect(await stored(short)).toEqual([]);
    const writer = await createApiKey(t, { scopes: ['catalog:write'] });
    expect(
      (
        await t.http
          .put(url(service.id, short, senior.id))
          .set(writer.auth)
          .send({ price: cny(58800) })
      ).status,
    ).toBe(200);
  });

  it('refuses new time blocks on the variation or its service that would leave a level’s duration no active work', async () => {
    const service = await newService();
    const long = service.variations[1].id;
    await t.http
      .put(url(service.id, long, senior.id))
      .set(owner.auth)
      .send({ durationMinutes: 100 })
      .expect(200);
    // The variation alone would be fine (120 − 60 − 45 = 15), the senior's 100 minutes would not (−5).
    const variation = await t.http
      .patch(`/v1/services/${service.id}/variations/${long}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ timeBlocks: { processingMinutes: 60, finishingMinutes: 45 } });
    expect(variation.status).toBe(400);
    expect(variation.body.errors).toEqual([{ field: 'timeBlocks', message: expect.stringContaining(`at level ${senior.id} (100 minutes)`) }]);
    const defaults = await t.http
      .patch(`/v1/services/${service.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ timeBlocks: { processingMinutes: 55, finishingMinutes: 30, bufferMinutes: 10 } });
    expect(defaults.status).toBe(400);
    expect(defaults.body.errors).toEqual([{ field: 'timeBlocks', message: expect.stringContaining(`at level ${senior.id} (100 minutes)`) }]);
    // Without the level's duration the same change goes through.
    await t.http
      .delete(url(service.id, long, senior.id))
      .set(owner.auth)
      .expect(204);
    const later = await t.http
      .patch(`/v1/services/${service.id}/variations/${long}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ timeBlocks: { processingMinutes: 60, finishingMinutes: 45 } });
    expect(later.status).toBe(200);
  });

  it('keeps one row per level when owners set it at the same time, the last write whole', async () => {
    const service = await newService();
    const short = service.variations[0].id;
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .put(url(service.id, short, senior.id))
          .set(owner.auth)
          .send({ price: cny(50000 + i), durationMinutes: 70 + 5 * (i % 3) }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    const rows = await stored(short);
    expect(rows).toHaveLength(1);
    const written = answers.map((answer) => `${answer.body.price.amount}/${answer.body.durationMinutes}`);
    expect(written).toContain(`${rows[0].amount}/${rows[0].duration_minutes}`);
  });

  describe('CatalogService.variationForStore, as appointments and scheduling ask it', () => {
    it('answers the terms at every level, and a level’s own when asked: store price first, then the level’s, then the catalog’s', async () => {
      const catalog = t.app.get(CatalogService);
      const service = await newService();
      const [short, long] = service.variations.map((v) => v.id);
      await t.http
        .put(url(service.id, long, senior.id))
        .set(owner.auth)
        .send({ price: cny(88800), durationMinutes: 100 })
        .expect(200);
      await t.http
        .put(url(service.id, long, director.id))
        .set(owner.auth)
        .send({ durationMinutes: 90 })
        .expect(200);
      const base = { activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 };

      const plain = await catalog.variationForStore(long, jingan.id);
      expect(plain).toMatchObject({ price: cny(68800), priceSource: 'catalog', levelId: null, durationMinutes: 120, timeBlocks: base });
      expect(new Map(plain!.levels.map((level) => [level.levelId, level]))).toEqual(
        new Map([
          [senior.id, { levelId: senior.id, price: cny(88800), priceSource: 'level', durationMinutes: 100, timeBlocks: { ...base, activeMinutes: 20 } }],
          [director.id, { levelId: director.id, price: cny(68800), priceSource: 'catalog', durationMinutes: 90, timeBlocks: { ...base, activeMinutes: 10 } }],
        ]),
      );
      expect(await catalog.variationForStore(long, jingan.id, senior.id)).toMatchObject({
        price: cny(88800),
        priceSource: 'level',
        priceOverridden: false,
        levelId: senior.id,
        durationMinutes: 100,
        timeBlocks: { ...base, activeMinutes: 20 },
      });
      // A level without terms (or none at all) is the variation as the store sells it.
      const assistant = await createLevel(t);
      expect(await catalog.variationForStore(long, jingan.id, assistant.id)).toMatchObject({
        price: cny(68800),
        priceSource: 'catalog',
        levelId: assistant.id,
        durationMinutes: 120,
      });
      expect(await catalog.variationForStore(short, jingan.id, senior.id)).toMatchObject({ price: cny(48800), durationMinutes: 90, levels: [] });

      // The store's own price wins over the senior's; the senior's duration still holds.
      await t.http
        .put(`/v1/services/${service.id}/store-overrides/${jingan.id}`)
        .set(owner.auth)
        .send({ available: true, prices: [{ variationId: long, price: cny(70000) }] })
        .expect(200);
      expect(await catalog.variationForStore(long, jingan.id, senior.id)).toMatchObject({
        price: cny(70000),
        priceSource: 'store',
        priceOverridden: true,
        durationMinutes: 100,
      });
      const other = await createStore(t);
      expect(await catalog.variationForStore(long, other.id, senior.id)).toMatchObject({ price: cny(88800), priceSource: 'level' });
    });
  });
});
