/**
 * DESIGN §7: with 100,000 pending deadlines, a Redis flush is repaired within one sweep (≤ 60 s), and
 * deadlines fire within 1 s of due time, none twice. Runs on a redis-server of its own (it flushes).
 * Phase 1 (api role, nothing processes): time a sweep with Redis empty, in step, and right after FLUSHALL.
 * Phase 2 (worker role): `fire` more deadlines due over `overSeconds`, FLUSHALL, boot a worker (sweep on
 * boot), measure fire lag and duplicates. The raw baseline here is the sweep of a Redis already in step.
 */
import { Injectable, Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { DEADLINE_QUEUE, DeadlineHandler, DeadlinesModule, DeadlineWorker, defineDeadlineKind, type DueDeadline } from '../../src/common/deadlines/index.js';
import { createApp } from '../../src/configure-app.js';
import { loadConfig } from '../../src/config/index.js';
import { startOwnRedis } from '../../test/fixtures/own-redis.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';

const PENDING = 100_000;
const FIRE = 5_000;
const OVER_SECONDS = 20;

const BENCH_TICK = defineDeadlineKind('bench.tick', { description: 'Bench only: counts its runs' });
const runs = new Map<string, number>();

@Injectable()
class TickHandler {
  @DeadlineHandler(BENCH_TICK)
  tick(deadline: DueDeadline): void {
    runs.set(deadline.id, (runs.get(deadline.id) ?? 0) + 1);
  }
}
@Module({ imports: [DeadlinesModule.forKinds(BENCH_TICK)], providers: [TickHandler] })
class BenchDeadlinesModule {}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function deadlines(context: BenchContext): Promise<ScenarioReport> {
  const redis = await startOwnRedis();
  const flusher = new Redis(redis.url);
  const config = (extra: Record<string, string>) =>
    loadConfig({
      ...context.bloomEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      REDIS_URL: redis.url,
      SWAGGER_ENABLED: 'false',
      DEADLINE_SWEEP_ON_BOOT: 'false',
      DEADLINE_SWEEP_INTERVAL: '10m',
      ...extra,
    });
  const summary: string[] = [];
  try {
    await withClient(context.databaseUrl, (client) =>
      client.query(
        `INSERT INTO deadline (kind, subject_id, due_at)
         SELECT 'bench.tick', gen_random_uuid()::text, now() + interval '1 hour' + i * interval '10 ms' FROM generate_series(1, $1) AS i`,
        [PENDING],
      ),
    );
    const api = await createApp({ config: config({ BLOOM_ROLE: 'api' }), imports: [BenchDeadlinesModule] });
    await api.init();
    const queue = api.get<Queue>(getQueueToken(DEADLINE_QUEUE));
    const sweep = async (label: string) => {
      const report = (await api.get(DeadlineWorker).sweepNow())!;
      const counts = await queue.getJobCounts();
      summary.push(`${label}: ${seconds(report.durationMs)} (scanned ${report.scanned}, re-added ${report.missing + report.finished}, Redis holds ${counts.delayed} delayed jobs)`);
      return report;
    };
    await sweep(`sweep of ${PENDING} pending, Redis empty`);
    const inStep = await sweep(`sweep of ${PENDING} pending, Redis in step (baseline)`);
    await flusher.flushall();
    const restored = await sweep(`sweep of ${PENDING} pending right after FLUSHALL`);
    await api.close();

    await withClient(context.databaseUrl, (client) =>
      client.query(
        `INSERT INTO deadline (kind, subject_id, due_at)
         SELECT 'bench.tick', gen_random_uuid()::text, now() + interval '3 seconds' + (i * $2::float8 / $1) * interval '1 second' FROM generate_series(1, $1) AS i`,
        [FIRE, OVER_SECONDS],
      ),
    );
    await flusher.flushall();
    const worker = await createApp({ config: config({ BLOOM_ROLE: 'worker', DEADLINE_SWEEP_ON_BOOT: 'true' }), imports: [BenchDeadlinesModule] });
    await worker.init();
    const fired = async () =>
      withClient(context.databaseUrl, (client) => client.query<{ n: number }>("SELECT count(*)::int AS n FROM deadline WHERE status = 'fired'")).then((r) => r.rows[0].n);
    const until = Date.now() + (OVER_SECONDS + 60) * 1000;
    while (Date.now() < until && (await fired()) < FIRE) await new Promise((resolve) => setTimeout(resolve, 500));
    await new Promise((resolve) => setTimeout(resolve, 2000)); // room for a duplicate to show up
    await worker.close();
    const firedCount = await fired();
    const lag = await withClient(context.databaseUrl, (client) =>
      client.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY l) AS p99, max(l) AS max
           FROM (SELECT extract(epoch FROM fired_at - due_at) AS l FROM deadline WHERE status = 'fired') AS lags`,
      ),
    ).then((r) => r.rows[0] as { p50: number; p99: number; max: number });
    const twice = [...runs.values()].filter((n) => n > 1).length;
    summary.push(
      `after FLUSHALL with ${FIRE} due over ${OVER_SECONDS} s and ${PENDING} more pending: fired ${firedCount}/${FIRE}, twice ${twice}; ` +
        `fire lag p50 ${Number(lag.p50).toFixed(3)} s, p99 ${Number(lag.p99).toFixed(3)} s, max ${Number(lag.max).toFixed(3)} s (target ≤ 1 s)`,
      `restore after FLUSHALL / sweep in step: ${(restored.durationMs / inStep.durationMs).toFixed(2)}× (target: one sweep ≤ 60 s)`,
    );
    return {
      name: 'deadlines',
      results: [],
      summary,
      passed: restored.missing === PENDING && restored.durationMs <= 60_000 && firedCount === FIRE && twice === 0 && Number(lag.p99) <= 1,
      figures: {
        restoreSweepMs: restored.durationMs,
        inStepSweepMs: inStep.durationMs,
        fired: firedCount,
        firedTwice: twice,
        lagP50Seconds: Number(lag.p50),
        lagP99Seconds: Number(lag.p99),
        lagMaxSeconds: Number(lag.max),
      },
    };
  } finally {
    flusher.disconnect();
    await redis.stop();
  }
}
