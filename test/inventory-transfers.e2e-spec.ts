/**
 * Transfers between stores (issue 14) on the real PostgreSQL: requested → approved → shipped (stock
 * leaves the source, in transit) → received (stock arrives at the cost it left with, differences
 * recorded with their reason); same-store requests, approvals by the wrong people, shortages and two
 * shipments at once change nothing; every level still equals the sum of its movements and batches.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements, type MovedBy } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';
import { dyeBody, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, 10 May
const SYSTEM: MovedBy = { type: 'system', id: null };

describe('inventory: transfers between stores', () => {
  let t: TestApp;
  let owner: UserRecord;
  let source: StoreRecord;
  let destination: StoreRecord;
  let elsewhere: StoreRecord;
  let sourceManager: UserRecord;
  let destinationManager: UserRecord;
  let sourceDesk: UserRecord;
  let destinationDesk: UserRecord;
  let beautician: UserRecord;
  let outsider: UserRecord;
  let actor: Actor;
  let keys = 0;
  const stock = () => t.app.get(StockMovements);
  const product = async (body: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(productBody(body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const level = async (productId: string, storeId: string) =>
    (
      await t.sql<{ on_hand: string; value_amount: string }>('SELECT on_hand::text, value_amount::text FROM stock_level WHERE store_id = $1 AND product_id = $2', [
        storeId,
        productId,
      ])
    ).map((row) => ({ onHand: Number(row.on_hand), value: Number(row.value_amount) }))[0] ?? { onHand: 0, value: 0 };
  const receiveGoods = (productId: string, units: number, unitCostAmount: number, storeId = source.id) =>
    stock().bringIn(actor, SYSTEM, { storeId, productId, units, kind: 'receipt', sourceKey: `test:receipt:${keys++}`, unitCostAmount });
  const request = (lines: Array<{ productId: string; quantity: number }>, by = sourceDesk, extra: Record<string, unknown> = {}) =>
    t.http
      .post('/v1/transfers')
      .set(by.auth)
      .send({ fromStoreId: source.id, toStoreId: destination.id, lines, ...extra });
  const approved = async (lines: Array<{ productId: string; quantity: number }>) => {
    const created = await request(lines);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(sourceManager.auth)).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    source = await createStore(t);
    destination = await createStore(t);
    elsewhere = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    sourceManager = await createUser(t, { role: 'manager', storeIds: [source.id] });
    destinationManager = await createUser(t, { role: 'manager', storeIds: [destination.id] });
    sourceDesk = await createUser(t, { role: 'receptionist', storeIds: [source.id] });
    destinationDesk = await createUser(t, { role: 'receptionist', storeIds: [destination.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [source.id] });
    outsider = await createUser(t, { role: 'manager', storeIds: [elsewhere.id] });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('lives its whole life: requested, approved, shipped (in transit), received with a difference and its reason; the value moves with the goods', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' }, shelfLifeDays: null }));
    await receiveGoods(serum, 10, 1000);
    await receiveGoods(serum, 10, 2000); // average 1500 a piece
    await receiveGoods(dye, 4 * 60_000, 3000);
    // A partner listening for received transfers.
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/transfers', eventTypes: ['transfer.received'] });
    expect(endpoint.status).toBe(201);

    const created = await request([
      { productId: serum, quantity: 6 },
      { productId: dye, quantity: 2 },
    ]).set('idempotency-key', 'transfer-life-1');
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/v1/transfers/${created.body.id}`);
    expect(created.body).toMatchObject({ status: 'requested', fromStoreId: source.id, toStoreId: destination.id });
    expect(created.body.number).toMatch(/^TR-20270510-\d{4}$/);
    const id = created.body.id as string;
    // The same key and body replays the first answer: one transfer.
    const again = await request([
      { productId: serum, quantity: 6 },
      { productId: dye, quantity: 2 },
    ]).set('idempotency-key', 'transfer-life-1');
    expect(again.body.id).toBe(id);
    expect(await t.sql('SELECT count(*)::int AS n FROM transfer WHERE number = $1', [created.body.number])).toEqual([{ n: 1 }]);

    // The destination sees it too; a store outside it does not.
    expect((await t.http.get(`/v1/transfers/${id}`).set(destinationDesk.auth)).status).toBe(200);
    expect((await t.http.get(`/v1/transfers/${id}`).set(outsider.auth)).body.code).toBe('transfer.not_found');
    expect(
      (await t.http.get('/v1/transfers').query({ storeId: destination.id, status: 'requested' }).set(destinationManager.auth)).body.data.map((x: { id: string }) => x.id),
    ).toContain(id);

    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(sourceManager.auth)).body.status).toBe('approved');
    const shipped = await t.http.post(`/v1/transfers/${id}/ship`).set(sourceDesk.auth);
    expect(shipped.status).toBe(200);
    expect(shipped.body.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, quantity: 6, shippedQuantity: 6, receivedQuantity: null, inTransitQuantity: 6, differenceQuantity: 0 }),
      expect.objectContaining({ lineNumber: 2, quantity: 2, shippedQuantity: 2, receivedQuantity: null, inTransitQuantity: 2, differenceQuantity: 0 }),
    ]);
    expect(await level(serum, source.id)).toEqual({ onHand: 14, value: 21000 });
    expect(await level(dye, source.id)).toEqual({ onHand: 2 * 60_000, value: 6000 });
    expect(await level(serum, destination.id)).toEqual({ onHand: 0, value: 0 });

    // The source cannot receive; a difference needs its reason.
    expect((await t.http.post(`/v1/transfers/${id}/receive`).set(sourceDesk.auth).send({})).body.code).toBe('transfer.destination_store_only');
    const noReason = await t.http
      .post(`/v1/transfers/${id}/receive`)
      .set(destinationDesk.auth)
      .send({ lines: [{ lineNumber: 1, receivedQuantity: 5 }] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'lines[0].reason', message: expect.any(String) }]);
    const tooMany = await t.http
      .post(`/v1/transfers/${id}/receive`)
      .set(destinationDesk.auth)
      .send({ lines: [{ lineNumber: 1, receivedQuantity: 7 }] });
    expect(tooMany.body.errors).toEqual([{ field: 'lines[0].receivedQuantity', message: expect.any(String) }]);
    expect(await level(serum, destination.id)).toEqual({ onHand: 0, value: 0 });

    const received = await t.http
      .post(`/v1/transfers/${id}/receive`)
      .set(destinationDesk.auth)
      .send({ lines: [{ lineNumber: 1, receivedQuantity: 5, reason: '一瓶破损 One bottle broken' }] });
    expect(received.status).toBe(200);
    expect(received.body.status).toBe('received');
    expect(received.body.lines).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        shippedQuantity: 6,
        receivedQuantity: 5,
        inTransitQuantity: 0,
        differenceQuantity: 1,
        differenceReason: '一瓶破损 One bottle broken',
      }),
      expect.objectContaining({ lineNumber: 2, shippedQuantity: 2, receivedQuantity: 2, inTransitQuantity: 0, differenceQuantity: 0, differenceReason: null }),
    ]);
    // In at the cost per piece it left with: 1500 a serum, 3000 a tube of dye.
    expect(await level(serum, destination.id)).toEqual({ onHand: 5, value: 7500 });
    expect(await level(dye, destination.id)).toEqual({ onHand: 2 * 60_000, value: 6000 });
    expect(
      await t.sql(
        `SELECT kind, store_id AS "storeId", delta::int, unit_cost_amount::int AS cost, document_id AS doc FROM stock_movement WHERE source_key LIKE $1 ORDER BY source_key`,
        [`transfer:${id}:%`],
      ),
    ).toEqual([
      { kind: 'transfer_in', storeId: destination.id, delta: 5, cost: 1500, doc: created.body.number },
      { kind: 'transfer_in', storeId: destination.id, delta: 120_000, cost: 3000, doc: created.body.number },
      { kind: 'transfer_out', storeId: source.id, delta: -6, cost: 1500, doc: created.body.number },
      { kind: 'transfer_out', storeId: source.id, delta: -120_000, cost: 3000, doc: created.body.number },
    ]);

    const history = await t.http.get(`/v1/transfers/${id}/history`).set(beautician.auth);
    expect(history.body.data.map((change: { fromStatus: string; toStatus: string }) => `${change.fromStatus}→${change.toStatus}`)).toEqual([
      'requested→approved',
      'approved→shipped',
      'shipped→received',
    ]);
    expect(await t.sql(`SELECT payload->>'transferId' AS id FROM event WHERE name = 'transfer.received'`)).toEqual([{ id }]);
    // The webhook carries the transfer as GET answers it, differences and all.
    const [message] = await waitFor(
      () => t.sql<{ type: string; body: string }>('SELECT type, body FROM webhook_message WHERE endpoint_id = $1', [endpoint.body.id]),
      (rows) => rows.length > 0,
    );
    expect(message.type).toBe('transfer.received');
    expect(JSON.parse(message.body)).toMatchObject({
      type: 'transfer.received',
      data: {
        id,
        number: created.body.number,
        status: 'received',
        lines: [
          { lineNumber: 1, differenceQuantity: 1 },
          { lineNumber: 2, differenceQuantity: 0 },
        ],
      },
    });
    expect((await t.http.post(`/v1/transfers/${id}/receive`).set(destinationDesk.auth).send({})).body.code).toBe('transfer.invalid_transition');
    expect(await stock().mismatches()).toEqual([]);
  });

  it('refuses a transfer to the same store with a 422 naming toStoreId, and writes nothing', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    const before = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM transfer');
    const res = await request([{ productId: serum, quantity: 1 }], sourceDesk, { toStoreId: source.id });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'transfer.same_store', errors: [{ field: 'toStoreId' }] });
    const fraction = await request([{ productId: serum, quantity: 1.5 }]);
    expect(fraction.status).toBe(400);
    expect(fraction.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines[0].quantity']);
    expect(await t.sql('SELECT count(*)::int AS n FROM transfer')).toEqual(before);
  });

  it('lets only a manager of the source store, or an owner, approve', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    const id = (await request([{ productId: serum, quantity: 1 }])).body.id as string;
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(beautician.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(sourceDesk.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(destinationManager.auth)).body.code).toBe('transfer.source_store_only');
    const key = await createApiKey(t, { scopes: ['inventory:write'] });
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(key.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(outsider.auth)).status).toBe(404);
    expect((await t.http.get(`/v1/transfers/${id}`).set(owner.auth)).body.status).toBe('requested');
    expect((await t.http.post(`/v1/transfers/${id}/approve`).set(owner.auth)).body.status).toBe('approved');
  });

  it('ships all lines or none: a short line is a 409 naming it, and nothing moves', async () => {
    const plenty = await product({ specification: { size: 1, unit: 'pcs' } });
    const scarce = await product({ specification: { size: 1, unit: 'pcs' } });
    await receiveGoods(plenty, 10, 1000);
    await receiveGoods(scarce, 2, 1000);
    const id = await approved([
      { productId: plenty, quantity: 5 },
      { productId: scarce, quantity: 3 },
    ]);
    const res = await t.http.post(`/v1/transfers/${id}/ship`).set(sourceDesk.auth);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'lines[1].quantity' }] });
    expect(await level(plenty, source.id)).toEqual({ onHand: 10, value: 10000 });
    expect(await level(scarce, source.id)).toEqual({ onHand: 2, value: 2000 });
    expect(await t.sql('SELECT count(*)::int AS n FROM stock_movement WHERE source_key LIKE $1', [`transfer:${id}:%`])).toEqual([{ n: 0 }]);
    const after = await t.http.get(`/v1/transfers/${id}`).set(sourceDesk.auth);
    expect(after.body.status).toBe('approved');
    expect(after.body.lines.map((line: { shippedQuantity: number | null }) => line.shippedQuantity)).toEqual([null, null]);
    // Cancelled before shipping, it ships no more.
    expect((await t.http.post(`/v1/transfers/${id}/cancel`).set(destinationDesk.auth).send({ reason: 'ordered elsewhere' })).body.status).toBe('cancelled');
    expect((await t.http.post(`/v1/transfers/${id}/ship`).set(sourceDesk.auth)).body.code).toBe('transfer.invalid_transition');
  });

  it('shows a transfer only to those who see one of its stores, and leaves each step to its store', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    const id = await approved([{ productId: serum, quantity: 1 }]);
    const theirs = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [destination.id] });
    const others = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [elsewhere.id] });
    expect((await t.http.get(`/v1/transfers/${id}`).set(theirs.auth)).status).toBe(200);
    expect((await t.http.get(`/v1/transfers/${id}`).set(others.auth)).body.code).toBe('transfer.not_found');
    expect((await t.http.get('/v1/transfers').set(others.auth)).body.data).toEqual([]);
    expect((await t.http.get('/v1/transfers').query({ storeId: source.id }).set(others.auth)).body.code).toBe('store.not_found');
    // A reading key, a beautician: no writes. The destination does not ship; the source does not receive.
    expect((await t.http.post(`/v1/transfers/${id}/ship`).set(theirs.auth)).status).toBe(403);
    expect((await request([{ productId: serum, quantity: 1 }], beautician)).status).toBe(403);
    expect((await t.http.post(`/v1/transfers/${id}/ship`).set(destinationDesk.auth)).body.code).toBe('transfer.source_store_only');
    expect((await t.http.get(`/v1/transfers/${id}`).set(owner.auth)).body.status).toBe('approved');
  });

  it('ships once when two ship requests come at once', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    await receiveGoods(serum, 10, 1000);
    const id = await approved([{ productId: serum, quantity: 4 }]);
    const answers = await Promise.all([0, 1, 2].map(() => t.http.post(`/v1/transfers/${id}/ship`).set(sourceDesk.auth)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((res) => res.status === 409).map((res) => res.body.code)).toEqual(['transfer.invalid_transition', 'transfer.invalid_transition']);
    expect(await level(serum, source.id)).toEqual({ onHand: 6, value: 6000 });
    expect(await stock().mismatches()).toEqual([]);
  });
});
