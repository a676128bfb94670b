/**
 * Deadline restore after a Redis flush (DESIGN §7: 100,000 pending deadlines restored within one sweep,
 * none fires twice, deadlines fire within 1 s of due time).
 *
 *   node --conditions=source --import @swc-node/register/esm-register bench/deadlines-restore.ts [--pending 100000] [--fire 5000] [--over 20]
 *
 * Phase 1 (api role, nothing processes): `--pending` rows due in an hour; time a sweep with Redis empty
 * (every job missing), a sweep with Redis in step, and a sweep right after FLUSHALL.
 * Phase 2 (worker role): `--fire` more rows due over the next `--over` seconds, FLUSHALL, boot a worker
 * (sweep on boot) and measure fire lag and duplicates. Uses its own redis-server on a free port.
 * Not part of npm test.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { Redis } from 'ioredis';
import { parseArgs } from 'node:util';
import { DEADLINE_QUEUE, DeadlineHandler, DeadlinesModule, defineDeadlineKind, type DueDeadline } from '../src/common/deadlines/index.js';
import { DeadlineWorker } from '../src/common/deadlines/deadline-worker.js';
import { createApp } from '../src/configure-app.js';
import { loadConfig } from '../src/config/index.js';
import { findOrStartPostgres } from '../test/support/infrastructure.js';
import { startOwnRedis } from '../test/fixtures/own-redis.js';
import { freshDatabase, withClient } from './lib/database.js';

const { values } = parseArgs({
  options: { pending: { type: 'string', default: '100000' }, fire: { type: 'string', default: '5000' }, over: { type: 'string', default: '20' } },
});
const PENDING = Number(values.pending);
const FIRE = Number(values.fire);
const OVER_SECONDS = Number(values.over);

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

const postgres = await findOrStartPostgres();
const redis = await startOwnRedis();
const flusher = new Redis(redis.url);
const databaseUrl = await freshDatabase(postgres.url, 'bloom_bench_deadlines');
const env = (extra: Record<string, string>) =>
  loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'bench-secret-0123456789abcdef0123456789', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_PREFIX: 'bloombench:deadlines', SWAGGER_ENABLED: 'false', DEADLINE_SWEEP_ON_BOOT: 'false', DEADLINE_SWEEP_INTERVAL: '10m', ...extra });
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

try {
  await withClient(databaseUrl, (client) =>
    client.query(
      `INSERT INTO deadline (kind, subject_id, due_at)
       SELECT 'bench.tick', gen_random_uuid()::text, now() + interval '1 hour' + i * interval '10 ms' FROM generate_series(1, $1) AS i`,
      [PENDING],
    ),
  );
  console.log(`phase 1: ${PENDING} pending deadlines, api role (nothing processes)`);
  const api = await createApp({ config: env({ BLOOM_ROLE: 'api' }), imports: [BenchDeadlinesModule] });
  await api.init();
  const queue = api.get<Queue>(getQueueToken(DEADLINE_QUEUE));
  const sweeper = api.get(DeadlineWorker);
  const timed = async (label: string) => {
    const report = await sweeper.sweepNow();
    const counts = await queue.getJobCounts();
    console.log(`  ${label}: ${seconds(report!.durationMs)} (scanned ${report!.scanned}, re-added ${report!.missing + report!.finished}; Redis now holds ${counts.delayed} delayed jobs)`);
    return report!;
  };
  await timed('sweep with Redis empty      ');
  await timed('sweep with Redis in step    ');
  await flusher.flushall();
  const restored = await timed('sweep right after FLUSHALL  ');
  await api.close();

  console.log(`phase 2: ${FIRE} more deadlines due over ${OVER_SECONDS} s, FLUSHALL, then a worker boots`);
  await withClient(databaseUrl, (client) =>
    client.query(
      `INSERT INTO deadline (kind, subject_id, due_at)
       SELECT 'bench.tick', gen_random_uuid()::text, now() + interval '3 seconds' + (i * $2::float8 / $1) * interval '1 second' FROM generate_series(1, $1) AS i`,
      [FIRE, OVER_SECONDS],
    ),
  );
  await flusher.flushall();
  const worker = await createApp({ config: env({ BLOOM_ROLE: 'worker', DEADLINE_SWEEP_ON_BOOT: 'true' }), imports: [BenchDeadlinesModule] });
  await worker.init();
  const until = Date.now() + (OVER_SECONDS + 60) * 1000;
  let fired = 0;
  while (Date.now() < until) {
    fired = await withClient(databaseUrl, (client) => client.query("SELECT count(*)::int AS n FROM deadline WHERE status = 'fired'")).then((r) => r.rows[0].n as number);
    if (fired >= FIRE) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await worker.close();
  const lag = await withClient(databaseUrl, (client) =>
    client.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY l) AS p99, max(l) AS max
         FROM (SELECT extract(epoch FROM fired_at - due_at) AS l FROM deadline WHERE status = 'fired') AS lags`,
    ),
  ).then((r) => r.rows[0] as { p50: number; p99: number; max: number });
  const twice = [...runs.values()].filter((n) => n > 1).length;
  console.log(`  fired ${fired}/${FIRE}; handler ran twice for ${twice}; fire lag p50 ${Number(lag.p50).toFixed(3)} s, p99 ${Number(lag.p99).toFixed(3)} s, max ${Number(lag.max).toFixed(3)} s`);
  const passed = restored.missing === PENDING && restored.durationMs <= 60_000 && fired === FIRE && twice === 0 && Number(lag.p99) <= 1;
  console.log(passed ? 'PASS' : 'BELOW TARGET');
  process.exitCode = passed ? 0 : 1;
} finally {
  flusher.disconnect();
  await redis.stop();
  await postgres.stop();
}
