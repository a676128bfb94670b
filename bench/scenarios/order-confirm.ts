/**
 * Order confirmations (issue 15): 50 clients each confirming pending orders back to back through the
 * real route, `POST /v1/orders/{id}/confirm`, sent with Fastify's in-process inject. Each confirmation
 * moves the order in SQL (`UPDATE … WHERE status = 'pending_confirmation'`) with its history row, then
 * reserves its two product lines in the store's stock (levels locked in product order, availability
 * checked against the batches, the low-stock alert re-checked, reservation rows written), publishes
 * `order.confirmed` and audits, in one transaction. The orders (two product lines each, 200 products
 * in 2 stores) are written in SQL beforehand.
 * Baseline, measured in the same run: bare `pg` clients doing the equivalent per transaction on orders
 * and levels of their own (two more stores): the conditional status UPDATE and history INSERT, a
 * conditional `UPDATE stock_level SET reserved = reserved + q WHERE on_hand - reserved >= q` per line
 * in product order, the reservation rows, the event with its delivery and the audit row. Afterwards
 * every level must hold exactly what its active reservations say, and every confirmed order two of them.
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import type { Actor } from '../../src/common/http/request-context.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { TokenService } from '../../src/modules/identity/index.js';
import { StockMovements } from '../../src/modules/inventory/index.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import { drive, type LoadResult } from '../lib/load.js';
import { inTransaction, median, seedOrders } from './orders-seed.js';

const CLIENTS = Number(process.env.BENCH_ORDER_CLIENTS ?? 50);
/** Pieces each level starts with: far more than a run reserves, so no confirmation is refused for want of stock. */
const STOCK = 1_000_000;

/** `count` pending orders in `storeIds` (alternately), two product lines each (1 and 2 pieces of products far apart); their ids in order. */
async function writeOrders(client: pg.Client, seeded: { productIds: string[]; customerIds: string[] }, storeIds: string[], prefix: string, count: number): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `WITH o AS (
       INSERT INTO "order" (number, store_id, channel, customer_id, classification, currency, subtotal_amount, total_amount, balance_due_amount, created_by_type, received_at)
       SELECT $1 || g, ($2::uuid[])[1 + g % 2], 'online', ($3::uuid[])[1 + g % array_length($3, 1)], 'product', 'CNY', 38400, 38400, 38400, 'system', now() - interval '1 hour'
         FROM generate_series(0, $5::int - 1) AS g ORDER BY g RETURNING id, number),
     n AS (SELECT id, substr(number, length($1) + 1)::int AS g FROM o),
     l AS (INSERT INTO order_line (order_id, line_number, kind, product_id, name, quantity, unit_price_amount, line_total_amount, net_amount)
           SELECT n.id, x.line, 'product', ($4::uuid[])[1 + (n.g * 7 + x.offset_) % array_length($4, 1)], 'Bench serum', x.line, 12800, 12800 * x.line, 12800 * x.line
             FROM n, (VALUES (1, 0), (2, 101)) AS x(line, offset_))
     SELECT id FROM n ORDER BY g`,
    [prefix, storeIds, seeded.customerIds, seeded.productIds, count],
  );
  return rows.map((row) => row.id);
}

async function check(url: string, storeIds: string[]): Promise<{ confirmed: number; levels: number; offLevels: number; badOrders: number }> {
  return withClient(url, async (client) => {
    const {
      rows: [row],
    } = await client.query<{ confirmed: number; levels: number; offLevels: number; badOrders: number }>(
      `SELECT (SELECT count(*)::int FROM "order" WHERE store_id = ANY($1) AND status = 'confirmed') AS confirmed,
              count(*)::int AS levels,
              count(*) FILTER (WHERE l.reserved <> (SELECT coalesce(sum(r.units), 0) FROM stock_reservation r
                                                     WHERE r.store_id = l.store_id AND r.product_id = l.product_id AND r.status = 'active'))::int AS "offLevels",
              (SELECT count(*)::int FROM "order" o WHERE o.store_id = ANY($1) AND o.status = 'confirmed'
                  AND (SELECT count(*) FROM stock_reservation r WHERE r.reference = 'order:' || o.id AND r.status = 'active') <> 2) AS "badOrders"
         FROM stock_level l WHERE l.store_id = ANY($1)`,
      [storeIds],
    );
    return row;
  });
}

