/**
 * Counter checkout (issue 15) on the real PostgreSQL and Redis: a completed appointment becomes a
 * served `in_store` order with its services and the staff who gave them, counter products (their stock
 * leaves as sales) and the late-cancellation fee recorded for the customer; refusals change nothing;
 * two checkouts of one appointment at once make one order; the receipt as HTML and as a PDF in Chinese;
 * the amount paid split over WeChat Pay and cash with change.
 */
import { PDFParse } from 'pdf-parse';
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment } from './support/appointments.js';
import { categoryId, cny, productBody, serviceBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { createStaffMember, type StaffMemberRecord } from './support/scheduling.js';
import { startFakeWechatPay, wechatPayTestKeys, type FakeWechatPay } from './support/fake-wechat-pay.js';

describe('counter checkout and receipt', () => {
  const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, 10 May
  let t: TestApp;
  let wechat: FakeWechatPay;
  let store: StoreRecord;
  let other: StoreRecord;
  let owner: UserRecord;
  let desk: UserRecord;
  let outsider: UserRecord;
  let mei: StaffMemberRecord;
  let jie: StaffMemberRecord;
  let cut: string;
  let colour: string;
  let serum: string;
  let customer: string;
  const actor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'owner', storeIds: 'all' };
  let receipts = 0;
  const stockUp = (productId: string, units: number) =>
    t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: `test:checkout:${receipts++}`, unitCostAmount: 1000 });
  const onHand = async (productId: string) =>
    Number((await t.sql<{ n: string }>('SELECT on_hand::text AS n FROM stock_level WHERE store_id = $1 AND product_id = $2', [store.id, productId]))[0].n);
  const orders = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM "order"'))[0].n;
  let visits = 0;
  /** A visit (completed unless said), each on a day of its own: a cut by 小美 and a colour by 阿杰, at the prices booked. */
  const visit = (status = 'completed') => {
    const day = NOW.getTime() - 86_400_000 * visits++;
    return insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      status,
      segments: [
        { variationId: cut, staffMemberId: mei.id, start: new Date(day - 3 * 3_600_000), blocks: { active: 30 }, price: 12800 },
        { variationId: colour, staffMemberId: jie.id, start: new Date(day - 2.5 * 3_600_000), blocks: { active: 90 }, price: 38000 },
      ],
    });
  };
  /** An appointment cancelled late (or missed) whose store's policy recorded a fee. */
  const withFee = async (status: 'cancelled' | 'no_show', amount: number, storeId = store.id) => {
    const id = await insertAppointment(t, {
      storeId,
      customerId: customer,
      status,
      active: false,
      segments: [{ variationId: cut, staffMemberId: mei.id, start: '2027-05-03T02:00:00Z', blocks: { active: 30 }, price: 12800 }],
    });
    await t.sql(
      `UPDATE appointment SET fee_amount = $2, fee_currency = 'CNY', late_cancellation = $3, cancelled_at = CASE WHEN $3 THEN starts_at - interval '1 hour' END WHERE id = $1`,
      [id, amount, status === 'cancelled'],
    );
    return id;
  };
  const checkout = (body: Record<string, unknown>, by: Record<string, string> = desk.auth) => t.http.post('/v1/checkouts').set(by).send(body);

  beforeAll(async () => {
    const wechatKeys = wechatPayTestKeys();
    wechat = await startFakeWechatPay(wechatKeys);
    t = await startTestApp({ clock: new FixedClock(NOW), env: { ...wechatKeys.env, WECHAT_PAY_API_BASE: wechat.url, PUBLIC_BASE_URL: 'https://bloom.example.com' } });
    store = await createStore(t, { name: '花漾美发 静安店' });
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    outsider = await createUser(t, { role: 'receptionist', storeIds: [other.id] });
    mei = await createStaffMember(t, { storeIds: [store.id], name: '李美', displayName: '小美' });
    jie = await createStaffMember(t, { storeIds: [store.id], name: '张杰', displayName: '阿杰' });
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          name: '染发 Colour',
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [
            { name: '剪发 Cut', price: cny(12800), durationMinutes: 30 },
            { name: '全头染 Full colour', price: cny(38000), durationMinutes: 90 },
          ],
        }),
      );
    expect(service.status).toBe(201);
    [cut, colour] = service.body.variations.map((v: { id: string }) => v.id);
    const product = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ name: '玻尿酸精华 Serum', specification: { size: 1, unit: 'pcs' }, salePrice: cny(12800) }));
    expect(product.status).toBe(201);
    serum = product.body.id;
    const c = await t.http.post('/v1/customers').set(desk.auth).send({ name: '王小红', phone: '+8613800138123' });
    expect(c.status).toBe(201);
    customer = c.body.id;
    await stockUp(serum, 10);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  let checkedOut: { id: string; number: string };

  it('checks out a completed appointment: its services with their staff, counter products, the late-cancellation fee; served, the amount to pay; replayed by its key', async () => {
    const appointmentId = await visit();
    const late = await withFee('cancelled', 5000);
    await withFee('no_show', 3000, other.id); // another store's fee is that store's to collect
    const res = await checkout({ appointmentId, products: [{ productId: serum, quantity: 2 }] }).set('idempotency-key', 'checkout-1');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/orders/${res.body.id}`);
    expect(res.body).toMatchObject({
      channel: 'in_store',
      appointmentId,
      customerId: customer,
      classification: 'mixed',
      status: 'served',
      allowedTransitions: ['completed'],
      subtotal: cny(12800 + 38000 + 2 * 12800 + 5000),
      total: cny(81400),
      paid: cny(0),
      balanceDue: cny(81400),
    });
    expect(res.body.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, kind: 'service', variationId: cut, staffMemberId: mei.id, quantity: 1, net: cny(12800) }),
      expect.objectContaining({ lineNumber: 2, kind: 'service', variationId: colour, staffMemberId: jie.id, quantity: 1, net: cny(38000) }),
      expect.objectContaining({ lineNumber: 3, kind: 'product', productId: serum, staffMemberId: null, quantity: 2, net: cny(25600) }),
      expect.objectContaining({ lineNumber: 4, kind: 'fee', feeAppointmentId: late, quantity: 1, net: cny(5000) }),
    ]);
    checkedOut = res.body;
    // Handed over at the counter: the stock left as sales of this order, nothing is held for picking.
    expect(await onHand(serum)).toBe(8);
    expect(await t.sql('SELECT kind, delta::int, document_id FROM stock_movement WHERE document_type = $1 AND document_id = $2', ['order', res.body.number])).toEqual([
      { kind: 'sale', delta: -2, document_id: res.body.number },
    ]);
    const history = await t.http.get(`/v1/orders/${res.body.id}/history`).set(desk.auth);
    expect(history.body.data.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}→${h.toStatus}`)).toEqual([
      'pending_confirmation→confirmed',
      'confirmed→in_progress',
      'in_progress→scheduled',
      'scheduled→served',
    ]);
    expect((await t.http.get(`/v1/orders/${res.body.id}`).set(desk.auth)).body).toMatchObject({ status: 'served', balanceDue: cny(81400) });

    const again = await checkout({ appointmentId, products: [{ productId: serum, quantity: 2 }] }).set('idempotency-key', 'checkout-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(res.body.id);
    expect(await onHand(serum)).toBe(8);

    // The fee is collected once: the customer's next visit owes only its services.
    const next = await checkout({ appointmentId: await visit() });
    expect(next.status).toBe(201);
    expect(next.body.lines.map((l: { kind: string }) => l.kind)).toEqual(['service', 'service']);
    expect(next.body).toMatchObject({ classification: 'service', total: cny(50800) });
    // Paid, it is completed like any served order.
    expect((await t.http.post(`/v1/orders/${next.body.id}/complete`).set(desk.auth).send({})).body).toMatchObject({ status: 'completed' });
    expect(await t.sql("SELECT count(*)::int AS n FROM audit_event WHERE action = 'order.checkout' AND store_id = $1", [store.id])).toEqual([{ n: 2 }]);
  });

  it('refuses, naming the field, and changes nothing: not completed, already checked out, unknown or archived product, bad quantity, short stock, another store', async () => {
    const before = { orders: await orders(), serum: await onHand(serum) };
    const booked = await visit('booked');
    const notDone = await checkout({ appointmentId: booked });
    expect(notDone.status).toBe(409);
    expect(notDone.headers['content-type']).toContain('application/problem+json');
    expect(notDone.body).toMatchObject({ code: 'checkout.appointment_not_completed', currentState: 'booked', errors: [{ field: 'appointmentId', message: expect.any(String) }] });

    const twice = await checkout({ appointmentId: checkedOut && (await t.sql<{ id: string }>('SELECT appointment_id AS id FROM "order" WHERE id = $1', [checkedOut.id]))[0].id });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'checkout.already_checked_out', orderId: checkedOut.id, number: checkedOut.number, errors: [{ field: 'appointmentId' }] });

    const done = await visit();
    const unknown = await checkout({ appointmentId: done, products: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'order.product_not_sold', errors: [{ field: 'products[0].productId' }] });
    const old = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(990) }));
    await t.http.post(`/v1/products/${old.body.id}/archive`).set(owner.auth).send({}).expect(200);
    const archived = await checkout({ appointmentId: done, products: [{ productId: old.body.id, quantity: 1 }] });
    expect(archived.status).toBe(422);
    expect(archived.body.errors).toEqual([{ field: 'products[0].productId', message: expect.any(String) }]);

    for (const quantity of [0, -1, 1.5]) {
      const bad = await checkout({ appointmentId: done, products: [{ productId: serum, quantity }] });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'products[0].quantity', message: expect.any(String) }]);
    }
    const short = await checkout({ appointmentId: done, products: [{ productId: serum, quantity: 99 }] });
    expect(short.status).toBe(409);
    expect(short.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'products[0].quantity' }] });

    expect((await checkout({ appointmentId: done }, outsider.auth)).status).toBe(404);
    const missing = await checkout({ appointmentId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([{ field: 'appointmentId', message: expect.any(String) }]);
    expect(await orders()).toBe(before.orders);
    expect(await onHand(serum)).toBe(before.serum);
  });

  it('two checkouts of one appointment at once make one order and one sale', async () => {
    const appointmentId = await visit();
    const stock = await onHand(serum);
    const [a, b] = await raceOfTwo(
      t,
      () => checkout({ appointmentId, products: [{ productId: serum, quantity: 1 }] }),
      () => checkout({ appointmentId, products: [{ productId: serum, quantity: 1 }] }),
    );
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('checkout.already_checked_out');
    expect(await t.sql('SELECT count(*)::int AS n FROM "order" WHERE appointment_id = $1', [appointmentId])).toEqual([{ n: 1 }]);
    expect(await onHand(serum)).toBe(stock - 1);
  });

  it('two checkouts of one customer at once collect a recorded fee once', async () => {
    const noShow = await withFee('no_show', 4000);
    const [first, second] = [await visit(), await visit()];
    const [a, b] = await raceOfTwo(
      t,
      () => checkout({ appointmentId: first }),
      () => checkout({ appointmentId: second }),
    );
    expect([a.status, b.status]).toEqual([201, 201]);
    const fees = [a, b].flatMap((r) => r.body.lines.filter((l: { kind: string }) => l.kind === 'fee'));
    expect(fees).toEqual([expect.objectContaining({ feeAppointmentId: noShow, net: cny(4000) })]);
    expect(await t.sql('SELECT count(*)::int AS n FROM order_line WHERE fee_appointment_id = $1', [noShow])).toEqual([{ n: 1 }]);
  });

  it('sells products to a walk-in customer: no appointment, handed over at once, served; paid, then completed', async () => {
    const c = await t.http.post('/v1/customers').set(desk.auth).send({ name: '路过的顾客 Walk-in', phone: '+8613800138456' });
    expect(c.status).toBe(201);
    await stockUp(serum, 3);
    const before = await onHand(serum);
    const res = await checkout({ storeId: store.id, customerId: c.body.id, products: [{ productId: serum, quantity: 2 }] });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/orders/${res.body.id}`);
    expect(res.body).toMatchObject({
      channel: 'in_store',
      appointmentId: null,
      customerId: c.body.id,
      classification: 'product',
      status: 'served',
      allowedTransitions: ['completed'],
      total: cny(25600),
      balanceDue: cny(25600),
    });
    expect(res.body.lines).toEqual([expect.objectContaining({ lineNumber: 1, kind: 'product', productId: serum, quantity: 2, net: cny(25600) })]);
    expect(await onHand(serum)).toBe(before - 2);
    const history = await t.http.get(`/v1/orders/${res.body.id}/history`).set(desk.auth);
    expect(history.body.data.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}→${h.toStatus}`)).toEqual([
      'pending_confirmation→confirmed',
      'confirmed→in_progress',
      'in_progress→served',
    ]);
    const paid = await t.http
      .post(`/v1/orders/${res.body.id}/payments`)
      .set(desk.auth)
      .set('Idempotency-Key', 'walk-in-cash')
      .send({ method: 'cash', amount: cny(25600), tendered: cny(30000) });
    expect(paid.body).toMatchObject({ changeAmount: cny(4400), order: { paymentStatus: 'paid' } });
    expect((await t.http.post(`/v1/orders/${res.body.id}/complete`).set(desk.auth).send({})).body).toMatchObject({ status: 'completed' });
    // Any other order still cannot skip from in_progress to served.
    const online = await t.http
      .post('/v1/orders')
      .set(desk.auth)
      .send({ storeId: store.id, channel: 'online', customerId: c.body.id, lines: [{ productId: serum, quantity: 1 }] });
    for (const step of ['confirm', 'start']) expect((await t.http.post(`/v1/orders/${online.body.id}/${step}`).set(desk.auth).send({})).status).toBe(200);
    const skipped = await t.http.post(`/v1/orders/${online.body.id}/serve`).set(desk.auth).send({});
    expect(skipped.status).toBe(409);
  });

  it('refuses a walk-in sale missing its store, customer or products, or of a blocked customer, naming the field; nothing changes', async () => {
    const blocked = await t.http.post('/v1/customers').set(desk.auth).send({ name: '黑名单 Blocked', phone: '+8613800138789' });
    await t.sql("UPDATE customer SET status = 'blocked' WHERE id = $1", [blocked.body.id]);
    const before = { orders: await orders(), stock: await onHand(serum) };
    const line = [{ productId: serum, quantity: 1 }];
    const cases: Array<[Record<string, unknown>, number, string, string]> = [
      [{ customerId: customer, products: line }, 422, 'checkout.walk_in_incomplete', 'storeId'],
      [{ storeId: store.id, products: line }, 422, 'checkout.walk_in_incomplete', 'customerId'],
      [{ storeId: store.id, customerId: customer }, 422, 'checkout.walk_in_incomplete', 'products'],
      [{ storeId: store.id, customerId: customer, products: [] }, 422, 'checkout.walk_in_incomplete', 'products'],
      [{ appointmentId: await visit(), storeId: store.id, products: line }, 422, 'checkout.walk_in_incomplete', 'storeId'],
      [{ storeId: store.id, customerId: blocked.body.id, products: line }, 422, 'order.customer_blocked', 'customerId'],
      [{ storeId: store.id, customerId: '00000000-0000-4000-8000-000000000000', products: line }, 422, 'order.customer_unknown', 'customerId'],
      [{ storeId: '00000000-0000-4000-8000-000000000000', customerId: customer, products: line }, 404, 'store.not_found', 'storeId'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await checkout(body);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([status, code, field]);
    }
    expect(await orders()).toBe(before.orders);
    expect(await onHand(serum)).toBe(before.stock);
  });

  it('two walk-in sales of the last piece at once: one is made, the other is refused for stock', async () => {
    const product = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ name: '限量面膜 Limited mask', specification: { size: 1, unit: 'pcs' }, salePrice: cny(9900) }));
    await stockUp(product.body.id, 1);
    const sale = () => checkout({ storeId: store.id, customerId: customer, products: [{ productId: product.body.id, quantity: 1 }] });
    const [first, second] = await raceOfTwo(t, sale, sale);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect(await onHand(product.body.id)).toBe(0);
  });

  it('prints the receipt as HTML: the store, the number, the local time, lines with staff, totals, no payment yet', async () => {
    const res = await t.http.get(`/v1/orders/${checkedOut.id}/receipt`).set(desk.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    for (const text of [
      '花漾美发 静安店',
      '上海市静安区南京西路 1266 号',
      '+862162881234',
      checkedOut.number,
      '2027-05-10 12:00',
      '服务人员：小美',
      '服务人员：阿杰',
      '玻尿酸精华 Serum',
      '迟取消费',
      '应付合计',
      '¥814.00',
      '待付余额',
      '尚无付款',
    ]) {
      expect(res.text).toContain(text);
    }
    expect((await t.http.get(`/v1/orders/${checkedOut.id}/receipt`).set(outsider.auth)).status).toBe(404);
  });

  it('prints the receipt as a PDF whose text is the Chinese receipt', async () => {
    const res = await t.http
      .get(`/v1/orders/${checkedOut.id}/receipt.pdf`)
      .set(desk.auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${checkedOut.number}.pdf"`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await new PDFParse({ data: new Uint8Array(pdf) }).getText();
    for (const expected of ['花漾美发 静安店', '收款小票', checkedOut.number, '2027-05-10 12:00', '服务人员：小美', '应付合计', '¥814.00', '尚无付款']) {
      expect(text).toContain(expected);
    }
  });

  it('takes the checkout’s amount split over WeChat Pay (the scanned code) and cash with change; paid, the receipt lists both, then completed', async () => {
    const pay = (body: Record<string, unknown>, key: string) => t.http.post(`/v1/orders/${checkedOut.id}/payments`).set(desk.auth).set('Idempotency-Key', key).send(body);
    const wechatPart = await pay({ method: 'wechat_pay', amount: cny(50000), authCode: '134567890123456789' }, 'checkout-pay-1');
    expect(wechatPart.status).toBe(201);
    expect(wechatPart.body).toMatchObject({ method: 'wechat_pay', status: 'succeeded', amount: cny(50000) });
    expect((await t.http.get(`/v1/orders/${checkedOut.id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'partly_paid', paid: cny(50000), balanceDue: cny(31400) });
    // Paying more than is left is refused unless it is cash, whose excess is change.
    const tooMuch = await pay({ method: 'card', amount: cny(40000), reference: 'POS-1' }, 'checkout-pay-2');
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    const cash = await pay({ method: 'cash', amount: cny(31400), tendered: cny(40000) }, 'checkout-pay-3');
    expect(cash.status).toBe(201);
    expect(cash.body).toMatchObject({ method: 'cash', status: 'succeeded', amount: cny(31400), tendered: cny(40000), changeAmount: cny(8600) });
    expect((await t.http.get(`/v1/orders/${checkedOut.id}`).set(desk.auth)).body).toMatchObject({ paymentStatus: 'paid', paid: cny(81400), balanceDue: cny(0) });

    const receipt = await t.http.get(`/v1/orders/${checkedOut.id}/receipt`).set(desk.auth);
    for (const text of ['微信支付', '¥500.00', '现金', '¥314.00', '¥400.00', '¥86.00']) expect(receipt.text).toContain(text);
    expect(receipt.text).not.toContain('尚无付款');
    expect((await t.http.post(`/v1/orders/${checkedOut.id}/complete`).set(desk.auth).send({})).body).toMatchObject({ status: 'completed' });
  });
});
