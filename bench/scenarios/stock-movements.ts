/**
 * Movement postings of issue 14: 50 clients each selling one piece at a time through the real HTTP
 * route that posts one movement, `POST /v1/inventory/adjustments` (`direction: out`), sent with
 * Fastify's in-process inject (routing, JWT auth, store reach, validation, the problem filter — no
 * socket, as the bookings scenario measures its use case in process). Each posting locks the level,
 * takes the piece from the first-expiring batch, writes the movement and its batch link, re-checks
 * the low-stock alert and audits, in one transaction. Spread: 200 products in 2 stores (400 levels),
 * so clients rarely meet; hot: all 50 on one level, where postings queue on its row lock.
 * Baseline, measured in the same run: bare `pg` clients doing the conditional
 * `UPDATE stock_level SET on_hand = on_hand - 1 WHERE … AND on_hand >= 1` and an INSERT of the
 * movement row, one committed transaction each, on levels of their own (two more stores), spread
 * and hot alike. Afterwards every level the app posted to must equal the sum of its movements and
 * of its batches' remaining units, and no level may be below zero.
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

const CLIENTS = Number(process.env.BENCH_STOCK_CLIENTS ?? 50);
const PRODUCTS = 200;
/** Pieces each level starts with: far more than a run sells, so no posting is refused for want of stock. */
const STOCK = 1_000_000;

interface Seeded {
  /** The app's two stores and the baseline's two. */
  appStores: string[];
  baseStores: string[];
  productIds: string[];
  ownerId: string;
}

async function seed(client: pg.Client): Promise<Seeded> {
  const { rows: stores } = await client.query<{ id: string }>(
    `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
     SELECT 'SM0' || g, 'Bench store ' || g, 'Asia/Shanghai', '{"line1":"1 Nanjing West Road","city":"Shanghai","country":"CN"}', '+862162881234',
            (SELECT jsonb_object_agg(day, '[{"open":"09:00","close":"21:00"}]'::jsonb) FROM unnest(ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday']) AS day)
       FROM generate_series(1, 4) AS g ORDER BY g RETURNING id`,
  );
  const { rows: products } = await client.query<{ id: string }>(
    `INSERT INTO product (sku, name, category, size, unit, use, cost_amount, sale_amount, currency)
     SELECT 'BENCH-' || g, 'Bench shampoo ' || g, 'hair care', 1, 'pcs', 'retail', 5000, 12800, 'CNY' FROM generate_series(1, $1::int) AS g RETURNING id`,
    [PRODUCTS],
  );
  const {
    rows: [owner],
  } = await client.query<{ id: string }>(
    `INSERT INTO staff_user (name, email, role, password_hash) VALUES ('Bench owner', 'bench-owner@bloom.example', 'owner', 'x') RETURNING id`,
  );
  return { appStores: stores.slice(0, 2).map((s) => s.id), baseStores: stores.slice(2).map((s) => s.id), productIds: products.map((p) => p.id), ownerId: owner.id };
}

async function ledgerCheck(url: string, storeIds: string[]): Promise<{ levels: number; movements: number; unbalanced: number; negative: number }> {
  return withClient(url, async (client) => {
    const {
      rows: [row],
    } = await client.query<{ levels: number; movements: number; unbalanced: number; negative: number }>(
      `SELECT count(*)::int AS levels,
              (SELECT count(*)::int FROM stock_movement WHERE store_id = ANY($1)) AS movements,
              count(*) FILTER (WHERE l.on_hand <> (SELECT coalesce(sum(m.delta), 0) FROM stock_movement m WHERE m.store_id = l.store_id AND m.product_id = l.product_id)
                                  OR l.on_hand <> (SELECT coalesce(sum(b.remaining_units), 0) FROM stock_batch b WHERE b.store_id = l.store_id AND b.product_id = l.product_id))::int AS unbalanced,
              count(*) FILTER (WHERE l.on_hand < 0)::int AS negative
         FROM stock_level l WHERE l.store_id = ANY($1)`,
      [storeIds],
    );
    return row;
  });
}

