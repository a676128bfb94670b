/**
 * Store scoping, proven for every route under /v1/stores/{id}, including routes added later: the
 * routes are read from the running app (every controller route Nest registered, see
 * support/routes.ts). Staff of store A asking for store B get exactly
 * what they would get for a store that does not exist (404 `store.not_found`), or the same role
 * refusal they get for their own store, and never any of B's data.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { fillPath, listRoutes, type RouteInfo } from './support/routes.js';
import { storeBody } from './support/store-bodies.js';

interface StoreFixture {
  id: string;
  code: string;
  name: string;
  closureId: string;
  secrets: string[];
}

describe('store scope: another store answers 404 on every store-scoped route', () => {
  let t: TestApp;
  let owner: UserRecord;
  let a: StoreFixture;
  let b: StoreFixture;
  let routes: RouteInfo[];

  async function fixture(name: string, reason: string): Promise<StoreFixture> {
    const store = await t.http
      .post('/v1/stores')
      .set(owner.auth)
      .send(storeBody({ name, phone: '+86 21 6123 4567', email: `${name.toLowerCase()}@bloom.example` }));
    expect(store.status).toBe(201);
    const closure = await t.http.post(`/v1/stores/${store.body.id}/closures`).set(owner.auth).send({ date: '2027-02-07', kind: 'closed', reason });
    expect(closure.status).toBe(201);
    // What B's staff could see; its ids are not secrets (the caller sends them) and may be echoed in `detail`.
    return { id: store.body.id, code: store.body.code, name, closureId: closure.body.id, secrets: [store.body.code, name, reason, store.body.email] };
  }

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    a = await fixture('StoreAlpha', 'Alpha private reason');
    b = await fixture('StoreBravo', 'Bravo private reason');
    routes = listRoutes(t.app).filter((route) => /^\/v1\/stores\/:[^/]+/.test(route.path));
  });
  afterAll(() => t.close());

  it('finds the store-scoped routes among the registered routes', () => {
    const names = routes.map((route) => `${route.method} ${route.path}`);
    // The routes known today; the test below runs over whatever the router holds.
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /v1/stores/:id',
        'PATCH /v1/stores/:id',
        'POST /v1/stores/:id/archive',
        'POST /v1/stores/:id/restore',
        'GET /v1/stores/:id/closures',
        'POST /v1/stores/:id/closures',
        'DELETE /v1/stores/:id/closures/:closureId',
        'GET /v1/stores/:id/opening-hours',
      ]),
    );
  });

  function call(user: UserRecord, route: RouteInfo, store: { id: string; closureId: string }) {
    const path = fillPath(route.path, (name) => (name === 'id' || name === 'storeId' ? store.id : name === 'closureId' ? store.closureId : randomUUID()));
    const request = t.http[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete'](path)
      .set(user.auth)
      .set('if-match', '"1"')
      .query({ from: '2027-02-01', to: '2027-02-10' });
    return ['POST', 'PATCH', 'PUT'].includes(route.method) ? request.send({}) : request;
  }

  for (const role of ['manager', 'receptionist', 'beautician'] as const) {
    it(`a ${role} of store A gets nothing of store B`, async () => {
      const user = await createUser(t, { role, storeIds: [a.id] });
      const nowhere = { id: randomUUID(), closureId: randomUUID() };
      for (const route of routes) {
        const label = `${role} ${route.method} ${route.path}`;
        const [own, other, missing] = [await call(user, route, a), await call(user, route, b), await call(user, route, nowhere)];
        const leaked = JSON.stringify(other.body) + JSON.stringify(other.headers);
        for (const secret of b.secrets) expect([label, leaked.includes(secret)]).toEqual([label, false]);
        expect([label, other.status, other.body.code]).toEqual([label, missing.status, missing.body.code]);
        if (own.status === 403) {
          // The role may not use this route at all: the same refusal for every store.
          expect([label, other.status, other.body.code]).toEqual([label, 403, own.body.code]);
        } else {
          expect([label, other.status, other.body.code]).toEqual([label, 404, 'store.not_found']);
        }
      }
    });
  }

  it('left store B untouched', async () => {
    const [store] = await t.sql<{ name: string; version: number; status: string }>('SELECT name, version, status FROM store WHERE id = $1', [b.id]);
    expect(store).toEqual({ name: 'StoreBravo', version: 1, status: 'active' });
    expect(await t.sql('SELECT 1 FROM store_closure WHERE store_id = $1', [b.id])).toHaveLength(1);
    expect(await t.sql('SELECT 1 FROM audit_event WHERE store_id = $1', [b.id])).toHaveLength(2);
  });
});
