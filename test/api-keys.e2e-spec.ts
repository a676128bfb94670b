import { createHash, randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('API keys', () => {
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

  const createKey = (body: Record<string, unknown>) => t.http.post('/v1/api-keys').set(owner.auth).send(body);

  it('shows the secret once, stores only its hash, and never lists it', async () => {
    const res = await createKey({ name: 'Nightly export', scopes: ['stores:read'] });
    expect(res.status).toBe(201);
    const { key, id, prefix } = res.body as { key: string; id: string; prefix: string };
    expect(key).toMatch(/^bk_[A-Za-z0-9_-]{40,}$/);
    expect(prefix).toBe(key.slice(0, 10));
    expect(res.body).toMatchObject({ name: 'Nightly export', scopes: ['stores:read'], createdBy: owner.id, revokedAt: null, lastUsedAt: null, expiresAt: null });

    const [row] = await t.sql<Record<string, unknown>>('SELECT * FROM api_key WHERE id = $1', [id]);
    expect(row.key_hash).toBe(sha256(key));
    expect(JSON.stringify(row)).not.toContain(key);

    const list = await t.http.get('/v1/api-keys').set(owner.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((item: { id: string }) => item.id)).toContain(id);
    const one = await t.http.get(`/v1/api-keys/${id}`).set(owner.auth);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, prefix, name: 'Nightly export' });
    for (const body of [list.body, one.body]) {
      expect(JSON.stringify(body)).not.toContain(key);
      expect(JSON.stringify(body)).not.toMatch(/keyHash|key_hash|"key"/);
    }

    const [audit] = await t.sql<{ actor_id: string; after: Record<string, unknown> }>(
      `SELECT actor_id, after FROM audit_event WHERE action = 'api_key.create' AND entity_id = $1`,
      [id],
    );
    expect(audit).toMatchObject({ actor_id: owner.id, after: { name: 'Nightly export', prefix } });
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('works with its scope, is refused (403) without it, records its use, and stops (401) once revoked', async () => {
    const reader = (await createKey({ name: 'Reader', scopes: ['stores:read'] })).body as { id: string; key: string };
    const auditor = (await createKey({ name: 'Auditor', scopes: ['audit:read'] })).body as { id: string; key: string };

    const allowed = await t.http.get('/v1/stores').set('x-api-key', reader.key);
    expect(allowed.status).toBe(200);
    const refused = await t.http.get('/v1/stores').set('x-api-key', auditor.key);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.insufficient_scope');
    const staffOnly = await t.http.get('/v1/api-keys').set('x-api-key', reader.key);
    expect(staffOnly.status).toBe(403);

    // lastUsedAt is written after the answer, without holding the request up: wait for it.
    const lastUsedAt = await waitFor(async () => (await t.http.get(`/v1/api-keys/${reader.id}`).set(owner.auth)).body.lastUsedAt as string | null);
    expect(Math.abs(Date.parse(lastUsedAt!) - Date.now())).toBeLessThan(60_000);

    const revoked = await t.http.post(`/v1/api-keys/${reader.id}/revoke`).set(owner.auth);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const again = await t.http.post(`/v1/api-keys/${reader.id}/revoke`).set(owner.auth);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);

    const after = await t.http.get('/v1/stores').set('x-api-key', reader.key);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('auth.invalid_token');
    const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [reader.id]);
    expect(actions.map((row) => row.action)).toEqual(['api_key.create', 'api_key.revoke']);
  });

  it('refuses a key past its expiry', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    const created = await createKey({ name: 'Short-lived', scopes: ['stores:read'], expiresAt: soon });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(soon);
    expect((await t.http.get('/v1/stores').set('x-api-key', created.body.key)).status).toBe(200);
    await t.sql(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
    expect((await t.http.get('/v1/stores').set('x-api-key', created.body.key)).status).toBe(401);
  });

  it('refuses unknown scopes with a 400 naming them, and an expiry in the past', async () => {
    const res = await createKey({ name: 'Bad', scopes: ['stores:read', 'orders:teleport', 'root'] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('api_key.unknown_scope');
    expect(res.body.errors).toEqual([
      { field: 'scopes', message: 'unknown scope orders:teleport' },
      { field: 'scopes', message: 'unknown scope root' },
    ]);
    const past = await createKey({ name: 'Old', scopes: ['stores:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('expiresAt');
    const empty = await createKey({ name: 'None', scopes: [] });
    expect(empty.status).toBe(400);
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM api_key WHERE name IN ('Bad', 'Old', 'None')`);
    expect(Number(n)).toBe(0);
  });

  it('is for owners only', async () => {
    expect(
      (
        await t.http
          .post('/v1/api-keys')
          .set(manager.auth)
          .send({ name: 'Mine', scopes: ['stores:read'] })
      ).status,
    ).toBe(403);
    expect((await t.http.get('/v1/api-keys').set(manager.auth)).status).toBe(403);
    expect((await t.http.get(`/v1/api-keys/${randomUUID()}`).set(owner.auth)).status).toBe(404);
  });

  describe('limited to some stores', () => {
    const storesSeen = async (key: string) => ((await t.http.get('/v1/stores?limit=100').set('x-api-key', key)).body.data as Array<{ id: string }>).map((s) => s.id).sort();

    it('sees only its stores, from creation on; PUT …/stores changes them at its next request, [] lifts the limit; every change is audited with the stores', async () => {
      const [a, b] = [await createStore(t), await createStore(t)];
      const created = await createKey({ name: 'Store A partner', scopes: ['stores:read'], storeIds: [a.id.toUpperCase()] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ storeIds: [a.id], allStores: false });
      const { id, key } = created.body as { id: string; key: string };
      expect(await storesSeen(key)).toEqual([a.id]);
      expect((await t.http.get(`/v1/stores/${b.id}`).set('x-api-key', key)).body.code).toBe('store.not_found');

      const moved = await t.http
        .put(`/v1/api-keys/${id}/stores`)
        .set(owner.auth)
        .send({ storeIds: [b.id] });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id, storeIds: [b.id], allStores: false });
      expect(await storesSeen(key)).toEqual([b.id]);
      expect((await t.http.get(`/v1/api-keys/${id}`).set(owner.auth)).body.storeIds).toEqual([b.id]);

      const lifted = await t.http.put(`/v1/api-keys/${id}/stores`).set(owner.auth).send({ storeIds: [] });
      expect(lifted.body).toMatchObject({ storeIds: [], allStores: true });
      expect(await storesSeen(key)).toEqual(expect.arrayContaining([a.id, b.id]));

      const trail = await t.sql<{ action: string; before: unknown; after: Record<string, unknown> }>(
        'SELECT action, before, after FROM audit_event WHERE entity_id = $1 ORDER BY created_at, id',
        [id],
      );
      expect(trail.map((row) => [row.action, row.before, row.after.storeIds])).toEqual([
        ['api_key.create', null, [a.id]],
        ['api_key.stores', { storeIds: [a.id] }, [b.id]],
        ['api_key.stores', { storeIds: [b.id] }, []],
      ]);
    });

    it('a key created without storeIds (or with []) reaches every store, as before', async () => {
      const store = await createStore(t);
      for (const body of [{}, { storeIds: [] }]) {
        const res = await createKey({ name: 'Everywhere', scopes: ['stores:read'], ...body });
        expect(res.body).toMatchObject({ storeIds: [], allStores: true });
        expect(await storesSeen(res.body.key)).toContain(store.id);
      }
    });

    it('refuses unknown store ids with 422 reference.not_found naming them, and writes nothing', async () => {
      const store = await createStore(t);
      const ghost = randomUUID();
      const res = await createKey({ name: 'Ghost stores', scopes: ['stores:read'], storeIds: [store.id, ghost] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'reference.not_found', missingIds: [ghost], errors: [{ field: 'storeIds' }] });
      expect(await t.sql(`SELECT 1 FROM api_key WHERE name = 'Ghost stores'`)).toEqual([]);

      const key = (await createKey({ name: 'Kept stores', scopes: ['stores:read'], storeIds: [store.id] })).body as { id: string };
      const put = await t.http
        .put(`/v1/api-keys/${key.id}/stores`)
        .set(owner.auth)
        .send({ storeIds: [ghost] });
      expect(put.status).toBe(422);
      expect(put.body.code).toBe('reference.not_found');
      expect((await t.http.get(`/v1/api-keys/${key.id}`).set(owner.auth)).body.storeIds).toEqual([store.id]);

      expect((await createKey({ name: 'Malformed', scopes: ['stores:read'], storeIds: ['not-a-uuid'] })).status).toBe(400);
      expect((await t.http.put(`/v1/api-keys/${randomUUID()}/stores`).set(owner.auth).send({ storeIds: [] })).status).toBe(404);
      expect((await t.http.put(`/v1/api-keys/${key.id}/stores`).set(manager.auth).send({ storeIds: [] })).status).toBe(403);
    });

    it("a catalog:write key limited to store A cannot change store B's overrides or prices (the issue 9 note)", async () => {
      const [a, b] = [await createStore(t), await createStore(t)];
      const product = await t.http.post('/v1/products').set(owner.auth).send(productBody());
      expect(product.status).toBe(201);
      const limited = (await createKey({ name: 'Store A catalog', scopes: ['catalog:write'], storeIds: [a.id] })).body as { key: string };
      const price = (store: string) =>
        t.http
          .put(`/v1/products/${product.body.id}/store-prices/${store}`)
          .set('x-api-key', limited.key)
          .send({ salePrice: cny(9900) });
      const refused = await price(b.id);
      expect([refused.status, refused.body.code]).toEqual([404, 'store.not_found']);
      expect((await price(a.id)).status).toBe(200);
      const rows = await t.sql<{ store_id: string }>('SELECT store_id FROM product_store_price WHERE product_id = $1', [product.body.id]);
      expect(rows.map((row) => row.store_id)).toEqual([a.id]);
    });
  });
});
