/**
 * Suppliers and purchase orders (issue 14) on the real PostgreSQL: a purchase order's whole life
 * (draft → approved → ordered → partly received → received, with its history), receipts that bring
 * stock in at the received cost as batches and movements, over-receiving only when asked, parallel
 * receipts that never receive more than ordered, and bad input that writes nothing.
 */
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';

describe('inventory: suppliers and purchase orders', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let supplier: string;

  const product = async (body: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(productBody(body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const draft = async (lines: Array<{ productId: string; quantity: number; unitCost?: { amount: number; currency: string } }>, storeId = store.id) => {
    const res = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({ storeId, supplierId: supplier, lines: lines.map((line) => ({ unitCost: cny(1000), ...line })) });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; version: number; lines: Array<{ id: string; productId: string; quantity: number }> };
  };
  /** A draft approved and ordered. */
  const ordered = async (lines: Parameters<typeof draft>[0]) => {
    const order = await draft(lines);
    await t.http.post(`/v1/purchase-orders/${order.id}/approve`).set(manager.auth).send({}).expect(200);
    await t.http.post(`/v1/purchase-orders/${order.id}/order`).set(manager.auth).send({}).expect(200);
    return order;
  };
  const receive = (id: string, body: Record<string, unknown>, auth: Record<string, string> = receptionist.auth) =>
    t.http.post(`/v1/purchase-orders/${id}/receipts`).set(auth).send(body);
  const level = async (productId: string) =>
    (
      await t.sql<{ on_hand: string; value_amount: string }>('SELECT on_hand::text, value_amount::text FROM stock_level WHERE store_id = $1 AND product_id = $2', [
        store.id,
        productId,
      ])
    ).map((row) => ({ onHand: Number(row.on_hand), value: Number(row.value_amount) }))[0];
  const counts = async () =>
    (
      await t.sql<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM purchase_order) AS orders, (SELECT count(*)::int FROM purchase_order_line) AS lines,
                (SELECT count(*)::int FROM purchase_order_receipt) AS receipts, (SELECT count(*)::int FROM stock_movement) AS movements,
                (SELECT count(*)::int FROM stock_batch) AS batches, (SELECT coalesce(sum(received_quantity), 0)::int FROM purchase_order_line) AS received`,
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const created = await t.http
      .post('/v1/suppliers')
      .set(manager.auth)
      .send({ name: '欧莱雅专业 华东 L’Oréal East', contactPerson: '王经理', phone: '13800138000', email: 'orders@loreal.example', address: '上海市闵行区 申富路 88 号' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', phone: '+8613800138000', version: 1 });
    supplier = created.body.id;
  });
  afterAll(() => t.close());

  it('keeps suppliers: managers write with If-Match, everyone reads, archived ones are filtered and cannot be ordered from', async () => {
    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const res = await t.http.post('/v1/suppliers').set(manager.auth).send({ name: '资生堂 Shiseido Pro' });
    const id = res.body.id as string;
    expect((await t.http.post('/v1/suppliers').set(beautician.auth).send({ name: 'Nope' })).status).toBe(403);
    expect((await t.http.patch(`/v1/suppliers/${id}`).set(manager.auth).set('if-match', '"2"').send({ notes: 'x' })).status).toBe(412);
    const patched = await t.http.patch(`/v1/suppliers/${id}`).set(manager.auth).set('if-match', '"1"').send({ contactPerson: '李经理', notes: '周二送货' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ contactPerson: '李经理', notes: '周二送货', version: 2 });
    expect(patched.headers.etag).toBe('"2"');
    const found = await t.http.get('/v1/suppliers?name=shiseido').set(beautician.auth);
    expect(found.body.data.map((s: { id: string }) => s.id)).toEqual([id]);
    const reader = await createApiKey(t, { scopes: ['inventory:read'] });
    expect((await t.http.get(`/v1/suppliers/${id}`).set(reader.auth)).status).toBe(200);

    expect((await t.http.post(`/v1/suppliers/${id}/archive`).set(manager.auth)).body.status).toBe('archived');
    expect((await t.http.get('/v1/suppliers?name=shiseido').set(manager.auth)).body.data).toEqual([]);
    expect((await t.http.get('/v1/suppliers?name=shiseido&status=archived').set(manager.auth)).body.data).toHaveLength(1);
    const shampoo = await product();
    const refused = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({ storeId: store.id, supplierId: id, lines: [{ productId: shampoo, quantity: 1, unitCost: cny(1) }] });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'purchase_order.unknown_supplier', errors: [{ field: 'supplierId' }] });
    expect((await t.http.post(`/v1/suppliers/${id}/restore`).set(manager.auth)).body.status).toBe('active');
  });

  it('walks a purchase order through its whole life, receipts bringing stock in at the received cost, and tells webhooks when it has all arrived', async () => {
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/po', eventTypes: ['purchase_order.received'] });
    expect(endpoint.status).toBe(201);
    const serum = await product({ specification: { size: 1, unit: 'pcs' }, shelfLifeDays: null, costPrice: cny(5000) });
    const oil = await product({ specification: { size: 100, unit: 'ml' }, shelfLifeDays: 365 });

    const order = await draft([{ productId: serum, quantity: 10, unitCost: cny(3000) }]);
    expect(order.number).toMatch(new RegExp(`^PO-${store.code}-\\d{8}-\\d{4}$`));
    expect(order).toMatchObject({ status: 'draft', total: cny(30000), version: 1 });
    // The draft's lines change, with If-Match.
    const changed = await t.http
      .patch(`/v1/purchase-orders/${order.id}`)
      .set(manager.auth)
      .set('if-match', '"1"')
      .send({
        lines: [
          { productId: serum, quantity: 10, unitCost: cny(3000) },
          { productId: oil, quantity: 4, unitCost: cny(8000) },
        ],
      });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      version: 2,
      total: cny(62000),
      lines: [
        { lineNo: 1, openQuantity: 10 },
        { lineNo: 2, openQuantity: 4 },
      ],
    });
    const [serumLine, oilLine] = changed.body.lines as Array<{ id: string }>;

    // Receptionists receive, but do not approve; an API key may not approve either.
    const refused = await t.http.post(`/v1/purchase-orders/${order.id}/approve`).set(receptionist.auth).send({});
    expect([refused.status, refused.body.code]).toEqual([403, 'auth.forbidden']);
    const writer = await createApiKey(t, { scopes: ['inventory:write'] });
    expect((await t.http.post(`/v1/purchase-orders/${order.id}/approve`).set(writer.auth).send({})).status).toBe(403);
    expect((await receive(order.id, { lines: [{ lineId: serumLine.id, quantity: 1 }] })).body).toMatchObject({ status: 409, code: 'purchase_order.invalid_transition' });
    expect((await t.http.post(`/v1/purchase-orders/${order.id}/approve`).set(manager.auth).send({ reason: 'OK' })).body.status).toBe('approved');
    // Approved: the lines are fixed.
    const late = await t.http.patch(`/v1/purchase-orders/${order.id}`).set(manager.auth).set('if-match', '"3"').send({ notes: 'late' });
    expect([late.status, late.body.code]).toEqual([409, 'purchase_order.not_draft']);
    expect((await t.http.post(`/v1/purchase-orders/${order.id}/order`).set(writer.auth).send({})).body.status).toBe('ordered');

    // A first delivery: part of the serum, with its lot and dates, at the order's cost (not the catalog's).
    const first = await receive(order.id, { lines: [{ lineId: serumLine.id, quantity: 6, lotCode: 'L-01', producedOn: '2026-10-01', expiresOn: '2028-09-30' }] });
    expect(first.status).toBe(201);
    expect(first.headers.location).toBe(`/v1/purchase-orders/${order.id}/receipts/${first.body.id}`);
    expect(first.body).toMatchObject({ purchaseOrderStatus: 'partly_received', lines: [{ lineId: serumLine.id, productId: serum, quantity: 6, lotCode: 'L-01' }] });
    const movement = first.body.lines[0].movementId as string;
    expect(await t.sql('SELECT kind, delta::int, unit_cost_amount::int AS cost, document_type, document_id, source_key FROM stock_movement WHERE id = $1', [movement])).toEqual([
      {
        kind: 'receipt',
        delta: 6,
        cost: 3000,
        document_type: 'purchase_order',
        document_id: order.number,
        source_key: `purchase_order:${order.id}:receipt:${first.body.id}:line:1`,
      },
    ]);
    expect(
      await t.sql('SELECT lot_code, produced_on::text, expires_on::text, received_units::int, unit_cost_amount::int AS cost FROM stock_batch WHERE movement_id = $1', [movement]),
    ).toEqual([{ lot_code: 'L-01', produced_on: '2026-10-01', expires_on: '2028-09-30', received_units: 6, cost: 3000 }]);
    expect(await level(serum)).toEqual({ onHand: 6, value: 18000 });
    expect((await t.http.get(`/v1/purchase-orders/${order.id}/receipts/${first.body.id}`).set(manager.auth)).body).toEqual(first.body);

    // The rest arrives: the oil counted in its measure (4 × 100 ml), and the order is received.
    const rest = await receive(order.id, {
      lines: [
        { lineId: serumLine.id, quantity: 4 },
        { lineId: oilLine.id, quantity: 4 },
      ],
    });
    expect(rest.status).toBe(201);
    expect(rest.body.purchaseOrderStatus).toBe('received');
    // The oil came without dates: its batch (and the receipt) expire by its shelf life.
    expect(rest.body.lines[1]).toMatchObject({ lineId: oilLine.id, lotCode: null, expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(await level(serum)).toEqual({ onHand: 10, value: 30000 });
    expect(await level(oil)).toEqual({ onHand: 400_000, value: 32000 });
    const done = await t.http.get(`/v1/purchase-orders/${order.id}`).set(receptionist.auth);
    expect(done.body).toMatchObject({
      status: 'received',
      lines: [
        { receivedQuantity: 10, openQuantity: 0 },
        { receivedQuantity: 4, openQuantity: 0 },
      ],
    });
    const receipts = await t.http.get(`/v1/purchase-orders/${order.id}/receipts?limit=1`).set(receptionist.auth);
    expect(receipts.body.data).toEqual([{ ...first.body, purchaseOrderStatus: 'received' }]);
    const next = await t.http.get(`/v1/purchase-orders/${order.id}/receipts?limit=1&cursor=${receipts.body.nextCursor}`).set(receptionist.auth);
    expect(next.body).toEqual({ data: [rest.body], nextCursor: null });
    const history = await t.http.get(`/v1/purchase-orders/${order.id}/history`).set(manager.auth);
    expect(history.body.data.map((h: { fromStatus: string; toStatus: string; actorType: string; actorId: string }) => [h.fromStatus, h.toStatus, h.actorType, h.actorId])).toEqual([
      ['draft', 'approved', 'user', manager.id],
      ['approved', 'ordered', 'api_key', writer.id],
      ['ordered', 'partly_received', 'user', receptionist.id],
      ['partly_received', 'received', 'user', receptionist.id],
    ]);
    // Nothing more may arrive on a received order, and it cannot be cancelled.
    expect((await receive(order.id, { lines: [{ lineId: oilLine.id, quantity: 1 }], overReceive: true })).status).toBe(409);
    expect((await t.http.post(`/v1/purchase-orders/${order.id}/cancel`).set(manager.auth).send({})).status).toBe(409);
    expect((await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [order.id])).map((row) => row.action)).toEqual([
      'purchase_order.create',
      'purchase_order.update',
      'purchase_order.approve',
      'purchase_order.order',
      'purchase_order.receive',
      'purchase_order.receive',
    ]);

    const message = await waitFor(async () => (await t.sql<{ body: string }>("SELECT body FROM webhook_message WHERE type = 'purchase_order.received'"))[0]);
    expect(JSON.parse(message.body).data).toMatchObject({ id: order.id, number: order.number, status: 'received' });
    expect(await t.app.get(StockMovements).mismatches()).toEqual([]);
  });

  it('receives more than is open only when told to, naming the line; nothing is half-posted', async () => {
    const mask = await product({ specification: { size: 1, unit: 'pcs' } });
    const toner = await product({ specification: { size: 1, unit: 'pcs' } });
    const order = await ordered([
      { productId: mask, quantity: 5 },
      { productId: toner, quantity: 2 },
    ]);
    const before = await counts();
    const over = await receive(order.id, {
      lines: [
        { lineId: order.lines[0].id, quantity: 5 },
        { lineId: order.lines[1].id, quantity: 3 },
      ],
    });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.body).toMatchObject({ code: 'purchase_order.over_receipt', errors: [{ field: 'lines[1].quantity' }] });
    expect(await counts()).toEqual(before);
    expect(await level(mask)).toBeUndefined();

    const extra = await receive(order.id, {
      lines: [
        { lineId: order.lines[0].id, quantity: 5 },
        { lineId: order.lines[1].id, quantity: 3 },
      ],
      overReceive: true,
    });
    expect(extra.status).toBe(201);
    expect(extra.body.purchaseOrderStatus).toBe('received');
    expect((await t.http.get(`/v1/purchase-orders/${order.id}`).set(manager.auth)).body.lines[1]).toMatchObject({ quantity: 2, receivedQuantity: 3, openQuantity: 0 });
    expect(await level(toner)).toMatchObject({ onHand: 3 });
  });

  it('two receipts of the remaining quantity at once: exactly one succeeds, nothing is over-received', async () => {
    const gel = await product({ specification: { size: 1, unit: 'pcs' } });
    const spare = await product({ specification: { size: 1, unit: 'pcs' } });
    // A second line still open keeps the order partly received, so the loser meets the open quantity, not a received order.
    const order = await ordered([
      { productId: gel, quantity: 8 },
      { productId: spare, quantity: 1 },
    ]);
    expect((await receive(order.id, { lines: [{ lineId: order.lines[0].id, quantity: 3 }] })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 2 }, () => receive(order.id, { lines: [{ lineId: order.lines[0].id, quantity: 5 }] })));
    expect(results.map((res) => res.status).sort()).toEqual([201, 422]);
    expect(results.find((res) => res.status === 422)!.body).toMatchObject({ code: 'purchase_order.over_receipt', errors: [{ field: 'lines[0].quantity' }] });
    expect(await level(gel)).toMatchObject({ onHand: 8 });
    expect(await t.sql('SELECT received_quantity FROM purchase_order_line WHERE id = $1', [order.lines[0].id])).toEqual([{ received_quantity: 8 }]);
    expect((await t.http.get(`/v1/purchase-orders/${order.id}`).set(manager.auth)).body.status).toBe('partly_received');
    // The same race for the last piece of the order: the loser finds it received.
    const last = await Promise.all(Array.from({ length: 2 }, () => receive(order.id, { lines: [{ lineId: order.lines[1].id, quantity: 1 }] })));
    expect(last.map((res) => [res.status, res.body.code ?? res.body.purchaseOrderStatus]).sort()).toEqual([
      [201, 'received'],
      [409, 'purchase_order.invalid_transition'],
    ]);
    expect(await t.sql("SELECT count(*)::int AS n FROM event WHERE name = 'purchase_order.received' AND payload->>'purchaseOrderId' = $1", [order.id])).toEqual([{ n: 1 }]);
    expect(await t.app.get(StockMovements).mismatches()).toEqual([]);
  });

  it('cancels before anything arrived, and refuses to after a receipt', async () => {
    const clay = await product({ specification: { size: 1, unit: 'pcs' } });
    const untouched = await ordered([{ productId: clay, quantity: 2 }]);
    const cancelled = await t.http.post(`/v1/purchase-orders/${untouched.id}/cancel`).set(manager.auth).send({ reason: '供应商缺货' });
    expect(cancelled.body.status).toBe('cancelled');
    const started = await ordered([{ productId: clay, quantity: 2 }]);
    await receive(started.id, { lines: [{ lineId: started.lines[0].id, quantity: 1 }] }).expect(201);
    const refused = await t.http.post(`/v1/purchase-orders/${started.id}/cancel`).set(manager.auth).send({});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'purchase_order.invalid_transition', currentState: 'partly_received', allowedStates: ['received'] });
  });

  it('refuses bad input naming the field (a fraction of a piece, an unknown product or line, a product twice, another currency), writing nothing', async () => {
    const lotion = await product({ specification: { size: 1, unit: 'pcs' } });
    const before = await counts();
    const post = (lines: unknown[]) => t.http.post('/v1/purchase-orders').set(manager.auth).send({ storeId: store.id, supplierId: supplier, lines });
    const fraction = await post([{ productId: lotion, quantity: 1.5, unitCost: cny(100) }]);
    expect(fraction.status).toBe(400);
    expect(fraction.body.errors).toEqual([{ field: 'lines[0].quantity', message: 'must be a whole number of pieces' }]);
    const unknown = await post([
      { productId: lotion, quantity: 1, unitCost: cny(100) },
      { productId: '00000000-0000-4000-8000-00000000abcd', quantity: 1, unitCost: cny(100) },
    ]);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'inventory.unknown_product', errors: [{ field: 'lines[1].productId' }] });
    const twice = await post([
      { productId: lotion, quantity: 1, unitCost: cny(100) },
      { productId: lotion, quantity: 2, unitCost: cny(100) },
    ]);
    expect([twice.status, twice.body.errors]).toEqual([400, [{ field: 'lines[1].productId', message: "is already on line 1: change that line's quantity instead" }]]);
    const dollars = await post([{ productId: lotion, quantity: 1, unitCost: { amount: 100, currency: 'USD' } }]);
    expect([dollars.status, dollars.body.errors?.[0]?.field]).toEqual([400, 'lines[0].unitCost.currency']);
    const fortune = await post([{ productId: lotion, quantity: 1_000_000, unitCost: cny(100_000_000_00) }]);
    expect([fortune.status, fortune.body.errors?.[0]?.field]).toEqual([400, 'lines[0].quantity']);
    const elsewhere = await t.http
      .post('/v1/purchase-orders')
      .set(manager.auth)
      .send({ storeId: other.id, supplierId: supplier, lines: [{ productId: lotion, quantity: 1, unitCost: cny(1) }] });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'store.not_found']);
    expect(await counts()).toEqual(before);

    const order = await ordered([{ productId: lotion, quantity: 3 }]);
    const receiptsBefore = await counts();
    const half = await receive(order.id, { lines: [{ lineId: order.lines[0].id, quantity: 0.5 }] });
    expect([half.status, half.body.errors]).toEqual([400, [{ field: 'lines[0].quantity', message: 'must be a whole number of pieces' }]]);
    const stranger = await receive(order.id, { lines: [{ lineId: '00000000-0000-4000-8000-00000000abcd', quantity: 1 }] });
    expect([stranger.status, stranger.body.errors?.[0]?.field]).toEqual([422, 'lines[0].lineId']);
    expect(await counts()).toEqual(receiptsBefore);
    // Another store's staff do not see the order.
    const elsewhereDesk = await createUser(t, { role: 'receptionist', storeIds: [other.id] });
    expect((await receive(order.id, { lines: [{ lineId: order.lines[0].id, quantity: 1 }] }, elsewhereDesk.auth)).status).toBe(404);
    expect(await t.app.get(StockMovements).mismatches()).toEqual([]);
  });

  it("shows purchase orders only to their store's staff and keys: beauticians read, a key of another store sees nothing", async () => {
    const brush = await product({ specification: { size: 1, unit: 'pcs' } });
    const order = await draft([{ productId: brush, quantity: 1 }]);
    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    expect((await t.http.get(`/v1/purchase-orders/${order.id}`).set(beautician.auth)).status).toBe(200);
    expect((await t.http.patch(`/v1/purchase-orders/${order.id}`).set(beautician.auth).set('if-match', '"1"').send({ notes: 'x' })).status).toBe(403);
    const ownKey = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [store.id] });
    const otherKey = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [other.id] });
    expect((await t.http.get(`/v1/purchase-orders?supplierId=${supplier}&limit=100`).set(ownKey.auth)).body.data.map((o: { id: string }) => o.id)).toContain(order.id);
    expect((await t.http.get('/v1/purchase-orders?limit=100').set(otherKey.auth)).body.data).toEqual([]);
    expect((await t.http.get(`/v1/purchase-orders/${order.id}`).set(otherKey.auth)).body.code).toBe('purchase_order.not_found');
    expect((await t.http.get(`/v1/purchase-orders?storeId=${store.id}`).set(otherKey.auth)).body.code).toBe('store.not_found');
    // A read key writes nothing.
    expect((await t.http.post(`/v1/purchase-orders/${order.id}/cancel`).set(ownKey.auth).send({})).status).toBe(403);
  });

  it('replays a receipt sent again with the same Idempotency-Key', async () => {
    const comb = await product({ specification: { size: 1, unit: 'pcs' } });
    const order = await ordered([{ productId: comb, quantity: 4 }]);
    const body = { lines: [{ lineId: order.lines[0].id, quantity: 2 }] };
    const first = await t.http.post(`/v1/purchase-orders/${order.id}/receipts`).set(receptionist.auth).set('idempotency-key', 'po-receipt-1').send(body);
    const again = await t.http.post(`/v1/purchase-orders/${order.id}/receipts`).set(receptionist.auth).set('idempotency-key', 'po-receipt-1').send(body);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(await level(comb)).toMatchObject({ onHand: 2 });
    expect(await t.app.get(StockMovements).mismatches()).toEqual([]);
  });
});
