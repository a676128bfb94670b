/**
 * Order intake of DESIGN §7 (issue 15): 50 clients each taking orders back to back through the real
 * route, `POST /v1/orders` (two product lines priced from the catalog, an existing customer, an
 * `Idempotency-Key`), sent with Fastify's in-process inject (routing, JWT auth, store reach,
 * validation, idempotency, the problem filter: no socket, as the other write scenarios measure). Each
 * creation prices the lines, routes the order, takes its `SO-…` number, writes the order and its
 * lines, publishes `order.created` (durable event) and audits, in one transaction.
 * Baseline, measured in the same run: bare `pg` clients doing the equivalent per transaction: read the
 * two products' prices, bump the day's number counter (on its own connection, as the app does), INSERT the order, its lines, the event with its
 * delivery and the audit row. Afterwards every order must have its two lines and totals that add up,
 * and numbers must be unique.
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { TokenService } from '../../src/modules/identity/index.js';
import { countQueries } from '../../test/support/query-count.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import { drive, type LoadResult } from '../lib/load.js';
import { inTransaction, linesOf, median, seedOrders } from './orders-seed.js';

/** DESIGN §7. */
const TARGET_PER_SECOND = 500;
const CLIENTS = Number(process.env.BENCH_ORDER_CLIENTS ?? 50);

async function check(url: string, storeIds: string[]): Promise<{ orders: number; badLines: number; badTotals: number; duplicateNumbers: number }> {
  return withClient(url, async (client) => {
    const {
      rows: [row],
    } = await client.query<{ orders: number; badLines: number; badTotals: number; duplicateNumbers: number }>(
      `SELECT count(*)::int AS orders,
              count(*) FILTER (WHERE (SELECT count(*) FROM order_line l WHERE l.order_id = o.id) <> 2)::int AS "badLines",
              count(*) FILTER (WHERE o.subtotal_amount <> (SELECT sum(l.line_total_amount) FROM order_line l WHERE l.order_id = o.id))::int AS "badTotals",
              (SELECT count(*)::int FROM (SELECT number FROM "order" GROUP BY number HAVING count(*) > 1) d) AS "duplicateNumbers"
         FROM "order" o WHERE o.store_id = ANY($1)`,
      [storeIds],
    );
    return row;
  });
}

