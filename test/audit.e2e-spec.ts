import { AuditService } from '../src/common/audit/index.js';
import { Db } from '../src/common/database/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord } from './support/factories.js';

describe('GET /v1/audit-events', () => {
  let t: TestApp;
  let storeA: StoreRecord;
  let storeB: StoreRecord;

  beforeAll(async () => {
    t = await startTestApp();
    storeA = await createStore(t);
    storeB = await createStore(t);
    const audit = t.app.get(AuditService);
    const db = t.app.get(Db);
    await db.transaction(async () => {
      for (let i = 0; i < 5; i++) {
        await audit.record({
          action: 'store.update',
          entityType: 'store',
          entityId: storeA.id,
          storeId: storeA.id,
          before: { name: `A${i}` },
          after: { name: `A${i + 1}`, phone: '+8613812345678' },
        });
      }
      await audit.record({ action: 'store.update', entityType: 'store', entityId: storeB.id, storeId: storeB.id, after: { name: 'B' } });
      await audit.record({ action: 'api_key.create', entityType: 'api_key', entityId: 'k1', after: { name: 'partner', keyHash: 'abc' } });
    });
  });
  afterAll(() => t.close());

  it('shows owners every change, newest first, with personal data and secrets redacted', async () => {
    const owner = await createUser(t, { role: 'owner' });
    const res = await t.http.get('/v1/audit-events?limit=100').set(owner.auth).expect(200);
    expect(res.body.data).toHaveLength(7);
    expect(res.body.nextCursor).toBeNull();
    const keyEvent = res.body.data.find((event: { action: string }) => event.action === 'api_key.create');
    expect(keyEvent).toMatchObject({ actor: { type: 'system', id: null }, after: { name: 'partner', keyHash: '[redacted]' } });
    const times = res.body.data.map((event: { occurredAt: string }) => Date.parse(event.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(JSON.stringify(res.body)).not.toContain('+8613812345678');
  });

  it("shows a manager only the changes of the manager's stores", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const res = await t.http.get('/v1/audit-events?limit=100').set(manager.auth).expect(200);
    expect(res.body.data).toHaveLength(5);
    expect(res.body.data.every((event: { storeId: string }) => event.storeId === storeA.id)).toBe(true);
    const other = await t.http.get(`/v1/audit-events?storeId=${storeB.id}`).set(manager.auth).expect(200);
    expect(other.body.data).toEqual([]);
  });

  it('filters by entity, action and time, and pages with a cursor without gaps or repeats', async () => {
    const owner = await createUser(t, { role: 'owner' });
    const byEntity = await t.http.get(`/v1/audit-events?entityType=store&entityId=${storeA.id}`).set(owner.auth).expect(200);
    expect(byEntity.body.data).toHaveLength(5);
    const byAction = await t.http.get('/v1/audit-events?action=api_key.create').set(owner.auth).expect(200);
    expect(byAction.body.data).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await t.http.get(`/v1/audit-events?from=${future}`).set(owner.auth).expect(200)).body.data).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = await t.http
        .get(`/v1/audit-events?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(owner.auth)
        .expect(200);
      expect(page.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.data.map((event) => event.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('answers bad filters with a 400 problem naming the field', async () => {
    const owner = await createUser(t, { role: 'owner' });
    const cases: Array<[string, string]> = [
      ['cursor=not-a-cursor', 'cursor'],
      // Well-formed JSON, but not what this list gives out: values PostgreSQL would refuse.
      [`cursor=${Buffer.from(JSON.stringify(['1', '00000000-0000-0000-0000-000000000000'])).toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['-271821-04-20T00:00:00Z', '00000000-0000-0000-0000-000000000000'])).toString('base64url')}`, 'cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'x'.repeat(36)])).toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['actorId=nope', 'actorId'],
      ['from=yesterday', 'from'],
      ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['colour=red', 'colour'],
    ];
    for (const [query, field] of cases) {
      const res = await t.http.get(`/v1/audit-events?${query}`).set(owner.auth);
      expect({ query, status: res.status, type: res.headers['content-type'] }).toEqual({ query, status: 400, type: expect.stringMatching(/problem\+json/) });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for owners, managers and keys with audit:read only', async () => {
    const beautician = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    await t.http.get('/v1/audit-events').set(beautician.auth).expect(403);
    await t.http.get('/v1/audit-events').set(receptionist.auth).expect(403);
    await t.http.get('/v1/audit-events').expect(401);
    const reader = await createApiKey(t, { scopes: ['audit:read'] });
    expect((await t.http.get('/v1/audit-events').set(reader.auth).expect(200)).body.data).toHaveLength(7);
    const other = await createApiKey(t, { scopes: ['stores:read'] });
    const refused = await t.http.get('/v1/audit-events').set(other.auth).expect(403);
    expect(refused.body.code).toBe('auth.insufficient_scope');
  });
});
