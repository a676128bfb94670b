/**
 * Expiry sweep and shortfall tasks (issue 14): every store has a daily sweep at 06:00 on its own
 * wall clock that alerts, once per batch, the batches with stock left expiring within the store's
 * warning days (and expired ones): listed as `expiring` alerts, one in-app summary per store and
 * sweep, `inventory.expiring` for webhooks. A back-bar shortfall opens a `shortfall` alert and an
 * in-app message, and is the manager's task until resolved with a count (an adjustment) or a note.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { Db } from '../src/common/database/index.js';
import { DurableEvents } from '../src/common/events/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements, type MovedBy } from '../src/modules/inventory/index.js';
import { ExpirySweepScheduler, INVENTORY_EXPIRY_SWEEP } from '../src/modules/inventory/alerts/expiry-sweep.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, dyeBody, productBody, serviceBody } from './support/catalog-bodies.js';
import { deadlinesOf } from './support/deadlines.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';

const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, midnight in New York, 10 May
const SYSTEM: MovedBy = { type: 'system', id: null };

interface AlertBody {
  id: string;
  kind: string;
  productId: string;
  status: string;
  batch: { id: string; lotCode: string | null; expiresOn: string; remaining: { pieces: number } } | null;
}

describe('inventory: expiry sweep and shortfall tasks', () => {
  let t: TestApp;
  let clock: FixedClock;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let otherManager: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let actor: Actor;
  let keys = 0;
  const key = (what: string) => `expiry-test:${what}:${keys++}`;

  const product = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const receive = (storeId: string, productId: string, units: number, extra: Record<string, unknown> = {}) =>
    t.app.get(StockMovements).bringIn(actor, SYSTEM, { storeId, productId, units, kind: 'receipt', sourceKey: key('receipt'), unitCostAmount: 1000, ...extra });
  const alerts = async (query: Record<string, string>, auth = receptionist.auth): Promise<AlertBody[]> =>
    (await t.http.get('/v1/inventory/alerts').query(query).set(auth).expect(200)).body.data;
  const messages = async (user: UserRecord, messageKey: string) =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1 AND key = $2`, [user.id, messageKey]))[0].n;
  const pendingSweep = async (storeId: string) =>
    (await t.sql<{ due_at: Date }>(`SELECT due_at FROM deadline WHERE kind = 'inventory.expiry_sweep' AND subject_id = $1 AND status = 'pending'`, [storeId]))[0];
  const scheduleMissing = () =>
    waitFor(
      () => t.app.get(ExpirySweepScheduler).run(),
      (n) => n !== undefined,
    );
  /** Moves the store's sweep to now (by PostgreSQL's clock too) and waits until it has run and set the next one. */
  const sweep = async (storeId: string) => {
    const moved = await deadlinesOf(t).schedule(INVENTORY_EXPIRY_SWEEP, storeId, new Date());
    await waitFor(
      () => t.sql<{ status: string }>('SELECT status FROM deadline WHERE id = $1', [moved.id]),
      (rows) => rows[0]?.status === 'fired',
    );
    return moved;
  };

  beforeAll(async () => {
    clock = new FixedClock(NOW);
    t = await startTestApp({ clock });
    store = await createStore(t);
    other = await createStore(t, { timeZone: 'America/New_York' });
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    otherManager = await createUser(t, { role: 'manager', storeIds: [other.id] });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('gives every active store a sweep at the next 06:00 on its own wall clock, and a store whose sweep was lost gets it back', async () => {
    // The run at boot may have given them theirs already; either way each has one now.
    await scheduleMissing();
    // Noon in Shanghai: tomorrow 06:00 there. Midnight in New York: 06:00 today there (EDT, UTC-4).
    expect((await pendingSweep(store.id)).due_at.toISOString()).toBe('2027-05-10T22:00:00.000Z');
    expect((await pendingSweep(other.id)).due_at.toISOString()).toBe('2027-05-10T10:00:00.000Z');
    expect(await scheduleMissing()).toBe(0);

    // A store opened later is covered by the next run.
    const opened = await createStore(t, { timeZone: 'Europe/Berlin' });
    expect(await pendingSweep(opened.id)).toBeUndefined();
    expect(await scheduleMissing()).toBe(1);
    expect((await pendingSweep(opened.id)).due_at.toISOString()).toBe('2027-05-11T04:00:00.000Z'); // 06:00 CEST
    // Its sweep lost (cancelled by hand here): the next run gives it one again. An archived store gets none.
    await t.sql(`UPDATE deadline SET status = 'cancelled', cancelled_at = now() WHERE kind = 'inventory.expiry_sweep' AND subject_id = $1 AND status = 'pending'`, [opened.id]);
    await t.sql(`UPDATE store SET status = 'archived' WHERE id = $1`, [other.id]);
    await t.sql(`UPDATE deadline SET status = 'cancelled', cancelled_at = now() WHERE kind = 'inventory.expiry_sweep' AND subject_id = $1 AND status = 'pending'`, [other.id]);
    expect(await scheduleMissing()).toBe(1);
    expect(await pendingSweep(opened.id)).toBeDefined();
    expect(await pendingSweep(other.id)).toBeUndefined();
    await t.sql(`UPDATE store SET status = 'active' WHERE id = $1`, [other.id]);
    expect(await scheduleMissing()).toBe(1);
  });

  it('alerts batches expiring within the warning days once each (listed, one in-app summary, webhooks), leaves later ones alone, and resolves them when used up or written off', async () => {
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/expiry', eventTypes: ['inventory.expiring'] });
    expect(endpoint.status).toBe(201);
    const shampoo = await product(productBody({ specification: { size: 1, unit: 'pcs' }, shelfLifeDays: 365 }));
    await receive(store.id, shampoo, 4, { producedOn: '2026-12-01', expiresOn: '2027-06-30', lotCode: 'LATE' }); // 51 days ahead
    await receive(store.id, shampoo, 3, { producedOn: '2026-01-01', expiresOn: '2027-06-09', lotCode: 'EARLY' }); // 30 days ahead: inside
    await receive(store.id, shampoo, 5, { producedOn: '2026-01-01', expiresOn: '2027-05-09', lotCode: 'EXPIRED' }); // yesterday in Shanghai

    const first = await sweep(store.id);
    const expiring = await alerts({ storeId: store.id, kind: 'expiring' });
    expect(expiring.map((alert) => [alert.kind, alert.productId, alert.batch?.lotCode, alert.batch?.expiresOn, alert.batch?.remaining.pieces]).sort()).toEqual([
      ['expiring', shampoo, 'EARLY', '2027-06-09', 3],
      ['expiring', shampoo, 'EXPIRED', '2027-05-09', 5],
    ]);
    expect(await alerts({ storeId: store.id, kind: 'low_stock' })).toEqual([]);
    expect([await messages(manager, 'inventory.expiring'), await messages(owner, 'inventory.expiring'), await messages(receptionist, 'inventory.expiring')]).toEqual([1, 1, 0]);
    // One summary naming both, lot and date.
    const [summary] = await t.sql<{ body: string }>(`SELECT body FROM staff_message WHERE user_id = $1 AND key = 'inventory.expiring'`, [manager.id]);
    expect(summary.body).toEqual(expect.stringContaining('2027-05-09'));
    expect(summary.body).toEqual(expect.stringContaining('EARLY, 2027-06-09'));
    const webhooks = await waitFor(
      () => t.sql<{ body: string }>('SELECT body FROM webhook_message WHERE endpoint_id = $1', [endpoint.body.id]),
      (rows) => rows.length === 2,
    );
    expect(
      webhooks
        .map((row) => JSON.parse(row.body))
        .map((body) => [body.type, body.data.kind, body.data.batch.lotCode])
        .sort(),
    ).toEqual([
      ['inventory.expiring', 'expiring', 'EARLY'],
      ['inventory.expiring', 'expiring', 'EXPIRED'],
    ]);
    // The handler set the next day's sweep: 06:00 tomorrow in Shanghai, by the clock.
    expect((await pendingSweep(store.id)).due_at.toISOString()).toBe('2027-05-10T22:00:00.000Z');
    expect(await t.sql(`SELECT status FROM deadline WHERE id = $1`, [first.id])).toEqual([{ status: 'fired' }]);

    // The next day's sweep finds them alerted already: nothing again.
    await sweep(store.id);
    expect(await alerts({ storeId: store.id, kind: 'expiring' })).toHaveLength(2);
    expect(await messages(manager, 'inventory.expiring')).toBe(1);
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE name = 'inventory.expiring'`))[0].n).toBe(2);

    // A longer warning (the store setting, through the stores API) reaches the later batch at the next sweep.
    const patched = await t.http.patch(`/v1/stores/${store.id}`).set(owner.auth).set('if-match', '"1"').send({ expiryWarningDays: 60 });
    expect(patched.status).toBe(200);
    expect(patched.body.expiryWarningDays).toBe(60);
    await sweep(store.id);
    expect((await alerts({ storeId: store.id, kind: 'expiring' })).map((alert) => alert.batch?.lotCode).sort()).toEqual(['EARLY', 'EXPIRED', 'LATE']);
    expect(await messages(manager, 'inventory.expiring')).toBe(2);

    // Sold through (first expiring first: EARLY) and written off (the expired one): those alerts resolve.
    const stock = t.app.get(StockMovements);
    await stock.takeOut(actor, SYSTEM, { storeId: store.id, productId: shampoo, units: 3, kind: 'sale', sourceKey: key('sale') });
    await stock.takeOut(actor, SYSTEM, { storeId: store.id, productId: shampoo, units: 5, kind: 'write_off', includeExpired: true, sourceKey: key('write-off') });
    expect((await alerts({ storeId: store.id, kind: 'expiring' })).map((alert) => alert.batch?.lotCode)).toEqual(['LATE']);
    expect((await alerts({ storeId: store.id, kind: 'expiring', status: 'resolved' })).map((alert) => alert.batch?.lotCode).sort()).toEqual(['EARLY', 'EXPIRED']);
  });

  it('respects the store setting: 0 turns the warning off; out-of-range values are refused', async () => {
    const gel = await product(productBody({ specification: { size: 1, unit: 'pcs' } }));
    await receive(other.id, gel, 2, { expiresOn: '2027-05-12', lotCode: 'NY1' });
    const [{ version }] = await t.sql<{ version: number }>('SELECT version FROM store WHERE id = $1', [other.id]);
    const off = await t.http.patch(`/v1/stores/${other.id}`).set(owner.auth).set('if-match', `"${version}"`).send({ expiryWarningDays: 0 });
    expect([off.status, off.body.expiryWarningDays]).toEqual([200, 0]);
    await sweep(other.id);
    expect(await alerts({ storeId: other.id, kind: 'expiring' }, owner.auth)).toEqual([]);
    expect(await messages(otherManager, 'inventory.expiring')).toBe(0);

    for (const bad of [-1, 366, 1.5, null]) {
      const res = await t.http
        .patch(`/v1/stores/${other.id}`)
        .set(owner.auth)
        .set('if-match', `"${version + 1}"`)
        .send({ expiryWarningDays: bad });
      expect([bad, res.status, res.body.errors?.[0]?.field]).toEqual([bad, 400, 'expiryWarningDays']);
    }
    // Back on (the default 30): the next sweep alerts it.
    await t.http
      .patch(`/v1/stores/${other.id}`)
      .set(owner.auth)
      .set('if-match', `"${version + 1}"`)
      .send({ expiryWarningDays: 30 })
      .expect(200);
    await sweep(other.id);
    expect((await alerts({ storeId: other.id, kind: 'expiring' }, owner.auth)).map((alert) => alert.batch?.lotCode)).toEqual(['NY1']);
    expect(await messages(otherManager, 'inventory.expiring')).toBe(1);
    expect(await messages(manager, 'inventory.expiring')).toBe(2); // not told about another store
  });

  describe('shortfalls', () => {
    const completed = async (variationId: string) => {
      const appointmentId = crypto.randomUUID();
      const eventId = await t.app.get(Db).transaction(() =>
        t.app.get(DurableEvents).publish('appointment.completed', {
          appointmentId,
          number: `AP-20270510-${String(keys++).padStart(4, '0')}`,
          storeId: store.id,
          customerId: '00000000-0000-4000-8000-00000000c0de',
          status: 'completed',
          channel: 'walk_in',
          startsAt: '2027-05-10T02:00:00.000Z',
          endsAt: '2027-05-10T03:30:00.000Z',
          staffMemberIds: [],
          variationIds: [variationId],
          change: null,
          previousStartsAt: null,
        }),
      );
      await waitFor(
        () => t.sql<{ status: string }>(`SELECT status FROM event_delivery WHERE event_id = $1 AND subscriber = 'inventory.back-bar-consumption'`, [eventId]),
        (rows) => rows[0]?.status === 'delivered',
      );
    };
    const colourService = async (dye: string) => {
      const service = await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(await categoryId(t, 'hair_colour')));
      expect(service.status).toBe(201);
      const variationId = service.body.variations[0].id as string;
      await t.http
        .put(`/v1/services/${service.body.id}/variations/${variationId}/consumption`)
        .set(owner.auth)
        .send({ items: [{ productId: dye, quantity: 30 }] })
        .expect(200);
      return variationId;
    };
    const shortfalls = async (query: Record<string, string>, auth = manager.auth) => (await t.http.get('/v1/inventory/shortfalls').query(query).set(auth).expect(200)).body.data;
    const resolve = (id: string, body: Record<string, unknown>, auth = manager.auth) => t.http.post(`/v1/inventory/shortfalls/${id}/resolve`).set(auth).send(body);

    it('a shortfall opens an alert and tells the managers; resolving it with a count posts the adjustment and closes the alert, once', async () => {
      const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' } }));
      await receive(store.id, dye, 20_000); // 20 g on the books, 30 g needed twice
      const variationId = await colourService(dye);
      await completed(variationId);
      await completed(variationId);

      const open = (await shortfalls({ storeId: store.id })).filter((row: { productId: string }) => row.productId === dye);
      expect(open.map((row: { missing: { measure: number }; status: string; documentType: string }) => [row.missing.measure, row.status, row.documentType]).sort()).toEqual([
        [10, 'open', 'appointment'],
        [30, 'open', 'appointment'],
      ]);
      const [alert] = await alerts({ storeId: store.id, kind: 'shortfall' });
      expect(alert).toMatchObject({ kind: 'shortfall', productId: dye, status: 'open', batch: null });
      expect([await messages(manager, 'inventory.shortfall'), await messages(owner, 'inventory.shortfall'), await messages(receptionist, 'inventory.shortfall')]).toEqual([
        2, 2, 0,
      ]);

      // Another store's manager sees no such task; a receptionist may not resolve.
      expect((await resolve(open[0].id, { note: 'not mine' }, otherManager.auth)).status).toBe(404);
      expect((await resolve(open[0].id, { note: 'not mine' }, receptionist.auth)).status).toBe(403);
      // Field by field.
      for (const [body, field] of [
        [{}, 'note'],
        [{ countedMeasure: 10 }, 'reason'],
        [{ countedPieces: 1, countedMeasure: 10, reason: 'x' }, 'countedPieces'],
        [{ countedPieces: 1.5, reason: 'x' }, 'countedPieces'],
      ] as const) {
        const res = await resolve(open[0].id, body);
        expect([JSON.stringify(body), res.status, res.body.errors?.[0]?.field]).toEqual([JSON.stringify(body), 400, field]);
      }

      // Counted 45 g on the shelf (the books say 0): one adjustment in, and the task is done.
      const done = await resolve(open[0].id, { countedMeasure: 45, reason: '盘点 counted after the colour services' }).set('idempotency-key', 'resolve-1');
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ id: open[0].id, status: 'resolved', resolution: { resolvedByType: 'user', resolvedById: manager.id, note: null } });
      const [movement] = await t.sql<{ kind: string; units: string; reason: string }>(`SELECT kind, delta::text AS units, reason FROM stock_movement WHERE id = $1`, [
        done.body.resolution.movementId,
      ]);
      expect(movement).toMatchObject({ kind: 'adjustment', units: '45000' });
      expect((await t.sql<{ on_hand: string }>('SELECT on_hand::text FROM stock_level WHERE store_id = $1 AND product_id = $2', [store.id, dye]))[0].on_hand).toBe('45000');
      expect(await t.sql(`SELECT action FROM audit_event WHERE entity_id = $1`, [open[0].id])).toEqual([{ action: 'stock_shortfall.resolve' }]);
      // The same key replays; a second resolve is refused.
      expect((await resolve(open[0].id, { countedMeasure: 45, reason: '盘点 counted after the colour services' }).set('idempotency-key', 'resolve-1')).body).toEqual(done.body);
      const again = await resolve(open[0].id, { note: 'twice' });
      expect([again.status, again.body.code]).toEqual([409, 'inventory.shortfall_resolved']);

      // One shortfall of the product still open: the alert stays until it is dealt with too.
      expect(await alerts({ storeId: store.id, kind: 'shortfall' })).toHaveLength(1);
      const noChange = await resolve(open[1].id, { note: '已从仓库补货 restocked from the back room' });
      expect(noChange.status).toBe(200);
      expect(noChange.body.resolution).toMatchObject({ movementId: null, note: '已从仓库补货 restocked from the back room' });
      expect(await alerts({ storeId: store.id, kind: 'shortfall' })).toEqual([]);
      expect((await alerts({ storeId: store.id, kind: 'shortfall', status: 'resolved' })).map((row) => row.id)).toEqual([alert.id]);
      expect((await shortfalls({ storeId: store.id, status: 'resolved' })).map((row: { id: string }) => row.id).sort()).toEqual([open[0].id, open[1].id].sort());
      expect(await t.app.get(StockMovements).mismatches()).toEqual([]);
    });
  });
});