export async function orderCreate(context: BenchContext): Promise<ScenarioReport> {
  const seeded = await withClient(context.databaseUrl, async (client) => {
    const seed = await seedOrders(client, 'OC0');
    await client.query('VACUUM ANALYZE');
    return seed;
  });
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  // The app's pool is its production default (20 connections); the baseline gets as many.
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 20 });
  try {
    app = await createApp({ config, logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const token = await app.get(TokenService).issueAccessToken({ id: seeded.ownerId, role: 'owner', storeIds: 'all', name: 'Bench owner' }, randomUUID());

    let next = 0;
    const post = async () => {
      const n = next++;
      const res = await app!.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: JSON.stringify({
          storeId: seeded.appStores[n % 2],
          channel: 'online',
          customerId: seeded.customerIds[n % seeded.customerIds.length],
          lines: linesOf(seeded.productIds, n),
          specialRequests: '请在工作日送达 Weekdays please',
        }),
      });
      if (res.statusCode !== 201) throw new Error(`POST /v1/orders answered ${res.statusCode}: ${res.body}`);
    };
    let baseNext = 0;
    const baseline = async () => {
      const n = baseNext++;
      const storeId = seeded.baseStores[n % 2];
      const customerId = seeded.customerIds[n % seeded.customerIds.length];
      const lines = linesOf(seeded.productIds, n);
      // The app takes its number on its own connection, outside the transaction (HumanNumbers): so does the baseline.
      const {
        rows: [counter],
      } = await pool.query<{ lastValue: number }>(
        `INSERT INTO human_number_counter (scope, prefix, local_date, last_value) VALUES ('business', 'BO', current_date, 1)
         ON CONFLICT (scope, prefix, local_date) DO UPDATE SET last_value = human_number_counter.last_value + 1 RETURNING last_value AS "lastValue"`,
      );
      await inTransaction(pool, async (connection) => {
        const { rows: prices } = await connection.query<{ id: string; name: string; amount: string }>(
          `SELECT p.id, p.name, coalesce(sp.amount, p.sale_amount)::text AS amount FROM product p
             LEFT JOIN product_store_price sp ON sp.product_id = p.id AND sp.store_id = $2 WHERE p.id = ANY($1)`,
          [lines.map((line) => line.productId), storeId],
        );
        const priced = lines.map((line) => ({ ...line, price: prices.find((p) => p.id === line.productId)! }));
        const subtotal = priced.reduce((sum, line) => sum + Number(line.price.amount) * line.quantity, 0);
        const {
          rows: [order],
        } = await connection.query<{ id: string }>(
          `INSERT INTO "order" (number, store_id, channel, customer_id, classification, currency, subtotal_amount, total_amount, balance_due_amount,
             special_requests, created_by_type, created_by_id, received_at)
           VALUES ($1, $2, 'online', $3, 'product', 'CNY', $4, $4, $4, '请在工作日送达 Weekdays please', 'user', $5, now()) RETURNING id`,
          [`BO-${counter.lastValue}`, storeId, customerId, subtotal, seeded.ownerId],
        );
        await connection.query(
          `INSERT INTO order_line (order_id, line_number, kind, product_id, name, quantity, unit_price_amount, line_total_amount, net_amount)
           SELECT $1, n, 'product', p, nm, q, up, up * q, up * q FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY AS t(p, nm, q, up, n)`,
          [order.id, priced.map((l) => l.productId), priced.map((l) => l.price.name), priced.map((l) => l.quantity), priced.map((l) => l.price.amount)],
        );
        await connection.query(
          `WITH e AS (INSERT INTO event (name, payload) VALUES ('order.created', $1) RETURNING id) INSERT INTO event_delivery (event_id, subscriber) SELECT id, 'webhooks' FROM e`,
          [JSON.stringify({ orderId: order.id, storeId, customerId, channel: 'online' })],
        );
        await connection.query(
          `INSERT INTO audit_event (actor_type, actor_id, action, entity_type, entity_id, store_id, after) VALUES ('user', $1, 'order.create', 'order', $2, $3, $4)`,
          [seeded.ownerId, order.id, storeId, JSON.stringify({ id: order.id, lines: priced })],
        );
      });
    };

    await drive('warm-up', 2, CLIENTS, baseline);
    await drive('warm-up', 2, CLIENTS, post);
    // The statements one creation sends through Db (the number, taken on its own pool, and the idempotency record are not among them).
    const { statements } = await countQueries(app, post);
    const runs = { baseline: [] as LoadResult[], service: [] as LoadResult[] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive(`baseline: bare pg order + 2 lines + number + event + audit (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, baseline));
      runs.service.push(await drive(`POST /v1/orders, 2 product lines (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, post));
    }
    const checked = await check(context.databaseUrl, seeded.appStores);
    const rate = (list: LoadResult[]) => median(list.map((r) => r.requestsPerSecond));
    const ratio = median(runs.service.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const cpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.machineMsPerOp ?? NaN));
    const processCpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.processMsPerOp ?? NaN));
    const p99 = (list: LoadResult[]) => median(list.map((r) => r.p99Ms));
    const errors = runs.service.reduce((n, r) => n + r.errors, 0);
    const sound = checked.badLines === 0 && checked.badTotals === 0 && checked.duplicateNumbers === 0;
    return {
      name: 'order-create',
      results: [...runs.baseline, ...runs.service],
      summary: [
        `order creations: ${rate(runs.service).toFixed(0)}/s at ${CLIENTS} clients (target ≥ ${TARGET_PER_SECOND}/s), p99 ${p99(runs.service).toFixed(1)} ms; baseline ${rate(runs.baseline).toFixed(0)}/s; ratio ${ratio.toFixed(2)}`,
        `CPU per order: ${cpu(runs.service).toFixed(2)} ms on the machine (${processCpu(runs.service).toFixed(2)} ms in this process); baseline ${cpu(runs.baseline).toFixed(2)} ms; ${statements.length} SQL statements through Db per order`,
        `${checked.orders} orders: ${checked.badLines} without their two lines, ${checked.badTotals} with a subtotal off its lines, ${checked.duplicateNumbers} duplicate numbers; ${errors} errors`,
      ],
      passed: errors === 0 && sound && rate(runs.service) >= TARGET_PER_SECOND,
      figures: {
        ordersPerSecond: rate(runs.service),
        baselinePerSecond: rate(runs.baseline),
        throughputRatio: ratio,
        p99Ms: p99(runs.service),
        cpuMsPerOrder: cpu(runs.service),
        processCpuMsPerOrder: processCpu(runs.service),
        baselineCpuMsPerTransaction: cpu(runs.baseline),
        errors,
        statementsPerOrder: statements.length,
      },
    };
  } finally {
    await pool.end();
    await app?.close();
  }
}
