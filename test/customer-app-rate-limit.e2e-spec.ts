/**
 * Customers' apps are open to the internet: requests with a publishable key are counted per key and
 * client address, a signed-in customer's per customer, in Redis; past the limit they answer 429 with
 * Retry-After, and nobody else is held back.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { createPublishableKey, signInCustomer, type PublishableKeyRecord } from './support/customer-apps.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const LIMIT = 5;

describe("customers' apps rate limit", () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  const menu = (key: PublishableKeyRecord) => t.http.get('/v1/booking-menu').query({ storeId: store.id }).set(key.auth);

  beforeAll(async () => {
    t = await startTestApp({ env: { CUSTOMER_APP_RATE_LIMIT: String(LIMIT), CUSTOMER_APP_RATE_WINDOW: '10m' } });
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  it('stops one key from one address past the limit with 429 and Retry-After; another key and staff go on', async () => {
    const [key, other] = [await createPublishableKey(t, owner.auth, { storeId: store.id }), await createPublishableKey(t, owner.auth, { storeId: store.id })];
    for (let i = 0; i < LIMIT; i++) expect((await menu(key)).status).toBe(200);
    const refused = await menu(key);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'auth.rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(refused.body.retryAfter).toBe(retryAfter);
    expect((await menu(other)).status).toBe(200);
    for (let i = 0; i < LIMIT + 1; i++) expect((await t.http.get(`/v1/stores/${store.id}`).set(owner.auth)).status).toBe(200);
  });

  it('counts a signed-in customer on their own, apart from the key they signed in with', async () => {
    const key = await createPublishableKey(t, owner.auth, { storeId: store.id });
    const [first, second] = [await signInCustomer(t, key), await signInCustomer(t, key)];
    for (let i = 0; i < LIMIT; i++) expect((await t.http.get('/v1/me').set(first.auth)).status).toBe(200);
    expect((await t.http.get('/v1/me').set(first.auth)).status).toBe(429);
    expect((await t.http.get('/v1/me').set(second.auth)).status).toBe(200);
    // The key's own budget was spent only by the two sign-ins.
    expect((await menu(key)).status).toBe(200);
  });
});
