/**
 * Orders' payments (issue 15) on the real PostgreSQL and Redis, with WeChat Pay and Alipay played by
 * local fakes that check our signatures and sign their answers and notifications with keys generated
 * here: cash with change, card, split and partial payments, cash on delivery, payment codes at the
 * counter, prepay settled by notifications (verified, applied once though sent three times), refused
 * notifications, overpayment, the Idempotency-Key race, refunds, the payment status, and the
 * customer's figures and timeline.
 */
import request from 'supertest';
import { startTestApp, type TestApp } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { alipayNotification, alipayTestKeys, startFakeAlipay, type AlipayTestKeys, type FakeAlipay } from './support/fake-alipay.js';
import {
  startFakeWechatPay,
  wechatNotification,
  wechatPayTestKeys,
  wechatRefundNotification,
  wechatTransaction,
  type FakeWechatPay,
  type WechatPayTestKeys,
} from './support/fake-wechat-pay.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { waitFor } from './support/wait.js';
import { deadlinesOf } from './support/deadlines.js';
import { PAYMENT_EXPIRY } from '../src/modules/orders/payments/order-payments.service.js';
import { REFUND_CHECK } from '../src/modules/orders/payments/order-refunds.service.js';

describe('order payments', () => {
  let t: TestApp;
  let wechatKeys: WechatPayTestKeys;
  let alipayKeys: AlipayTestKeys;
  let wechat: FakeWechatPay;
  let alipay: FakeAlipay;
  let store: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let serum: string;
  let customer: string;
  let keys = 0;

  /** A new order of `quantity` serums at ¥128.00. */
  const newOrder = async (quantity = 2, customerId = customer) => {
    const res = await t.http
      .post('/v1/orders')
      .set(desk.auth)
      .send({ storeId: store.id, channel: 'in_store', customerId, lines: [{ productId: serum, quantity }] });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; total: { amount: number } };
  };
  const pay = (orderId: string, body: Record<string, unknown>, key = `pay-${keys++}`) =>
    t.http.post(`/v1/orders/${orderId}/payments`).set(desk.auth).set('Idempotency-Key', key).send(body);
  const payments = async (orderId: string) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM order_payment WHERE order_id = $1', [orderId]))[0].n;
  const figures = async (customerId = customer) =>
    (await t.sql<{ spend: string; tickets: number }>('SELECT spend_total::text AS spend, ticket_count AS tickets FROM customer WHERE id = $1', [customerId]))[0];
  const events = async (name: string, orderId: string) =>
    (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE name = $1 AND payload->>'orderId' = $2", [name, orderId]))[0].n;
  const notifyWechat = (notice: { headers: Record<string, string>; body: string }) =>
    request(t.app.getHttpServer()).post('/v1/payment-notifications/wechat-pay').set(notice.headers).set('content-type', 'application/json').send(notice.body);
  const notifyAlipay = (body: string) =>
    request(t.app.getHttpServer()).post('/v1/payment-notifications/alipay').set('content-type', 'application/x-www-form-urlencoded;charset=utf-8').send(body);
  const newCustomer = async () => {
    const res = await t.http
      .post('/v1/customers')
      .set(desk.auth)
      .send({ name: '李小梅', phone: `+86139${String(10_000_000 + Math.floor(Math.random() * 89_999_999))}` });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    wechatKeys = wechatPayTestKeys();
    alipayKeys = alipayTestKeys();
    wechat = await startFakeWechatPay(wechatKeys);
    alipay = await startFakeAlipay(alipayKeys);
    t = await startTestApp({
      env: { ...wechatKeys.env, ...alipayKeys.env, WECHAT_PAY_API_BASE: wechat.url, ALIPAY_GATEWAY: alipay.url, PUBLIC_BASE_URL: 'https://bloom.example.com' },
    });
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const product = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(12800) }));
    expect(product.status).toBe(201);
    serum = product.body.id;
    customer = await newCustomer();
    await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/payments', eventTypes: ['order.paid', 'order.refunded'], storeIds: [store.id] })
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
    await alipay.close();
  });

  it('cash with change: the order is paid, the change is said, the customer’s figures move once', async () => {
    const order = await newOrder();
    const before = await figures();
    const res = await pay(order.id, { method: 'cash', amount: cny(25600), tendered: cny(30000) });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/orders/${order.id}/payments`);
    expect(res.body).toMatchObject({
      method: 'cash',
      status: 'succeeded',
      amount: cny(25600),
      tendered: cny(30000),
      changeAmount: cny(4400),
      order: { paymentStatus: 'paid', paid: cny(25600), balanceDue: cny(0) },
    });
    const got = await t.http.get(`/v1/orders/${order.id}`).set(desk.auth).expect(200);
    expect(got.body).toMatchObject({ paymentStatus: 'paid', paid: cny(25600), balanceDue: cny(0), refunded: cny(0) });
    expect(await figures()).toEqual({ spend: String(Number(before.spend) + 25600), tickets: before.tickets + 1 });
    expect(await events('order.paid', order.id)).toBe(1);
    const webhook = await waitFor(
      () => t.sql<{ body: string }>("SELECT body FROM webhook_message WHERE type = 'order.paid' AND body::jsonb->'data'->>'id' = $1", [order.id]),
      (rows) => rows.length > 0,
    );
    expect(JSON.parse(webhook[0].body)).toMatchObject({ type: 'order.paid', data: { id: order.id, paymentStatus: 'paid', paid: cny(25600) } });
    // Its receipt reads these columns.
    expect(await t.sql('SELECT method, amount::int, tendered_amount::int, change_amount::int, status FROM order_payment WHERE order_id = $1', [order.id])).toEqual([
      { method: 'cash', amount: 25600, tendered_amount: 30000, change_amount: 4400, status: 'succeeded' },
    ]);
  });

  it('refuses paying more than is due (change only for cash), field by field, writing nothing', async () => {
    const order = await newOrder(1);
    const over = await pay(order.id, { method: 'cash', amount: cny(13000) });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(over.body).toMatchObject({ code: 'payment.exceeds_balance', errors: [{ field: 'amount' }] });
    const change = await pay(order.id, { method: 'card', amount: cny(12800), tendered: cny(20000) });
    expect(change.status).toBe(422);
    expect(change.body).toMatchObject({ code: 'payment.change_only_for_cash', errors: [{ field: 'tendered' }] });
    const short = await pay(order.id, { method: 'cash', amount: cny(12800), tendered: cny(10000) });
    expect(short.body.errors).toEqual([{ field: 'tendered', message: expect.any(String) }]);
    const zero = await pay(order.id, { method: 'card', amount: cny(0) });
    expect(zero.body.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    const noWay = await pay(order.id, { method: 'wechat_pay', amount: cny(12800) });
    expect(noWay.body.errors).toEqual([{ field: 'authCode', message: expect.any(String) }]);
    const badMethod = await pay(order.id, { method: 'bitcoin', amount: cny(12800) });
    expect(badMethod.status).toBe(400);
    expect(badMethod.body.errors).toEqual([{ field: 'method', message: expect.any(String) }]);
    const currency = await pay(order.id, { method: 'card', amount: { amount: 12800, currency: 'USD' } });
    expect(currency.body.errors).toEqual([{ field: 'amount.currency', message: expect.any(String) }]);
    expect(await payments(order.id)).toBe(0);
    const got = await t.http.get(`/v1/orders/${order.id}`).set(desk.auth);
    expect(got.body).toMatchObject({ paymentStatus: 'unpaid', paid: cny(0), balanceDue: cny(12800) });
  });

  it('splits a payment over card and cash: partly paid, then paid; one ticket for the customer', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(2, buyer);
    const card = await pay(order.id, { method: 'card', amount: cny(10000), reference: '000123456789' });
    expect(card.body).toMatchObject({ status: 'succeeded', providerReference: '000123456789', order: { paymentStatus: 'partly_paid', balanceDue: cny(15600) } });
    expect(await events('order.paid', order.id)).toBe(0);
    const cash = await pay(order.id, { method: 'cash', amount: cny(15600) });
    expect(cash.body).toMatchObject({ status: 'succeeded', changeAmount: cny(0), order: { paymentStatus: 'paid', balanceDue: cny(0) } });
    const list = await t.http.get(`/v1/orders/${order.id}/payments`).set(manager.auth).expect(200);
    expect(list.body.data.map((p: { method: string; amount: { amount: number } }) => [p.method, p.amount.amount])).toEqual([
      ['card', 10000],
      ['cash', 15600],
    ]);
    expect(list.body.order).toMatchObject({ paymentStatus: 'paid', paid: cny(25600) });
    expect(await figures(buyer)).toEqual({ spend: '25600', tickets: 1 });
    expect(await events('order.paid', order.id)).toBe(1);
    // Paid in full: nothing more is taken.
    expect((await pay(order.id, { method: 'cash', amount: cny(1) })).body.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
  });

  it('WeChat Pay and Alipay at the counter charge the scanned code; a refused code records nothing', async () => {
    const order = await newOrder(2);
    const w = await pay(order.id, { method: 'wechat_pay', amount: cny(12800), authCode: '134567890123456789' });
    expect(w.status).toBe(201);
    expect(w.body).toMatchObject({ method: 'wechat_pay', channel: 'counter', status: 'succeeded', providerReference: expect.stringMatching(/^42000/) });
    expect(wechat.requests.at(-1)).toMatchObject({ path: '/v3/pay/transactions/codepay', body: { out_trade_no: w.body.id.replace(/-/g, ''), amount: { total: 12800 } } });
    const a = await pay(order.id, { method: 'alipay', amount: cny(12800), authCode: '284567890123456789' });
    expect(a.body).toMatchObject({ method: 'alipay', status: 'succeeded', providerReference: expect.any(String), order: { paymentStatus: 'paid' } });
    expect(alipay.requests.at(-1)).toMatchObject({ method: 'alipay.trade.pay', biz: { total_amount: '128.00', auth_code: '284567890123456789' } });

    const other = await newOrder(1);
    alipay.codeOutcomes.set('289999999999999999', 'ACQ.PAYMENT_AUTH_CODE_INVALID');
    const refused = await pay(other.id, { method: 'alipay', amount: cny(12800), authCode: '289999999999999999' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('payment.provider_declined');
    expect(await payments(other.id)).toBe(0);
  });

  it('a charge WeChat Pay does not answer is queried, then cancelled: nothing is taken or recorded', async () => {
    const order = await newOrder(1);
    wechat.codeOutcomes.set('139999999999999999', 'SYSTEM_ERROR');
    const res = await pay(order.id, { method: 'wechat_pay', amount: cny(12800), authCode: '139999999999999999' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('payment.provider_unavailable');
    const paths = wechat.requests.slice(-3).map((r) => r.path);
    expect(paths[0]).toBe('/v3/pay/transactions/codepay');
    expect(paths[1]).toMatch(/^\/v3\/pay\/transactions\/out-trade-no\/[0-9a-f]{32}\?mchid=/);
    expect(paths[2]).toMatch(/\/reverse$/);
    expect(await payments(order.id)).toBe(0);
  });

  it('WeChat Pay prepay: pending until the notification, which is verified and applied once though sent three times', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(2, buyer);
    const res = await pay(order.id, { method: 'wechat_pay', amount: cny(25600), channel: 'app' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      channel: 'app',
      clientParams: { prepayid: expect.any(String), package: 'Sign=WXPay' },
      order: { paymentStatus: 'unpaid' },
    });
    // The pending prepay holds the balance: nobody pays it twice meanwhile.
    expect((await pay(order.id, { method: 'cash', amount: cny(100) })).body).toMatchObject({ code: 'payment.exceeds_balance' });

    const outTradeNo = res.body.id.replace(/-/g, '');
    const transaction = wechatTransaction(wechatKeys, outTradeNo, 25600);
    const notice = wechatNotification(wechatKeys, transaction);
    // A forged signature and a wrong amount are refused and change nothing.
    const forged = await notifyWechat({
      headers: { ...notice.headers, 'wechatpay-signature': notice.headers['wechatpay-signature'].replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      body: notice.body,
    });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('payment_notification.bad_signature');
    const wrong = await notifyWechat(wechatNotification(wechatKeys, wechatTransaction(wechatKeys, outTradeNo, 100)));
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('payment_notification.amount_mismatch');
    expect(await t.sql('SELECT status FROM order_payment WHERE order_id = $1', [order.id])).toEqual([{ status: 'pending' }]);
    expect(await t.sql('SELECT count(*)::int AS n FROM payment_notification WHERE payment_id = $1', [res.body.id])).toEqual([{ n: 0 }]);

    for (let i = 0; i < 3; i++) {
      const ack = await notifyWechat(notice);
      expect(ack.status).toBe(204);
    }
    const list = await t.http.get(`/v1/orders/${order.id}/payments`).set(desk.auth);
    expect(list.body.data).toEqual([expect.objectContaining({ status: 'succeeded', providerReference: transaction.transaction_id })]);
    expect(list.body.order).toMatchObject({ paymentStatus: 'paid', paid: cny(25600), balanceDue: cny(0) });
    expect(await figures(buyer)).toEqual({ spend: '25600', tickets: 1 });
    expect(await events('order.paid', order.id)).toBe(1);
    // The same transaction under another notification id changes nothing either.
    expect((await notifyWechat(wechatNotification(wechatKeys, transaction))).status).toBe(204);
    expect(await figures(buyer)).toEqual({ spend: '25600', tickets: 1 });
  });

  it('Alipay prepay: the notification is verified and applied once though sent three times; a bad signature changes nothing', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(1, buyer);
    const res = await pay(order.id, { method: 'alipay', amount: cny(12800), channel: 'app' });
    expect(res.body).toMatchObject({ status: 'pending', clientParams: { orderStr: expect.stringContaining('sign=') } });
    // The app's order string tells Alipay where to notify and until when the customer may pay.
    const orderStr = new URLSearchParams(res.body.clientParams.orderStr);
    expect(orderStr.get('notify_url')).toBe('https://bloom.example.com/v1/payment-notifications/alipay');
    expect(JSON.parse(orderStr.get('biz_content')!)).toMatchObject({ total_amount: '128.00', time_expire: expect.any(String) });
    const outTradeNo = res.body.id.replace(/-/g, '');
    const body = alipayNotification(alipayKeys, { out_trade_no: outTradeNo, total_amount: '128.00' });
    const tampered = body.replace('total_amount=128.00', 'total_amount=1.28');
    const bad = await notifyAlipay(tampered);
    expect(bad.status).toBe(401);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const mismatch = await notifyAlipay(alipayNotification(alipayKeys, { out_trade_no: outTradeNo, total_amount: '1.28' }));
    expect(mismatch.status).toBe(422);
    expect(await figures(buyer)).toEqual({ spend: '0', tickets: 0 });

    // Three at once: one applies it, the others find it applied.
    const acks = await Promise.all([1, 2, 3].map(() => notifyAlipay(body)));
    expect(acks.map((ack) => [ack.status, ack.text])).toEqual([
      [200, 'success'],
      [200, 'success'],
      [200, 'success'],
    ]);
    expect(await t.sql('SELECT status FROM order_payment WHERE order_id = $1', [order.id])).toEqual([{ status: 'succeeded' }]);
    expect(await t.sql('SELECT count(*)::int AS n FROM payment_notification WHERE payment_id = $1', [res.body.id])).toEqual([{ n: 1 }]);
    expect(await figures(buyer)).toEqual({ spend: '12800', tickets: 1 });
    expect(await events('order.paid', order.id)).toBe(1);
    expect((await notifyAlipay(alipayNotification(alipayKeys, { out_trade_no: 'f'.repeat(32), total_amount: '128.00' }))).status).toBe(404);
  });

  it('a pending payment can be queried: Alipay in the mini-program paid meanwhile', async () => {
    const order = await newOrder(1);
    const res = await pay(order.id, { method: 'alipay', amount: cny(12800), channel: 'mini_program', payerId: '2088102146225135' });
    expect(res.body).toMatchObject({ status: 'pending', clientParams: { tradeNO: expect.any(String) } });
    const still = await t.http.post(`/v1/orders/${order.id}/payments/${res.body.id}/query`).set(desk.auth).expect(200);
    expect(still.body.status).toBe('pending');
    // The customer pays; Alipay's notification settles it, and a later query answers it as it is.
    const trade = alipay.requests.find((r) => r.method === 'alipay.trade.create' && r.biz.out_trade_no === res.body.id.replace(/-/g, ''));
    expect(trade).toBeDefined();
    await notifyAlipay(alipayNotification(alipayKeys, { out_trade_no: res.body.id.replace(/-/g, ''), total_amount: '128.00' })).expect(200);
    const after = await t.http.post(`/v1/orders/${order.id}/payments/${res.body.id}/query`).set(desk.auth).expect(200);
    expect(after.body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });
    const cash = await pay(order.id, { method: 'cash', amount: cny(100) });
    expect(cash.status).toBe(422);
    expect((await t.http.post(`/v1/orders/${order.id}/payments/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/query`).set(desk.auth)).status).toBe(404);
  });

  it('a code the customer must confirm on the phone stays pending; an Alipay trade closed unpaid frees what it held', async () => {
    const order = await newOrder(1);
    wechat.codeOutcomes.set('131111111111111111', 'userpaying');
    const res = await pay(order.id, { method: 'wechat_pay', amount: cny(12800), authCode: '131111111111111111' });
    expect(res.body).toMatchObject({ status: 'pending', channel: 'counter', order: { paymentStatus: 'unpaid' } });
    const queried = await t.http.post(`/v1/orders/${order.id}/payments/${res.body.id}/query`).set(desk.auth).expect(200);
    expect(queried.body.status).toBe('pending');

    const other = await newOrder(1);
    const prepay = await pay(other.id, { method: 'alipay', amount: cny(12800), channel: 'app' });
    expect((await pay(other.id, { method: 'cash', amount: cny(12800) })).status).toBe(422);
    const closed = alipayNotification(alipayKeys, { out_trade_no: prepay.body.id.replace(/-/g, ''), total_amount: '128.00', trade_status: 'TRADE_CLOSED' });
    expect((await notifyAlipay(closed)).status).toBe(200);
    const list = await t.http.get(`/v1/orders/${other.id}/payments`).set(desk.auth);
    expect(list.body.data).toEqual([expect.objectContaining({ status: 'cancelled', failureReason: expect.any(String) })]);
    expect((await pay(other.id, { method: 'cash', amount: cny(12800) })).body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });
  });

  it('cash on delivery stays pending until the courier’s money is collected, once', async () => {
    const order = await newOrder(1);
    const res = await pay(order.id, { method: 'cod', amount: cny(12800) });
    expect(res.body).toMatchObject({ status: 'pending', order: { paymentStatus: 'unpaid', balanceDue: cny(12800) } });
    const collected = await t.http.post(`/v1/orders/${order.id}/payments/${res.body.id}/collect`).set(desk.auth).expect(200);
    expect(collected.body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });
    const again = await t.http.post(`/v1/orders/${order.id}/payments/${res.body.id}/collect`).set(desk.auth);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payment.not_pending');
  });

  it('a pending payment is called off with a reason: refused cash on delivery, a WeChat prepay closed at the provider, an Alipay code revoked; one already paid is refused', async () => {
    const cancel = (orderId: string, paymentId: string, reason = '顾客拒收 Refused at the door') =>
      t.http.post(`/v1/orders/${orderId}/payments/${paymentId}/cancel`).set(desk.auth).send({ reason });
    const order = await newOrder(1);
    const cod = await pay(order.id, { method: 'cod', amount: cny(12800) });
    expect((await t.http.post(`/v1/orders/${order.id}/payments/${cod.body.id}/cancel`).set(desk.auth).send({})).status).toBe(400);
    const called = await cancel(order.id, cod.body.id);
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ status: 'cancelled', failureReason: '顾客拒收 Refused at the door', order: { paymentStatus: 'unpaid', balanceDue: cny(12800) } });
    // No longer held against the balance: the customer pays it another way; a second cancel is refused.
    expect((await pay(order.id, { method: 'cash', amount: cny(12800) })).body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });
    const again = await cancel(order.id, cod.body.id);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('payment.not_pending');

    const app = await newOrder(1);
    const prepay = await pay(app.id, { method: 'wechat_pay', amount: cny(12800), channel: 'app' });
    const out = prepay.body.id.replace(/-/g, '');
    expect((await cancel(app.id, prepay.body.id, '顾客改用现金 Paying cash instead')).body).toMatchObject({ status: 'cancelled' });
    expect(wechat.requests.filter((r) => r.path === `/v3/pay/transactions/out-trade-no/${out}/close`)).toHaveLength(1);
    // Closed at WeChat Pay: the app can no longer pay it.
    const closed = await t.http.post(`/v1/orders/${app.id}/payments/${prepay.body.id}/query`).set(desk.auth).expect(200);
    expect(closed.body.status).toBe('cancelled');

    const counter = await newOrder(1);
    alipay.codeOutcomes.set('281111111111111111', 'userpaying');
    const code = await pay(counter.id, { method: 'alipay', amount: cny(12800), authCode: '281111111111111111' });
    expect(code.body.status).toBe('pending');
    expect((await cancel(counter.id, code.body.id, '顾客未确认 Never confirmed')).body).toMatchObject({ status: 'cancelled' });
    expect(alipay.requests.filter((r) => r.method === 'alipay.trade.cancel' && r.biz.out_trade_no === code.body.id.replace(/-/g, ''))).toHaveLength(1);

    // Paid in the app before the desk gave up: refused, and nothing changes here or there; a query settles it.
    const late = await newOrder(1);
    const paidMeanwhile = await pay(late.id, { method: 'wechat_pay', amount: cny(12800), channel: 'app' });
    wechat.buyerPays(paidMeanwhile.body.id.replace(/-/g, ''));
    const refused = await cancel(late.id, paidMeanwhile.body.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('payment.already_paid');
    expect(await t.sql('SELECT status FROM order_payment WHERE id = $1', [paidMeanwhile.body.id])).toEqual([{ status: 'pending' }]);
    const settled = await t.http.post(`/v1/orders/${late.id}/payments/${paidMeanwhile.body.id}/query`).set(desk.auth).expect(200);
    expect(settled.body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });
  });

  it('a provider payment left pending expires: an unpaid prepay is closed at the provider and frees the balance; one paid meanwhile settles', async () => {
    const deadlines = deadlinesOf(t);
    const status = async (paymentId: string) =>
      (await t.sql<{ status: string; reason: string | null }>('SELECT status, failure_reason AS reason FROM order_payment WHERE id = $1', [paymentId]))[0];
    const order = await newOrder(1);
    const prepay = await pay(order.id, { method: 'wechat_pay', amount: cny(12800), channel: 'app' });
    // Scheduled for PAYMENT_PENDING_EXPIRY (2 h) and a minute: brought forward to now rather than waited for.
    const pending = await deadlines.pending(PAYMENT_EXPIRY, prepay.body.id);
    expect(pending!.dueAt.getTime()).toBeGreaterThan(Date.now() + 2 * 3_600_000);
    await deadlines.schedule(PAYMENT_EXPIRY, prepay.body.id, new Date());
    expect(
      await waitFor(
        () => status(prepay.body.id),
        (row) => row.status !== 'pending',
      ),
    ).toEqual({ status: 'cancelled', reason: 'expired unpaid' });
    expect(wechat.requests.filter((r) => r.path === `/v3/pay/transactions/out-trade-no/${prepay.body.id.replace(/-/g, '')}/close`)).toHaveLength(1);
    expect((await pay(order.id, { method: 'cash', amount: cny(12800) })).body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'paid' } });

    // Paid in the app, its notification lost: the expiry finds it paid and settles it, once.
    const other = await newOrder(1);
    const paid = await pay(other.id, { method: 'alipay', amount: cny(12800), channel: 'mini_program', payerId: '2088102146225135' });
    alipay.buyerPays(paid.body.id.replace(/-/g, ''));
    await deadlines.schedule(PAYMENT_EXPIRY, paid.body.id, new Date());
    expect(
      (
        await waitFor(
          () => status(paid.body.id),
          (row) => row.status !== 'pending',
        )
      ).status,
    ).toBe('succeeded');
    expect((await t.http.get(`/v1/orders/${other.id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'paid', paid: cny(12800) });
    expect(await events('order.paid', other.id)).toBe(1);
  });

  it('20 parallel payments with one Idempotency-Key make one payment', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(1, buyer);
    const answers = await Promise.all(Array.from({ length: 20 }, () => pay(order.id, { method: 'cash', amount: cny(12800), tendered: cny(20000) }, 'one-key')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    // Every 201 is the same payment (replays).
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id)).size).toBe(1);
    expect(await payments(order.id)).toBe(1);
    expect(await figures(buyer)).toEqual({ spend: '12800', tickets: 1 });
    const replay = await pay(order.id, { method: 'cash', amount: cny(12800), tendered: cny(20000) }, 'one-key');
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('two payments of the whole balance at once: one wins, the other is refused', async () => {
    const order = await newOrder(1);
    const [first, second] = await raceOfTwo(
      t,
      () => pay(order.id, { method: 'card', amount: cny(12800) }),
      () => pay(order.id, { method: 'cash', amount: cny(12800) }),
    );
    expect([first.status, second.status].sort()).toEqual([201, 422]);
    expect(await t.sql("SELECT count(*)::int AS n, sum(amount)::int AS total FROM order_payment WHERE order_id = $1 AND status = 'succeeded'", [order.id])).toEqual([
      { n: 1, total: 12800 },
    ]);
    expect(await t.sql('SELECT paid_amount::int AS paid, balance_due_amount::int AS due FROM "order" WHERE id = $1', [order.id])).toEqual([{ paid: 12800, due: 0 }]);
  });

  it('refunds: WeChat Pay through the provider, cash directly; paid, refunded and the status follow; figures move once', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(2, buyer);
    const w = await pay(order.id, { method: 'wechat_pay', amount: cny(15600), authCode: '134567890123450000' });
    const c = await pay(order.id, { method: 'cash', amount: cny(10000) });
    expect(c.body.order.paymentStatus).toBe('paid');
    const refund = (body: Record<string, unknown>, by = manager.auth) => t.http.post(`/v1/orders/${order.id}/refunds`).set(by).send(body);

    expect((await refund({ paymentId: w.body.id, amount: cny(5000), reason: '退一瓶' }, desk.auth)).status).toBe(403);
    const first = await refund({ paymentId: w.body.id, amount: cny(5000), reason: '顾客退货 Returned unopened' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'processing', amount: cny(5000), order: { paymentStatus: 'partly_refunded', paid: cny(20600), refunded: cny(5000) } });
    expect(wechat.requests.at(-1)).toMatchObject({ path: '/v3/refund/domestic/refunds', body: { amount: { refund: 5000, total: 15600 } } });
    const tooMuch = await refund({ paymentId: w.body.id, amount: cny(10700), reason: '再退' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    const unknown = await refund({ paymentId: '00000000-0000-4000-8000-000000000000', amount: cny(1), reason: 'x' });
    expect(unknown.body.errors).toEqual([{ field: 'paymentId', message: expect.any(String) }]);
    await refund({ paymentId: w.body.id, amount: cny(10600), reason: '全部退回' }).expect(201);
    const last = await refund({ paymentId: c.body.id, amount: cny(10000), reason: '全部退回' });
    expect(last.body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'refunded', paid: cny(0), refunded: cny(25600), balanceDue: cny(25600) } });
    expect(await figures(buyer)).toEqual({ spend: '0', tickets: 1 });
    expect(await events('order.refunded', order.id)).toBe(3);
    const list = await t.http.get(`/v1/orders/${order.id}/payments`).set(desk.auth);
    expect(list.body.data.map((p: { refunded: { amount: number }; refunds: unknown[] }) => [p.refunded.amount, p.refunds.length])).toEqual([
      [15600, 2],
      [10000, 1],
    ]);
  });

  it('a refund still processing is followed to its end: paid out succeeds; not paid out fails, counts as paid again and the managers are told', async () => {
    const deadlines = deadlinesOf(t);
    const buyer = await newCustomer();
    const order = await newOrder(2, buyer);
    const w = await pay(order.id, { method: 'wechat_pay', amount: cny(25600), authCode: '134567890123450001' });
    expect(w.body.status).toBe('succeeded');
    const refund = (amount: number, reason = '顾客退货') =>
      t.http
        .post(`/v1/orders/${order.id}/refunds`)
        .set(manager.auth)
        .send({ paymentId: w.body.id, amount: cny(amount), reason });
    const query = (refundId: string) => t.http.post(`/v1/orders/${order.id}/refunds/${refundId}/query`).set(manager.auth);
    const outRefundNo = async (refundId: string) => (await t.sql<{ no: string }>('SELECT out_refund_no AS no FROM order_refund WHERE id = $1', [refundId]))[0].no;

    // Accepted, not paid out yet: processing, with its next check REFUND_CHECK_INTERVAL away.
    const a = await refund(5000);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ status: 'processing', settledAt: null, failureReason: null, order: { paid: cny(20600), refunded: cny(5000) } });
    expect((await deadlines.pending(REFUND_CHECK, a.body.id))!.dueAt.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect((await query(a.body.id).expect(200)).body).toMatchObject({ status: 'processing' });
    expect(wechat.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v3/refund/domestic/refunds/${await outRefundNo(a.body.id)}` });

    // Paid out: succeeded, the figures stay as they were, no more checks.
    wechat.refundEnds(await outRefundNo(a.body.id), 'SUCCESS');
    const done = await query(a.body.id).expect(200);
    expect(done.body).toMatchObject({ status: 'succeeded', settledAt: expect.any(String), order: { paymentStatus: 'partly_refunded', paid: cny(20600), refunded: cny(5000) } });
    expect(await deadlines.pending(REFUND_CHECK, a.body.id)).toBeNull();
    // An ended refund is answered as it is, without asking the provider.
    const asked = wechat.requests.length;
    expect((await query(a.body.id).expect(200)).body.status).toBe('succeeded');
    expect(wechat.requests).toHaveLength(asked);

    // Not paid out (the customer's card was closed): the periodic check finds it failed, once.
    const b = await refund(6000, '换货差价');
    expect(b.body).toMatchObject({ status: 'processing', order: { paid: cny(14600), refunded: cny(11000) } });
    wechat.refundEnds(await outRefundNo(b.body.id), 'ABNORMAL');
    await deadlines.schedule(REFUND_CHECK, b.body.id, new Date());
    const failed = await waitFor(
      () =>
        t.sql<{ status: string; reason: string | null; settled: boolean }>(
          'SELECT status, failure_reason AS reason, settled_at IS NOT NULL AS settled FROM order_refund WHERE id = $1',
          [b.body.id],
        ),
      ([row]) => row.status !== 'processing',
    );
    expect(failed).toEqual([{ status: 'failed', reason: expect.stringContaining('ABNORMAL'), settled: true }]);
    expect((await t.http.get(`/v1/orders/${order.id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'partly_refunded', paid: cny(20600), refunded: cny(5000) });
    expect(await figures(buyer)).toEqual({ spend: '20600', tickets: 1 });
    expect(await events('order.refund_failed', order.id)).toBe(1);
    expect(
      await t.sql('SELECT staff_user_id AS "to" FROM notification WHERE key = $1 AND channel = $2 AND dedupe_key LIKE $3', [
        'order.refund_failed',
        'in_app',
        `order.refund_failed:${b.body.id}%`,
      ]),
    ).toEqual([{ to: manager.id }]);
    expect(await deadlines.pending(REFUND_CHECK, b.body.id)).toBeNull();
    const list = await t.http.get(`/v1/orders/${order.id}/payments`).set(desk.auth);
    expect(list.body.data[0]).toMatchObject({ refunded: cny(5000), refunds: [{ status: 'succeeded' }, { status: 'failed', failureReason: expect.stringContaining('ABNORMAL') }] });

    // What failed is the payment's to give back again.
    const c = await refund(20600, '全部退回');
    expect(c.status).toBe(201);
    expect(c.body.order).toMatchObject({ paymentStatus: 'refunded', paid: cny(0), refunded: cny(25600) });

    // Two asks at once of a refund that ended CLOSED: it fails once, and the money comes back once.
    wechat.refundEnds(await outRefundNo(c.body.id), 'CLOSED');
    const [one, two] = await raceOfTwo(
      t,
      () => query(c.body.id),
      () => deadlines.schedule(REFUND_CHECK, c.body.id, new Date()).then(() => query(c.body.id)),
    );
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([one.body.status, two.body.status]).toEqual(['failed', 'failed']);
    await waitFor(
      () => deadlines.pending(REFUND_CHECK, c.body.id),
      (pending) => pending === null,
    );
    expect(await events('order.refund_failed', order.id)).toBe(2);
    expect((await t.http.get(`/v1/orders/${order.id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'partly_refunded', paid: cny(20600), refunded: cny(5000) });
    expect(await figures(buyer)).toEqual({ spend: '20600', tickets: 1 });

    expect((await query('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await query(c.body.id).set(desk.auth)).status).toBe(403);
  });

  it('WeChat Pay’s refund notices end a processing refund, once though sent three times; one naming no refund of ours changes nothing', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(2, buyer);
    const w = await pay(order.id, { method: 'wechat_pay', amount: cny(25600), authCode: '134567890123450002' });
    const refund = async (amount: number) => {
      const made = await t.http
        .post(`/v1/orders/${order.id}/refunds`)
        .set(manager.auth)
        .send({ paymentId: w.body.id, amount: cny(amount), reason: '退货' })
        .expect(201);
      expect(made.body.status).toBe('processing');
      const [{ no }] = await t.sql<{ no: string }>('SELECT out_refund_no AS no FROM order_refund WHERE id = $1', [made.body.id]);
      return { id: made.body.id as string, outRefundNo: no };
    };
    const outTradeNo = w.body.id.replace(/-/g, '');
    const a = await refund(5000);
    // The refund asks WeChat Pay to send its notices to Bloom's address.
    expect(wechat.requests.at(-1)?.path).toBe('/v3/refund/domestic/refunds');
    expect(wechat.requests.at(-1)?.body).toMatchObject({ notify_url: 'https://bloom.example.com/v1/payment-notifications/wechat-pay' });
    const paidOut = wechatRefundNotification(wechatKeys, { outTradeNo, outRefundNo: a.outRefundNo, total: 25600, refund: 5000, status: 'SUCCESS' });
    for (let i = 0; i < 3; i++) expect((await notifyWechat(paidOut)).status).toBe(204);
    const state = (id: string) => t.sql<{ status: string }>('SELECT status FROM order_refund WHERE id = $1', [id]).then(([row]) => row.status);
    expect(await state(a.id)).toBe('succeeded');
    expect(await t.sql("SELECT count(*)::int AS n FROM audit_event WHERE action = 'order_refund.settle' AND entity_id = $1", [a.id])).toEqual([{ n: 1 }]);
    expect(await deadlinesOf(t).pending(REFUND_CHECK, a.id)).toBeNull();

    const b = await refund(6000);
    expect((await notifyWechat(wechatRefundNotification(wechatKeys, { outTradeNo, outRefundNo: b.outRefundNo, total: 25600, refund: 6000, status: 'ABNORMAL' }))).status).toBe(204);
    expect(await state(b.id)).toBe('failed');
    expect((await t.http.get(`/v1/orders/${order.id}`).set(desk.auth)).body).toMatchObject({ paid: cny(20600), refunded: cny(5000) });
    expect(await events('order.refund_failed', order.id)).toBe(1);

    const stranger = await notifyWechat(wechatRefundNotification(wechatKeys, { outTradeNo, outRefundNo: `${outTradeNo}R9`, total: 25600, refund: 100, status: 'SUCCESS' }));
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('payment_notification.unknown_refund');
    // The payment's amount is checked as for a payment notice.
    const c = await refund(100);
    const wrong = await notifyWechat(wechatRefundNotification(wechatKeys, { outTradeNo, outRefundNo: c.outRefundNo, total: 99, refund: 100, status: 'SUCCESS' }));
    expect(wrong.status).toBe(422);
    expect(await state(c.id)).toBe('processing');
  });

  it('an Alipay refund accepted without the money moving is processing until Alipay pays it out', async () => {
    const order = await newOrder(1);
    const paid = await pay(order.id, { method: 'alipay', amount: cny(12800), authCode: '281234567890123456' });
    expect(paid.body.status).toBe('succeeded');
    alipay.holdRefunds = true;
    try {
      const made = await t.http
        .post(`/v1/orders/${order.id}/refunds`)
        .set(manager.auth)
        .send({ paymentId: paid.body.id, amount: cny(12800), reason: '过敏 Allergy' });
      expect(made.body).toMatchObject({ status: 'processing', order: { paymentStatus: 'refunded' } });
      const query = () => t.http.post(`/v1/orders/${order.id}/refunds/${made.body.id}/query`).set(manager.auth).expect(200);
      expect((await query()).body.status).toBe('processing');
      expect(alipay.requests.at(-1)).toMatchObject({ method: 'alipay.trade.fastpay.refund.query', biz: { out_trade_no: paid.body.id.replace(/-/g, '') } });
      alipay.refundPaidOut(alipay.requests.at(-1)!.biz.out_request_no);
      expect((await query()).body).toMatchObject({ status: 'succeeded', order: { paymentStatus: 'refunded', refunded: cny(12800) } });
    } finally {
      alipay.holdRefunds = false;
    }
  });

  it('the customer timeline shows the order, each payment once and the refund', async () => {
    const buyer = await newCustomer();
    const order = await newOrder(1, buyer);
    const card = await pay(order.id, { method: 'card', amount: cny(2800) });
    const cash = await pay(order.id, { method: 'cash', amount: cny(10000) });
    await t.http
      .post(`/v1/orders/${order.id}/refunds`)
      .set(manager.auth)
      .send({ paymentId: card.body.id, amount: cny(800), reason: '差价' })
      .expect(201);
    const timeline = await t.http.get(`/v1/customers/${buyer}/timeline`).set(manager.auth).expect(200);
    const mine = timeline.body.data.filter((entry: { source: string }) => entry.source === 'orders');
    expect(mine.map((entry: { type: string; id: string }) => [entry.type, entry.id]).sort()).toEqual(
      [
        ['order.created', `orders:${order.id}`],
        ['order.payment_succeeded', `orders:${card.body.id}`],
        ['order.payment_succeeded', `orders:${cash.body.id}`],
        ['order.refunded', expect.any(String)],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1]))),
    );
    expect(mine.find((entry: { id: string }) => entry.id === `orders:${card.body.id}`).summary).toContain('28.00 CNY by bank card');
    expect(await figures(buyer)).toEqual({ spend: '12000', tickets: 1 });
  });
});
