import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { cny, dyeBody, productBody, sku } from './support/catalog-bodies.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, idsOf, PROBLEM } from './support/responses.js';

describe('catalog: products', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let jingan: StoreRecord;
  let xuhui: StoreRecord;
  beforeAll(async () => {
    t = await startTestApp();
    jingan = await createStore(t);
    xuhui = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [jingan.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [jingan.id] });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, auth: Record<string, string> = owner.auth) => t.http.post('/v1/products').set(auth).send(body);

  it('creates a product with every field, reads it, and audits it', async () => {
    const body = productBody({ barcode: '3474636397389' });
    const res = await create(body);
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      sku: body.sku,
      barcode: '3474636397389',
      brand: 'Kérastase',
      category: 'hair care',
      specification: { size: 250, unit: 'ml' },
      use: 'retail',
      shelfLifeDays: 730,
      costPrice: cny(9800),
      salePrice: cny(24800),
      usageInstructions: 'Lather, rinse.',
      imageUrls: ['https://cdn.bloom.example/p/bain.jpg'],
      status: 'active',
      version: 1,
      store: null,
    });
    expect((await t.http.get(`/v1/products/${res.body.id}`).set(manager.auth)).body).toEqual(res.body);
    expect(await t.sql('SELECT action FROM audit_event WHERE entity_id = $1', [res.body.id])).toEqual([{ action: 'product.create' }]);
  });

  it('hides cost prices from receptionists', async () => {
    const { body: product } = await create(productBody());
    const read = await t.http.get(`/v1/products/${product.id}`).set(receptionist.auth);
    expect(read.status).toBe(200);
    expect(read.body.costPrice).toBeNull();
    expect(read.body.salePrice).toEqual(cny(24800));
    const listed = await t.http.get('/v1/products').query({ q: product.sku }).set(receptionist.auth);
    expect(listed.body.data[0].costPrice).toBeNull();
  });

  it('answers 400 naming the field: negative price, missing sale price, bad SKU, bad unit, fractional pieces', async () => {
    const negative = await create(productBody({ salePrice: cny(-100) }));
    expect(negative.status).toBe(400);
    expect(negative.headers['content-type']).toMatch(PROBLEM);
    expect(fieldsOf(negative.body)).toEqual(['salePrice.amount']);
    expect(fieldsOf((await create(productBody({ costPrice: cny(-1) }))).body)).toEqual(['costPrice.amount']);
    expect(fieldsOf((await create(productBody({ salePrice: null }))).body)).toEqual(['salePrice']);
    expect(fieldsOf((await create(productBody({ sku: 'has space' }))).body)).toEqual(['sku']);
    expect(fieldsOf((await create(productBody({ specification: { size: 0, unit: 'l' } }))).body).sort()).toEqual(['specification.size', 'specification.unit']);
    expect(fieldsOf((await create(productBody({ specification: { size: 1.5, unit: 'pcs' } }))).body)).toEqual(['specification.size']);
    expect(fieldsOf((await create(productBody({ use: 'salon' }))).body)).toEqual(['use']);
    expect(fieldsOf((await create(productBody({ imageUrls: ['ftp://x/y.png'] }))).body)).toEqual(['imageUrls']);
    expect(fieldsOf((await create(productBody({ salePrice: { amount: 100, currency: 'HKD' } }))).body)).toEqual(['salePrice.currency']);
    // A back-bar product needs no sale price.
    expect((await create(dyeBody())).status).toBe(201);
  });

  it('refuses a SKU taken in another case and a barcode taken, with 409 naming the field', async () => {
    const code = sku('DUP');
    await create(productBody({ sku: code, barcode: '6901234567892' })).expect(201);
    const sameSku = await create(productBody({ sku: code.toLowerCase() }));
    expect(sameSku.status).toBe(409);
    expect(sameSku.body.code).toBe('product.sku_taken');
    expect(fieldsOf(sameSku.body)).toEqual(['sku']);
    const sameBarcode = await create(productBody({ barcode: '6901234567892' }));
    expect(sameBarcode.status).toBe(409);
    expect(sameBarcode.body.code).toBe('product.barcode_taken');
    expect(fieldsOf(sameBarcode.body)).toEqual(['barcode']);
    // Products without a barcode do not collide.
    await create(productBody({ barcode: null })).expect(201);
    await create(productBody({ barcode: null })).expect(201);
  });

  it('creates exactly one of two concurrent products with the same SKU', async () => {
    for (let round = 0; round < 5; round++) {
      const code = sku('RACE');
      // The second waits on the first's uncommitted row in the unique index, then finds it taken.
      const results = await raceOfTwo(
        t,
        () => create(productBody({ sku: code })),
        () => create(productBody({ sku: code.toLowerCase() }), owner.auth),
      );
      expect(results.map((r) => r.status)).toEqual([201, 409]);
      expect(await t.sql('SELECT 1 FROM product WHERE sku = $1', [code])).toHaveLength(1);
      expect(await t.sql("SELECT 1 FROM audit_event WHERE action = 'product.create' AND after->>'sku' ILIKE $1", [code])).toHaveLength(1);
    }
  });

  it('changes a product with If-Match (428, 412), keeping the sale-price rule', async () => {
    const { body: product } = await create(productBody());
    expect((await t.http.patch(`/v1/products/${product.id}`).set(owner.auth).send({ name: 'X' })).status).toBe(428);
    const changed = await t.http
      .patch(`/v1/products/${product.id}`)
      .set(owner.auth)
      .set('if-match', '"1"')
      .send({ name: 'Bain 500', specification: { size: 500, unit: 'ml' }, use: 'both', salePrice: cny(39800), barcode: null, costPrice: null, imageUrls: [] });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({
      name: 'Bain 500',
      specification: { size: 500, unit: 'ml' },
      use: 'both',
      salePrice: cny(39800),
      costPrice: null,
      imageUrls: [],
      version: 2,
    });
    const stale = await t.http.patch(`/v1/products/${product.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Y' });
    expect(stale.status).toBe(412);
    const noSale = await t.http.patch(`/v1/products/${product.id}`).set(owner.auth).set('if-match', '"2"').send({ salePrice: null });
    expect(noSale.status).toBe(400);
    expect(fieldsOf(noSale.body)).toEqual(['salePrice']);
    const toBackBar = await t.http.patch(`/v1/products/${product.id}`).set(owner.auth).set('if-match', '"2"').send({ use: 'professional', salePrice: null });
    expect(toBackBar.body).toMatchObject({ use: 'professional', salePrice: null, version: 3 });
    const audit = await t.sql<{ before: { name: string }; after: { name: string } }>(
      "SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'product.update' ORDER BY created_at",
      [product.id],
    );
    expect(audit.map((a) => [a.before.name, a.after.name])).toEqual([
      [product.name, 'Bain 500'],
      ['Bain 500', 'Bain 500'],
    ]);
  });

  it('filters by category, brand, use, status and text, and walks pages', async () => {
    const brand = `Brand ${sku('B')}`;
    const shampoo = (await create(productBody({ brand, category: 'Shampoo', name: 'Ginger shampoo' }))).body;
    const mask = (await create(productBody({ brand, category: 'mask', use: 'both', barcode: `69${Date.now()}` }))).body;
    const dye = (await create(dyeBody({ brand }))).body;
    const old = (await create(productBody({ brand, category: 'shampoo' }))).body;
    await t.http.post(`/v1/products/${old.id}/archive`).set(owner.auth).expect(200);

    const list = (query: Record<string, unknown>) =>
      t.http
        .get('/v1/products')
        .query({ brand: brand.toUpperCase(), limit: 100, ...query })
        .set(owner.auth);
    expect(idsOf((await list({})).body)).toEqual([dye.id, mask.id, shampoo.id]);
    expect(idsOf((await list({ category: 'SHAMPOO' })).body)).toEqual([shampoo.id]);
    expect(idsOf((await list({ use: 'retail' })).body)).toEqual([mask.id, shampoo.id]);
    expect(idsOf((await list({ use: 'professional' })).body)).toEqual([dye.id, mask.id]);
    expect(idsOf((await list({ use: 'both' })).body)).toEqual([mask.id]);
    expect(idsOf((await list({ status: 'archived' })).body)).toEqual([old.id]);
    expect(idsOf((await list({ status: 'all' })).body)).toEqual([old.id, dye.id, mask.id, shampoo.id]);
    expect(idsOf((await list({ q: 'GINGER' })).body)).toEqual([shampoo.id]);
    expect(idsOf((await list({ q: dye.sku.toLowerCase() })).body)).toEqual([dye.id]);
    expect(idsOf((await t.http.get('/v1/products').query({ q: mask.barcode }).set(owner.auth)).body)).toEqual([mask.id]);
    expect(
      idsOf(
        (
          await t.http
            .get('/v1/products')
            .query({ q: brand.slice(6) })
            .set(owner.auth)
        ).body,
      ),
    ).toEqual([dye.id, mask.id, shampoo.id]);

    const first = await list({ limit: 2 });
    const second = await list({ limit: 2, cursor: first.body.nextCursor });
    expect([...idsOf(first.body), ...idsOf(second.body)]).toEqual([dye.id, mask.id, shampoo.id]);
    expect(second.body.nextCursor).toBeNull();
    expect(fieldsOf((await list({ use: 'salon', status: 'gone' })).body).sort()).toEqual(['status', 'use']);
    expect((await t.http.get(`/v1/products/${old.id}`).set(receptionist.auth)).body.status).toBe('archived');
  });

  it("shows a store's own sale price, set by its manager; another store answers 404", async () => {
    const { body: product } = await create(productBody({ salePrice: cny(24800) }));
    const url = (store: string) => `/v1/products/${product.id}/store-prices/${store}`;
    const put = await t.http
      .put(url(jingan.id))
      .set(manager.auth)
      .send({ salePrice: cny(26800) });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ productId: product.id, storeId: jingan.id, salePrice: cny(26800) });
    expect(
      (
        await t.http
          .put(url(jingan.id))
          .set(manager.auth)
          .send({ salePrice: cny(25800) })
      ).body.salePrice,
    ).toEqual(cny(25800));

    const other = await t.http
      .put(url(xuhui.id))
      .set(manager.auth)
      .send({ salePrice: cny(1) });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('store.not_found');
    expect(
      (
        await t.http
          .put(url('00000000-0000-4000-8000-000000000000'))
          .set(owner.auth)
          .send({ salePrice: cny(1) })
      ).status,
    ).toBe(404);
    expect(
      fieldsOf(
        (
          await t.http
            .put(url(jingan.id))
            .set(manager.auth)
            .send({ salePrice: cny(-1) })
        ).body,
      ),
    ).toEqual(['salePrice.amount']);

    const inJingan = await t.http.get(`/v1/products/${product.id}`).query({ storeId: jingan.id }).set(receptionist.auth);
    expect(inJingan.body.store).toEqual({ storeId: jingan.id, salePrice: cny(25800), salePriceOverridden: true });
    expect(inJingan.body.salePrice).toEqual(cny(24800));
    const listed = await t.http.get('/v1/products').query({ storeId: xuhui.id, q: product.sku }).set(owner.auth);
    expect(listed.body.data[0].store).toEqual({ storeId: xuhui.id, salePrice: cny(24800), salePriceOverridden: false });
    expect((await t.http.get(`/v1/products/${product.id}`).query({ storeId: xuhui.id }).set(receptionist.auth)).status).toBe(404);

    await t.http
      .put(url(xuhui.id))
      .set(owner.auth)
      .send({ salePrice: cny(23800) })
      .expect(200);
    expect((await t.http.get(`/v1/products/${product.id}/store-prices`).set(manager.auth)).body.data.map((p: { storeId: string }) => p.storeId)).toEqual([jingan.id]);
    expect((await t.http.get(`/v1/products/${product.id}/store-prices`).set(owner.auth)).body.data).toHaveLength(2);

    await t.http.delete(url(jingan.id)).set(manager.auth).expect(204);
    expect((await t.http.get(`/v1/products/${product.id}`).query({ storeId: jingan.id }).set(manager.auth)).body.store.salePriceOverridden).toBe(false);

    const { body: dye } = await create(dyeBody());
    const notSold = await t.http
      .put(`/v1/products/${dye.id}/store-prices/${jingan.id}`)
      .set(manager.auth)
      .send({ salePrice: cny(100) });
    expect(notSold.status).toBe(409);
    expect(notSold.body.code).toBe('product.not_sold');
    const actions = await t.sql<{ action: string }>("SELECT action FROM audit_event WHERE entity_id = $1 AND action LIKE 'product.store_price%' ORDER BY created_at", [product.id]);
    expect(actions.map((a) => a.action)).toEqual(['product.store_price.put', 'product.store_price.put', 'product.store_price.put', 'product.store_price.remove']);
  });

  it('archives and restores idempotently; partners need catalog scopes', async () => {
    const { body: product } = await create(productBody());
    expect((await t.http.post(`/v1/products/${product.id}/archive`).set(owner.auth)).body).toMatchObject({ status: 'archived', version: 2 });
    expect((await t.http.post(`/v1/products/${product.id}/archive`).set(owner.auth)).body.version).toBe(2);
    expect((await t.http.post(`/v1/products/${product.id}/restore`).set(owner.auth)).body).toMatchObject({ status: 'active', version: 3 });
    expect((await t.http.post(`/v1/products/${product.id}/archive`).set(receptionist.auth)).status).toBe(403);
    expect((await t.http.get('/v1/products/not-a-uuid').set(owner.auth)).body.code).toBe('product.not_found');

    const reader = await createApiKey(t, { scopes: ['catalog:read'] });
    const read = await t.http.get(`/v1/products/${product.id}`).set(reader.auth);
    expect(read.status).toBe(200);
    expect(read.body.costPrice).toEqual(cny(9800));
    expect((await create(productBody(), reader.auth)).status).toBe(403);
    const writer = await createApiKey(t, { scopes: ['catalog:write'] });
    expect((await create(productBody(), writer.auth)).status).toBe(201);
  });
});
