/**
 * Shipping of orders (issue 15) on the real PostgreSQL and Redis: an online product order confirmed,
 * picked, packed and shipped in two parcels (stock committed per parcel), tracking events from a
 * carrier's key and Kuaidi100's signed push (each sent twice, a bad signature refused), an exception
 * that opens the store's task and tells the customer and the managers, delivery by the carrier and by
 * the customer moving the order to delivered, `POST /v1/orders/{id}/ship` as one parcel, two parcels
 * of the same goods at once, and the back-order on confirmation.
 */
import { kuaidi100Sign } from '../src/modules/orders/shipments/kuaidi100.js';
import { Db } from '../src/common/database/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements, StockReservations, type MovedBy } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createPublishableKey, signInCustomer, type CustomerSessionRecord } from './support/customer-apps.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';

const SALT = 'kuaidi100-test-salt';

describe('shipments: parcels, tracking, exceptions, delivery and back-orders', () => {
  let t: TestApp;
  let store: StoreRecord;
  let other: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let carrier: { auth: Record<string, string> };
  let customer: CustomerSessionRecord;
  let stranger: CustomerSessionRecord;
  let serum: string;
  let mask: string;
  const actor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'owner', storeIds: 'all' };
  let receipts = 0;
  const stockUp = (productId: string, units: number) =>
    t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: `test:shipments:${receipts++}`, unitCostAmount: 1000 });
  const level = async (productId: string) =>
    (
      await t.sql<{ on_hand: string; reserved: string }>('SELECT on_hand::text, reserved::text FROM stock_level WHERE store_id = $1 AND product_id = $2', [store.id, productId])
    ).map((row) => ({ onHand: Number(row.on_hand), reserved: Number(row.reserved) }))[0];
  const act = (id: string, step: string, body: Record<string, unknown> = {}, by: Record<string, string> = desk.auth) => t.http.post(`/v1/orders/${id}/${step}`).set(by).send(body);
  /** An online order of the customer, confirmed (unless told), started, picked and packed. */
  const packedOrder = async (lines: Array<{ productId: string; quantity: number }>, confirm: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/orders').set(desk.auth).send({ storeId: store.id, channel: 'online', customerId: customer.customerId, lines });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    expect((await act(id, 'confirm', confirm)).status).toBe(200);
    for (const step of ['start', 'pick', 'pack']) expect((await act(id, step)).status).toBe(200);
    return { id, number: res.body.number as string };
  };
  const parcel = (body: Record<string, unknown>, by: Record<string, string> = desk.auth) => t.http.post('/v1/shipments').set(by).send(body);
  const kuaidi100 = (param: string, sign?: string) => {
    const form = new URLSearchParams({ param, ...(sign === undefined ? {} : { sign }) });
    return t.http.post('/v1/shipment-notifications/kuaidi100').set('content-type', 'application/x-www-form-urlencoded').send(form.toString());
  };
  const push = (nu: string, com: string, state: string, data: Array<{ time: string; context: string; areaName?: string }>) =>
    JSON.stringify({ status: 'polling', message: '', lastResult: { message: 'ok', nu, ischeck: state === '3' ? '1' : '0', com, status: '200', state, data } });
  const count = async (sql: string, parameters: unknown[]) => (await t.sql<{ n: number }>(sql, parameters))[0].n;

  beforeAll(async () => {
    t = await startTestApp({ env: { KUAIDI100_SALT: SALT } });
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    carrier = await createApiKey(t, { scopes: ['shipments:write'], storeIds: [store.id] });
    const app = await createPublishableKey(t, owner.auth, { storeId: store.id, channel: 'online' });
    customer = await signInCustomer(t, app);
    stranger = await signInCustomer(t, app);
    const product = async (salePrice: number) => {
      const res = await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(salePrice) }));
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    serum = await product(12800);
    mask = await product(3300);
    await stockUp(serum, 10);
    await stockUp(mask, 3);
  });
  afterAll(() => t.close());

  let order: { id: string; number: string };
  let first: string;
  let second: string;

  it('ships an order in two parcels: each commits its own stock, the one with the last goods ships the order', async () => {
    order = await packedOrder([
      { productId: serum, quantity: 3 },
      { productId: mask, quantity: 2 },
    ]);
    expect(await level(serum)).toEqual({ onHand: 10, reserved: 3 });

    const one = await parcel({ orderId: order.id, carrier: 'shunfeng', trackingNumber: 'SF1001', lines: [{ lineNumber: 1, quantity: 2 }] });
    expect(one.status).toBe(201);
    expect(one.headers.location).toBe(`/v1/shipments/${one.body.id}`);
    expect(one.body).toMatchObject({ orderId: order.id, orderNumber: order.number, carrier: 'shunfeng', trackingNumber: 'SF1001', status: 'shipped', events: [] });
    expect(one.body.lines).toEqual([expect.objectContaining({ lineNumber: 1, productId: serum, quantity: 2 })]);
    first = one.body.id;
    // Two of three left the store; the third is still held for the order, which is still packed.
    expect(await level(serum)).toEqual({ onHand: 8, reserved: 1 });
    expect((await t.http.get(`/v1/orders/${order.id}`).set(desk.auth)).body.status).toBe('packed');

    const [before] = await t.sql('SELECT count(*)::int AS n FROM shipment');
    const tooMany = await parcel({ orderId: order.id, lines: [{ lineNumber: 1, quantity: 2 }] });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ code: 'shipment.already_shipped', errors: [{ field: 'lines[0].quantity', message: 'only 1 left to ship' }] });
    const unknown = await parcel({ orderId: order.id, lines: [{ lineNumber: 3, quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'lines[0].lineNumber', message: expect.any(String) }]);
    const twice = await parcel({
      orderId: order.id,
      lines: [
        { lineNumber: 2, quantity: 1 },
        { lineNumber: 2, quantity: 1 },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors).toEqual([{ field: 'lines[1].lineNumber', message: 'is given twice' }]);
    const empty = await parcel({ orderId: order.id, lines: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('lines');
    const outsider = await createUser(t, { role: 'manager', storeIds: [other.id] });
    expect((await parcel({ orderId: order.id, lines: [{ lineNumber: 2, quantity: 1 }] }, outsider.auth)).status).toBe(404);
    expect(await t.sql('SELECT count(*)::int AS n FROM shipment')).toEqual([before]);

    const two = await parcel({
      orderId: order.id,
      carrier: 'yuantong',
      trackingNumber: 'YT2002',
      lines: [
        { lineNumber: 1, quantity: 1 },
        { lineNumber: 2, quantity: 2 },
      ],
    });
    expect(two.status).toBe(201);
    second = two.body.id;
    const shipped = await t.http.get(`/v1/orders/${order.id}`).set(desk.auth);
    expect(shipped.body).toMatchObject({ status: 'shipped', allowedTransitions: ['delivered'] });
    expect(await level(serum)).toEqual({ onHand: 7, reserved: 0 });
    expect(await level(mask)).toEqual({ onHand: 1, reserved: 0 });
    const sales = await t.sql<{ product_id: string; delta: number }>(
      "SELECT product_id, sum(delta)::int AS delta FROM stock_movement WHERE document_type = 'order' AND document_id = $1 AND kind = 'sale' GROUP BY 1 ORDER BY 2",
      [order.number],
    );
    expect(sales).toEqual(
      expect.arrayContaining([
        { product_id: serum, delta: -3 },
        { product_id: mask, delta: -2 },
      ]),
    );
    expect(await count("SELECT count(*)::int AS n FROM stock_reservation WHERE reference = $1 AND status <> 'committed'", [`order:${order.id}`])).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM event WHERE name = 'order.shipped' AND payload->>'orderId' = $1", [order.id])).toBe(1);

    const shipping = await t.http.get(`/v1/orders/${order.id}/shipping`).set(desk.auth);
    expect(shipping.status).toBe(200);
    expect(shipping.body.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, quantity: 3, shipped: 3, remaining: 0, backordered: 0 }),
      expect.objectContaining({ lineNumber: 2, quantity: 2, shipped: 2, remaining: 0, backordered: 0 }),
    ]);
    expect(shipping.body.shipments.map((s: { id: string }) => s.id)).toEqual([first, second]);
    expect((await parcel({ orderId: order.id, lines: [{ lineNumber: 1, quantity: 1 }] })).body.code).toBe('shipment.order_not_packed');
  });

  it('records a carrier’s tracking events once however often they are sent; only keys and staff of the store', async () => {
    const events = [
      { status: 'picked_up', occurredAt: '2027-05-10T18:00:00+08:00', location: '上海 静安', description: '顺丰已揽收' },
      { status: 'in_transit', occurredAt: '2027-05-11T02:00:00+08:00', location: '上海 转运中心', description: '快件到达转运中心' },
    ];
    const sent = await t.http.post(`/v1/shipments/${first}/events`).set(carrier.auth).send({ events });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'in_transit' });
    expect(sent.body.events.map((e: { status: string; source: string }) => `${e.status}/${e.source}`)).toEqual(['picked_up/api', 'in_transit/api']);
    const again = await t.http
      .post(`/v1/shipments/${first}/events`)
      .set(carrier.auth)
      .send({ events: [...events].reverse() });
    expect(again.body.events).toHaveLength(2);
    expect(again.body.status).toBe('in_transit');

    const readOnly = await createApiKey(t, { scopes: ['orders:read'], storeIds: [store.id] });
    expect((await t.http.post(`/v1/shipments/${first}/events`).set(readOnly.auth).send({ events })).status).toBe(403);
    const elsewhere = await createApiKey(t, { scopes: ['shipments:write'], storeIds: [other.id] });
    expect((await t.http.post(`/v1/shipments/${first}/events`).set(elsewhere.auth).send({ events })).status).toBe(404);
    const bad = await t.http
      .post(`/v1/shipments/${first}/events`)
      .set(carrier.auth)
      .send({ events: [{ status: 'teleported', occurredAt: '2027-05-11 02:00' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events[0].occurredAt', 'events[0].status']);
    expect(await count('SELECT count(*)::int AS n FROM shipment_event WHERE shipment_id = $1', [first])).toBe(2);
    expect((await t.http.get(`/v1/shipments/${first}`).set(carrier.auth)).body.events).toHaveLength(2);
  });

  it('an exception opens the store’s task once, tells the customer and the managers; a manager resolves it', async () => {
    const damaged = { status: 'exception', exceptionKind: 'damaged', occurredAt: '2027-05-11T09:00:00+08:00', description: '外包装破损 Box damaged' };
    for (let i = 0; i < 2; i++)
      expect(
        (
          await t.http
            .post(`/v1/shipments/${first}/events`)
            .set(carrier.auth)
            .send({ events: [damaged] })
        ).status,
      ).toBe(200);
    const open = await t.http.get('/v1/shipment-exceptions').set(desk.auth);
    expect(open.status).toBe(200);
    expect(open.body.data).toEqual([
      expect.objectContaining({ shipmentId: first, orderId: order.id, orderNumber: order.number, kind: 'damaged', description: '外包装破损 Box damaged', status: 'open' }),
    ]);
    expect(await count("SELECT count(*)::int AS n FROM notification WHERE key = 'shipment.exception' AND customer_id = $1", [customer.customerId])).toBe(1);
    const inbox = await t.sql<{ user_id: string; title: string }>("SELECT user_id, title FROM staff_message WHERE key = 'shipment.exception_opened'");
    expect(inbox.map((m) => m.user_id)).toEqual(expect.arrayContaining([manager.id, owner.id]));
    expect(inbox.map((m) => m.user_id)).not.toContain(desk.id);
    expect(inbox[0].title).toContain(order.number);
    expect((await t.http.get(`/v1/shipments/${first}`).set(desk.auth)).body.status).toBe('exception');

    const id = open.body.data[0].id as string;
    expect((await t.http.post(`/v1/shipment-exceptions/${id}/resolve`).set(desk.auth).send({ note: 'x' })).status).toBe(403);
    expect((await t.http.post(`/v1/shipment-exceptions/${id}/resolve`).set(manager.auth).send({})).status).toBe(400);
    const resolved = await t.http.post(`/v1/shipment-exceptions/${id}/resolve`).set(manager.auth).send({ note: '已联系顺丰补发 Carrier resends' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: '已联系顺丰补发 Carrier resends' });
    expect((await t.http.post(`/v1/shipment-exceptions/${id}/resolve`).set(manager.auth).send({ note: 'again' })).body.code).toBe('shipment.exception_resolved');
    expect((await t.http.get('/v1/shipment-exceptions').set(manager.auth)).body.data).toEqual([]);
    expect((await t.http.get('/v1/shipment-exceptions?status=resolved').set(manager.auth)).body.data).toHaveLength(1);
  });

  it('takes Kuaidi100’s signed push once though sent twice, refuses a bad signature, and a signed-for parcel is delivered', async () => {
    const route = [
      { time: '2027-05-11 08:10:00', context: '快件已发往 上海转运中心', areaName: '上海' },
      { time: '2027-05-10 19:00:00', context: '圆通已揽收', areaName: '上海' },
    ];
    const param = push('YT2002', 'yuantong', '0', route);
    for (let i = 0; i < 2; i++) {
      const answer = await kuaidi100(param, kuaidi100Sign(param, SALT));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ result: true, returnCode: '200', message: '成功' });
    }
    const tracked = await t.http.get(`/v1/shipments/${second}`).set(desk.auth);
    expect(tracked.body).toMatchObject({ status: 'in_transit' });
    expect(tracked.body.events).toEqual([
      expect.objectContaining({ occurredAt: '2027-05-10T11:00:00.000Z', description: '圆通已揽收', source: 'kuaidi100' }),
      expect.objectContaining({ occurredAt: '2027-05-11T00:10:00.000Z', location: '上海', status: 'in_transit' }),
    ]);

    const signed = push('YT2002', 'yuantong', '3', [{ time: '2027-05-11 15:20:00', context: '已签收，签收人：本人', areaName: '上海' }, ...route]);
    const forged = await kuaidi100(signed, kuaidi100Sign(signed, 'wrong-salt'));
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'shipment_notification.bad_signature', errors: [{ field: 'sign', message: expect.any(String) }] });
    expect((await kuaidi100(signed)).status).toBe(401);
    expect((await kuaidi100('{not json', kuaidi100Sign('{not json', SALT))).body.errors).toEqual([{ field: 'param', message: 'is not JSON' }]);
    expect(await count('SELECT count(*)::int AS n FROM shipment_event WHERE shipment_id = $1', [second])).toBe(2);
    // A parcel Bloom does not know: accepted, so Kuaidi100 stops pushing it.
    const stray = push('ZT0000', 'zhongtong', '0', route);
    expect((await kuaidi100(stray, kuaidi100Sign(stray, SALT))).body).toEqual({ result: true, returnCode: '200', message: '成功' });

    for (let i = 0; i < 2; i++) expect((await kuaidi100(signed, kuaidi100Sign(signed, SALT))).status).toBe(200);
    const delivered = await t.http.get(`/v1/shipments/${second}`).set(desk.auth);
    expect(delivered.body).toMatchObject({ status: 'delivered', deliveredBy: 'carrier', deliveredAt: '2027-05-11T07:20:00.000Z' });
    // The other parcel is still on its way: the order waits for it.
    expect((await t.http.get(`/v1/orders/${order.id}`).set(desk.auth)).body.status).toBe('shipped');
  });

  it('the customer confirms the last parcel: the order is delivered, once', async () => {
    // The customer's app lists their own parcels, newest first, with their tracking; another customer sees none of them.
    const mine = await t.http.get('/v1/me/shipments').set(customer.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([first, second]));
    expect(mine.body.data.find((s: { id: string }) => s.id === first)).toMatchObject({
      orderNumber: order.number,
      carrier: expect.any(String),
      events: expect.arrayContaining([expect.objectContaining({ status: 'picked_up' })]),
    });
    const createdAt = mine.body.data.map((s: { createdAt: string }) => s.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    expect((await t.http.get('/v1/me/shipments').set(stranger.auth)).body).toEqual({ data: [] });
    expect((await t.http.get('/v1/me/shipments').set(desk.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/me/shipments/${first}/confirm-delivery`).set(stranger.auth).send()).status).toBe(404);
    expect((await t.http.post(`/v1/me/shipments/${first}/confirm-delivery`).set(desk.auth).send()).status).toBe(403);
    const confirmed = await t.http.post(`/v1/me/shipments/${first}/confirm-delivery`).set(customer.auth).send();
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'delivered', deliveredBy: 'customer' });
    expect((await t.http.post(`/v1/me/shipments/${first}/confirm-delivery`).set(customer.auth).send()).status).toBe(200);
    const delivered = await t.http.get(`/v1/orders/${order.id}`).set(desk.auth);
    expect(delivered.body).toMatchObject({ status: 'delivered', allowedTransitions: ['completed'] });
    const history = await t.http.get(`/v1/orders/${order.id}/history`).set(desk.auth);
    expect(history.body.data.at(-1)).toMatchObject({ fromStatus: 'shipped', toStatus: 'delivered', actorType: 'customer', actorId: customer.customerId });
    expect(await count("SELECT count(*)::int AS n FROM event WHERE name = 'order.delivered' AND payload->>'orderId' = $1", [order.id])).toBe(1);
  });

  it('POST /v1/orders/{id}/ship sends everything left as one parcel with its carrier; the carrier’s delivered event delivers the order', async () => {
    const o = await packedOrder([{ productId: serum, quantity: 2 }]);
    const shipped = await act(o.id, 'ship', { carrier: 'jd', trackingNumber: 'JD3003', note: '京东快递' });
    expect(shipped.status).toBe(200);
    expect(shipped.body.status).toBe('shipped');
    const [only] = (await t.http.get(`/v1/orders/${o.id}/shipping`).set(desk.auth)).body.shipments;
    expect(only).toMatchObject({ carrier: 'jd', trackingNumber: 'JD3003', lines: [expect.objectContaining({ lineNumber: 1, quantity: 2 })] });
    expect((await act(o.id, 'ship')).body).toMatchObject({ code: 'order.invalid_transition', currentState: 'shipped' });
    const done = await t.http
      .post(`/v1/shipments/${only.id}/events`)
      .set(carrier.auth)
      .send({ events: [{ status: 'delivered', occurredAt: '2027-05-12T10:00:00+08:00', description: '已签收' }] });
    expect(done.body).toMatchObject({ status: 'delivered', deliveredBy: 'carrier' });
    const history = await t.http.get(`/v1/orders/${o.id}/history`).set(desk.auth);
    expect(history.body.data.at(-1)).toMatchObject({ toStatus: 'delivered', actorType: 'carrier' });
  });

  it('a parcel that arrives closes its delayed and lost tasks; a damaged one stays open for the store', async () => {
    const o = await packedOrder([{ productId: serum, quantity: 1 }]);
    expect((await act(o.id, 'ship', { carrier: 'sf', trackingNumber: 'SF4004' })).status).toBe(200);
    const [only] = (await t.http.get(`/v1/orders/${o.id}/shipping`).set(desk.auth)).body.shipments;
    const send = (events: Array<Record<string, unknown>>) => t.http.post(`/v1/shipments/${only.id}/events`).set(carrier.auth).send({ events }).expect(200);
    await send([
      { status: 'exception', exceptionKind: 'delayed', occurredAt: '2027-05-11T09:00:00+08:00', description: '天气原因延误 Weather delay' },
      { status: 'exception', exceptionKind: 'lost', occurredAt: '2027-05-11T12:00:00+08:00', description: '暂未找到 Not found yet' },
      { status: 'exception', exceptionKind: 'damaged', occurredAt: '2027-05-11T13:00:00+08:00', description: '外箱破损 Outer box damaged' },
    ]);
    const tasks = async (status: string) =>
      ((await t.http.get(`/v1/shipment-exceptions?status=${status}`).set(manager.auth)).body.data as Array<{ shipmentId: string; kind: string; resolutionNote: string | null }>)
        .filter((task) => task.shipmentId === only.id)
        .map((task) => [task.kind, task.resolutionNote])
        .sort();
    expect(await tasks('open')).toEqual([
      ['damaged', null],
      ['delayed', null],
      ['lost', null],
    ]);
    await send([{ status: 'delivered', occurredAt: '2027-05-12T10:00:00+08:00', description: '已签收 Signed for' }]);
    expect(await tasks('open')).toEqual([['damaged', null]]);
    expect(await tasks('resolved')).toEqual([
      ['delayed', '包裹已送达 The parcel was delivered'],
      ['lost', '包裹已送达 The parcel was delivered'],
    ]);
  });

  it('of two parcels of the same goods sent at once, one leaves and the other is refused', async () => {
    const o = await packedOrder([{ productId: serum, quantity: 3 }]);
    const before = await level(serum);
    const body = { orderId: o.id, lines: [{ lineNumber: 1, quantity: 2 }] };
    const [a, b] = await raceOfTwo(
      t,
      () => parcel(body),
      () => parcel(body),
    );
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body).toMatchObject({
      code: 'shipment.already_shipped',
      errors: [{ field: 'lines[0].quantity', message: 'only 1 left to ship' }],
    });
    expect(await count('SELECT count(*)::int AS n FROM shipment WHERE order_id = $1', [o.id])).toBe(1);
    expect(await level(serum)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved - 2 });
    expect((await t.http.get(`/v1/orders/${o.id}`).set(desk.auth)).body.status).toBe('packed');
    // Goods that left are not cancelled: the order stays as it was.
    const cancel = await act(o.id, 'cancel', { reason: '顾客取消 Changed their mind' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('order.partly_shipped');
    expect(await level(serum)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved - 2 });
    // What is left still ships, and ships the order.
    expect((await act(o.id, 'ship')).body.status).toBe('shipped');
    expect(await level(serum)).toEqual({ onHand: before.onHand - 3, reserved: before.reserved - 3 });
  });

  it('confirms with a back-order when asked: the short line holds what there is, the rest is suggested for purchase and ships once it arrives', async () => {
    expect(await level(mask)).toEqual({ onHand: 1, reserved: 0 });
    const res = await t.http
      .post('/v1/orders')
      .set(desk.auth)
      .send({
        storeId: store.id,
        channel: 'online',
        customerId: customer.customerId,
        lines: [
          { productId: serum, quantity: 1 },
          { productId: mask, quantity: 3 },
        ],
      });
    const id = res.body.id as string;
    const refused = await act(id, 'confirm');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'lines[1].quantity', message: expect.any(String) }] });
    expect(await level(mask)).toEqual({ onHand: 1, reserved: 0 });

    const confirmed = await act(id, 'confirm', { backorder: true });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(await level(mask)).toEqual({ onHand: 1, reserved: 1 });
    const shipping = await t.http.get(`/v1/orders/${id}/shipping`).set(desk.auth);
    expect(shipping.body.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, backordered: 0 }),
      expect.objectContaining({ lineNumber: 2, productId: mask, quantity: 3, backordered: 2, remaining: 3 }),
    ]);
    const suggested = await t.http.get(`/v1/purchase-orders/suggested?storeId=${store.id}`).set(manager.auth);
    expect(suggested.status).toBe(200);
    const lines = suggested.body.data.flatMap((group: { lines: Array<{ productId: string }> }) => group.lines);
    expect(lines).toEqual([expect.objectContaining({ productId: mask, backorderedPieces: 2, suggestedPieces: 2 })]);

    for (const step of ['start', 'pick', 'pack']) expect((await act(id, step)).status).toBe(200);
    const early = await act(id, 'ship');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'lines[1].quantity', message: expect.any(String) }] });
    await stockUp(mask, 5);
    expect((await act(id, 'ship')).body.status).toBe('shipped');
    expect(await level(mask)).toEqual({ onHand: 3, reserved: 0 });
    expect((await t.http.get(`/v1/orders/${id}/shipping`).set(desk.auth)).body.lines[1]).toMatchObject({ shipped: 3, backordered: 0 });
    expect(await t.sql('SELECT status FROM stock_backorder WHERE reference = $1', [`order:${id}`])).toEqual([{ status: 'filled' }]);
    const after = await t.http.get(`/v1/purchase-orders/suggested?storeId=${store.id}`).set(manager.auth);
    expect(after.body.data).toEqual([]);
  });

  it('inventory commits part of a reservation: the part going out is split off with its own sale, the rest stays held; a back-order ships from later stock', async () => {
    const reservations = t.app.get(StockReservations);
    const cream = await (async () => {
      const res = await t.http
        .post('/v1/products')
        .set(owner.auth)
        .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(5000) }));
      return res.body.id as string;
    })();
    await stockUp(cream, 4);
    const reference = 'order:commit-part-test';
    const by: MovedBy = { type: 'system', id: null };
    const lines = [
      { productId: cream, units: 3, field: 'lines[0].quantity' },
      { productId: cream, units: 2, field: 'lines[1].quantity' },
    ];
    await t.app.get(Db).transaction(() => reservations.reserve(actor, { storeId: store.id, reference, lines, expiresAt: new Date(Date.now() + 86_400_000), backorder: true }));
    // 4 there: 3 + 1 held, 1 back-ordered on the second line.
    expect(await level(cream)).toEqual({ onHand: 4, reserved: 4 });
    expect(await reservations.backorders(reference)).toEqual([{ field: 'lines[1].quantity', productId: cream, units: 1 }]);
    const part = (units: number, key: string) =>
      reservations.commitPart(actor, by, {
        reference,
        storeId: store.id,
        productId: cream,
        units,
        document: { type: 'order', id: 'SO-TEST' },
        sourceKey: key,
        field: 'lines[1].quantity',
      });
    // Which held reservation goes first is theirs to say; each one taken from is committed into its own sale.
    const moved = await part(2, 'test:part:1');
    expect(moved.length).toBeGreaterThanOrEqual(1);
    expect(await level(cream)).toEqual({ onHand: 2, reserved: 2 });
    const rows = await t.sql<{ units: number; status: string; movement: boolean }>(
      'SELECT units::int, status, movement_id IS NOT NULL AS movement FROM stock_reservation WHERE reference = $1 ORDER BY status, units',
      [reference],
    );
    expect(rows.filter((r) => r.status === 'committed').reduce((n, r) => n + r.units, 0)).toBe(2);
    expect(rows.filter((r) => r.status === 'active').reduce((n, r) => n + r.units, 0)).toBe(2);
    expect(rows.every((r) => r.movement === (r.status === 'committed'))).toBe(true);
    // The held two and the back-ordered one: the third is not there yet.
    await expect(part(3, 'test:part:2')).rejects.toMatchObject({ code: 'inventory.insufficient_stock', options: { errors: [{ field: 'lines[1].quantity' }] } });
    expect(await level(cream)).toEqual({ onHand: 2, reserved: 2 });
    await stockUp(cream, 1);
    expect(new Set([...moved, ...(await part(3, 'test:part:2'))]).size).toBeGreaterThanOrEqual(3);
    expect(await count("SELECT -sum(delta)::int AS n FROM stock_movement WHERE document_id = 'SO-TEST' AND kind = 'sale'", [])).toBe(5);
    expect(await level(cream)).toEqual({ onHand: 0, reserved: 0 });
    expect(await reservations.backorders(reference)).toEqual([]);
    expect(await t.sql('SELECT status FROM stock_backorder WHERE reference = $1', [reference])).toEqual([{ status: 'filled' }]);
  });
});