export async function orderConfirm(context: BenchContext): Promise<ScenarioReport> {
  // Enough pending orders for the warm-ups and every round at well above the rates seen here.
  const perSide = (context.rounds * context.durationSeconds + 4) * 800;
  const seeded = await withClient(context.databaseUrl, (client) => seedOrders(client, 'OK0'));
  const { appOrders, baseOrders } = await withClient(context.databaseUrl, async (client) => {
    const appOrders = await writeOrders(client, seeded, seeded.appStores, 'BENCH-A-', perSide);
    const baseOrders = await writeOrders(client, seeded, seeded.baseStores, 'BENCH-B-', perSide);
    await client.query(
      `INSERT INTO stock_level (store_id, product_id, units_per_piece, on_hand, value_amount) SELECT s, p, 1, $3, $3::bigint * 5000 FROM unnest($1::uuid[]) AS s, unnest($2::uuid[]) AS p`,
      [seeded.baseStores, seeded.productIds, STOCK],
    );
    return { appOrders, baseOrders };
  });
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  // The app's pool is its production default (20 connections); the baseline gets as many.
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 20 });
  try {
    app = await createApp({ config, logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const owner: Actor = { kind: 'user', id: seeded.ownerId, role: 'owner', storeIds: 'all' };
    // The app's stock comes in through the ledger (a receipt and its batch per level).
    const stock = app.get(StockMovements);
    for (const storeId of seeded.appStores) {
      for (const productId of seeded.productIds) {
        await stock.bringIn(
          owner,
          { type: 'system', id: null },
          { storeId, productId, units: STOCK, kind: 'receipt', unitCostAmount: 5000, sourceKey: `bench:${storeId}:${productId}` },
        );
      }
    }
    await withClient(context.databaseUrl, (client) => client.query('VACUUM ANALYZE'));
    const token = await app.get(TokenService).issueAccessToken({ id: seeded.ownerId, role: 'owner', storeIds: 'all', name: 'Bench owner' }, randomUUID());
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    let next = 0;
    const confirm = async () => {
      const id = appOrders[next++];
      if (id === undefined) throw new Error('out of pending orders');
      const res = await app!.inject({ method: 'POST', url: `/v1/orders/${id}/confirm`, headers, payload: '{}' });
      if (res.statusCode !== 200) throw new Error(`POST /v1/orders/{id}/confirm answered ${res.statusCode}: ${res.body}`);
    };
    let baseNext = 0;
    const baseline = async () => {
      const id = baseOrders[baseNext++];
      if (id === undefined) throw new Error('out of pending orders');
      await inTransaction(pool, async (connection) => {
        const {
          rows: [order],
        } = await connection.query<{ storeId: string }>(
          `UPDATE "order" SET status = 'confirmed', confirmed_at = now(), version = version + 1, updated_at = now() WHERE id = $1 AND status = 'pending_confirmation'
           RETURNING store_id AS "storeId"`,
          [id],
        );
        if (!order) throw new Error('baseline: not pending');
        await connection.query(
          `INSERT INTO order_status_history (order_id, from_status, to_status, actor_type, actor_id) VALUES ($1, 'pending_confirmation', 'confirmed', 'user', $2)`,
          [id, seeded.ownerId],
        );
        const { rows: lines } = await connection.query<{ productId: string; quantity: number }>(
          `SELECT product_id AS "productId", quantity FROM order_line WHERE order_id = $1 AND kind = 'product' ORDER BY product_id`,
          [id],
        );
        for (const line of lines) {
          const { rowCount } = await connection.query(
            'UPDATE stock_level SET reserved = reserved + $3, updated_at = now() WHERE store_id = $1 AND product_id = $2 AND on_hand - reserved >= $3',
            [order.storeId, line.productId, line.quantity],
          );
          if (rowCount !== 1) throw new Error('baseline: short');
        }
        await connection.query(
          `INSERT INTO stock_reservation (store_id, product_id, units, reference, expires_at) SELECT $1, p, u, $2, now() + interval '30 days' FROM unnest($3::uuid[], $4::bigint[]) AS t(p, u)`,
          [order.storeId, `order:${id}`, lines.map((line) => line.productId), lines.map((line) => line.quantity)],
        );
        await connection.query(
          `WITH e AS (INSERT INTO event (name, payload) VALUES ('order.confirmed', $1) RETURNING id) INSERT INTO event_delivery (event_id, subscriber) SELECT id, 'webhooks' FROM e`,
          [JSON.stringify({ orderId: id, storeId: order.storeId })],
        );
        await connection.query(
          `INSERT INTO audit_event (actor_type, actor_id, action, entity_type, entity_id, store_id, after) VALUES ('user', $1, 'order.confirm', 'order', $2, $3, $4)`,
          [seeded.ownerId, id, order.storeId, JSON.stringify({ id, status: 'confirmed', lines })],
        );
      });
    };

    await drive('warm-up', 2, CLIENTS, baseline);
    await drive('warm-up', 2, CLIENTS, confirm);
    const runs = { baseline: [] as LoadResult[], service: [] as LoadResult[] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(
        await drive(`baseline: bare pg status UPDATE + 2 level UPDATEs + reservations + event + audit (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, baseline),
      );
      runs.service.push(await drive(`POST /v1/orders/{id}/confirm, 2 product lines reserved (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, confirm));
    }
    const checked = await check(context.databaseUrl, seeded.appStores);
    const rate = (list: LoadResult[]) => median(list.map((r) => r.requestsPerSecond));
    const ratio = median(runs.service.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const cpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.machineMsPerOp ?? NaN));
    const processCpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.processMsPerOp ?? NaN));
    const p99 = (list: LoadResult[]) => median(list.map((r) => r.p99Ms));
    const errors = runs.service.reduce((n, r) => n + r.errors, 0);
    return {
      name: 'order-confirm',
      results: [...runs.baseline, ...runs.service],
      summary: [
        `confirmations: ${rate(runs.service).toFixed(0)}/s at ${CLIENTS} clients, p99 ${p99(runs.service).toFixed(1)} ms; baseline ${rate(runs.baseline).toFixed(0)}/s; ratio ${ratio.toFixed(2)}`,
        `CPU per confirmation: ${cpu(runs.service).toFixed(2)} ms on the machine (${processCpu(runs.service).toFixed(2)} ms in this process); baseline ${cpu(runs.baseline).toFixed(2)} ms`,
        `${checked.confirmed} confirmed orders, ${checked.badOrders} without their two reservations; ${checked.offLevels} of ${checked.levels} levels off their reservations; ${errors} errors`,
      ],
      // No DESIGN §7 target for confirmations: the run passes when every reservation adds up and nothing failed.
      passed: errors === 0 && checked.offLevels === 0 && checked.badOrders === 0,
      figures: {
        confirmationsPerSecond: rate(runs.service),
        baselinePerSecond: rate(runs.baseline),
        throughputRatio: ratio,
        p99Ms: p99(runs.service),
        cpuMsPerConfirmation: cpu(runs.service),
        processCpuMsPerConfirmation: processCpu(runs.service),
        baselineCpuMsPerTransaction: cpu(runs.baseline),
        errors,
      },
    };
  } finally {
    await pool.end();
    await app?.close();
  }
}
