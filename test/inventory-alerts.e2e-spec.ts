/**
 * Low stock alerts (issue 14): a manager sets an alert level and a reorder quantity per product and
 * store; when what is available falls to it, one alert opens (listed, in-app to the store's managers
 * and owners, `inventory.low_stock` for webhooks); stock back above resolves it.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements, StockReservations } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { dyeBody, productBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const NOW = new Date('2027-05-10T04:00:00Z');

describe('inventory: low stock alerts', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let store: StoreRecord;
  let actor: Actor;
  let keys = 0;

  const product = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const move = (productId: string, units: number) => {
    const stock = t.app.get(StockMovements);
    const common = { storeId: store.id, productId, sourceKey: `alerts-test:${keys++}` };
    return units > 0
      ? stock.bringIn(actor, { type: 'system', id: null }, { ...common, units, kind: 'receipt', unitCostAmount: 1000 })
      : stock.takeOut(actor, { type: 'system', id: null }, { ...common, units: -units, kind: 'sale' });
  };
  const rule = (body: Record<string, unknown>, auth: Record<string, string> = manager.auth) =>
    t.http
      .put('/v1/inventory/alert-rules')
      .set(auth)
      .send({ storeId: store.id, reorderPieces: 12, ...body });
  const alerts = async (status = 'open') => (await t.http.get('/v1/inventory/alerts').query({ storeId: store.id, status }).set(receptionist.auth).expect(200)).body.data;
  const lowStockMessages = async (user: UserRecord) =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE staff_user_id = $1 AND key = 'inventory.low_stock'`, [user.id]))[0].n;
  const events = async (productId: string) =>
    (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE name = 'inventory.low_stock' AND payload->>'productId' = $1`, [productId]))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('opens one alert when available stock falls to the level (listed, in-app to managers, an event), and resolves it when stock is back', async () => {
    const shampoo = await product(productBody({ specification: { size: 1, unit: 'pcs' } }));
    await move(shampoo, 10);
    const set = await rule({ productId: shampoo, alertLevelPieces: 3 }).expect(200);
    expect(set.body).toMatchObject({ alertLevel: { pieces: 3 }, reorderPieces: 12 });
    await move(shampoo, -6);
    expect(await alerts()).toEqual([]);
    await move(shampoo, -1); // 3 left: the level
    const [open] = await alerts();
    expect(open).toMatchObject({ productId: shampoo, status: 'open', availableWhenOpened: { pieces: 3 }, alertLevel: { pieces: 3 }, reorderPieces: 12, resolvedAt: null });
    await move(shampoo, -2); // lower still: the same alert
    expect(await alerts()).toHaveLength(1);
    expect((await alerts())[0]).toMatchObject({ id: open.id, availableNow: { pieces: 1 } });
    expect([await lowStockMessages(manager), await lowStockMessages(owner), await lowStockMessages(receptionist)]).toEqual([1, 1, 0]);
    expect(await events(shampoo)).toBe(1);

    await move(shampoo, 12);
    expect(await alerts()).toEqual([]);
    expect((await alerts('resolved')).map((alert: { id: string }) => alert.id)).toContain(open.id);
    // Falling again opens a new one.
    await move(shampoo, -11);
    expect(await alerts()).toHaveLength(1);
    expect(await events(shampoo)).toBe(2);
  });

  it('counts what orders hold: a reservation can open the alert and its release resolve it; a level already reached alerts at once', async () => {
    const mask = await product(productBody({ specification: { size: 1, unit: 'pcs' } }));
    await move(mask, 5);
    await rule({ productId: mask, alertLevelPieces: 2 }).expect(200);
    const reservations = t.app.get(StockReservations);
    await reservations.reserve(actor, {
      storeId: store.id,
      reference: 'order:alerts',
      expiresAt: new Date(NOW.getTime() + 3_600_000),
      lines: [{ productId: mask, units: 3, field: 'lines[0].quantity' }],
    });
    expect((await alerts()).map((alert: { productId: string }) => alert.productId)).toContain(mask);
    await reservations.release('order:alerts');
    expect((await alerts()).map((alert: { productId: string }) => alert.productId)).not.toContain(mask);

    const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' } }));
    await move(dye, 50_000); // 50 g: less than one tube
    const measured = await rule({ productId: dye, alertLevelMeasure: 60 }).expect(200);
    expect(measured.body.alertLevel).toMatchObject({ units: 60_000, pieces: 1, opened: 0 });
    expect((await alerts()).map((alert: { productId: string }) => alert.productId)).toContain(dye);
  });

  it('answers bad rules field by field, and keeps them to managers', async () => {
    const serum = await product(productBody({ specification: { size: 1, unit: 'pcs' } }));
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ productId: serum }, 400, 'request.validation_failed', 'alertLevelPieces'],
      [{ productId: serum, alertLevelPieces: 1, alertLevelMeasure: 2 }, 400, 'request.validation_failed', 'alertLevelPieces'],
      [{ productId: serum, alertLevelPieces: 1.5 }, 400, 'request.validation_failed', 'alertLevelPieces'],
      [{ productId: serum, alertLevelPieces: 1, reorderPieces: 0 }, 400, 'request.validation_failed', 'reorderPieces'],
      [{ productId: serum, alertLevelMeasure: 2 }, 422, 'inventory.not_measured', 'alertLevelMeasure'],
      [{ productId: '00000000-0000-4000-8000-00000000abcd', alertLevelPieces: 1 }, 422, 'inventory.unknown_product', 'productId'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await rule(body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect((await rule({ productId: serum, alertLevelPieces: 1 }, receptionist.auth)).status).toBe(403);
    expect(await t.sql('SELECT 1 FROM stock_alert_rule WHERE product_id = $1', [serum])).toEqual([]);
    const catalog = await t.http.get('/v1/webhook-event-types').set(owner.auth).expect(200);
    expect(catalog.body.map((type: { type: string }) => type.type)).toContain('inventory.low_stock');
  });
});
