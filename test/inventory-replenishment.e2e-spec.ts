/**
 * Replenishment (issue 14) on the real PostgreSQL: which supplier sells which product (code, agreed
 * cost, pack size, minimum, one preferred supplier a product); a store's open low-stock alerts as
 * suggested purchase orders grouped by supplier (pack-size and minimum rounding, what is already on
 * order subtracted); drafts made from them that the suggestion then no longer proposes; who may do
 * it, and bad input that writes nothing.
 */
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

interface Line {
  productId: string;
  suggestedPieces: number;
  onOrderPieces: number;
  unitCost: { amount: number };
  unitCostSource: string;
  total: { amount: number };
}
interface Group {
  supplier: { id: string; name: string } | null;
  lines: Line[];
  total: { amount: number };
}

describe('inventory: supplier products and suggested purchase orders', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let otherManager: UserRecord;
  let receptionist: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let actor: Actor;
  let alpha: string;
  let beta: string;
  let keys = 0;

  const product = async (body: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ specification: { size: 1, unit: 'pcs' }, ...body }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const supplier = async (name: string) => {
    const res = await t.http.post('/v1/suppliers').set(manager.auth).send({ name });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const sells = (supplierId: string, productId: string, body: Record<string, unknown>, auth: Record<string, string> = manager.auth) =>
    t.http.put(`/v1/suppliers/${supplierId}/products/${productId}`).set(auth).send(body);
  /** `pieces` in stock at ¥10.00 a piece, then an alert rule whose level is above them: the alert opens at once. */
  const lowStock = async (productId: string, pieces: number, reorderPieces: number, storeId = store.id) => {
    await t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId, productId, units: pieces, kind: 'receipt', unitCostAmount: 1000, sourceKey: `replenish-test:${keys++}` });
    await t.http
      .put('/v1/inventory/alert-rules')
      .set(owner.auth)
      .send({ storeId, productId, alertLevelPieces: pieces + 1, reorderPieces })
      .expect(200);
  };
  const suggested = async (auth: Record<string, string> = manager.auth, storeId = store.id) => {
    const res = await t.http.get('/v1/purchase-orders/suggested').query({ storeId }).set(auth);
    expect(res.status).toBe(200);
    return res.body.data as Group[];
  };
  const lineOf = (groups: Group[], productId: string) => groups.flatMap((group) => group.lines).find((line) => line.productId === productId);
  const draft = (body: Record<string, unknown>, auth: Record<string, string> = manager.auth, key?: string) => {
    const req = t.http.post('/v1/purchase-orders/suggested').set(auth);
    if (key) void req.set('idempotency-key', key);
    return req.send(body);
  };
  const orderCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM purchase_order WHERE store_id = $1', [store.id]))[0].n;

  beforeAll(async () => {
    t = await startTestApp();
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    otherManager = await createUser(t, { role: 'manager', storeIds: [other.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    alpha = await supplier('A 欧莱雅专业 Alpha');
    beta = await supplier('B 资生堂 Beta');
  });
  afterAll(() => t.close());

  it('keeps what each supplier sells, with one preferred supplier a product; refuses unknown and archived products and bad fields', async () => {
    const shampoo = await product();
    const put = await sells(alpha, shampoo, { supplierSku: 'LOP-SH-500', unitCost: cny(3000), packSize: 6, minimumOrderPieces: 12, preferred: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ supplierId: alpha, productId: shampoo, supplierSku: 'LOP-SH-500', unitCost: cny(3000), packSize: 6, minimumOrderPieces: 12, preferred: true });
    // Marking Beta preferred unmarks Alpha: one preferred supplier a product.
    expect((await sells(beta, shampoo, { unitCost: cny(2500), preferred: true })).body).toMatchObject({ preferred: true, packSize: 1, minimumOrderPieces: 1 });
    const listed = await t.http.get(`/v1/suppliers/${alpha}/products`).set(receptionist.auth).expect(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ productId: shampoo, preferred: false, supplierSku: 'LOP-SH-500' })]);
    // Two at once marking themselves preferred: exactly one wins.
    await Promise.all([sells(alpha, shampoo, { preferred: true }), sells(beta, shampoo, { preferred: true })]);
    expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM supplier_product WHERE product_id = $1 AND preferred', [shampoo]))[0].n).toBe(1);

    expect((await sells(alpha, shampoo, { preferred: true }, receptionist.auth)).status).toBe(403);
    const unknown = await sells(alpha, '00000000-0000-4000-8000-0000000000aa', {});
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'inventory.unknown_product', errors: [{ field: 'productId' }] });
    const old = await product();
    await t.http.post(`/v1/products/${old}/archive`).set(owner.auth).expect(200);
    const archived = await sells(alpha, old, {});
    expect(archived.status).toBe(422);
    expect(archived.body).toMatchObject({ code: 'inventory.archived_product', errors: [{ field: 'productId' }] });
    const bad = await sells(alpha, shampoo, { packSize: 0, unitCost: { amount: 1.5, currency: 'CNY' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['packSize', 'unitCost.amount']);
    const usd = await sells(alpha, shampoo, { unitCost: { amount: 100, currency: 'USD' } });
    expect(usd.status).toBe(400);
    expect(usd.body.errors).toEqual([expect.objectContaining({ field: 'unitCost.currency' })]);
    expect((await sells('00000000-0000-4000-8000-0000000000bb', shampoo, {})).status).toBe(404);

    await t.http.delete(`/v1/suppliers/${beta}/products/${shampoo}`).set(manager.auth).expect(204);
    await t.http.delete(`/v1/suppliers/${beta}/products/${shampoo}`).set(manager.auth).expect(204);
    expect((await t.http.get(`/v1/suppliers/${beta}/products`).set(manager.auth).expect(200)).body.data).toEqual([]);
    // A purchase order may not name an archived product either.
    const refused = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({
        storeId: store.id,
        supplierId: alpha,
        lines: [
          { productId: shampoo, quantity: 1, unitCost: cny(1) },
          { productId: old, quantity: 1, unitCost: cny(1) },
        ],
      });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'inventory.archived_product', errors: [{ field: 'lines[1].productId' }] });
  });

  it('suggests one order a supplier for the open alerts, rounded to packs and minimums, less what is on order; drafts them; then proposes only the rest', async () => {
    const [shampoo, serum, mask, oil] = [await product(), await product(), await product(), await product()];
    await sells(alpha, shampoo, { unitCost: cny(3000), packSize: 6, preferred: true });
    await sells(beta, shampoo, { unitCost: cny(2500) }); // cheaper, but Alpha is preferred
    await sells(beta, serum, { unitCost: cny(5000), minimumOrderPieces: 10, preferred: true });
    await sells(alpha, oil, { packSize: 4 }); // no agreed cost: the moving average
    // The mask has no supplier.
    await lowStock(shampoo, 2, 8);
    await lowStock(serum, 1, 4);
    await lowStock(mask, 3, 5);
    await lowStock(oil, 2, 3);
    // 5 shampoos already ordered from Beta; a cancelled order does not count.
    const open = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({ storeId: store.id, supplierId: beta, lines: [{ productId: shampoo, quantity: 5, unitCost: cny(2500) }] });
    expect(open.status).toBe(201);
    const cancelled = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({ storeId: store.id, supplierId: beta, lines: [{ productId: shampoo, quantity: 100, unitCost: cny(2500) }] });
    await t.http.post(`/v1/purchase-orders/${cancelled.body.id}/cancel`).set(manager.auth).send({}).expect(200);

    const groups = await suggested();
    expect(groups.map((group) => group.supplier?.id ?? null)).toEqual([alpha, beta, null]);
    // 8 to reorder, 5 on order: 3, up to a whole pack of 6.
    expect(lineOf(groups, shampoo)).toMatchObject({ onOrderPieces: 5, suggestedPieces: 6, unitCost: cny(3000), unitCostSource: 'supplier', total: cny(18000) });
    expect(lineOf(groups, oil)).toMatchObject({ onOrderPieces: 0, suggestedPieces: 4, unitCost: cny(1000), unitCostSource: 'moving_average', total: cny(4000) });
    expect(groups[0].total).toEqual(cny(22000));
    // 4 to reorder, raised to Beta's minimum of 10.
    expect(groups[1].lines).toEqual([expect.objectContaining({ productId: serum, reorderPieces: 4, suggestedPieces: 10, minimumOrderPieces: 10, total: cny(50000) })]);
    expect(groups[2].lines).toEqual([
      expect.objectContaining({ productId: mask, suggestedPieces: 5, packSize: 1, unitCostSource: 'moving_average', available: expect.objectContaining({ pieces: 3 }) }),
    ]);

    // Another store's manager sees nothing of this store; receptionists do not draft.
    expect((await t.http.get('/v1/purchase-orders/suggested').query({ storeId: store.id }).set(otherManager.auth)).status).toBe(404);
    expect(await suggested(otherManager.auth, other.id)).toEqual([]);
    expect((await draft({ storeId: store.id }, receptionist.auth)).status).toBe(403);
    expect((await draft({ storeId: store.id }, otherManager.auth)).status).toBe(404);
    const reader = await createApiKey(t, { scopes: ['inventory:read'] });
    expect((await t.http.get('/v1/purchase-orders/suggested').query({ storeId: store.id }).set(reader.auth)).status).toBe(200);
    expect((await draft({ storeId: store.id }, reader.auth)).status).toBe(403);

    // Alpha's suggestion becomes a draft, numbered like any purchase order.
    const before = await orderCount();
    const made = await draft({ storeId: store.id, supplierIds: [alpha] }, manager.auth, 'replenish-alpha');
    expect(made.status).toBe(201);
    expect(made.headers.location).toBe(`/v1/purchase-orders?storeId=${store.id}&status=draft`);
    expect(made.body.data).toHaveLength(1);
    const [order] = made.body.data;
    expect(order).toMatchObject({ supplierId: alpha, storeId: store.id, status: 'draft', total: cny(22000) });
    expect(order.number).toMatch(new RegExp(`^PO-${store.code}-\\d{8}-\\d{4}$`));
    expect(order.lines.map((line: { productId: string; quantity: number }) => [line.productId, line.quantity]).sort()).toEqual(
      [
        [oil, 4],
        [shampoo, 6],
      ].sort(),
    );
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'purchase_order.create' AND entity_id = $1`, [order.id]))[0].n).toBe(1);
    // The same key replays the answer and drafts nothing more.
    const again = await draft({ storeId: store.id, supplierIds: [alpha] }, manager.auth, 'replenish-alpha');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.data[0].id).toBe(order.id);
    expect(await orderCount()).toBe(before + 1);

    // What is now on order is no longer proposed.
    const rest = await suggested();
    expect(rest.map((group) => group.supplier?.id ?? null)).toEqual([beta, null]);
    expect(lineOf(rest, shampoo)).toBeUndefined();

    // Two managers pressing at once draft Beta's order once.
    const both = await Promise.all([draft({ storeId: store.id, supplierIds: [beta] }), draft({ storeId: store.id, supplierIds: [beta] })]);
    expect(both.map((res) => res.status)).toEqual([201, 201]);
    expect(both.map((res) => res.body.data.length).sort()).toEqual([0, 1]);
    expect(both.flatMap((res) => res.body.data)[0].lines).toEqual([expect.objectContaining({ productId: serum, quantity: 10, unitCost: cny(5000) })]);
    // Only the mask is left: it has no supplier to order from.
    expect((await suggested()).map((group) => group.supplier)).toEqual([null]);
    expect((await draft({ storeId: store.id })).body.data).toEqual([]);
    // An archived product is not suggested any more.
    await t.http.post(`/v1/products/${mask}/archive`).set(owner.auth).expect(200);
    expect(await suggested()).toEqual([]);
  });

  it('refuses bad input, naming the field, and drafts nothing', async () => {
    const before = await orderCount();
    const missing = await t.http.get('/v1/purchase-orders/suggested').set(manager.auth);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'storeId' })]);
    const notIds = await draft({ storeId: store.id, supplierIds: ['nope'] });
    expect(notIds.status).toBe(400);
    expect(notIds.body.errors[0].field).toMatch(/^supplierIds/);
    const twice = await draft({ storeId: store.id, supplierIds: [alpha, alpha] });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'supplierIds[1]' })]);
    const unknown = await draft({ storeId: store.id, supplierIds: [alpha, '00000000-0000-4000-8000-0000000000cc'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'purchase_order.unknown_supplier', errors: [{ field: 'supplierIds[1]' }] });
    const gone = await supplier('C 已停用 Archived');
    await t.http.post(`/v1/suppliers/${gone}/archive`).set(manager.auth).expect(200);
    const archived = await draft({ storeId: store.id, supplierIds: [gone] });
    expect(archived.status).toBe(422);
    expect(archived.body.errors).toEqual([expect.objectContaining({ field: 'supplierIds[0]', message: 'names an archived supplier' })]);
    expect((await draft({ storeId: '00000000-0000-4000-8000-0000000000dd' }, owner.auth)).status).toBe(404);
    expect(await orderCount()).toBe(before);
  });
});
