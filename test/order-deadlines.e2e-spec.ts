/**
 * The time promises of orders (issue 15, DESIGN §5) end to end, with windows of a few seconds, on the
 * real PostgreSQL and a redis-server of this file's own (FLUSHALL never touches the Redis other test
 * files share): an unconfirmed order is warned about, becomes overdue once, tells its responsible staff
 * member and the managers once, sends its webhook once, and is escalated to the owners once; the same
 * for a confirmed but unshipped order; a confirmed and shipped one never; all of it across a FLUSHALL
 * and an API restart; the customer hears of confirmation and shipment; `?overdue=` lists what is late.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { addDays, todayIn, zonedToInstant } from '../src/common/clock/index.js';
import { DeadlineWorker } from '../src/common/deadlines/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/app.js';
import { cny, productBody } from './support/catalog-bodies.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';
import { raceOfTwo } from './support/race.js';
import { createStaffMember } from './support/scheduling.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(120_000);

/**
 * Confirmation and shipping are each due 10 s after their start; warned 5 s before; the owners told 3 s after.
 * The 5 s before the warning are the room a test has to confirm and ship on a busy machine when it needs no warning.
 */
const WINDOW_MS = 10_000;
const WINDOWS = { ORDER_CONFIRM_WINDOW: '10s', ORDER_SHIP_WINDOW: '10s', ORDER_DEADLINE_WARNING: '5s', ORDER_DEADLINE_ESCALATION: '3s' };

