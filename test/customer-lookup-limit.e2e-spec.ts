/**
 * Bulk look-ups of the customer book are limited per caller, in Redis, across processes: a beautician
 * walking through last-4 digits is stopped long before 10,000; a front desk's day is not.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { insertCustomer, PROBLEM } from './customer-search-support.js';

const last4 = (n: number) => String(n).padStart(4, '0');

describe('customer look-up rate limit', () => {
  describe('with the default limit', () => {
    let t: TestApp;
    let owner: UserRecord;
    let beautician: UserRecord;
    beforeAll(async () => {
      t = await startTestApp();
      const store = await createStore(t);
      owner = await createUser(t, { role: 'owner' });
      beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
      await insertCustomer(t, { name: '王小红', phone: '+8613912348152' });
    });
    afterAll(() => t.close());

    it('stops a beautician walking through last-4 digits well before 10,000 with 429 and Retry-After', async () => {
      const limit = t.config.CUSTOMER_LOOKUP_RATE_LIMIT;
      expect(limit).toBeLessThan(1000);
      let refused: Awaited<ReturnType<typeof t.http.get>> | undefined;
      let allowed = 0;
      for (let n = 0; n < 10_000 && !refused; n++) {
        const res = await t.http
          .get('/v1/customers')
          .query({ phone: last4(n) })
          .set(beautician.auth);
        if (res.status === 429) refused = res;
        else {
          expect(res.status).toBe(200);
          allowed++;
        }
      }
      expect(allowed).toBe(limit);
      expect(refused!.headers['content-type']).toMatch(PROBLEM);
      expect(refused!.body).toMatchObject({ status: 429, code: 'customer.lookups_rate_limited' });
      const retryAfter = Number(refused!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(t.config.CUSTOMER_LOOKUP_RATE_WINDOW / 1000);
      expect(refused!.body.retryAfter).toBe(retryAfter);
      // Other ways of listing customers count against the same budget.
      const { body: segment } = await t.http
        .post('/v1/segments')
        .set(owner.auth)
        .send({ name: 'VIP', criteria: { tag: ['VIP'] } });
      expect((await t.http.get(`/v1/segments/${segment.id}/customers`).set(beautician.auth)).status).toBe(429);
    });

    it("leaves an owner's day at the front desk alone: a search every few keystrokes, page after page", async () => {
      for (const q of ['王', '王小', '王小红', 'wang', 'wxh', '8152']) {
        const res = await t.http
          .get('/v1/customers')
          .query(/^\d+$/.test(q) ? { phone: q } : { q })
          .set(owner.auth);
        expect(res.status).toBe(200);
        expect(res.body.data).toHaveLength(1);
      }
      for (let page = 0; page < 50; page++) expect((await t.http.get('/v1/customers').set(owner.auth)).status).toBe(200);
    });
  });

  describe('across processes', () => {
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await startTestApp({ env: { CUSTOMER_LOOKUP_RATE_LIMIT: '10', CUSTOMER_LOOKUP_RATE_WINDOW: '10m' } });
      b = await startTestApp({
        env: { CUSTOMER_LOOKUP_RATE_LIMIT: '10', CUSTOMER_LOOKUP_RATE_WINDOW: '10m' },
        reuse: { database: a.database, redisPrefix: a.config.REDIS_PREFIX },
      });
    });
    afterAll(async () => {
      await b?.close({ keepDatabase: true });
      await a?.close();
    });

    it('shares one count per user or API key between API processes; each caller has its own', async () => {
      const user = await createUser(a, { role: 'receptionist', storeIds: [(await createStore(a)).id] });
      const key = await createApiKey(a, { scopes: ['customers:read'] });
      for (let i = 0; i < 10; i++)
        expect(
          (
            await (i % 2 ? a : b).http
              .get('/v1/customers')
              .query({ phone: last4(i) })
              .set(user.auth)
          ).status,
        ).toBe(200);
      expect((await a.http.get('/v1/customers').set(user.auth)).status).toBe(429);
      expect((await b.http.get('/v1/customers').set(user.auth)).status).toBe(429);
      // The export counts too, and another caller is not held back by this one.
      expect((await b.http.get('/v1/customers/export.csv').set(key.auth)).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await a.http.get('/v1/customers').set(key.auth)).status).toBe(200);
      expect((await b.http.get('/v1/customers').set(key.auth)).status).toBe(429);
    });

    it(`counts a masked caller's "number taken" answers as look-ups: creating customers is no way around the limit`, async () => {
      const holder = { phone: '+8613912348152' };
      await insertCustomer(a, { name: '王小红', phone: holder.phone });
      const key = await createApiKey(a, { scopes: ['customers:write'] });
      const owner = await createUser(a, { role: 'owner' });
      const probe = () => a.http.post('/v1/customers').set(key.auth).send({ name: '试探', phone: holder.phone });
      for (let i = 0; i < 10; i++) expect((await probe()).status).toBe(409);
      const refused = await probe();
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('customer.lookups_rate_limited');
      // Creating customers with free numbers is not a look-up, and full-contact staff are not counted.
      expect((await a.http.post('/v1/customers').set(key.auth).send({ name: '新客', phone: '+8613900001111' })).status).toBe(201);
      for (let i = 0; i < 12; i++) expect((await a.http.post('/v1/customers').set(owner.auth).send({ name: '试探', phone: holder.phone })).status).toBe(409);
    });
  });
});
