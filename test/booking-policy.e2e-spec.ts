import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

/** A store's booking policy: the defaults until a manager sets one, then changed only with If-Match. */
describe('booking policy', () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  const path = (storeId: string) => `/v1/stores/${storeId}/booking-policy`;
  const body = (overrides: Record<string, unknown> = {}) => ({
    slotMinutes: 30,
    minNoticeMinutes: 120,
    horizonDays: 30,
    dailyCapPerStaff: 8,
    cancellationWindowMinutes: 720,
    lateCancellationFee: { amount: 5000, currency: 'CNY' },
    noShowAfterMinutes: 20,
    reminderOffsetsMinutes: [1440, 60],
    holdMinutes: 10,
    ...overrides,
  });

  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
    store = await createStore(t);
    other = await createStore(t);
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  it('answers the defaults at version 0 for a store that has set none, to all its staff', async () => {
    const response = await t.http.get(path(store.id)).set(receptionist.auth).expect(200);
    expect(response.body).toEqual({
      storeId: store.id,
      slotMinutes: 15,
      minNoticeMinutes: 60,
      horizonDays: 60,
      dailyCapPerStaff: null,
      cancellationWindowMinutes: 1440,
      lateCancellationFee: null,
      noShowAfterMinutes: 30,
      reminderOffsetsMinutes: [1440, 120],
      holdMinutes: 5,
      version: 0,
      updatedAt: null,
    });
    expect(response.headers.etag).toBe('"0"');
  });

  it('lets a manager set the first policy without If-Match, then needs it: 428 without, 412 when stale; audited', async () => {
    const created = await t.http.put(path(store.id)).set(manager.auth).send(body()).expect(200);
    expect(created.body).toMatchObject({ ...body(), storeId: store.id, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    expect((await t.http.get(path(store.id)).set(receptionist.auth).expect(200)).body).toEqual(created.body);

    const missing = await t.http
      .put(path(store.id))
      .set(manager.auth)
      .send(body({ slotMinutes: 15 }))
      .expect(428);
    expect(missing.body.code).toBe('request.if_match_required');
    expect((await t.http.put(path(store.id)).set(manager.auth).set('if-match', '"0"').send(body()).expect(412)).body.code).toBe('request.stale_version');

    const changed = await t.http
      .put(path(store.id))
      .set(owner.auth)
      .set('if-match', '"1"')
      .send(body({ dailyCapPerStaff: null, lateCancellationFee: null, noShowAfterMinutes: null, reminderOffsetsMinutes: [30] }))
      .expect(200);
    expect(changed.body).toMatchObject({ version: 2, dailyCapPerStaff: null, lateCancellationFee: null, noShowAfterMinutes: null, reminderOffsetsMinutes: [30] });

    const audit = await t.sql<{ action: string; before: { version: number }; after: { version: number; dailyCapPerStaff: number | null } }>(
      `SELECT action, before, after FROM audit_event WHERE entity_type = 'booking_policy' AND entity_id = $1 ORDER BY created_at`,
      [store.id],
    );
    expect(audit.map((row) => [row.action, row.before.version, row.after.version, row.after.dailyCapPerStaff])).toEqual([
      ['booking_policy.put', 0, 1, 8],
      ['booking_policy.put', 1, 2, null],
    ]);
  });

  it('names each bad field, and saves nothing', async () => {
    const fresh = await createStore(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ slotMinutes: 25 }, 'slotMinutes'],
      [{ minNoticeMinutes: -1 }, 'minNoticeMinutes'],
      [{ minNoticeMinutes: 14 * 1440 + 1 }, 'minNoticeMinutes'],
      [{ horizonDays: 0 }, 'horizonDays'],
      [{ horizonDays: 367 }, 'horizonDays'],
      [{ dailyCapPerStaff: 0 }, 'dailyCapPerStaff'],
      [{ dailyCapPerStaff: 101 }, 'dailyCapPerStaff'],
      [{ dailyCapPerStaff: undefined }, 'dailyCapPerStaff'],
      [{ cancellationWindowMinutes: 14 * 1440 + 1 }, 'cancellationWindowMinutes'],
      [{ lateCancellationFee: { amount: -1, currency: 'CNY' } }, 'lateCancellationFee.amount'],
      [{ lateCancellationFee: { amount: 100, currency: 'USD' } }, 'lateCancellationFee.currency'],
      [{ lateCancellationFee: 5000 }, 'lateCancellationFee'],
      [{ noShowAfterMinutes: 1441 }, 'noShowAfterMinutes'],
      [{ reminderOffsetsMinutes: [] }, 'reminderOffsetsMinutes'],
      [{ reminderOffsetsMinutes: [60, 120, 180, 240] }, 'reminderOffsetsMinutes'],
      [{ reminderOffsetsMinutes: [60, 60] }, 'reminderOffsetsMinutes'],
      [{ reminderOffsetsMinutes: [5] }, 'reminderOffsetsMinutes'],
      [{ reminderOffsetsMinutes: [14 * 1440 + 1] }, 'reminderOffsetsMinutes'],
      [{ holdMinutes: 0 }, 'holdMinutes'],
      [{ holdMinutes: 61 }, 'holdMinutes'],
    ];
    for (const [change, field] of cases) {
      const response = await t.http.put(path(fresh.id)).set(owner.auth).send(body(change));
      expect([JSON.stringify(change), response.status, response.headers['content-type']]).toEqual([
        JSON.stringify(change),
        400,
        expect.stringContaining('application/problem+json'),
      ]);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await t.sql('SELECT 1 FROM booking_policy WHERE store_id = $1', [fresh.id])).toEqual([]);
  });

  it("answers 404 for another store's policy, a store that does not exist, and to staff who may not change it 403", async () => {
    expect((await t.http.get(path(other.id)).set(manager.auth).expect(404)).body.code).toBe('store.not_found');
    expect((await t.http.put(path(other.id)).set(manager.auth).send(body()).expect(404)).body.code).toBe('store.not_found');
    expect((await t.http.get(path('7d3c1a52-2f57-4a5e-8d0a-4b6e1f2a3c4d')).set(owner.auth).expect(404)).body.code).toBe('store.not_found');
    expect((await t.http.put(path('7d3c1a52-2f57-4a5e-8d0a-4b6e1f2a3c4d')).set(owner.auth).send(body()).expect(404)).body.code).toBe('store.not_found');
    await t.http.put(path(store.id)).set(receptionist.auth).send(body()).expect(403);
  });

  it('lets keys with appointments:read read and appointments:write change', async () => {
    const reader = await createApiKey(t, { scopes: ['appointments:read'] });
    const writer = await createApiKey(t, { scopes: ['appointments:write'] });
    const target = await createStore(t);
    await t.http.get(path(target.id)).set(reader.auth).expect(200);
    await t.http.put(path(target.id)).set(reader.auth).send(body()).expect(403);
    await t.http.put(path(target.id)).set(writer.auth).send(body()).expect(200);
    expect((await t.http.get(path(target.id)).set(writer.auth).expect(200)).body.version).toBe(1);
  });

  it('of two first policies sent at once, one is saved and the other asked for If-Match; of two with the same version, one wins', async () => {
    const target = await createStore(t);
    const firsts = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        t.http
          .put(path(target.id))
          .set(owner.auth)
          .send(body({ holdMinutes: i })),
      ),
    );
    expect(firsts.map((r) => r.status).sort()).toEqual([200, 428, 428, 428]);
    const edits = await Promise.all(
      [5, 6, 7, 8].map((i) =>
        t.http
          .put(path(target.id))
          .set(owner.auth)
          .set('if-match', '"1"')
          .send(body({ holdMinutes: i })),
      ),
    );
    expect(edits.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    expect((await t.http.get(path(target.id)).set(owner.auth).expect(200)).body.version).toBe(2);
  });
});