describe('orders: the confirmation and shipping promises', () => {
  let redis: OwnRedis;
  let flusher: Redis;
  let t: TestApp;
  let store: StoreRecord;
  let owner: UserRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let responsible: UserRecord;
  let product: string;
  let customer: string;
  const actor: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'owner', storeIds: 'all' };

  const boot = (options: TestAppOptions = {}) =>
    startTestApp({ ...options, env: { REDIS_URL: redis.url, DEADLINE_SWEEP_INTERVAL: '1s', DEADLINE_RETRY_BACKOFF: '100ms', ...WINDOWS, ...options.env } });
  const create = async () => {
    const res = await t.http
      .post('/v1/orders')
      .set(desk.auth)
      .send({ storeId: store.id, channel: 'online', customerId: customer, lines: [{ productId: product, quantity: 1 }] });
    expect(res.status).toBe(201);
    return res.body as { id: string; number: string; receivedAt: string; confirmDueAt: string; shipDueAt: string | null };
  };
  const act = (id: string, step: string, body: Record<string, unknown> = {}) => t.http.post(`/v1/orders/${id}/${step}`).set(desk.auth).send(body);
  const toShipped = async (id: string) => {
    for (const step of ['start', 'pick', 'pack', 'ship']) expect((await act(id, step)).status).toBe(200);
  };
  const order = async (id: string) => (await t.http.get(`/v1/orders/${id}`).set(owner.auth).expect(200)).body;
  /** The notifications of a key about one order (each is written with the key and the order's id as its dedupe key). */
  const notices = (key: string, orderId: string) =>
    t.sql<{ channel: string; staff_user_id: string | null; customer_id: string | null }>(
      'SELECT channel, staff_user_id, customer_id FROM notification WHERE key = $1 AND dedupe_key LIKE $2 ORDER BY staff_user_id, channel',
      [key, `${key}:${orderId}:%`],
    );
  const inApp = async (key: string, orderId: string) =>
    (await notices(key, orderId))
      .filter((n) => n.channel === 'in_app')
      .map((n) => n.staff_user_id)
      .sort();
  const events = (name: string, orderId: string) =>
    t.sql<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE name = $1 AND payload->>'orderId' = $2", [name, orderId]).then(([row]) => row.n);
  const webhooks = (type: string, orderId: string) =>
    t.sql<{ n: number }>("SELECT count(*)::int AS n FROM webhook_message WHERE type = $1 AND body::jsonb->'data'->>'id' = $2", [type, orderId]).then(([row]) => row.n);
  /** Until the order's deadlines are all done with and two more sweeps have ended: a second or late fire would have happened. */
  const settled = async (orderId: string) => {
    await waitFor(
      () => t.sql<{ n: number }>("SELECT count(*)::int AS n FROM deadline WHERE subject_id = $1 AND status = 'pending'", [orderId]),
      ([row]) => row.n === 0,
      30_000,
    );
    const worker = t.app.get(DeadlineWorker);
    const before = worker.sweepsDone;
    await waitFor(() => worker.sweepsDone >= before + 2);
  };
  const sorted = (...ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    redis = await startOwnRedis();
    flusher = new Redis(redis.url);
    t = await boot();
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const staff = await createStaffMember(t, { storeIds: [store.id], login: 'beautician' });
    responsible = staff.user!;
    await t.http.put(`/v1/stores/${store.id}/order-channels/online`).set(manager.auth).send({ responsibleStaffMemberId: staff.id, team: '线上组' }).expect(200);
    const res = await t.http
      .post('/v1/products')
      .set(owner.auth)
      .send(productBody({ specification: { size: 1, unit: 'pcs' }, salePrice: cny(9900) }));
    expect(res.status).toBe(201);
    product = res.body.id;
    await t.app
      .get(StockMovements)
      .bringIn(actor, { type: 'system', id: null }, { storeId: store.id, productId: product, units: 1000, kind: 'receipt', sourceKey: 'test:deadlines', unitCostAmount: 1000 });
    const c = await t.http.post('/v1/customers').set(desk.auth).send({ name: '王小红', phone: '+8613800135501' });
    expect(c.status).toBe(201);
    customer = c.body.id;
    await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/late-orders', eventTypes: ['order.confirmation_overdue', 'order.shipping_overdue'], storeIds: [store.id] })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    flusher?.disconnect();
    await redis?.stop();
  });

  it('an unconfirmed order: warned, then overdue once (staff, managers, event, webhook), then escalated to the owners once', async () => {
    const o = await create();
    expect(new Date(o.confirmDueAt).getTime() - new Date(o.receivedAt).getTime()).toBe(WINDOW_MS);
    expect(o.shipDueAt).toBeNull();

    // The warning goes to the responsible staff member alone, in-app and by their channel (SMS).
    await waitFor(
      () => inApp('order.confirmation_due_soon', o.id),
      (ids) => ids.length > 0,
    );
    expect((await order(o.id)).confirmationOverdueAt).toBeNull();
    expect((await notices('order.confirmation_due_soon', o.id)).map((n) => [n.staff_user_id, n.channel])).toEqual([
      [responsible.id, 'in_app'],
      [responsible.id, 'sms'],
    ]);

    const late = await waitFor(
      () => order(o.id),
      (body) => body.confirmationOverdueAt !== null,
    );
    expect(new Date(late.confirmationOverdueAt).getTime()).toBeGreaterThanOrEqual(new Date(o.confirmDueAt).getTime());
    expect(late.status).toBe('pending_confirmation');
    await waitFor(
      () => inApp('order.confirmation_escalated', o.id),
      (ids) => ids.length > 0,
    );
    await waitFor(
      () => webhooks('order.confirmation_overdue', o.id),
      (n) => n > 0,
    );
    await settled(o.id);

    expect(await inApp('order.confirmation_overdue', o.id)).toEqual(sorted(manager.id, responsible.id));
    expect(await inApp('order.confirmation_escalated', o.id)).toEqual([owner.id]);
    expect(await inApp('order.confirmation_due_soon', o.id)).toEqual([responsible.id]);
    expect(await events('order.confirmation_overdue', o.id)).toBe(1);
    expect(await webhooks('order.confirmation_overdue', o.id)).toBe(1);
    // Stamped once: what the handler wrote is still there.
    expect((await order(o.id)).confirmationOverdueAt).toBe(late.confirmationOverdueAt);
    const [message] = await t.sql<{ body: string }>("SELECT body FROM webhook_message WHERE type = 'order.confirmation_overdue' AND body::jsonb->'data'->>'id' = $1", [o.id]);
    expect(JSON.parse(message.body)).toMatchObject({ data: { id: o.id, number: o.number, confirmationOverdueAt: late.confirmationOverdueAt } });

    // Confirmed late: shipping is promised from the confirmation; the overdue stamp stays as history.
    const confirmed = await act(o.id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.confirmationOverdueAt).toBe(late.confirmationOverdueAt);
    expect(new Date(confirmed.body.shipDueAt).getTime() - new Date(confirmed.body.confirmedAt).getTime()).toBe(WINDOW_MS);
    await act(o.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
    expect(await t.sql("SELECT count(*)::int AS n FROM deadline WHERE subject_id = $1 AND status = 'pending'", [o.id])).toEqual([{ n: 0 }]);
  });

  it('a confirmed order never shipped: overdue for shipping once, escalated once; the customer heard of the confirmation', async () => {
    const o = await create();
    const confirmed = await act(o.id, 'confirm');
    expect(confirmed.status).toBe(200);
    expect(new Date(confirmed.body.shipDueAt).getTime() - new Date(confirmed.body.confirmedAt).getTime()).toBe(WINDOW_MS);
    await waitFor(
      () => inApp('order.shipping_due_soon', o.id),
      (ids) => ids.length > 0,
    );
    await waitFor(
      () => inApp('order.shipping_escalated', o.id),
      (ids) => ids.length > 0,
    );
    await waitFor(
      () => webhooks('order.shipping_overdue', o.id),
      (n) => n > 0,
    );
    await settled(o.id);

    const late = await order(o.id);
    expect(late).toMatchObject({ status: 'confirmed', confirmationOverdueAt: null, shippingOverdueAt: expect.any(String) });
    expect(await inApp('order.shipping_due_soon', o.id)).toEqual([responsible.id]);
    expect(await inApp('order.shipping_overdue', o.id)).toEqual(sorted(manager.id, responsible.id));
    expect(await inApp('order.shipping_escalated', o.id)).toEqual([owner.id]);
    expect(await events('order.shipping_overdue', o.id)).toBe(1);
    expect(await webhooks('order.shipping_overdue', o.id)).toBe(1);
    // Nothing about confirmation: it was kept in time.
    expect(await notices('order.confirmation_overdue', o.id)).toEqual([]);
    expect(await events('order.confirmation_overdue', o.id)).toBe(0);
    expect(await notices('order.confirmed', o.id)).toEqual([expect.objectContaining({ customer_id: customer, channel: 'sms' })]);
    await act(o.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
  });

  it('a confirmed and shipped order is never overdue; the customer heard of both steps once', async () => {
    const o = await create();
    expect((await act(o.id, 'confirm')).status).toBe(200);
    await toShipped(o.id);
    const shipped = await order(o.id);
    // Past both due times, with every sweep in between done.
    await waitFor(() => Date.now() > new Date(shipped.shipDueAt).getTime() + 1000);
    await settled(o.id);
    expect(await order(o.id)).toMatchObject({ status: 'shipped', confirmationOverdueAt: null, shippingOverdueAt: null });
    expect(await events('order.confirmation_overdue', o.id)).toBe(0);
    expect(await events('order.shipping_overdue', o.id)).toBe(0);
    expect(await t.sql('SELECT status, count(*)::int AS n FROM deadline WHERE subject_id = $1 GROUP BY status ORDER BY status', [o.id])).toEqual([{ status: 'cancelled', n: 4 }]);
    await waitFor(
      () => notices('order.shipped', o.id),
      (rows) => rows.length > 0,
    );
    expect(await notices('order.confirmed', o.id)).toHaveLength(1);
    expect(await notices('order.shipped', o.id)).toEqual([expect.objectContaining({ customer_id: customer, channel: 'sms' })]);
  });

  it('?overdue= lists the orders whose step is past due and still open; a bad value is a 400 naming it', async () => {
    const waiting = await create();
    const kept = await create();
    expect((await act(kept.id, 'confirm')).status).toBe(200);
    await waitFor(
      () => order(waiting.id),
      (body) => body.confirmationOverdueAt !== null,
    );
    const list = async (overdue: string) =>
      (await t.http.get('/v1/orders').query({ storeId: store.id, overdue }).set(manager.auth).expect(200)).body.data.map((row: { id: string }) => row.id) as string[];
    const unconfirmed = await list('confirmation');
    expect(unconfirmed).toContain(waiting.id);
    expect(unconfirmed).not.toContain(kept.id);
    await waitFor(
      () => list('shipping'),
      (ids) => ids.includes(kept.id),
    );
    expect(await list('shipping')).not.toContain(waiting.id);
    await act(kept.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
    expect(await list('shipping')).not.toContain(kept.id);
    const bad = await t.http.get('/v1/orders').query({ overdue: 'delivery' }).set(manager.auth);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ field: 'overdue', message: expect.any(String) }]);
    await act(waiting.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
  });

  it("a store's own windows per channel, and windows in business hours only (its hours and closures, in its zone)", async () => {
    const put = await t.http
      .put(`/v1/stores/${store.id}/order-channels/phone`)
      .set(manager.auth)
      .send({ responsibleStaffMemberId: null, confirmWindowMinutes: 90, shipWindowMinutes: 600 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ confirmWindowMinutes: 90, shipWindowMinutes: 600, windowsInBusinessHours: false });
    const phone = await t.http
      .post('/v1/orders')
      .set(desk.auth)
      .send({ storeId: store.id, channel: 'phone', customerId: customer, lines: [{ productId: product, quantity: 1 }] });
    expect(phone.status).toBe(201);
    expect(Date.parse(phone.body.confirmDueAt) - Date.parse(phone.body.receivedAt)).toBe(90 * 60_000);
    const confirmed = await act(phone.body.id, 'confirm');
    expect(Date.parse(confirmed.body.shipDueAt) - Date.parse(confirmed.body.confirmedAt)).toBe(600 * 60_000);
    await act(phone.body.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);

    // Open day and night, but closed today and tomorrow: 60 working minutes end an hour into the day after tomorrow.
    const hours = await createStore(t, { timeZone: 'Asia/Shanghai' });
    const allDay = [{ open: '00:00', close: '24:00' }];
    await t.sql('UPDATE store SET business_hours = $2 WHERE id = $1', [
      hours.id,
      JSON.stringify(Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((day) => [day, allDay]))),
    ]);
    const today = todayIn('Asia/Shanghai', Date.now());
    for (const date of [today, addDays(today, 1)]) {
      await t.sql("INSERT INTO store_closure (store_id, date, kind, intervals, reason) VALUES ($1, $2, 'closed', '[]', '装修 Renovation')", [hours.id, date]);
    }
    const owned = await t.http
      .put(`/v1/stores/${hours.id}/order-channels/online`)
      .set(owner.auth)
      .send({ responsibleStaffMemberId: null, confirmWindowMinutes: 60, windowsInBusinessHours: true });
    expect(owned.body).toMatchObject({ confirmWindowMinutes: 60, shipWindowMinutes: null, windowsInBusinessHours: true });
    const working = await t.http
      .post('/v1/orders')
      .set(owner.auth)
      .send({ storeId: hours.id, channel: 'online', customerId: customer, lines: [{ productId: product, quantity: 1 }] });
    expect(working.status).toBe(201);
    expect(working.body.confirmDueAt).toBe(new Date(zonedToInstant(addDays(todayIn('Asia/Shanghai', Date.parse(working.body.receivedAt)), 2), 60, 'Asia/Shanghai')).toISOString());
    await t.http.post(`/v1/orders/${working.body.id}/cancel`).set(owner.auth).send({ reason: '测试结束 Test over' }).expect(200);

    const bad = await t.http
      .put(`/v1/stores/${store.id}/order-channels/phone`)
      .set(manager.auth)
      .send({ responsibleStaffMemberId: null, confirmWindowMinutes: 0, shipWindowMinutes: 1.5, windowsInBusinessHours: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['confirmWindowMinutes', 'shipWindowMinutes', 'windowsInBusinessHours']);
    expect((await t.http.get(`/v1/stores/${store.id}/order-channels/phone`).set(manager.auth)).body).toMatchObject({ confirmWindowMinutes: 90, shipWindowMinutes: 600 });
  });

  it('two confirmations at once: one wins, and one shipping promise is pending', async () => {
    const o = await create();
    const [a, b] = await raceOfTwo(
      t,
      () => act(o.id, 'confirm'),
      () => act(o.id, 'confirm'),
    );
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await t.sql("SELECT kind FROM deadline WHERE subject_id = $1 AND status = 'pending' ORDER BY kind", [o.id])).toEqual([
      { kind: 'order.ship' },
      { kind: 'order.ship_warning' },
    ]);
    await act(o.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
    expect(await t.sql("SELECT count(*)::int AS n FROM deadline WHERE subject_id = $1 AND status = 'pending'", [o.id])).toEqual([{ n: 0 }]);
  });

  it('across a Redis FLUSHALL and an API restart: the unconfirmed and the unshipped orders become overdue once, the shipped one never', async () => {
    const late = await create();
    const unshipped = await create();
    const done = await create();
    expect((await act(unshipped.id, 'confirm')).status).toBe(200);
    expect((await act(done.id, 'confirm')).status).toBe(200);
    await toShipped(done.id);
    // Redis loses every job while the API is down; PostgreSQL still holds the deadlines.
    await t.close({ keepDatabase: true });
    await flusher.flushall();
    t = await boot({ reuse: { database: t.database, redisPrefix: t.config.REDIS_PREFIX } });

    await waitFor(
      () => Promise.all([webhooks('order.confirmation_overdue', late.id), webhooks('order.shipping_overdue', unshipped.id)]),
      ([a, b]) => a > 0 && b > 0,
    );
    await waitFor(
      () => Promise.all([inApp('order.confirmation_escalated', late.id), inApp('order.shipping_escalated', unshipped.id)]),
      ([a, b]) => a.length > 0 && b.length > 0,
    );
    const shipDueAt = new Date((await order(done.id)).shipDueAt).getTime();
    await waitFor(() => Date.now() > shipDueAt + 1000);
    for (const o of [late, unshipped, done]) await settled(o.id);
    expect(await inApp('order.confirmation_overdue', late.id)).toEqual(sorted(manager.id, responsible.id));
    expect(await inApp('order.confirmation_escalated', late.id)).toEqual([owner.id]);
    expect(await events('order.confirmation_overdue', late.id)).toBe(1);
    expect(await webhooks('order.confirmation_overdue', late.id)).toBe(1);
    expect(await inApp('order.shipping_overdue', unshipped.id)).toEqual(sorted(manager.id, responsible.id));
    expect(await inApp('order.shipping_escalated', unshipped.id)).toEqual([owner.id]);
    expect(await events('order.shipping_overdue', unshipped.id)).toBe(1);
    expect(await webhooks('order.shipping_overdue', unshipped.id)).toBe(1);
    expect(await order(done.id)).toMatchObject({ status: 'shipped', confirmationOverdueAt: null, shippingOverdueAt: null });
    expect(await events('order.shipping_overdue', done.id)).toBe(0);
    expect(await events('order.confirmation_overdue', done.id)).toBe(0);
    for (const o of [late, unshipped]) await act(o.id, 'cancel', { reason: '测试结束 Test over' }).expect(200);
  });

  it('an order id the deadlines never knew: a stale job for it does nothing', async () => {
    // A deadline whose order is gone or kept: the handler re-reads and leaves it (no stamp, no notice).
    const subject = randomUUID();
    await t.sql("INSERT INTO deadline (kind, subject_id, due_at) VALUES ('order.confirm', $1, now())", [subject]);
    await waitFor(
      () => t.sql<{ status: string }>('SELECT status FROM deadline WHERE subject_id = $1', [subject]),
      ([row]) => row.status === 'fired',
    );
    expect(await t.sql("SELECT count(*)::int AS n FROM event WHERE name = 'order.confirmation_overdue' AND payload->>'orderId' = $1", [subject])).toEqual([{ n: 0 }]);
  });
});
