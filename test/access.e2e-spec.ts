/**
 * Deny by default, proven by walking every route the app registered: each declares who may call
 * it, refuses callers without credentials, refuses a key without scopes, and never answers 5xx.
 */
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser } from './support/factories.js';
import { fillPath, listRoutes, type RouteInfo } from './support/routes.js';

describe('every route declares and enforces who may call it', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
  });
  afterAll(() => t.close());

  const call = (route: RouteInfo) => {
    const url = fillPath(route.path, () => randomUUID());
    const method = route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
    const request = t.http[method](url);
    return ['post', 'patch', 'put'].includes(method) ? request.send({}) : request;
  };
  const name = (route: RouteInfo) => `${route.method} ${route.path} (${route.controller}.${route.handler})`;

  it('finds the routes (the walk is not empty)', () => {
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.map((route) => route.path)).toContain('/health/ready');
  });

  it('has an access declaration (@Public or @Allow) on every route', () => {
    expect(routes.filter((route) => !route.access).map(name)).toEqual([]);
  });

  it('refuses every non-public route without credentials with a 401 problem', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => !candidate.access?.public)) {
      const res = await call(route);
      if (res.status !== 401 || !/problem\+json/.test(res.headers['content-type'] ?? '')) wrong.push(`${name(route)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every non-public route to an API key without scopes with a 403 problem', async () => {
    const key = await createApiKey(t, { scopes: [] });
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => !candidate.access?.public)) {
      const res = await call(route).set(key.auth);
      if (res.status !== 403) wrong.push(`${name(route)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('never answers 5xx to any role calling any route with unknown ids and an empty body', async () => {
    const store = await createStore(t);
    const callers = await Promise.all((['owner', 'manager', 'receptionist', 'beautician'] as const).map((role) => createUser(t, { role, storeIds: [store.id] })));
    const failures: string[] = [];
    for (const caller of callers) {
      for (const route of routes) {
        const res = await call(route).set(caller.auth);
        if (res.status >= 500) failures.push(`${caller.role}: ${name(route)} → ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
