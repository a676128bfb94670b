/** Bull Board at /admin/queues: owners only, by Bearer token or by a dashboard session cookie. */
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PROBLEM } from './support/responses.js';

describe('queue dashboard', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  async function openSession(): Promise<string> {
    const res = await t.http.post('/v1/admin/queue-dashboard-session').set(owner.auth);
    expect(res.status).toBe(204);
    return String(res.headers['set-cookie'][0]).split(';')[0];
  }

  it('refuses anonymous callers with a 401 problem that says how to get in', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const res = await t.http.get(path);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body).toMatchObject({ code: 'auth.unauthenticated', status: 401 });
      expect(res.body.detail).toMatch(/queue-dashboard-session/);
    }
  });

  it('refuses managers and API keys with 403, and bad credentials with 401', async () => {
    const asManager = await t.http.get('/admin/queues').set(manager.auth);
    expect(asManager.status).toBe(403);
    expect(asManager.headers['content-type']).toMatch(PROBLEM);
    expect(asManager.body.code).toBe('auth.forbidden');

    const key = await createApiKey(t, { scopes: ['stores:read', 'audit:read'] });
    const asKey = await t.http.get('/admin/queues/api/queues').set(key.auth);
    expect(asKey.status).toBe(403);
    expect(asKey.body.code).toBe('auth.staff_only');

    expect((await t.http.get('/admin/queues').set('x-api-key', 'bk_wrong')).body.code).toBe('auth.invalid_token');
    const forged = await t.http.get('/admin/queues').set('authorization', 'Bearer not.a.token');
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('auth.invalid_token');
  });

  it('serves the dashboard and its API to an owner with a Bearer token, listing every queue', async () => {
    const page = await t.http.get('/admin/queues').set(owner.auth);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toMatch(/Bloom queues/);

    const api = await t.http.get('/admin/queues/api/queues').set(owner.auth);
    expect(api.status).toBe(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toContain('deadlines');
  });

  it('lets only owners open a browser session: an HttpOnly, SameSite=Strict cookie for /admin/queues', async () => {
    expect((await t.http.post('/v1/admin/queue-dashboard-session')).status).toBe(401);
    const asManager = await t.http.post('/v1/admin/queue-dashboard-session').set(manager.auth);
    expect(asManager.status).toBe(403);
    expect(asManager.headers['content-type']).toMatch(PROBLEM);
    expect(asManager.headers['set-cookie']).toBeUndefined();
    const key = await createApiKey(t, { scopes: ['stores:write'] });
    expect((await t.http.post('/v1/admin/queue-dashboard-session').set(key.auth)).status).toBe(403);

    const res = await t.http.post('/v1/admin/queue-dashboard-session').set(owner.auth);
    expect(res.status).toBe(204);
    const cookie = String(res.headers['set-cookie'][0]);
    expect(cookie).toMatch(/^bloom_queue_dashboard=v2\./);
    expect(cookie).toMatch(/; Path=\/admin\/queues;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Max-Age=900;/);
    expect(cookie).not.toMatch(/Secure/); // plain http here; https requests get Secure
  });

  it('serves the dashboard to the session cookie, which is no API credential', async () => {
    const cookie = await openSession();
    const page = await t.http.get('/admin/queues').set('cookie', cookie);
    expect(page.status).toBe(200);
    // The page's own scripts (relative to <base href="/admin/queues/">) load with the same cookie.
    expect(page.text).toContain('<base href="/admin/queues/"');
    const script = /src="(static\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    expect((await t.http.get(`/admin/queues/${script}`).set('cookie', cookie)).status).toBe(200);
    expect((await t.http.get(`/admin/queues/${script}`)).status).toBe(401);
    expect((await t.http.get('/admin/queues/api/queues').set('cookie', cookie)).status).toBe(200);
    expect((await t.http.get('/v1/audit-events').set('cookie', cookie)).status).toBe(401);

    const tampered = cookie.replace(/\.(\d+)\.([^.]+)$/, (_, exp: string, signature: string) => `.${Number(exp) + 86_400}.${signature}`);
    expect(tampered).not.toBe(cookie);
    const refused = await t.http.get('/admin/queues').set('cookie', tampered);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_token');
  });

  it('refuses dashboard changes sent from another site, even with the cookie', async () => {
    const cookie = await openSession();
    const crossSite = await t.http.put('/admin/queues/api/queues/deadlines/resume').set('cookie', cookie).set('sec-fetch-site', 'cross-site');
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('queue_dashboard.cross_site');
    const sameOrigin = await t.http.put('/admin/queues/api/queues/deadlines/resume').set('cookie', cookie).set('sec-fetch-site', 'same-origin');
    expect(sameOrigin.status).toBeLessThan(300);
  });

  it('closes the browser session', async () => {
    const res = await t.http.delete('/v1/admin/queue-dashboard-session');
    expect(res.status).toBe(204);
    expect(String(res.headers['set-cookie'][0])).toMatch(/^bloom_queue_dashboard=; Path=\/admin\/queues; Max-Age=0;/);
  });
});

describe('queue dashboard in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a TLS-terminating proxy with TRUST_PROXY=false every request looks like plain http.
    t = await startTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'e2e-production-secret-0123456789abcdef', METRICS_TOKEN: 'e2e-metrics-token', TRUST_PROXY: 'false' } });
  });
  afterAll(() => t.close());

  it('marks the dashboard cookie Secure even when the request looks like http', async () => {
    const owner = await createUser(t, { role: 'owner' });
    const opened = await t.http.post('/v1/admin/queue-dashboard-session').set(owner.auth).set('x-forwarded-proto', 'https');
    expect(opened.status).toBe(204);
    expect(String(opened.headers['set-cookie'][0])).toMatch(/; Secure$/);
    const closed = await t.http.delete('/v1/admin/queue-dashboard-session');
    expect(String(closed.headers['set-cookie'][0])).toMatch(/; Secure$/);
  });
});
