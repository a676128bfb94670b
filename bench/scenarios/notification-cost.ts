/**
 * What a notification adds to the business transaction that sends it (issue 11's target: p50 ≤ 1 ms).
 * The app boots in this process (API role: nothing is delivered, only written); one client runs, back
 * to back, a transaction that inserts a visit row (the baseline) and the same transaction plus
 * `NotificationsService.toCustomer()` (contact resolved, channel chosen, notification row, outbox row).
 * Alternating rounds, so drift of a shared machine hits both alike. The figure is the difference of the
 * medians; the ratio is throughput with / without.
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Db } from '../../src/common/database/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { NotificationsService } from '../../src/modules/notifications/index.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { drive as driveClients, type LoadResult } from '../lib/load.js';

const TARGET_P50_MS = 1;
const CUSTOMERS = 2000;

/** One client running `work` back to back for `seconds`. */
const drive = (label: string, seconds: number, work: (i: number) => Promise<unknown>): Promise<LoadResult> => driveClients(label, seconds, 1, (_, i) => work(i));

export async function notificationCost(context: BenchContext): Promise<ScenarioReport> {
  const config = loadConfig({
    ...context.bloomEnv,
    NODE_ENV: 'production',
    BLOOM_ROLE: 'api',
    LOG_LEVEL: 'warn',
    DATABASE_URL: context.databaseUrl,
    SMS_PROVIDER: 'log',
  });
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApp({ config, logger: false });
    await app.init();
    const db = app.get(Db);
    const notifications = app.get(NotificationsService);
    await db.execute('CREATE TABLE bench_visit (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), customer_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    // Many customers, so no phone meets a per-phone limit (those are counted at sending, not here anyway).
    const customers = (
      await db.rows<{ id: string }>(`INSERT INTO customer (name, phone) SELECT '顾客 ' || n, '+86139' || lpad(n::text, 8, '0') FROM generate_series(1, $1) AS n RETURNING id`, [
        CUSTOMERS,
      ])
    ).map((row) => row.id);
    const visit = (i: number) => db.execute('INSERT INTO bench_visit (customer_id) VALUES ($1)', [customers[i % CUSTOMERS]]);
    const baseline = (i: number) => db.transaction(() => visit(i));
    const notified = (i: number) =>
      db.transaction(async () => {
        await visit(i);
        await notifications.toCustomer(customers[i % CUSTOMERS], 'notification.test', { businessName: 'Bloom', sentAt: '2026-12-07 10:00' }, { dedupeKey: randomUUID() });
      });

    await drive('warm-up', 2, baseline);
    await drive('warm-up', 2, notified);
    const runs: { baseline: LoadResult[]; notified: LoadResult[] } = { baseline: [], notified: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive('baseline: transaction inserting a visit', context.durationSeconds, baseline));
      runs.notified.push(await drive('the same + toCustomer() (SMS via the log provider)', context.durationSeconds, notified));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const added = runs.notified.map((run, i) => run.p50Ms - runs.baseline[i].p50Ms);
    const addedP50 = median(added);
    const ratio = median(runs.notified.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const [{ written, queued }] = await db.rows<{ written: number; queued: number }>(
      `SELECT (SELECT count(*)::int FROM notification) AS written, (SELECT count(*)::int FROM outbox_message WHERE channel = 'notification') AS queued`,
    );
    const failures = [...runs.baseline, ...runs.notified].reduce((n, r) => n + r.errors, 0);
    const sent = runs.notified.reduce((n, r) => n + r.requests, 0);
    return {
      name: 'notification-cost',
      results: [...runs.baseline, ...runs.notified],
      summary: [
        `a notification adds ${addedP50.toFixed(2)} ms at p50 to its transaction (target ≤ ${TARGET_P50_MS} ms); round by round: ${added.map((ms) => ms.toFixed(2)).join(', ')} ms`,
        `throughput with / without, one client (median of ${context.rounds} rounds): ${ratio.toFixed(2)}`,
        `notifications written: ${written} (outbox rows ${queued}) for ${sent} measured + warm-up transactions; errors: ${failures}`,
      ],
      passed: addedP50 <= TARGET_P50_MS && failures === 0 && written === queued,
      figures: { addedP50Ms: addedP50, ratio, baselineP50Ms: median(runs.baseline.map((r) => r.p50Ms)), notifiedP50Ms: median(runs.notified.map((r) => r.p50Ms)) },
    };
  } finally {
    await app?.close();
  }
}
