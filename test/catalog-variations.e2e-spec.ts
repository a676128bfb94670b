import { CatalogService } from '../src/modules/catalog/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { categoryId, cny, dyeBody, productBody, serviceBody, variationBody } from './support/catalog-bodies.js';
import { fieldsOf, idsOf } from './support/responses.js';

describe('catalog: variations, store overrides and consumption', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let beautician: UserRecord;
  let jingan: StoreRecord;
  let xuhui: StoreRecord;
  let colour: string;
  beforeAll(async () => {
    t = await startTestApp();
    jingan = await createStore(t);
    xuhui = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [jingan.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [jingan.id] });
    colour = await categoryId(t, 'hair_colour');
  });
  afterAll(() => t.close());

  const newService = async (overrides: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(colour, overrides));
    expect(res.status).toBe(201);
    return res.body as { id: string; variations: Array<{ id: string; name: string }> };
  };
  const variations = (serviceId: string) => `/v1/services/${serviceId}/variations`;

  describe('variations', () => {
    it('adds, reads, changes (If-Match) and lists variations in their order', async () => {
      const service = await newService();
      const added = await t.http
        .post(variations(service.id))
        .set(owner.auth)
        .send(
          variationBody({
            name: '及腰 Extra long',
            price: cny(88800),
            durationMinutes: 150,
            timeBlocks: { activeMinutes: 60, processingMinutes: 40, finishingMinutes: 50, bufferMinutes: 15 },
          }),
        );
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ serviceId: service.id, sortOrder: 30, version: 1, durationMinutes: 150 });
      expect(added.body.timeBlocks).toEqual({ activeMinutes: 60, processingMinutes: 40, finishingMinutes: 50, bufferMinutes: 15 });

      const read = await t.http.get(`${variations(service.id)}/${added.body.id}`).set(beautician.auth);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');

      const stale = await t.http
        .patch(`${variations(service.id)}/${added.body.id}`)
        .set(owner.auth)
        .set('if-match', '"7"')
        .send({ price: cny(90000) });
      expect(stale.status).toBe(412);
      const changed = await t.http
        .patch(`${variations(service.id)}/${added.body.id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ price: cny(90000), durationMinutes: 120, timeBlocks: null, sortOrder: 5 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ price: cny(90000), durationMinutes: 120, version: 2, sortOrder: 5 });
      expect(changed.body.timeBlocks).toEqual({ activeMinutes: 55, processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 });

      const list = await t.http.get(variations(service.id)).set(beautician.auth);
      expect(list.body.data.map((v: { name: string }) => v.name)).toEqual(['及腰 Extra long', '短发 Short hair', '长发 Long hair']);
      expect(list.body.nextCursor).toBeNull();
      const audit = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [added.body.id]);
      expect(audit.map((a) => a.action)).toEqual(['service_variation.create', 'service_variation.update']);
    });

    it('answers 400 naming the field for a missing duration, a negative price, and blocks that do not add up', async () => {
      const service = await newService();
      const noDuration = await t.http
        .post(variations(service.id))
        .set(owner.auth)
        .send({ name: 'X', price: cny(100) });
      expect(noDuration.status).toBe(400);
      expect(fieldsOf(noDuration.body)).toContain('durationMinutes');
      const negative = await t.http
        .post(variations(service.id))
        .set(owner.auth)
        .send(variationBody({ price: cny(-1) }));
      expect(fieldsOf(negative.body)).toEqual(['price.amount']);
      const blocks = await t.http
        .post(variations(service.id))
        .set(owner.auth)
        .send(variationBody({ timeBlocks: { activeMinutes: 20, processingMinutes: 20, finishingMinutes: 20 } }));
      expect(blocks.body.errors).toEqual([{ field: 'timeBlocks', message: expect.stringMatching(/must equal durationMinutes \(90\)/) }]);
      const patch = await t.http
        .patch(`${variations(service.id)}/${service.variations[0].id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ durationMinutes: 65 });
      expect(fieldsOf(patch.body)).toEqual(['durationMinutes']);
      const other = await newService();
      const wrongService = await t.http.get(`${variations(other.id)}/${service.variations[0].id}`).set(owner.auth);
      expect(wrongService.status).toBe(404);
      expect(wrongService.body.code).toBe('service_variation.not_found');
    });

    it('archives and restores variations, but never the last active one', async () => {
      const service = await newService();
      const [short, long] = service.variations;
      const archived = await t.http.post(`${variations(service.id)}/${short.id}/archive`).set(owner.auth);
      expect(archived.body).toMatchObject({ status: 'archived', version: 2 });
      const last = await t.http.post(`${variations(service.id)}/${long.id}/archive`).set(owner.auth);
      expect(last.status).toBe(409);
      expect(last.body.code).toBe('service.last_active_variation');

      expect(idsOf((await t.http.get(variations(service.id)).set(owner.auth)).body)).toEqual([long.id]);
      expect(idsOf((await t.http.get(variations(service.id)).query({ status: 'archived' }).set(owner.auth)).body)).toEqual([short.id]);
      expect((await t.http.get(`/v1/services/${service.id}`).set(owner.auth)).body.variations.map((v: { status: string }) => v.status)).toEqual(['archived', 'active']);
      const restored = await t.http.post(`${variations(service.id)}/${short.id}/restore`).set(owner.auth);
      expect(restored.body).toMatchObject({ status: 'active', version: 3 });
    });

    it('keeps one active variation when the last two are archived at the same time', async () => {
      for (let round = 0; round < 4; round++) {
        const service = await newService();
        const results = await Promise.all(service.variations.map((v) => t.http.post(`${variations(service.id)}/${v.id}/archive`).set(owner.auth)));
        expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
        const rows = await t.sql("SELECT 1 FROM service_variation WHERE service_id = $1 AND status = 'active'", [service.id]);
        expect(rows).toHaveLength(1);
      }
    });
  });

  describe('per-store overrides', () => {
    it("shows a store's own prices and availability when read in its context", async () => {
      const service = await newService();
      const [, long] = service.variations;
      const put = await t.http
        .put(`/v1/services/${service.id}/store-overrides/${jingan.id}`)
        .set(owner.auth)
        .send({ available: true, prices: [{ variationId: long.id, price: cny(72800) }] });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ serviceId: service.id, storeId: jingan.id, available: true, prices: [{ variationId: long.id, price: cny(72800) }] });

      const inJingan = await t.http.get(`/v1/services/${service.id}`).query({ storeId: jingan.id }).set(beautician.auth);
      expect(inJingan.body.store).toEqual({ storeId: jingan.id, available: true, bookable: true });
      expect(inJingan.body.variations.map((v: { store: unknown }) => v.store)).toEqual([
        { storeId: jingan.id, price: cny(48800), priceOverridden: false },
        { storeId: jingan.id, price: cny(72800), priceOverridden: true },
      ]);
      expect(inJingan.body.variations[1].price).toEqual(cny(68800)); // the catalog price stays as it was
      const variation = await t.http
        .get(`${variations(service.id)}/${long.id}`)
        .query({ storeId: jingan.id })
        .set(beautician.auth);
      expect(variation.body.store).toEqual({ storeId: jingan.id, price: cny(72800), priceOverridden: true });

      const inXuhui = await t.http.get(`/v1/services/${service.id}`).query({ storeId: xuhui.id }).set(owner.auth);
      expect(inXuhui.body.variations[1].store).toEqual({ storeId: xuhui.id, price: cny(68800), priceOverridden: false });

      // Switched off in Xuhui: not bookable there, still bookable in Jing'an.
      await t.http.put(`/v1/services/${service.id}/store-overrides/${xuhui.id}`).set(owner.auth).send({ available: false }).expect(200);
      const xuhuiBookable = await t.http.get('/v1/services').query({ storeId: xuhui.id, bookable: true, limit: 100 }).set(owner.auth);
      expect(idsOf(xuhuiBookable.body)).not.toContain(service.id);
      const xuhuiOff = await t.http.get('/v1/services').query({ storeId: xuhui.id, bookable: false, limit: 100 }).set(owner.auth);
      expect(idsOf(xuhuiOff.body)).toContain(service.id);
      expect(xuhuiOff.body.data.find((s: { id: string }) => s.id === service.id).store).toEqual({ storeId: xuhui.id, available: false, bookable: false });
      const jinganBookable = await t.http.get('/v1/services').query({ storeId: jingan.id, bookable: true, limit: 100 }).set(manager.auth);
      expect(idsOf(jinganBookable.body)).toContain(service.id);

      // The manager sees only Jing'an's override; the owner both.
      expect((await t.http.get(`/v1/services/${service.id}/store-overrides`).set(manager.auth)).body.data.map((o: { storeId: string }) => o.storeId)).toEqual([jingan.id]);
      expect((await t.http.get(`/v1/services/${service.id}/store-overrides`).set(owner.auth)).body.data).toHaveLength(2);

      // Removing the override brings the catalog back; removing it again is harmless.
      await t.http.delete(`/v1/services/${service.id}/store-overrides/${jingan.id}`).set(manager.auth).expect(204);
      await t.http.delete(`/v1/services/${service.id}/store-overrides/${jingan.id}`).set(manager.auth).expect(204);
      const back = await t.http.get(`/v1/services/${service.id}`).query({ storeId: jingan.id }).set(manager.auth);
      expect(back.body.variations[1].store).toEqual({ storeId: jingan.id, price: cny(68800), priceOverridden: false });
      const audit = await t.sql<{ action: string; store_id: string }>(
        "SELECT action, store_id FROM audit_event WHERE entity_id = $1 AND action LIKE 'service.store_override%' ORDER BY created_at",
        [service.id],
      );
      expect(audit).toEqual([
        { action: 'service.store_override.put', store_id: jingan.id },
        { action: 'service.store_override.put', store_id: xuhui.id },
        { action: 'service.store_override.remove', store_id: jingan.id },
      ]);
    });

    it("answers 404 for another store's override or context, and for a store that does not exist", async () => {
      const service = await newService();
      const other = await t.http.put(`/v1/services/${service.id}/store-overrides/${xuhui.id}`).set(manager.auth).send({ available: false });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('store.not_found');
      expect((await t.http.get(`/v1/services/${service.id}`).query({ storeId: xuhui.id }).set(beautician.auth)).status).toBe(404);
      expect((await t.http.get('/v1/services').query({ storeId: xuhui.id }).set(manager.auth)).body.code).toBe('store.not_found');
      const missing = await t.http.put(`/v1/services/${service.id}/store-overrides/00000000-0000-4000-8000-000000000000`).set(owner.auth).send({ available: false });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('store.not_found');
      expect(await t.sql('SELECT 1 FROM service_store_override WHERE service_id = $1', [service.id])).toEqual([]);
    });

    it("keeps the catalog price every store sees out of a store manager's reach: they set their own store's price instead", async () => {
      const service = await newService();
      const long = service.variations[1];
      const patch = await t.http
        .patch(`${variations(service.id)}/${long.id}`)
        .set(manager.auth)
        .set('if-match', '"1"')
        .send({ price: cny(100) });
      expect(patch.status).toBe(403);
      expect(patch.headers['content-type']).toMatch(/^application\/problem\+json/);
      const inXuhui = await t.http.get(`/v1/services/${service.id}`).query({ storeId: xuhui.id }).set(owner.auth);
      expect(inXuhui.body.variations[1].store).toEqual({ storeId: xuhui.id, price: cny(68800), priceOverridden: false });

      // What the Jing'an manager may do: price it for Jing'an only.
      await t.http
        .put(`/v1/services/${service.id}/store-overrides/${jingan.id}`)
        .set(manager.auth)
        .send({ available: true, prices: [{ variationId: long.id, price: cny(100) }] })
        .expect(200);
      const inJingan = await t.http.get(`/v1/services/${service.id}`).query({ storeId: jingan.id }).set(manager.auth);
      expect(inJingan.body.variations[1].store).toEqual({ storeId: jingan.id, price: cny(100), priceOverridden: true });
      expect((await t.http.get(`/v1/services/${service.id}`).query({ storeId: xuhui.id }).set(owner.auth)).body.variations[1].store.price).toEqual(cny(68800));
    });

    it('refuses a variation of another service, a negative price and a variation listed twice, naming the entry', async () => {
      const service = await newService();
      const other = await newService();
      const url = `/v1/services/${service.id}/store-overrides/${jingan.id}`;
      const foreign = await t.http
        .put(url)
        .set(manager.auth)
        .send({ available: true, prices: [{ variationId: other.variations[0].id, price: cny(100) }] });
      expect(foreign.status).toBe(422);
      expect(foreign.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'prices[0].variationId', message: 'names no variation of this service' }] });
      const negative = await t.http
        .put(url)
        .set(manager.auth)
        .send({ available: true, prices: [{ variationId: service.variations[0].id, price: cny(-5) }] });
      expect(fieldsOf(negative.body)).toEqual(['prices[0].price.amount']);
      const v = service.variations[0].id;
      const twice = await t.http
        .put(url)
        .set(manager.auth)
        .send({
          available: true,
          prices: [
            { variationId: v, price: cny(1) },
            { variationId: v, price: cny(2) },
          ],
        });
      expect(fieldsOf(twice.body)).toEqual(['prices[1].variationId']);
      expect(fieldsOf((await t.http.put(url).set(manager.auth).send({})).body)).toEqual(['available']);
    });

    it('replaces concurrent PUTs for one store one after the other, never mixing their prices', async () => {
      const service = await newService();
      const [short, long] = service.variations;
      const url = `/v1/services/${service.id}/store-overrides/${jingan.id}`;
      const bodies = [
        {
          available: true,
          prices: [
            { variationId: short.id, price: cny(1000) },
            { variationId: long.id, price: cny(2000) },
          ],
        },
        { available: false, prices: [{ variationId: long.id, price: cny(3000) }] },
      ];
      const results = await Promise.all(bodies.map((body) => t.http.put(url).set(owner.auth).send(body)));
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const rows = await t.sql<{ variation_id: string; amount: string }>(
        'SELECT variation_id, amount FROM variation_store_price WHERE store_id = $1 AND variation_id = ANY($2::uuid[]) ORDER BY amount',
        [jingan.id, [short.id, long.id]],
      );
      const [{ available }] = await t.sql<{ available: boolean }>('SELECT available FROM service_store_override WHERE service_id = $1', [service.id]);
      const asFirst = rows.length === 2 && available === true;
      const asSecond = rows.length === 1 && rows[0].amount === '3000' && available === false;
      expect(asFirst || asSecond).toBe(true);
    });
  });

  describe('consumption', () => {
    it('records how much of which back-bar products a variation uses, refusing retail-only ones', async () => {
      const service = await newService();
      const [short] = service.variations;
      const dye = (await t.http.post('/v1/products').set(owner.auth).send(dyeBody())).body;
      const developer = (
        await t.http
          .post('/v1/products')
          .set(owner.auth)
          .send(dyeBody({ name: 'A developer 6%', use: 'both', salePrice: cny(9900) }))
      ).body;
      const gloves = (
        await t.http
          .post('/v1/products')
          .set(owner.auth)
          .send(dyeBody({ name: 'Gloves', specification: { size: 100, unit: 'pcs' } }))
      ).body;
      const shampoo = (await t.http.post('/v1/products').set(owner.auth).send(productBody())).body;
      const url = `${variations(service.id)}/${short.id}/consumption`;

      expect((await t.http.get(url).set(beautician.auth)).body).toEqual({ serviceId: service.id, variationId: short.id, items: [] });
      const put = await t.http
        .put(url)
        .set(owner.auth)
        .send({
          items: [
            { productId: dye.id, quantity: 60 },
            { productId: developer.id, quantity: 62.5 },
            { productId: gloves.id, quantity: 2 },
          ],
        });
      expect(put.status).toBe(200);
      expect(put.body.items).toEqual([
        { productId: developer.id, sku: developer.sku, name: 'A developer 6%', quantity: 62.5, unit: 'ml', productStatus: 'active' },
        { productId: gloves.id, sku: gloves.sku, name: 'Gloves', quantity: 2, unit: 'pcs', productStatus: 'active' },
        { productId: dye.id, sku: dye.sku, name: dye.name, quantity: 60, unit: 'ml', productStatus: 'active' },
      ]);
      expect((await t.http.get(url).set(beautician.auth)).body).toEqual(put.body);

      const retail = await t.http
        .put(url)
        .set(owner.auth)
        .send({ items: [{ productId: shampoo.id, quantity: 10 }] });
      expect(retail.status).toBe(400);
      expect(retail.body.errors).toEqual([{ field: 'items[0].productId', message: expect.stringMatching(/retail product/) }]);
      const bad = await t.http
        .put(url)
        .set(owner.auth)
        .send({
          items: [
            { productId: dye.id, quantity: 0 },
            { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
          ],
        });
      expect(fieldsOf(bad.body)).toEqual(['items[0].quantity']);
      const unknown = await t.http
        .put(url)
        .set(owner.auth)
        .send({
          items: [
            { productId: '00000000-0000-4000-8000-000000000000', quantity: 1 },
            { productId: gloves.id, quantity: 1.5 },
          ],
        });
      // An id that names nothing answers as in every module: 422 naming the field.
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'items[0].productId', message: 'names no product' }] });
      const fraction = await t.http
        .put(url)
        .set(owner.auth)
        .send({
          items: [
            { productId: dye.id, quantity: 1 },
            { productId: gloves.id, quantity: 1.5 },
          ],
        });
      expect(fieldsOf(fraction.body)).toEqual(['items[1].quantity']);
      expect((await t.http.put(url).set(beautician.auth).send({ items: [] })).status).toBe(403);

      await t.http
        .put(url)
        .set(owner.auth)
        .send({ items: [{ productId: dye.id, quantity: 45 }] })
        .expect(200);
      expect((await t.http.get(url).set(owner.auth)).body.items.map((i: { quantity: number }) => i.quantity)).toEqual([45]);

      // A consumed product cannot become retail-only; archived, it stays listed and cannot be added again.
      const toRetail = await t.http
        .patch(`/v1/products/${dye.id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ use: 'retail', salePrice: cny(100) });
      expect(toRetail.status).toBe(409);
      expect(toRetail.body.code).toBe('product.used_by_services');
      await t.http.post(`/v1/products/${dye.id}/archive`).set(owner.auth).expect(200);
      expect((await t.http.get(url).set(owner.auth)).body.items).toEqual([expect.objectContaining({ productId: dye.id, productStatus: 'archived' })]);
      const archived = await t.http
        .put(url)
        .set(owner.auth)
        .send({ items: [{ productId: dye.id, quantity: 50 }] });
      expect(archived.body.errors).toEqual([{ field: 'items[0].productId', message: 'is archived' }]);
    });
  });

  describe('the read service other modules use', () => {
    it('answers price, duration, time blocks, skill, resource and bookability of a variation in a store; a product in a store; a consumption', async () => {
      const catalog = t.app.get(CatalogService);
      const service = await newService();
      const [short, long] = service.variations;
      await t.http
        .put(`/v1/services/${service.id}/store-overrides/${jingan.id}`)
        .set(owner.auth)
        .send({ available: true, prices: [{ variationId: long.id, price: cny(70000) }] })
        .expect(200);
      await t.http.put(`/v1/services/${service.id}/store-overrides/${xuhui.id}`).set(owner.auth).send({ available: false }).expect(200);

      expect(await catalog.variationForStore(long.id, jingan.id)).toEqual({
        variationId: long.id,
        serviceId: service.id,
        categoryId: colour,
        serviceName: expect.stringContaining('Botanical colour'),
        variationName: '长发 Long hair',
        price: cny(70000),
        priceOverridden: true,
        priceSource: 'store',
        levelId: null,
        durationMinutes: 120,
        timeBlocks: { activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 },
        levels: [],
        skill: 'hair_colour',
        resourceType: 'chair',
        active: true,
        availableInStore: true,
        sellable: true,
        bookableOnline: true,
      });
      expect(await catalog.variationForStore(short.id, xuhui.id)).toMatchObject({
        price: cny(48800),
        priceOverridden: false,
        availableInStore: false,
        sellable: false,
        bookableOnline: false,
      });
      await t.http.post(`/v1/services/${service.id}/archive`).set(owner.auth).expect(200);
      expect(await catalog.variationForStore(short.id, jingan.id)).toMatchObject({ active: false, sellable: false });
      expect(await catalog.variationForStore('00000000-0000-4000-8000-000000000000', jingan.id)).toBeNull();

      const shampoo = (
        await t.http
          .post('/v1/products')
          .set(owner.auth)
          .send(productBody({ salePrice: cny(24800) }))
      ).body;
      await t.http
        .put(`/v1/products/${shampoo.id}/store-prices/${jingan.id}`)
        .set(owner.auth)
        .send({ salePrice: cny(26800) })
        .expect(200);
      expect(await catalog.productForStore(shampoo.id, jingan.id)).toMatchObject({
        sku: shampoo.sku,
        salePrice: cny(26800),
        salePriceOverridden: true,
        costPrice: cny(9800),
        size: 250,
        unit: 'ml',
        sold: true,
        backBar: false,
        active: true,
      });
      expect(await catalog.productForStore(shampoo.id, xuhui.id)).toMatchObject({ salePrice: cny(24800), salePriceOverridden: false });
      const dye = (await t.http.post('/v1/products').set(owner.auth).send(dyeBody())).body;
      expect(await catalog.productForStore(dye.id, jingan.id)).toMatchObject({ salePrice: null, sold: false, backBar: true });

      await t.http
        .put(`${variations(service.id)}/${short.id}/consumption`)
        .set(owner.auth)
        .send({ items: [{ productId: dye.id, quantity: 60 }] })
        .expect(200);
      expect(await catalog.consumptionOf(short.id)).toEqual([{ productId: dye.id, sku: dye.sku, name: dye.name, quantity: 60, unit: 'ml', productActive: true }]);
      expect(await catalog.consumptionOf(long.id)).toEqual([]);
    });
  });

  it('lets an API key with catalog:write set store overrides for any store', async () => {
    const key = await createApiKey(t, { scopes: ['catalog:write'] });
    const service = await newService();
    const res = await t.http.put(`/v1/services/${service.id}/store-overrides/${xuhui.id}`).set(key.auth).send({ available: false });
    expect(res.status).toBe(200);
  });
});
