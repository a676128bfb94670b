/**
 * One currency per business (BUSINESS_CURRENCY): a salon chain in one country prices in one. Stores
 * take it, every price names it, and rows in another one stop the boot instead of mixing.
 */
import { BusinessCurrency1764001200000 } from '../migrations/1764001200000-business-currency.js';
import { seedDemoBusiness } from '../src/cli/seed.js';
import { assertStoredCurrency } from '../src/common/money/index.js';
import { loadConfig } from '../src/config/index.js';
import { DEMO_SERVICES } from '../src/modules/catalog/index.js';
import { CatalogModule } from '../src/modules/catalog/catalog.module.js';
import { StoresModule } from '../src/modules/stores/stores.module.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, cny, productBody, serviceBody, variationBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { storeBody } from './support/store-bodies.js';
import { fieldsOf } from './support/responses.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('one currency per business', () => {
  it('reads BUSINESS_CURRENCY as an ISO 4217 code, CNY by default', () => {
    expect(loadConfig({}).BUSINESS_CURRENCY).toBe('CNY');
    expect(loadConfig({ BUSINESS_CURRENCY: 'HKD' }).BUSINESS_CURRENCY).toBe('HKD');
    for (const wrong of ['RMB', 'usd', 'US$']) expect(() => loadConfig({ BUSINESS_CURRENCY: wrong })).toThrow(/BUSINESS_CURRENCY must be an ISO 4217 currency code/);
  });

  describe('with the default (CNY)', () => {
    let t: TestApp;
    let owner: UserRecord;
    let manager: UserRecord;
    let store: StoreRecord;
    beforeAll(async () => {
      t = await startTestApp();
      store = await createStore(t);
      owner = await createUser(t, { role: 'owner' });
      manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    });
    afterAll(() => t.close());

    it('refuses a store in another currency than its prices, naming `currency`; a store left without one takes CNY', async () => {
      const count = async () => Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM store'))[0].n);
      const before = await count();
      const res = await t.http
        .post('/v1/stores')
        .set(owner.auth)
        .send(storeBody({ currency: 'USD' }));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ field: 'currency', message: "must be CNY, the business's currency" }]);
      expect(await count()).toBe(before);

      const created = await t.http.post('/v1/stores').set(owner.auth).send(storeBody());
      expect(created.body.currency).toBe('CNY');
      const patch = await t.http.patch(`/v1/stores/${created.body.id}`).set(owner.auth).set('if-match', '"1"').send({ currency: 'USD' });
      expect(patch.status).toBe(400);
      expect(fieldsOf(patch.body)).toEqual(['currency']);
      expect((await t.http.get(`/v1/stores/${created.body.id}`).set(owner.auth)).body).toMatchObject({ currency: 'CNY', version: 1 });
      expect((await t.http.patch(`/v1/stores/${created.body.id}`).set(owner.auth).set('if-match', '"1"').send({ currency: 'CNY', name: 'Bloom 徐汇店' })).status).toBe(200);
    });

    it('refuses a price in another currency wherever one is set, naming the field', async () => {
      const colour = await categoryId(t, 'hair_colour');
      const service = (await t.http.post('/v1/services').set(owner.auth).send(serviceBody(colour))).body as { id: string; variations: Array<{ id: string }> };
      const variation = await t.http
        .post(`/v1/services/${service.id}/variations`)
        .set(owner.auth)
        .send(variationBody({ price: usd(100) }));
      expect(fieldsOf(variation.body)).toEqual(['price.currency']);
      const patch = await t.http
        .patch(`/v1/services/${service.id}/variations/${service.variations[0].id}`)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ price: usd(100) });
      expect(fieldsOf(patch.body)).toEqual(['price.currency']);
      const override = await t.http
        .put(`/v1/services/${service.id}/store-overrides/${store.id}`)
        .set(manager.auth)
        .send({
          available: true,
          prices: [
            { variationId: service.variations[0].id, price: cny(100) },
            { variationId: service.variations[1].id, price: usd(100) },
          ],
        });
      expect(override.status).toBe(400);
      expect(fieldsOf(override.body)).toEqual(['prices[1].price.currency']);

      const product = await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ costPrice: usd(100) }));
      expect(fieldsOf(product.body)).toEqual(['costPrice.currency']);
      const shampoo = (await t.http.post('/v1/products').set(owner.auth).send(productBody())).body as { id: string };
      const storePrice = await t.http
        .put(`/v1/products/${shampoo.id}/store-prices/${store.id}`)
        .set(manager.auth)
        .send({ salePrice: usd(100) });
      expect(storePrice.status).toBe(400);
      expect(fieldsOf(storePrice.body)).toEqual(['salePrice.currency']);
      expect(await t.sql("SELECT currency FROM service_variation WHERE currency <> 'CNY' UNION ALL SELECT currency FROM product WHERE currency <> 'CNY'")).toEqual([]);
    });

    it('moves stores created in another currency to the one their prices were in (CNY), by migration', async () => {
      const old = await createStore(t);
      await t.sql("UPDATE store SET currency = 'USD' WHERE id = $1", [old.id]);
      await expect(t.app.get(StoresModule).onApplicationBootstrap()).rejects.toThrow('BUSINESS_CURRENCY is CNY, but 1 store row(s) in USD');
      const runner = t.dataSource.createQueryRunner();
      try {
        await new BusinessCurrency1764001200000().up(runner);
      } finally {
        await runner.release();
      }
      expect((await t.http.get(`/v1/stores/${old.id}`).set(owner.auth)).body).toMatchObject({ currency: 'CNY', version: 2 });
      await expect(t.app.get(StoresModule).onApplicationBootstrap()).resolves.toBeUndefined();
      // Before the migrations (readiness reports them pending) there is nothing to check yet.
      await expect(assertStoredCurrency((sql, parameters) => t.sql(sql, parameters), 'CNY', ['no_such_table'])).resolves.toBeUndefined();
    });
  });

  describe('with BUSINESS_CURRENCY=USD', () => {
    let t: TestApp;
    let owner: UserRecord;
    beforeAll(async () => {
      t = await startTestApp({ env: { BUSINESS_CURRENCY: 'USD' } });
      owner = await createUser(t, { role: 'owner' });
    });
    afterAll(() => t.close());

    it('opens stores in USD and takes prices in USD only', async () => {
      const store = await t.http.post('/v1/stores').set(owner.auth).send(storeBody());
      expect(store.body.currency).toBe('USD');
      const colour = await categoryId(t, 'hair_colour');
      const refused = await t.http.post('/v1/services').set(owner.auth).send(serviceBody(colour));
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'variations[0].price.currency', message: "must be USD, the business's currency" },
        { field: 'variations[1].price.currency', message: "must be USD, the business's currency" },
      ]);
      const created = await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(colour, { variations: [variationBody({ price: usd(4500) })] }));
      expect(created.status).toBe(201);
      expect(created.body.variations[0].price).toEqual(usd(4500));
      const product = await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ costPrice: usd(900), salePrice: usd(2500) }));
      expect(product.body).toMatchObject({ costPrice: usd(900), salePrice: usd(2500) });
    });

    it('seeds the demo business in USD (npm start with BUSINESS_CURRENCY set)', async () => {
      await seedDemoBusiness(t.app);
      const stores = await t.sql<{ code: string; currency: string }>("SELECT code, currency FROM store WHERE code IN ('SH-JA', 'SH-XH') ORDER BY code");
      expect(stores).toEqual([
        { code: 'SH-JA', currency: 'USD' },
        { code: 'SH-XH', currency: 'USD' },
      ]);
      const [cut] = await t.sql<{ amount: string; currency: string }>(
        'SELECT v.price_amount::text AS amount, v.currency FROM service_variation v JOIN service s ON s.id = v.service_id WHERE s.name = $1 ORDER BY v.sort_order LIMIT 1',
        [DEMO_SERVICES[0].name],
      );
      expect(cut).toEqual({ amount: String(DEMO_SERVICES[0].variations[0].price.amount), currency: 'USD' });
    });

    it('refuses to start on prices stored in another currency (BUSINESS_CURRENCY changed after prices were set)', async () => {
      await expect(t.app.get(CatalogModule).onApplicationBootstrap()).resolves.toBeUndefined();
      const [variation] = await t.sql<{ id: string }>('SELECT id FROM service_variation LIMIT 1');
      await t.sql("UPDATE service_variation SET currency = 'CNY' WHERE id = $1", [variation.id]);
      await expect(t.app.get(CatalogModule).onApplicationBootstrap()).rejects.toThrow(
        'BUSINESS_CURRENCY is USD, but 1 service_variation row(s) in CNY. A business has one currency',
      );
    });
  });
});