export async function stockMovements(context: BenchContext): Promise<ScenarioReport> {
  const seeded = await withClient(context.databaseUrl, seed);
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  // The app's pool is its production default (20 connections); the baseline gets as many.
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 20 });
  try {
    app = await createApp({ config, logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const owner: Actor = { kind: 'user', id: seeded.ownerId, role: 'owner', storeIds: 'all' };
    // Stock in through the ledger (a receipt and its batch per level); the baseline's levels as bare rows.
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
    await withClient(context.databaseUrl, async (client) => {
      await client.query(
        `INSERT INTO stock_level (store_id, product_id, units_per_piece, on_hand, value_amount) SELECT s, p, 1, $3, $3::bigint * 5000 FROM unnest($1::uuid[]) AS s, unnest($2::uuid[]) AS p`,
        [seeded.baseStores, seeded.productIds, STOCK],
      );
      await client.query('VACUUM ANALYZE');
    });
    const token = await app.get(TokenService).issueAccessToken({ id: seeded.ownerId, role: 'owner', storeIds: 'all', name: 'Bench owner' }, randomUUID());
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

    const levels = seeded.appStores.flatMap((storeId) => seeded.productIds.map((productId) => ({ storeId, productId })));
    const baseLevels = seeded.baseStores.flatMap((storeId) => seeded.productIds.map((productId) => ({ storeId, productId })));
    let refused = 0;
    const post = (hot: boolean) => async (client: number, iteration: number) => {
      const level = hot ? levels[0] : levels[(client * 7919 + iteration * 104_729) % levels.length];
      const res = await app!.inject({
        method: 'POST',
        url: '/v1/inventory/adjustments',
        headers,
        payload: JSON.stringify({ storeId: level.storeId, productId: level.productId, direction: 'out', pieces: 1, reason: 'bench sale 售出一瓶' }),
      });
      if (res.statusCode !== 201) {
        refused++;
        throw new Error(`POST /v1/inventory/adjustments answered ${res.statusCode}: ${res.body}`);
      }
    };
    const baseline = (hot: boolean) => async (client: number, iteration: number) => {
      const level = hot ? baseLevels[0] : baseLevels[(client * 7919 + iteration * 104_729) % baseLevels.length];
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const { rowCount } = await connection.query(
          'UPDATE stock_level SET on_hand = on_hand - 1, value_amount = value_amount - 5000, updated_at = now() WHERE store_id = $1 AND product_id = $2 AND on_hand >= 1',
          [level.storeId, level.productId],
        );
        if (rowCount !== 1) throw new Error('baseline: out of stock');
        await connection.query(
          `INSERT INTO stock_movement (store_id, product_id, delta, source_key, kind, reason, unit_cost_amount, value_delta, actor_type, actor_id)
           VALUES ($1, $2, -1, $3, 'adjustment', 'bench sale', 5000, -5000, 'user', $4)`,
          [level.storeId, level.productId, `base:${randomUUID()}`, seeded.ownerId],
        );
        await connection.query('COMMIT');
      } catch (error) {
        await connection.query('ROLLBACK');
        throw error;
      } finally {
        connection.release();
      }
    };

    await drive('warm-up', 2, CLIENTS, baseline(false));
    await drive('warm-up', 2, CLIENTS, post(false));
    const runs = { baseline: [] as LoadResult[], service: [] as LoadResult[], hotBaseline: [] as LoadResult[], hotService: [] as LoadResult[] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive(`baseline: bare pg conditional UPDATE + INSERT, 400 levels (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, baseline(false)));
      runs.service.push(await drive(`POST /v1/inventory/adjustments out 1, 400 levels (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, post(false)));
      runs.hotBaseline.push(await drive(`baseline: bare pg, one hot level (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, baseline(true)));
      runs.hotService.push(await drive(`POST /v1/inventory/adjustments, one hot level (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, post(true)));
    }
    const ledger = await ledgerCheck(context.databaseUrl, seeded.appStores);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const rate = (list: LoadResult[]) => median(list.map((r) => r.requestsPerSecond));
    const ratio = (service: LoadResult[], base: LoadResult[]) => median(service.map((run, i) => run.requestsPerSecond / base[i].requestsPerSecond));
    const cpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.machineMsPerOp ?? NaN));
    const processCpu = (list: LoadResult[]) => median(list.map((r) => r.cpu?.processMsPerOp ?? NaN));
    const p99 = (list: LoadResult[]) => median(list.map((r) => r.p99Ms));
    const errors = [...runs.service, ...runs.hotService].reduce((n, r) => n + r.errors, 0);
    const spreadRatio = ratio(runs.service, runs.baseline);
    const hotRatio = ratio(runs.hotService, runs.hotBaseline);
    return {
      name: 'stock-movements',
      results: [...runs.baseline, ...runs.service, ...runs.hotBaseline, ...runs.hotService],
      summary: [
        `movement postings, 400 levels: ${rate(runs.service).toFixed(0)}/s at ${CLIENTS} clients, p99 ${p99(runs.service).toFixed(1)} ms; baseline ${rate(runs.baseline).toFixed(0)}/s; ratio ${spreadRatio.toFixed(2)}`,
        `one hot level: ${rate(runs.hotService).toFixed(0)}/s, p99 ${p99(runs.hotService).toFixed(1)} ms; baseline ${rate(runs.hotBaseline).toFixed(0)}/s; ratio ${hotRatio.toFixed(2)}`,
        `CPU per posting: ${cpu(runs.service).toFixed(2)} ms on the machine (${processCpu(runs.service).toFixed(2)} ms in this process); baseline ${cpu(runs.baseline).toFixed(2)} ms`,
        `ledger: ${ledger.movements} movements on ${ledger.levels} levels, ${ledger.unbalanced} levels off their movements or batches, ${ledger.negative} below zero; ${errors} errors (${refused} refused)`,
      ],
      // No DESIGN §7 target for postings yet: the run passes when the ledger adds up and nothing failed.
      passed: errors === 0 && ledger.unbalanced === 0 && ledger.negative === 0,
      figures: {
        postingsPerSecond: rate(runs.service),
        baselinePerSecond: rate(runs.baseline),
        throughputRatio: spreadRatio,
        p99Ms: p99(runs.service),
        hotPostingsPerSecond: rate(runs.hotService),
        hotBaselinePerSecond: rate(runs.hotBaseline),
        hotThroughputRatio: hotRatio,
        hotP99Ms: p99(runs.hotService),
        cpuMsPerPosting: cpu(runs.service),
        processCpuMsPerPosting: processCpu(runs.service),
        baselineCpuMsPerTransaction: cpu(runs.baseline),
        unbalancedLevels: ledger.unbalanced,
      },
    };
  } finally {
    await pool.end();
    await app?.close();
  }
}
