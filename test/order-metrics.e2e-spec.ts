/**
 * What the business watches about orders (issue 15), on the real PostgreSQL: orders arranged in SQL
 * with known times (receipt, confirmation, shipment, cancellation, due times as the deadlines set them,
 * status history), then the exact medians, p90s, shares and rates, in total and per store, channel,
 * responsible staff member and day; who may read them; bad ranges.
 */
import { FixedClock } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { createStaffMember } from './support/scheduling.js';

const H = 3_600_000;
const T0 = Date.parse('2027-05-01T00:00:00Z'); // 08:00 on 1 May in Shanghai
const at = (ms: number) => new Date(ms).toISOString();

describe('orders: metrics', () => {
  let t: TestApp;
  let a: StoreRecord;
  let b: StoreRecord;
  let owner: UserRecord;
  let managerA: UserRecord;
  let desk: UserRecord;
  let staff: string;
  let customer: string;
  let numbers = 0;

  interface Arranged {
    store: StoreRecord;
    channel: string;
    staff?: string;
    received: number;
    /** Hours after receipt. */
    confirmed?: number;
    /** Hours after confirmation. */
    shipped?: number;
    /** Hours after receipt. */
    cancelled?: number;
  }

  /** An order as intake, confirmation and shipping would leave it: due times 24 h after receipt and 48 h after confirmation, one history row per change. */
  async function arrange(order: Arranged): Promise<void> {
    const confirmedAt = order.confirmed === undefined ? null : order.received + order.confirmed * H;
    const shippedAt = order.shipped === undefined || confirmedAt === null ? null : confirmedAt + order.shipped * H;
    const cancelledAt = order.cancelled === undefined ? null : order.received + order.cancelled * H;
    const status = cancelledAt !== null ? 'cancelled' : shippedAt !== null ? 'shipped' : confirmedAt !== null ? 'confirmed' : 'pending_confirmation';
    const [row] = await t.sql<{ id: string }>(
      `INSERT INTO "order" (number, store_id, channel, customer_id, classification, responsible_staff_member_id, status, currency, subtotal_amount, total_amount,
         balance_due_amount, created_by_type, received_at, confirm_due_at, ship_due_at, confirmed_at, shipped_at, cancelled_at)
       VALUES ($1, $2, $3, $4, 'product', $5, $6, 'CNY', 0, 0, 0, 'system', $7, $8, $9, $10, $11, $12) RETURNING id`,
      [
        `SO-TEST-${numbers++}`,
        order.store.id,
        order.channel,
        customer,
        order.staff ?? null,
        status,
        at(order.received),
        at(order.received + 24 * H),
        confirmedAt === null ? null : at(confirmedAt + 48 * H),
        confirmedAt === null ? null : at(confirmedAt),
        shippedAt === null ? null : at(shippedAt),
        cancelledAt === null ? null : at(cancelledAt),
      ],
    );
    const changes: [string, string, number | null][] = [
      ['pending_confirmation', 'confirmed', confirmedAt],
      ['confirmed', 'shipped', shippedAt],
      [confirmedAt === null ? 'pending_confirmation' : 'confirmed', 'cancelled', cancelledAt],
    ];
    for (const [from, to, when] of changes) {
      if (when === null) continue;
      await t.sql(`INSERT INTO order_status_history (order_id, from_status, to_status, actor_type, at) VALUES ($1, $2, $3, 'system', $4)`, [row.id, from, to, at(when)]);
    }
  }

  const metrics = (query: string, auth: Record<string, string> = owner.auth) => t.http.get(`/v1/orders/metrics?${query}`).set(auth);
  const period = `from=${encodeURIComponent(at(T0))}&to=${encodeURIComponent(at(T0 + 48 * H))}`;

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(new Date('2027-05-10T04:00:00Z')) });
    a = await createStore(t);
    b = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    managerA = await createUser(t, { role: 'manager', storeIds: [a.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [a.id] });
    staff = (await createStaffMember(t, { storeIds: [a.id] })).id;
    const created = await t.http.post('/v1/customers').set(owner.auth).send({ name: '王小红', phone: '+8613800138123' });
    expect(created.status).toBe(201);
    customer = created.body.id;

    // Store A: on time; confirmed late but shipped on time; cancelled before its confirmation was due.
    await arrange({ store: a, channel: 'online', staff, received: T0, confirmed: 1, shipped: 10 });
    await arrange({ store: a, channel: 'online', staff, received: T0 + 2 * H, confirmed: 30, shipped: 20 });
    await arrange({ store: a, channel: 'app', received: T0 + 4 * H, cancelled: 3 });
    // Store B: confirmed but never shipped (its shipping promise passed); cancelled after confirmation; never confirmed (received 01:00 on 2 May in Shanghai).
    await arrange({ store: b, channel: 'phone', received: T0 + 6 * H, confirmed: 5 });
    await arrange({ store: b, channel: 'phone', received: T0 + 8 * H, confirmed: 2, cancelled: 3 });
    await arrange({ store: b, channel: 'phone', received: T0 + 17 * H });
    // Outside the period: received an hour before it.
    await arrange({ store: a, channel: 'online', received: T0 - H, confirmed: 100, cancelled: 200 });
  });
  afterAll(() => t.close());

  const TOTAL = {
    group: null,
    received: 6,
    confirmationTime: { count: 4, median: 12_600, p90: 81_000 },
    shippingTime: { count: 2, median: 54_000, p90: 68_400 },
    confirmedOnTime: { due: 5, met: 3, share: 0.6 },
    shippedOnTime: { due: 3, met: 2, share: 0.6667 },
    statusUpdateDelay: { count: 8, median: 14_400, p90: 82_800 },
    cancellations: { count: 2, rate: 0.3333 },
    errors: { count: 4, rate: 0.6667 },
  };

  it('without groupBy: one total row, with exact medians, p90s, shares and rates', async () => {
    const res = await metrics(period);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ from: at(T0), to: at(T0 + 48 * H), groupBy: null, total: TOTAL, data: [TOTAL] });
  });

  it('per store, each row with its own figures and the total beside them', async () => {
    const res = await metrics(`${period}&groupBy=store`);
    expect(res.status).toBe(200);
    const rowA = {
      group: a.id,
      received: 3,
      confirmationTime: { count: 2, median: 55_800, p90: 97_560 },
      shippingTime: { count: 2, median: 54_000, p90: 68_400 },
      confirmedOnTime: { due: 2, met: 1, share: 0.5 },
      shippedOnTime: { due: 2, met: 2, share: 1 },
      statusUpdateDelay: { count: 5, median: 36_000, p90: 93_600 },
      cancellations: { count: 1, rate: 0.3333 },
      errors: { count: 1, rate: 0.3333 },
    };
    const rowB = {
      group: b.id,
      received: 3,
      confirmationTime: { count: 2, median: 12_600, p90: 16_920 },
      shippingTime: { count: 0, median: null, p90: null },
      confirmedOnTime: { due: 3, met: 2, share: 0.6667 },
      shippedOnTime: { due: 1, met: 0, share: 0 },
      statusUpdateDelay: { count: 3, median: 7_200, p90: 15_840 },
      cancellations: { count: 1, rate: 0.3333 },
      errors: { count: 3, rate: 1 },
    };
    expect(res.body.total).toEqual(TOTAL);
    expect(res.body.data).toEqual(a.id < b.id ? [rowA, rowB] : [rowB, rowA]);
  });

  it('per channel, per responsible staff member (unassigned last) and per day in the business time zone', async () => {
    const channels = await metrics(`${period}&groupBy=channel`);
    expect(channels.body.data.map((row: { group: string; received: number }) => [row.group, row.received])).toEqual([
      ['app', 1],
      ['online', 2],
      ['phone', 3],
    ]);

    const byStaff = await metrics(`${period}&groupBy=staff`);
    expect(byStaff.body.data).toEqual([
      expect.objectContaining({ group: staff, received: 2, confirmedOnTime: { due: 2, met: 1, share: 0.5 }, errors: { count: 1, rate: 0.5 } }),
      expect.objectContaining({ group: null, received: 4, cancellations: { count: 2, rate: 0.5 }, errors: { count: 3, rate: 0.75 } }),
    ]);
    expect(byStaff.body.total).toEqual(TOTAL);

    const days = await metrics(`${period}&groupBy=day`);
    expect(days.body.data).toEqual([
      expect.objectContaining({ group: '2027-05-01', received: 5, errors: { count: 3, rate: 0.6 } }),
      expect.objectContaining({ group: '2027-05-02', received: 1, confirmedOnTime: { due: 1, met: 0, share: 0 }, statusUpdateDelay: { count: 0, median: null, p90: null } }),
    ]);
  });

  it('a period without orders answers zeros and nulls', async () => {
    const res = await metrics(`from=2027-06-01T00:00:00%2B08:00&to=2027-06-02T00:00:00%2B08:00&groupBy=store`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([]);
    expect(res.body.total).toEqual({
      group: null,
      received: 0,
      confirmationTime: { count: 0, median: null, p90: null },
      shippingTime: { count: 0, median: null, p90: null },
      confirmedOnTime: { due: 0, met: 0, share: null },
      shippedOnTime: { due: 0, met: 0, share: null },
      statusUpdateDelay: { count: 0, median: null, p90: null },
      cancellations: { count: 0, rate: null },
      errors: { count: 0, rate: null },
    });
  });

  it('managers see their stores only, orders:read keys theirs, the front desk nothing', async () => {
    const mine = await metrics(`${period}&groupBy=store`, managerA.auth);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((row: { group: string }) => row.group)).toEqual([a.id]);
    expect(mine.body.total.received).toBe(3);
    const other = await metrics(`${period}&storeId=${b.id}`, managerA.auth);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('store.not_found');
    expect((await metrics(period, desk.auth)).status).toBe(403);

    const key = await createApiKey(t, { scopes: ['orders:read'], storeIds: [b.id] });
    const read = await metrics(period, key.auth);
    expect(read.status).toBe(200);
    expect(read.body.total.received).toBe(3);
    const writer = await createApiKey(t, { scopes: ['orders:write'], storeIds: [b.id] });
    expect((await metrics(period, writer.auth)).status).toBe(403);
  });

  it('refuses bad periods and groupings as problems naming the field', async () => {
    const cases: [string, string][] = [
      [`from=${encodeURIComponent(at(T0))}&to=${encodeURIComponent(at(T0))}`, 'to'],
      [`from=${encodeURIComponent(at(T0))}&to=${encodeURIComponent(at(T0 + 367 * 24 * H))}`, 'to'],
      [`to=${encodeURIComponent(at(T0))}`, 'from'],
      [`from=yesterday&to=${encodeURIComponent(at(T0))}`, 'from'],
      [`${period}&groupBy=week`, 'groupBy'],
      [`${period}&storeId=x`, 'storeId'],
    ];
    for (const [query, field] of cases) {
      const res = await metrics(query);
      expect({ query, status: res.status, type: res.headers['content-type'] }).toEqual({ query, status: 400, type: expect.stringContaining('application/problem+json') });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
  });
});
