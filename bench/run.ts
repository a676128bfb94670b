/**
 * `npm run bench [-- --only store-read|deadlines|customer-search|human-numbers|notification-cost|webhook-deliveries|working-intervals|availability|bookings|stock-movements|order-create|order-confirm] [--duration 10] [--rounds 3]`: seeds fresh databases and measures
 * each scenario against a raw baseline measured in the same run (DESIGN §7). Prints a table and
 * writes bench/results/<time>.json. Not part of npm test.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { findOrStartPostgres, findOrStartRedis } from '../test/support/infrastructure.js';
import type { BenchContext, ScenarioReport } from './lib/context.js';
import { freshDatabase } from './lib/database.js';
import { formatResults } from './lib/load.js';
import { customerSearch } from './scenarios/customer-search.js';
import { deadlines } from './scenarios/deadlines.js';
import { humanNumbers } from './scenarios/human-numbers.js';
import { notificationCost } from './scenarios/notification-cost.js';
import { storeRead } from './scenarios/store-read.js';
import { webhookDeliveries } from './scenarios/webhook-deliveries.js';
import { workingIntervals } from './scenarios/working-intervals.js';
import { availability } from './scenarios/availability.js';
import { bookings } from './scenarios/bookings.js';
import { stockMovements } from './scenarios/stock-movements.js';
import { orderCreate } from './scenarios/order-create.js';
import { orderConfirm } from './scenarios/order-confirm.js';

const SCENARIOS: Record<string, (context: BenchContext) => Promise<ScenarioReport>> = {
  'store-read': storeRead,
  deadlines,
  'customer-search': customerSearch,
  'human-numbers': humanNumbers,
  'notification-cost': notificationCost,
  'webhook-deliveries': webhookDeliveries,
  'working-intervals': workingIntervals,
  availability,
  bookings,
  'stock-movements': stockMovements,
  'order-create': orderCreate,
  'order-confirm': orderConfirm,
};

const { values } = parseArgs({
  options: { only: { type: 'string' }, duration: { type: 'string', default: '10' }, rounds: { type: 'string', default: '3' } },
});

const postgres = await findOrStartPostgres();
const redis = await findOrStartRedis();
const reports: ScenarioReport[] = [];
try {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (values.only && values.only !== name) continue;
    console.log(`\n== ${name}`);
    const databaseUrl = await freshDatabase(postgres.url, `bloom_bench_${name.replace(/\W/g, '_')}`);
    const context: BenchContext = {
      databaseUrl,
      redisUrl: redis.url,
      bloomEnv: {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        REDIS_PREFIX: `bloombench:${name}`,
        JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
        METRICS_TOKEN: 'bench-metrics-token', // production requires one
        LOG_LEVEL: 'info',
        LOGIN_RATE_LIMIT: '1000',
        // One bench user sends thousands of searches a second: far past a front desk's look-up limit.
        CUSTOMER_LOOKUP_RATE_LIMIT: '1000000',
        CUSTOMER_LOOKUP_RATE_WINDOW: '1s',
      },
      durationSeconds: Number(values.duration),
      rounds: Number(values.rounds),
    };
    const report = await scenario(context);
    reports.push(report);
    if (report.results.length > 0) console.log(formatResults(report.results));
    for (const line of report.summary) console.log(`  ${line}`);
    console.log(`  ${report.passed ? 'PASS' : 'BELOW TARGET'}`);
  }
} finally {
  await Promise.all([postgres.stop(), redis.stop()]);
}

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, reports }, null, 2));
console.log(`\nwrote ${file.pathname}`);
process.exit(reports.every((report) => report.passed) ? 0 : 1);
