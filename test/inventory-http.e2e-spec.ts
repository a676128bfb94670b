/**
 * Inventory over HTTP (issue 14): levels and movements for staff and partners of their stores, and a
 * manager's adjustments with a reason — bad input answered field by field, nothing half-posted.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { dyeBody, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const NOW = new Date('2027-05-10T04:00:00Z');
const PROBLEM = /^application\/problem\+json/;

describe('inventory over HTTP', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let shampoo: string;
  let dye: string;
  let keys = 0;

  const product = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const receive = (storeId: string, productId: string, units: number, unitCostAmount = 1000) => {
    const actor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    return t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'user', id: owner.id }, { storeId, productId, units, unitCostAmount, kind: 'receipt', sourceKey: `http-test:${keys++}` });
  };
  const adjust = (body: Record<string, unknown>, auth: Record<string, string> = manager.auth) =>
    t.http
      .post('/v1/inventory/adjustments')
      .set(auth)
      .send({ storeId: store.id, productId: shampoo, direction: 'out', pieces: 1, reason: 'bottle dropped while restocking', ...body });
  const movementCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM stock_movement'))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    shampoo = await product(productBody({ specification: { size: 1, unit: 'pcs' } }));
    dye = await product(dyeBody({ specification: { size: 60, unit: 'g' } }));
    await receive(store.id, shampoo, 10, 9800);
    await receive(other.id, shampoo, 4, 9800);
    await receive(store.id, dye, 3 * 60_000, 6000);
  });
  afterAll(() => t.close());

  it('shows each store its levels: on hand, held, available, value at cost, and an opened tube in grams', async () => {
    const res = await t.http.get('/v1/inventory/levels').set(receptionist.auth).expect(200);
    expect(res.body.data.map((level: { storeId: string }) => level.storeId)).toEqual([store.id, store.id]);
    const byProduct = new Map(res.body.data.map((level: { productId: string }) => [level.productId, level]));
    expect(byProduct.get(shampoo)).toMatchObject({
      unit: 'pcs',
      onHand: { units: 10, pieces: 10, opened: null, measure: null },
      reserved: { pieces: 0 },
      available: { pieces: 10 },
      valueAtCost: { amount: 98000, currency: 'CNY' },
    });
    expect(byProduct.get(dye)).toMatchObject({ unit: 'g', onHand: { pieces: 3, opened: 0, measure: 180 } });
    // Another store's stock is not theirs to see.
    const elsewhere = await t.http.get('/v1/inventory/levels').query({ storeId: other.id }).set(receptionist.auth);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('store.not_found');
    // Pages follow on.
    const first = await t.http.get('/v1/inventory/levels').query({ limit: 1 }).set(owner.auth).expect(200);
    const second = await t.http.get('/v1/inventory/levels').query({ limit: 1, cursor: first.body.nextCursor }).set(owner.auth).expect(200);
    const key = (level: { storeId: string; productId: string }) => `${level.storeId}:${level.productId}`;
    expect(key(second.body.data[0])).not.toBe(key(first.body.data[0]));
  });

  it('lets a manager correct stock and write it off with a reason: one movement, audited, the level after it', async () => {
    const res = await adjust({ direction: 'out', type: 'damage', pieces: 2, reason: '两瓶摔碎了 two bottles broke' }).expect(201);
    expect(res.body.movement).toMatchObject({ kind: 'write_off', direction: 'out', quantity: { pieces: 2 }, reason: '两瓶摔碎了 two bottles broke', unitCost: { amount: 9800 } });
    expect(res.body.level).toMatchObject({ onHand: { pieces: 8 }, valueAtCost: { amount: 78400 } });
    const found = await adjust({ direction: 'in', pieces: 1, reason: 'found in the back room' }).expect(201);
    expect(found.body.movement).toMatchObject({ kind: 'adjustment', direction: 'in' });
    // What is left in an opened tube, by measure.
    const used = await adjust({ productId: dye, direction: 'out', pieces: undefined, measure: 12.5, reason: 'spilt' }).expect(201);
    expect(used.body.level.onHand).toMatchObject({ pieces: 2, opened: 47.5, measure: 167.5 });
    expect(await t.sql(`SELECT action, actor_id FROM audit_event WHERE entity_id = $1`, [res.body.movement.id])).toEqual([{ action: 'stock.write_off', actor_id: manager.id }]);
    const ledger = await t.http.get('/v1/inventory/movements').query({ storeId: store.id, kind: 'write_off' }).set(manager.auth).expect(200);
    expect(ledger.body.data.map((movement: { id: string }) => movement.id)).toEqual([res.body.movement.id]);
  });

  it('answers bad adjustments field by field, and writes nothing', async () => {
    const before = await movementCount();
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ reason: undefined }, 400, 'request.validation_failed', 'reason'],
      [{ pieces: 1.5 }, 400, 'request.validation_failed', 'pieces'],
      [{ pieces: -1 }, 400, 'request.validation_failed', 'pieces'],
      [{ measure: 2 }, 400, 'request.validation_failed', 'pieces'],
      [{ type: 'damage', direction: 'in' }, 400, 'request.validation_failed', 'type'],
      [{ pieces: undefined, measure: 2 }, 422, 'inventory.not_measured', 'measure'],
      [{ productId: '00000000-0000-4000-8000-00000000abcd' }, 422, 'inventory.unknown_product', 'productId'],
      [{ pieces: 500 }, 409, 'inventory.insufficient_stock', 'pieces'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await adjust(body);
      expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    expect(await movementCount()).toBe(before);
  });

  it('keeps adjustments to managers and keys with inventory:write, and reads to their stores', async () => {
    expect((await adjust({}, receptionist.auth)).status).toBe(403);
    const reader = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [other.id] });
    const writer = await createApiKey(t, { scopes: ['inventory:write'], storeIds: [store.id] });
    expect((await adjust({}, reader.auth)).status).toBe(403);
    expect((await adjust({}, writer.auth)).status).toBe(201);
    const partner = await t.http.get('/v1/inventory/levels').set(reader.auth).expect(200);
    expect(partner.body.data.map((level: { storeId: string; onHand: { pieces: number } }) => [level.storeId, level.onHand.pieces])).toEqual([[other.id, 4]]);
    expect((await t.http.get('/v1/inventory/movements').set(writer.auth)).status).toBe(403);
  });
});
