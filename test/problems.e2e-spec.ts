/**
 * The acceptance list, on real routes: each bad request gets the documented 4xx
 * application/problem+json, never a 5xx, and the OpenAPI document lists that status for the route.
 */
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { storeBody } from './support/store-bodies.js';

describe('bad requests answer documented problems', () => {
  let t: TestApp;
  let spec: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let owner: UserRecord;
  let managerA: UserRecord;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '3' } });
    spec = (await t.http.get('/docs/openapi.json').expect(200)).body;
    storeA = await createStore(t);
    storeB = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    managerA = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
  });
  afterAll(() => t.close());

  /** Asserts the problem and that the route documents its status. */
  function expectProblem(res: Response, status: number, code: string, route: [method: string, path: string]): void {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `urn:bloom:problem:${code}`, status, title: expect.any(String), detail: expect.any(String) });
    expect(Object.keys(spec.paths[route[1]][route[0]].responses)).toContain(String(status));
  }

  it('malformed JSON → 400', async () => {
    const res = await t.http.post('/v1/stores').set(owner.auth).set('content-type', 'application/json').send('{"code": "SH-1",');
    expectProblem(res, 400, 'request.malformed_json', ['post', '/v1/stores']);
  });

  it('an unknown field → 400 naming it', async () => {
    const res = await t.http
      .post('/v1/stores')
      .set(owner.auth)
      .send(storeBody({ colour: 'pink' }));
    expectProblem(res, 400, 'request.validation_failed', ['post', '/v1/stores']);
    expect(res.body.errors).toContainEqual({ field: 'colour', message: expect.stringMatching(/should not exist/) });
  });

  it('a wrong type → 400 naming the field', async () => {
    const res = await t.http
      .post('/v1/stores')
      .set(owner.auth)
      .send(storeBody({ name: 42 }));
    expectProblem(res, 400, 'request.validation_failed', ['post', '/v1/stores']);
    expect(res.body.errors.map((error: { field: string }) => error.field)).toContain('name');
  });

  it('no credentials → 401', async () => {
    expectProblem(await t.http.get('/v1/stores'), 401, 'auth.unauthenticated', ['get', '/v1/stores']);
  });

  it('a wrong role → 403', async () => {
    const beautician = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
    expectProblem(await t.http.post('/v1/stores').set(beautician.auth).send(storeBody()), 403, 'auth.forbidden', ['post', '/v1/stores']);
  });

  it("another store's id → 404, with nothing of that store", async () => {
    const res = await t.http.get(`/v1/stores/${storeB.id}`).set(managerA.auth);
    expectProblem(res, 404, 'store.not_found', ['get', '/v1/stores/{id}']);
    expect(JSON.stringify(res.body)).not.toContain(storeB.code);
  });

  it('a stale If-Match → 412', async () => {
    await t.http.patch(`/v1/stores/${storeA.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Renamed once' }).expect(200);
    const res = await t.http.patch(`/v1/stores/${storeA.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'Renamed twice' });
    expectProblem(res, 412, 'request.stale_version', ['patch', '/v1/stores/{id}']);
    expect((await t.http.get(`/v1/stores/${storeA.id}`).set(owner.auth)).body.name).toBe('Renamed once');
  });

  it('If-Match: * → 428 (it would protect no edit)', async () => {
    const res = await t.http.patch(`/v1/stores/${storeA.id}`).set(owner.auth).set('if-match', '*').send({ name: 'Anyone wins' });
    expectProblem(res, 428, 'request.if_match_required', ['patch', '/v1/stores/{id}']);
  });

  it("a manager's own store written in upper case is still theirs", async () => {
    await t.http.get(`/v1/stores/${storeA.id.toUpperCase()}`).set(managerA.auth).expect(200);
  });

  it('an unknown id → 404', async () => {
    expectProblem(await t.http.get(`/v1/stores/${randomUUID()}`).set(owner.auth), 404, 'store.not_found', ['get', '/v1/stores/{id}']);
  });

  it('a reused idempotency key with another body → 422, and nothing created twice', async () => {
    const key = randomUUID();
    const first = storeBody();
    const created = await t.http.post('/v1/stores').set(owner.auth).set('idempotency-key', key).send(first).expect(201);
    const replay = await t.http.post('/v1/stores').set(owner.auth).set('idempotency-key', key).send(first).expect(201);
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const res = await t.http.post('/v1/stores').set(owner.auth).set('idempotency-key', key).send(storeBody());
    expectProblem(res, 422, 'idempotency.key_reused', ['post', '/v1/stores']);
    const [{ count }] = await t.sql<{ count: string }>('SELECT count(*) FROM store WHERE code = $1', [first.code]);
    expect(count).toBe('1');
  });

  it('too many logins → 429 with Retry-After', async () => {
    const login = { login: managerA.email, password: 'not-the-password' };
    for (let i = 0; i < 3; i++) await t.http.post('/v1/auth/login').send(login).expect(401);
    const res = await t.http.post('/v1/auth/login').send({ login: managerA.email, password: managerA.password });
    expectProblem(res, 429, 'auth.too_many_attempts', ['post', '/v1/auth/login']);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
