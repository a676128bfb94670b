import { ProbeModule } from './fixtures/probe.module.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser } from './support/factories.js';
import { waitFor } from './support/wait.js';

describe('logs, metrics and health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], captureLogs: true });
  });
  afterAll(() => t.close());

  const requestLogs = () => t.logs.filter((line) => line.req !== undefined);

  it('writes one JSON line per request with its id, route, status and caller, and no secrets', async () => {
    const store = await createStore(t);
    const manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    const key = await createApiKey(t, { scopes: ['audit:read'] });
    await t.http.get('/v1/audit-events?entityType=store').set(manager.auth).set('x-request-id', 'log-test-1');
    await t.http.get('/v1/audit-events').set(key.auth).set('x-request-id', 'log-test-2');
    await t.http.post('/test-probe?token=abc123secret').set('x-request-id', 'log-test-3').send({ name: 'x', count: 1, password: 'hunter2-password', phone: '13812345678' });

    const byId = (id: string) => requestLogs().find((line) => (line.req as { id: string }).id === id);
    expect(byId('log-test-1')).toMatchObject({ req: { method: 'GET', url: '/v1/audit-events' }, res: { statusCode: 200 }, actor: `user:${manager.id}` });
    expect(byId('log-test-2')).toMatchObject({ actor: `api_key:${key.id}` });
    expect(byId('log-test-3')).toMatchObject({ req: { method: 'POST', url: '/test-probe' } });

    const everything = JSON.stringify(t.logs);
    for (const secret of [manager.token, key.key, 'hunter2-password', '13812345678', 'abc123secret']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('logs an unexpected error with its stack under the request id, and tells the client nothing', async () => {
    const res = await t.http.get('/test-probe/boom').set('x-request-id', 'boom-1');
    expect(res.body.detail).toBe('internal error');
    const errorLine = t.logs.find((line) => line.requestId === 'boom-1' && line.err !== undefined);
    expect(errorLine).toBeDefined();
    expect(JSON.stringify(errorLine)).toContain('secret internals');
  });

  it('exposes Prometheus metrics by route template and status', async () => {
    const store = await createStore(t);
    const owner = await createUser(t, { role: 'owner' });
    await t.http.get(`/v1/audit-events?storeId=${store.id}`).set(owner.auth).expect(200);
    await t.http.get('/v1/audit-events').expect(401);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/bloom_http_request_duration_seconds_count\{method="GET",route="\/v1\/audit-events",status="200"\} \d+/);
    expect(res.text).toMatch(/bloom_http_request_duration_seconds_count\{method="GET",route="\/v1\/audit-events",status="401"\} \d+/);
    expect(res.text).not.toContain(store.id); // labels carry the template, never raw URLs
    expect(res.text).toMatch(/bloom_process_resident_memory_bytes \d+/);
  });

  it('reports liveness and readiness of database, migrations and Redis', async () => {
    expect((await t.http.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    // Just after boot the job queues may still be connecting to Redis: readiness waits for them.
    const ready = await waitFor(
      () => t.http.get('/health/ready'),
      (res) => res.status === 200,
    );
    expect(ready.body).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, migrations: { ok: true }, redis: { ok: true }, redisMaxmemoryPolicy: { ok: true }, queues: { ok: true } },
    });
  });

  it('is not ready while a migration is pending', async () => {
    const [last] = await t.sql<{ id: number; timestamp: string; name: string }>('SELECT * FROM migrations ORDER BY id DESC LIMIT 1');
    await t.sql('DELETE FROM migrations WHERE id = $1', [last.id]);
    try {
      const res = await t.http.get('/health/ready').expect(503);
      expect(res.body.status).toBe('unavailable');
      expect(res.body.checks.migrations).toMatchObject({ ok: false, detail: expect.stringMatching(/pending/) });
    } finally {
      await t.sql('INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)', [last.id, last.timestamp, last.name]);
    }
  });

  it("is not ready when Redis may evict Bull's keys", async () => {
    const redis = t.app.get<symbol, import('ioredis').Redis>((await import('../src/common/redis/redis.module.js')).REDIS);
    const [, before] = (await redis.config('GET', 'maxmemory-policy')) as [string, string];
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const res = await t.http.get('/health/ready').expect(503);
      expect(res.body.checks.redisMaxmemoryPolicy).toMatchObject({ ok: false, detail: expect.stringMatching(/noeviction/) });
    } finally {
      await redis.config('SET', 'maxmemory-policy', before);
    }
  });
});

describe('metrics behind a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'scrape-token-0123456789' } });
  });
  afterAll(() => t.close());

  it('requires the scrape token when one is configured', async () => {
    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set('authorization', 'Bearer wrong').expect(401);
    await t.http.get('/metrics').set('authorization', 'Bearer scrape-token-0123456789').expect(200);
  });
});
