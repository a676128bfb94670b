/**
 * Orders (issue 15, first slice) on the real PostgreSQL and Redis: routing per store and channel;
 * intake from several channels (a partner's re-send answers its order), customers found or registered
 * by phone, blocked ones refused, catalog prices and partner prices only with their scope,
 * classification, the manual discount spread over the lines, the life cycle of a product order and a
 * service order with its stock effects, refused and concurrent transitions, reads and bad input.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { insertAppointment } from './support/appointments.js';
import { categoryId, cny, productBody, serviceBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { waitFor } from './support/wait.js';
import { createStaffMember } from './support/scheduling.js';

describe('orders: routing per store and channel', () => {
  let t: TestApp;
  let store: StoreRecord;
  let other: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let outsider: UserRecord;

  beforeAll(async () => {
    t = await startTestApp();
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    outsider = await createUser(t, { role: 'manager', storeIds: [other.id] });
  });
  afterAll(() => t.close());

  it('a manager sets who confirms and which team handles a channel; the list shows every channel', async () => {
    const staff = await createStaffMember(t, { storeIds: [store.id] });
    const before = await t.http.get(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ channel: 'online', responsibleStaffMemberId: null, team: null, assigned: false });

    const put = await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth).send({ responsibleStaffMemberId: staff.id, team: '线上组' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ storeId: store.id, channel: 'online', responsibleStaffMemberId: staff.id, team: '线上组', assigned: true });
    const changed = await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(owner.auth).send({ responsibleStaffMemberId: null, team: 'Web' });
    expect(changed.body).toMatchObject({ responsibleStaffMemberId: null, team: 'Web' });

    const list = await t.http.get(`/v1/stores/${store.id}/order-channels`).set(manager.auth);
    expect(list.body.data.map((row: { channel: string }) => row.channel)).toEqual(['online', 'app', 'mini_program', 'partner', 'phone', 'in_store']);
    expect(list.body.data[0]).toMatchObject({ team: 'Web', assigned: true });
    expect(await t.sql("SELECT count(*)::int AS n FROM audit_event WHERE action = 'order_channel.put' AND store_id = $1", [store.id])).toEqual([{ n: 2 }]);
  });

  it('refuses other stores, the front desk, unknown channels and staff members, field by field', async () => {
    expect((await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(outsider.auth).send({ responsibleStaffMemberId: null })).status).toBe(404);
    expect((await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(desk.auth).send({ responsibleStaffMemberId: null })).status).toBe(403);
    const channel = await t.http.put(`/v1/stores/${store.id}/order-channels/fax`).set(manager.auth).send({ responsibleStaffMemberId: null });
    expect(channel.status).toBe(400);
    expect(channel.body.errors).toEqual([{ field: 'channel', message: expect.any(String) }]);
    const bad = await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(manager.auth).send({ responsibleStaffMemberId: 'x', team: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['responsibleStaffMemberId', 'team']);
    const unknown = await t.http.put(`/v1/stores/${store.id}/order-channels/phone`).set(manager.auth).send({ responsibleStaffMemberId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'responsibleStaffMemberId', message: expect.any(String) }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM order_channel_assignment WHERE store_id = $1 AND channel = 'phone'", [store.id])).toEqual([{ n: 0 }]);
  });
});

describe('orders: intake, life cycle and stock', () => {
  const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, 10 May
  let t: TestApp;
  let store: StoreRecord;
  let other: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let beautician: UserRecord;
  let outsider: UserRecord;
  let serum: string;
  let mask: string;
  let cut: string;
  let customer: string;
  let phones = 0;
  const phone = () => `+861380013${String(1000 + phones++).slice(-4)}`;
  const actor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'owner', storeIds: 'all' };
  let receipts = 0;
  const stockUp = (productId: string, units: number) =>
    t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: `test:order:${receipts++}`, unitCostAmount: 1000 });
  const level = async (productId: string) =>
    (
      await t.sql<{ on_hand: string; reserved: string }>('SELECT on_hand::text, reserved::text FROM stock_level WHERE store_id = $1 AND product_id = $2', [store.id, productId])
    ).map((row) => ({ onHand: Number(row.on_hand), reserved: Number(row.reserved) }))[0];
  const order = (body: Record<string, unknown>, by: Record<string, string> = desk.auth) =>
    t.http
      .post('/v1/orders')
      .set(by)
      .send({ storeId: store.id, channel: 'online', customerId: customer, ...body });
  const created = async (body: Record<string, unknown>, by: Record<string, string> = desk.auth) => {
    const res = await order(body, by);
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; status: string; lines: unknown[] };
  };
  const act = (id: string, step: string, body: Record<string, unknown> = {}, by: Record<string, string> = desk.auth) => t.http.post(`/v1/orders/${id}/${step}`).set(by).send(body);

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    outsider = await createUser(t, { role: 'manager', storeIds: [other.id] });
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
    const service = await t.http
      .post('/v1/services')
      .set(owner.auth)
      .send(
        serviceBody(await categoryId(t, 'hair_colour'), {
          timeBlocks: { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 },
          variations: [{ name: '洗剪吹 Wash and cut', price: cny(12800), durationMinutes: 30 }],
        }),
      );
    expect(service.status).toBe(201);
    cut = service.body.variations[0].id;
    const c = await t.http.post('/v1/customers').set(desk.auth).send({ name: '王小红', phone: phone() });
    expect(c.status).toBe(201);
    customer = c.body.id;
    await stockUp(serum, 10);
    await stockUp(mask, 3);
  });
  afterAll(() => t.close());

  it('takes an online order: numbered, priced from the catalog, classified, routed, totalled; replayed by its Idempotency-Key', async () => {
    const staff = await createStaffMember(t, { storeIds: [store.id] });
    await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth).send({ responsibleStaffMemberId: staff.id, team: '线上组' }).expect(200);
    const body = {
      lines: [
        { productId: serum, quantity: 2 },
        { productId: mask, quantity: 1 },
      ],
      shippingFee: cny(1000),
      deliveryAddress: { recipient: '王小红', phone: '13800138000', province: '上海市', city: '上海市', line1: '南京西路 1266 号' },
      wishedDeliveryAt: '2027-05-12T10:00:00+08:00',
      specialRequests: '请用礼盒包装',
    };
    const res = await order(body).set('idempotency-key', 'order-online-1');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/orders/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'pending_confirmation',
      channel: 'online',
      customerId: customer,
      classification: 'product',
      responsibleStaffMemberId: staff.id,
      team: '线上组',
      allowedTransitions: ['confirmed', 'cancelled'],
      subtotal: cny(28900),
      discount: cny(0),
      shippingFee: cny(1000),
      total: cny(29900),
      paid: cny(0),
      balanceDue: cny(29900),
      deliveryAddress: expect.objectContaining({ recipient: '王小红', phone: '+8613800138000' }),
      specialRequests: '请用礼盒包装',
    });
    expect(res.body.number).toMatch(/^SO-20270510-\d{4}$/);
    expect(res.body.lines).toEqual([
      expect.objectContaining({ lineNumber: 1, kind: 'product', productId: serum, quantity: 2, unitPrice: cny(12800), lineTotal: cny(25600), net: cny(25600) }),
      expect.objectContaining({ lineNumber: 2, kind: 'product', productId: mask, quantity: 1, unitPrice: cny(3300), lineTotal: cny(3300), net: cny(3300) }),
    ]);
    const again = await order(body).set('idempotency-key', 'order-online-1');
    expect(again.body.id).toBe(res.body.id);
    expect(await t.sql('SELECT count(*)::int AS n FROM "order" WHERE number = $1', [res.body.number])).toEqual([{ n: 1 }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM event WHERE name = 'order.created' AND payload->>'orderId' = $1", [res.body.id])).toEqual([{ n: 1 }]);
    expect(await t.sql("SELECT count(*)::int AS n FROM audit_event WHERE action = 'order.create' AND entity_id = $1", [res.body.id])).toEqual([{ n: 1 }]);
  });

  it('a partner re-sending its reference gets the same order (200); only a key with orders:partner_price sets a price', async () => {
    const partner = await createApiKey(t, { scopes: ['orders:write'], storeIds: [store.id] });
    const pricing = await createApiKey(t, { scopes: ['orders:write', 'orders:partner_price'], storeIds: [store.id] });
    const body = { channel: 'partner', partnerReference: 'TM-20270510-77', lines: [{ productId: serum, quantity: 1 }] };
    const first = await order(body, partner.auth);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ channel: 'partner', partnerReference: 'TM-20270510-77', total: cny(12800) });
    const resent = await order(body, partner.auth);
    expect(resent.status).toBe(200);
    expect(resent.body.id).toBe(first.body.id);
    // Another partner may use the same reference for its own order.
    const theirs = await order(body, pricing.auth);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    expect(await t.sql('SELECT count(*)::int AS n FROM "order" WHERE partner_reference = \'TM-20270510-77\'')).toEqual([{ n: 2 }]);

    const priced = { channel: 'partner', lines: [{ productId: serum, quantity: 2, unitPrice: cny(9900) }] };
    const refused = await order({ ...priced, partnerReference: 'TM-2' }, partner.auth);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'order.partner_price_not_allowed', errors: [{ field: 'lines[0].unitPrice', message: expect.any(String) }] });
    const byDesk = await order({ lines: [{ productId: serum, quantity: 1, unitPrice: cny(1) }] });
    expect(byDesk.status).toBe(403);
    const agreed = await order({ ...priced, partnerReference: 'TM-3' }, pricing.auth);
    expect(agreed.status).toBe(201);
    expect(agreed.body.lines[0]).toMatchObject({ unitPrice: cny(9900), lineTotal: cny(19800) });
    const noReference = await order({ channel: 'partner', lines: [{ productId: serum, quantity: 1 }] }, partner.auth);
    expect(noReference.status).toBe(422);
    expect(noReference.body.errors).toEqual([{ field: 'partnerReference', message: expect.any(String) }]);
  });

  it('two sends of one partner reference at once make one order: the other answers it with 200', async () => {
    const partner = await createApiKey(t, { scopes: ['orders:write'], storeIds: [store.id] });
    const body = { channel: 'partner', partnerReference: 'JD-RACE-1', lines: [{ productId: mask, quantity: 1 }] };
    const [a, b] = await raceOfTwo(
      t,
      () => order(body, partner.auth),
      () => order(body, partner.auth),
    );
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    expect(await t.sql('SELECT count(*)::int AS n FROM "order" WHERE partner_reference = \'JD-RACE-1\'')).toEqual([{ n: 1 }]);
  });

  it('finds a customer by phone instead of duplicating them, registers a new one, and refuses a blocked one', async () => {
    const known = await t.sql<{ phone: string }>('SELECT phone FROM customer WHERE id = $1', [customer]);
    const byPhone = await order({ customerId: undefined, channel: 'phone', customer: { name: '小红', phone: known[0].phone }, lines: [{ variationId: cut, quantity: 1 }] });
    expect(byPhone.status).toBe(201);
    expect(byPhone.body).toMatchObject({ customerId: customer, classification: 'service', channel: 'phone' });
    const fresh = phone();
    const newcomer = await order({ customerId: undefined, customer: { name: '李四', phone: fresh, email: 'Li.Si@Example.com' }, lines: [{ productId: serum, quantity: 1 }] });
    expect(newcomer.status).toBe(201);
    expect(await t.sql('SELECT name, email FROM customer WHERE id = $1', [newcomer.body.customerId])).toEqual([{ name: '李四', email: 'li.si@example.com' }]);
    const twice = await order({ customerId: undefined, customer: { name: '李四', phone: fresh }, lines: [{ productId: serum, quantity: 1 }] });
    expect(twice.body.customerId).toBe(newcomer.body.customerId);

    await t.sql("UPDATE customer SET status = 'blocked' WHERE id = $1", [newcomer.body.customerId]);
    const [{ n: before }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM "order"');
    const blocked = await order({ customerId: newcomer.body.customerId, lines: [{ productId: serum, quantity: 1 }] });
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ code: 'order.customer_blocked', errors: [{ field: 'customerId', message: expect.any(String) }] });
    const blockedByPhone = await order({ customerId: undefined, customer: { name: '李四', phone: fresh }, lines: [{ productId: serum, quantity: 1 }] });
    expect(blockedByPhone.body).toMatchObject({ code: 'order.customer_blocked', errors: [{ field: 'customer', message: expect.any(String) }] });
    expect(await t.sql('SELECT count(*)::int AS n FROM "order"')).toEqual([{ n: before }]);
  });

  it('classifies a mixed order and routes it by its channel; an unassigned channel goes to nobody in particular', async () => {
    const desk2 = await createStaffMember(t, { storeIds: [store.id] });
    await t.http.put(`/v1/stores/${store.id}/order-channels/in_store`).set(owner.auth).send({ responsibleStaffMemberId: desk2.id, team: '前台 Front desk' }).expect(200);
    const mixed = await created({
      channel: 'in_store',
      lines: [
        { productId: mask, quantity: 1 },
        { variationId: cut, quantity: 2 },
      ],
    });
    expect(mixed).toMatchObject({ classification: 'mixed', responsibleStaffMemberId: desk2.id, team: '前台 Front desk', subtotal: cny(3300 + 25600) });
    const app = await created({ channel: 'app', lines: [{ productId: mask, quantity: 1 }] });
    expect(app).toMatchObject({ responsibleStaffMemberId: null, team: null });
  });

  it('a manager spreads a discount over the lines by largest remainder, before confirmation only', async () => {
    const o = await created({
      lines: [
        { productId: mask, quantity: 1 },
        { productId: mask, quantity: 1 },
        { productId: mask, quantity: 1 },
      ],
      shippingFee: cny(500),
    });
    expect((await act(o.id, 'discount', { amount: cny(100), reason: '老顾客' })).status).toBe(403);
    const given = await act(o.id, 'discount', { amount: cny(100), reason: '老顾客 Loyal customer' }, manager.auth);
    expect(given.status).toBe(200);
    expect(given.body.lines.map((line: { discount: { amount: number }; net: { amount: number } }) => [line.discount.amount, line.net.amount])).toEqual([
      [34, 3266],
      [33, 3267],
      [33, 3267],
    ]);
    expect(given.body).toMatchObject({ subtotal: cny(9900), discount: cny(100), total: cny(10300), balanceDue: cny(10300), manualDiscountReason: '老顾客 Loyal customer' });
    expect((await act(o.id, 'discount', { amount: cny(1), reason: 'again' }, manager.auth)).body.code).toBe('order.discount_already_given');
    const other2 = await created({ lines: [{ productId: mask, quantity: 1 }] });
    const tooMuch = await act(other2.id, 'discount', { amount: cny(3301), reason: 'x' }, manager.auth);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors).toEqual([{ field: 'amount', message: expect.any(String) }]);
    expect((await act(other2.id, 'cancel', { reason: 'test' })).status).toBe(200);
    expect((await act(other2.id, 'discount', { amount: cny(1), reason: 'late' }, manager.auth)).body.code).toBe('order.discount_closed');
  });

  it('lives a product order: confirm reserves, ship commits to sales, deliver, complete; every step in the history', async () => {
    await stockUp(serum, 5);
    const start = await level(serum);
    const o = await created({ lines: [{ productId: serum, quantity: 3 }] });
    const confirmed = await act(o.id, 'confirm', { note: '已电话确认' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', allowedTransitions: ['in_progress', 'cancelled'] });
    expect(await level(serum)).toEqual({ onHand: start.onHand, reserved: start.reserved + 3 });
    expect(await t.sql('SELECT units::int, status FROM stock_reservation WHERE reference = $1', [`order:${o.id}`])).toEqual([{ units: 3, status: 'active' }]);
    for (const step of ['start', 'pick', 'pack']) expect((await act(o.id, step)).status).toBe(200);
    const shipped = await act(o.id, 'ship', { note: '顺丰 SF123' });
    expect(shipped.body).toMatchObject({ status: 'shipped', allowedTransitions: ['delivered'] });
    expect(await level(serum)).toEqual({ onHand: start.onHand - 3, reserved: start.reserved });
    expect(await t.sql("SELECT kind, delta::int FROM stock_movement WHERE document_type = 'order' AND document_id = $1", [o.number])).toEqual([{ kind: 'sale', delta: -3 }]);
    expect((await act(o.id, 'deliver')).status).toBe(200);
    const done = await act(o.id, 'complete');
    expect(done.body).toMatchObject({ status: 'completed', allowedTransitions: [] });
    const history = await t.http.get(`/v1/orders/${o.id}/history`).set(beautician.auth);
    expect(history.body.data.map((h: { fromStatus: string; toStatus: string }) => `${h.fromStatus}>${h.toStatus}`)).toEqual([
      'pending_confirmation>confirmed',
      'confirmed>in_progress',
      'in_progress>picked',
      'picked>packed',
      'packed>shipped',
      'shipped>delivered',
      'delivered>completed',
    ]);
    expect(history.body.data[0]).toMatchObject({ actorType: 'user', actorId: desk.id, reason: '已电话确认' });
    const events = await t.sql<{ name: string }>("SELECT name FROM event WHERE payload->>'orderId' = $1 ORDER BY occurred_at, name", [o.id]);
    expect(events.map((e) => e.name).sort()).toEqual(['order.completed', 'order.confirmed', 'order.created', 'order.delivered', 'order.shipped']);
  });

  it('lives a service order: scheduled as an appointment, served, completed; no stock is touched', async () => {
    const o = await created({ channel: 'phone', lines: [{ variationId: cut, quantity: 1 }] });
    expect((await act(o.id, 'confirm')).status).toBe(200);
    expect(await t.sql('SELECT count(*)::int AS n FROM stock_reservation WHERE reference = $1', [`order:${o.id}`])).toEqual([{ n: 0 }]);
    const started = await act(o.id, 'start');
    expect(started.body.allowedTransitions).toEqual(['scheduled', 'cancelled']);
    expect((await act(o.id, 'pick')).body).toMatchObject({ code: 'order.invalid_transition', currentState: 'in_progress', allowedStates: ['scheduled', 'cancelled'] });
    const unknown = await act(o.id, 'schedule', { appointmentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ field: 'appointmentId', message: expect.any(String) }]);
    const staff = await createStaffMember(t, { storeIds: [store.id] });
    const appointmentId = await insertAppointment(t, {
      storeId: store.id,
      customerId: customer,
      segments: [{ variationId: cut, staffMemberId: staff.id, start: '2027-05-11T02:00:00Z', blocks: { active: 30 } }],
    });
    const scheduled = await act(o.id, 'schedule', { appointmentId });
    expect(scheduled.body).toMatchObject({ status: 'scheduled', appointmentId, allowedTransitions: ['served', 'cancelled'] });
    expect((await act(o.id, 'serve')).body.status).toBe('served');
    expect((await act(o.id, 'cancel', { reason: 'too late' })).body).toMatchObject({ code: 'order.invalid_transition', currentState: 'served', allowedStates: ['completed'] });
    expect((await act(o.id, 'complete')).body.status).toBe('completed');
  });

  it('refuses a transition from the wrong state with 409 naming the state and the allowed ones; nothing changes', async () => {
    const o = await created({ lines: [{ productId: mask, quantity: 1 }] });
    const early = await act(o.id, 'ship');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'order.invalid_transition',
      currentState: 'pending_confirmation',
      requestedState: 'shipped',
      allowedStates: ['confirmed', 'cancelled'],
    });
    expect((await act(o.id, 'schedule', { appointmentId: '00000000-0000-4000-8000-000000000000' })).status).toBe(409);
    const after = await t.http.get(`/v1/orders/${o.id}`).set(desk.auth);
    expect(after.body).toMatchObject({ status: 'pending_confirmation', version: 1 });
    expect(await t.sql('SELECT count(*)::int AS n FROM order_status_history WHERE order_id = $1', [o.id])).toEqual([{ n: 0 }]);
  });

  it('of two confirmations at once one wins and one answers 409; the goods are held once', async () => {
    const start = await level(serum);
    const o = await created({ lines: [{ productId: serum, quantity: 1 }] });
    const [a, b] = await raceOfTwo(
      t,
      () => act(o.id, 'confirm'),
      () => act(o.id, 'confirm'),
    );
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((res) => res.status === 409)!.body).toMatchObject({ code: 'order.invalid_transition', currentState: 'confirmed' });
    expect(await level(serum)).toEqual({ onHand: start.onHand, reserved: start.reserved + 1 });
    expect(await t.sql('SELECT count(*)::int AS n FROM order_status_history WHERE order_id = $1', [o.id])).toEqual([{ n: 1 }]);
  });

  it('a short line stops confirmation with 409 naming it; cancelling releases what was held', async () => {
    const { onHand, reserved } = await level(mask);
    const short = await created({
      lines: [
        { productId: serum, quantity: 1 },
        { productId: mask, quantity: onHand - reserved + 1 },
      ],
    });
    const refused = await act(short.id, 'confirm');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'inventory.insufficient_stock', errors: [{ field: 'lines[1].quantity', message: expect.any(String) }] });
    expect((await t.http.get(`/v1/orders/${short.id}`).set(desk.auth)).body.status).toBe('pending_confirmation');
    expect(await t.sql('SELECT count(*)::int AS n FROM stock_reservation WHERE reference = $1', [`order:${short.id}`])).toEqual([{ n: 0 }]);

    const serumBefore = await level(serum);
    const held = await created({ lines: [{ productId: serum, quantity: 2 }] });
    await act(held.id, 'confirm').expect(200);
    await act(held.id, 'start').expect(200);
    expect(await level(serum)).toEqual({ onHand: serumBefore.onHand, reserved: serumBefore.reserved + 2 });
    expect((await act(held.id, 'cancel', {})).status).toBe(400);
    const cancelled = await act(held.id, 'cancel', { reason: '顾客取消 The customer changed their mind' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '顾客取消 The customer changed their mind', allowedTransitions: [] });
    expect(await level(serum)).toEqual(serumBefore);
    expect(await t.sql('SELECT status FROM stock_reservation WHERE reference = $1', [`order:${held.id}`])).toEqual([{ status: 'released' }]);
    expect(await t.sql("SELECT payload->>'reason' AS reason FROM event WHERE name = 'order.cancelled' AND payload->>'orderId' = $1", [held.id])).toEqual([
      { reason: '顾客取消 The customer changed their mind' },
    ]);
  });

  it('reads: filters and cursor pages over the stores the caller sees; others answer 404', async () => {
    const mine = await created({ channel: 'mini_program', lines: [{ productId: mask, quantity: 1 }] });
    const page = await t.http.get('/v1/orders').query({ storeId: store.id, channel: 'mini_program', status: 'pending_confirmation' }).set(beautician.auth);
    expect(page.status).toBe(200);
    expect(page.body.data.map((o: { id: string }) => o.id)).toEqual([mine.id]);
    const byCustomer = await t.http.get('/v1/orders').query({ customerId: customer, limit: 2 }).set(desk.auth);
    expect(byCustomer.body.data).toHaveLength(2);
    const next = await t.http.get('/v1/orders').query({ customerId: customer, limit: 2, cursor: byCustomer.body.nextCursor }).set(desk.auth);
    expect(next.body.data.map((o: { id: string }) => o.id)).not.toContain(byCustomer.body.data[0].id);
    const window = await t.http.get('/v1/orders').query({ from: '2027-05-10T00:00:00+08:00', to: '2027-05-11T00:00:00+08:00', limit: 100 }).set(owner.auth);
    expect(window.body.data.length).toBeGreaterThan(5);
    expect((await t.http.get('/v1/orders').query({ from: '2027-05-11T00:00:00+08:00' }).set(owner.auth)).body.data).toEqual([]);
    expect((await t.http.get(`/v1/orders/${mine.id}`).set(outsider.auth)).status).toBe(404);
    expect((await t.http.get('/v1/orders').set(outsider.auth)).body.data).toEqual([]);
    expect((await t.http.get('/v1/orders').query({ storeId: store.id }).set(outsider.auth)).status).toBe(404);
    const elsewhereKey = await createApiKey(t, { scopes: ['orders:read'], storeIds: [other.id] });
    expect((await t.http.get(`/v1/orders/${mine.id}`).set(elsewhereKey.auth)).status).toBe(404);
    const readKey = await createApiKey(t, { scopes: ['orders:read'], storeIds: [store.id] });
    expect((await t.http.get(`/v1/orders/${mine.id}`).set(readKey.auth)).status).toBe(200);
    expect((await order({ lines: [{ productId: mask, quantity: 1 }] }, readKey.auth)).status).toBe(403);
    expect((await order({ lines: [{ productId: mask, quantity: 1 }] }, beautician.auth)).status).toBe(403);
  });

  it('sends webhooks for each order event to its store’s endpoints, with the order as GET answers it', async () => {
    const catalog = await t.http.get('/v1/webhook-event-types').set(owner.auth).expect(200);
    expect(catalog.body.filter((type: { type: string }) => type.type.startsWith('order.')).map((type: { type: string; schema: string }) => [type.type, type.schema])).toEqual(
      ['cancelled', 'completed', 'confirmation_overdue', 'confirmed', 'created', 'delivered', 'paid', 'refund_failed', 'refunded', 'shipped', 'shipping_overdue'].map((event) => [
        `order.${event}`,
        'OrderResponseDto',
      ]),
    );
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/orders', eventTypes: ['order.*'], storeIds: [store.id] });
    expect(endpoint.status).toBe(201);
    const o = await created({ lines: [{ productId: mask, quantity: 1 }] });
    await act(o.id, 'cancel', { reason: '缺货 Out of stock' }).expect(200);
    const messages = await waitFor(
      () => t.sql<{ type: string; body: string }>('SELECT type, body FROM webhook_message WHERE endpoint_id = $1 ORDER BY occurred_at', [endpoint.body.id]),
      (rows) => rows.length >= 2,
    );
    expect(messages.map((m) => m.type).sort()).toEqual(['order.cancelled', 'order.created']);
    const cancelled = JSON.parse(messages.find((m) => m.type === 'order.cancelled')!.body);
    expect(cancelled).toMatchObject({ type: 'order.cancelled', data: { id: o.id, number: o.number, status: 'cancelled', cancelReason: '缺货 Out of stock', storeId: store.id } });
    // Another store's endpoint hears nothing of it.
    const elsewhere = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/other', eventTypes: ['order.*'], storeIds: [other.id] });
    const later = await created({ lines: [{ productId: mask, quantity: 1 }] });
    await waitFor(
      () => t.sql<{ n: number }>("SELECT count(*)::int AS n FROM webhook_message WHERE endpoint_id = $1 AND body::jsonb->'data'->>'id' = $2", [endpoint.body.id, later.id]),
      (rows) => rows[0].n === 1,
    );
    expect(await t.sql('SELECT count(*)::int AS n FROM webhook_message WHERE endpoint_id = $1', [elsewhere.body.id])).toEqual([{ n: 0 }]);
  });

  it('bad input: each field named, nothing written', async () => {
    const [{ n: before }] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM "order"');
    const fields = async (body: Record<string, unknown>) => {
      const res = await order(body);
      expect(res.status).toBe(400);
      return (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    };
    expect(await fields({ lines: [] })).toEqual(['lines']);
    expect(await fields({ lines: [{ productId: serum, quantity: 0 }] })).toEqual(['lines[0].quantity']);
    expect(await fields({ lines: [{ productId: serum, quantity: 1.5 }] })).toEqual(['lines[0].quantity']);
    expect(await fields({ lines: [{ quantity: 1 }] })).toEqual(['lines[0].productId']);
    expect(await fields({ customerId: undefined, lines: [{ productId: serum, quantity: 1 }] })).toEqual(['customerId']);
    expect(await fields({ channel: 'fax', lines: [{ productId: serum, quantity: 1 }] })).toEqual(['channel']);
    expect(await fields({ lines: [{ productId: serum, quantity: 1 }], deliveryAddress: { recipient: '', phone: '12', city: '上海市', line1: 'x' } })).toEqual([
      'deliveryAddress.phone',
      'deliveryAddress.recipient',
    ]);
    expect(await fields({ lines: [{ productId: serum, quantity: 1 }], shippingFee: { amount: -1, currency: 'CNY' } })).toEqual(['shippingFee.amount']);
    expect(await fields({ lines: [{ productId: serum, variationId: cut, quantity: 1 }] })).toEqual(['lines[0].variationId']);
    const unknown = await order({ lines: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'order.product_not_sold', errors: [{ field: 'lines[0].productId', message: expect.any(String) }] });
    const variation = await order({ lines: [{ variationId: '00000000-0000-4000-8000-000000000000', quantity: 1 }] });
    expect(variation.body).toMatchObject({ code: 'order.variation_not_sold', errors: [{ field: 'lines[0].variationId', message: expect.any(String) }] });
    const notCustomer = await order({ customerId: '00000000-0000-4000-8000-000000000000', lines: [{ productId: serum, quantity: 1 }] });
    expect(notCustomer.body).toMatchObject({ code: 'order.customer_unknown', errors: [{ field: 'customerId', message: expect.any(String) }] });
    const currency = await order({ lines: [{ productId: serum, quantity: 1 }], shippingFee: { amount: 100, currency: 'USD' } });
    expect(currency.body.errors).toEqual([{ field: 'shippingFee.currency', message: expect.any(String) }]);
    expect((await order({ storeId: other.id, lines: [{ productId: serum, quantity: 1 }] })).status).toBe(404);
    expect((await order({ partnerReference: 'X', lines: [{ productId: serum, quantity: 1 }] })).body.errors).toEqual([{ field: 'partnerReference', message: expect.any(String) }]);
    expect(await t.sql('SELECT count(*)::int AS n FROM "order"')).toEqual([{ n: before }]);
  });
});
