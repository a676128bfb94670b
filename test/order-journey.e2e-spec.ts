/**
 * An online product order from intake to the customer's door (issue 15), on the real PostgreSQL and
 * Redis with WeChat Pay's API faked over HTTP: taken with the customer's contact details and address,
 * paid by WeChat Pay prepay (its notification sent three times), confirmed (the goods reserved), picked,
 * packed, shipped with its carrier (stock leaves as a sale), tracked by the carrier's key and Kuaidi100,
 * delivered and completed; each event once. And the crowd at the last units: 50 orders confirmed at once
 * against 10 in stock, of which exactly 10 succeed.
 */
import request from 'supertest';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { kuaidi100Sign } from '../src/modules/orders/shipments/kuaidi100.js';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { startFakeWechatPay, wechatNotification, wechatPayTestKeys, wechatTransaction, type FakeWechatPay, type WechatPayTestKeys } from './support/fake-wechat-pay.js';

const SALT = 'journey-kuaidi100-salt';

describe('an online order from intake to the door', () => {
  let t: TestApp;
  let wechat: FakeWechatPay;
  let wechatKeys: WechatPayTestKeys;
  let store: StoreRecord;
  let owner: UserRecord;
  let desk: UserRecord;
  let carrier: { auth: Record<string, string> };
  let shop: { auth: Record<string, string> };
  let serum: string;
  let lastUnits: string;
  const actor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'owner', storeIds: 'all' };
  let receipts = 0;
  const stockUp = (productId: string, units: number) =>
    t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: `test:journey:${receipts++}`, unitCostAmount: 1000 });
  const level = async (productId: string) =>
    (
      await t.sql<{ onHand: number; reserved: number }>('SELECT on_hand::int AS "onHand", reserved::int AS reserved FROM stock_level WHERE store_id = $1 AND product_id = $2', [
        store.id,
        productId,
      ])
    )[0];
  const act = (id: string, step: string, body: Record<string, unknown> = {}) => t.http.post(`/v1/orders/${id}/${step}`).set(desk.auth).send(body);
  const product = async (salePrice: number) => {
    const res = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(salePrice) }));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    wechatKeys = wechatPayTestKeys();
    wechat = await startFakeWechatPay(wechatKeys);
    t = await startTestApp({ env: { ...wechatKeys.env, WECHAT_PAY_API_BASE: wechat.url, PUBLIC_BASE_URL: 'https://bloom.example.com', KUAIDI100_SALT: SALT } });
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    carrier = await createApiKey(t, { scopes: ['shipments:write'], storeIds: [store.id] });
    shop = await createApiKey(t, { scopes: ['orders:write', 'orders:read'], storeIds: [store.id] });
    serum = await product(12800);
    lastUnits = await product(3300);
    await stockUp(serum, 5);
    await stockUp(lastUnits, 10);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('is taken, paid by WeChat Pay, confirmed with its goods reserved, picked, packed, shipped, tracked, delivered and completed; each event once', async () => {
    // The online shop sends it with the customer's contact details and address.
    const taken = await t.http
      .post('/v1/orders')
      .set(shop.auth)
      .set('Idempotency-Key', 'journey-1')
      .send({
        storeId: store.id,
        channel: 'online',
        customer: { name: '林晓', phone: '+8613911112222' },
        lines: [{ productId: serum, quantity: 2 }],
        deliveryAddress: { recipient: '林晓', phone: '+8613911112222', province: '上海市', city: '上海市', district: '徐汇区', line1: '漕溪北路 88 号' },
        specialRequests: '请用礼盒包装 Gift box, please',
      });
    expect(taken.status).toBe(201);
    const id = taken.body.id as string;
    expect(taken.body).toMatchObject({ status: 'pending_confirmation', classification: 'product', total: cny(25600), paymentStatus: 'unpaid', confirmDueAt: expect.any(String) });

    // Paid in the shop's app: pending until WeChat Pay's notification, which comes three times and counts once.
    const prepay = await t.http
      .post(`/v1/orders/${id}/payments`)
      .set(shop.auth)
      .set('Idempotency-Key', 'journey-pay')
      .send({ method: 'wechat_pay', amount: cny(25600), channel: 'app' });
    expect(prepay.status).toBe(201);
    expect(prepay.body).toMatchObject({ status: 'pending', clientParams: { prepayid: expect.any(String) } });
    const notice = wechatNotification(wechatKeys, wechatTransaction(wechatKeys, prepay.body.id.replace(/-/g, ''), 25600));
    for (let i = 0; i < 3; i++) {
      const ack = await request(t.app.getHttpServer()).post('/v1/payment-notifications/wechat-pay').set(notice.headers).set('content-type', 'application/json').send(notice.body);
      expect(ack.status).toBe(204);
    }
    expect((await t.http.get(`/v1/orders/${id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'paid', paid: cny(25600), balanceDue: cny(0) });

    // Confirmed: the goods are held for it; the shipping promise starts.
    const confirmed = await act(id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', shipDueAt: expect.any(String) });
    expect(await level(serum)).toEqual({ onHand: 5, reserved: 2 });
    for (const step of ['start', 'pick', 'pack']) expect((await act(id, step)).status).toBe(200);

    // One parcel with everything: the reservation becomes a sale, the order is shipped.
    const parcel = await t.http
      .post('/v1/shipments')
      .set(desk.auth)
      .send({ orderId: id, carrier: 'shunfeng', trackingNumber: 'SF1400000001', lines: [{ lineNumber: 1, quantity: 2 }] });
    expect(parcel.status).toBe(201);
    expect(await level(serum)).toEqual({ onHand: 3, reserved: 0 });
    expect((await t.http.get(`/v1/orders/${id}`).set(desk.auth)).body.status).toBe('shipped');

    // The carrier reports its progress; Kuaidi100 pushes the signature at the door.
    const tracked = await t.http
      .post(`/v1/shipments/${parcel.body.id}/events`)
      .set(carrier.auth)
      .send({ events: [{ status: 'picked_up', occurredAt: '2027-05-10T18:00:00+08:00', location: '上海 徐汇', description: '顺丰已揽收' }] });
    expect(tracked.status).toBe(200);
    const param = JSON.stringify({
      status: 'polling',
      message: '',
      lastResult: {
        message: 'ok',
        nu: 'SF1400000001',
        ischeck: '1',
        com: 'shunfeng',
        status: '200',
        state: '3',
        data: [{ time: '2027-05-11 15:20:00', context: '已签收，签收人：本人', areaName: '上海' }],
      },
    });
    const pushed = await t.http
      .post('/v1/shipment-notifications/kuaidi100')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(new URLSearchParams({ param, sign: kuaidi100Sign(param, SALT) }).toString());
    expect(pushed.body).toEqual({ result: true, returnCode: '200', message: '成功' });
    expect((await t.http.get(`/v1/orders/${id}`).set(desk.auth)).body.status).toBe('delivered');
    expect((await act(id, 'complete')).body).toMatchObject({ status: 'completed', allowedTransitions: [] });

    const history = await t.http.get(`/v1/orders/${id}/history`).set(desk.auth);
    expect(history.body.data.map((h: { toStatus: string }) => h.toStatus)).toEqual(['confirmed', 'in_progress', 'picked', 'packed', 'shipped', 'delivered', 'completed']);
    const events = await t.sql<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM event WHERE payload->>'orderId' = $1 GROUP BY name ORDER BY name`, [id]);
    expect(events).toEqual(['order.completed', 'order.confirmed', 'order.created', 'order.delivered', 'order.paid', 'order.shipped'].sort().map((name) => ({ name, n: 1 })));
    // Met its promises: nothing is overdue.
    expect((await t.http.get(`/v1/orders/${id}`).set(desk.auth)).body).toMatchObject({ confirmationOverdueAt: null, shippingOverdueAt: null });
  });

  it('of 50 orders confirmed at once against the last 10 units, exactly 10 are confirmed; the others answer 409 naming the line and hold nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await t.http
        .post('/v1/orders')
        .set(shop.auth)
        .send({ storeId: store.id, channel: 'online', customer: { name: `顾客${i}`, phone: `+86137${String(10_000_000 + i)}` }, lines: [{ productId: lastUnits, quantity: 1 }] });
      expect(res.status).toBe(201);
      ids.push(res.body.id as string);
    }
    const answers = await Promise.all(ids.map((id) => act(id, 'confirm')));
    const confirmed = answers.filter((res) => res.status === 200);
    const refused = answers.filter((res) => res.status !== 200);
    expect(confirmed).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const res of refused) {
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'lines[0].quantity', message: expect.any(String) }] });
    }
    expect(await level(lastUnits)).toEqual({ onHand: 10, reserved: 10 });
    const states = await t.sql<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM "order" WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status', [ids]);
    expect(states).toEqual([
      { status: 'confirmed', n: 10 },
      { status: 'pending_confirmation', n: 40 },
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM stock_reservation WHERE reference = ANY($1::text[]) AND status = 'active'`, [ids.map((id) => `order:${id}`)])).toEqual([
      { n: 10 },
    ]);
  });
});
