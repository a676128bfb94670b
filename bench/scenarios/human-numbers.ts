/**
 * Human numbers (src/common/numbers) taken inside business transactions, 50 concurrent clients, all
 * on one series (one store, one day: the hottest counter row there is). Baseline, same run: the same
 * transaction doing only its raw INSERT. Target: ≥ 500 numbered transactions/s (orders must reach
 * ≥ 500 creations/s, DESIGN §7), i.e. taking the number must not serialise them. For contrast, the
 * gap-free way (counter bumped inside the transaction), which does serialise them.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Db, dataSourceOptions } from '../../src/common/database/index.js';
import { SystemClock } from '../../src/common/clock/index.js';
import { HumanNumbers, type TakeNumber } from '../../src/common/numbers/index.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { drive as driveClients, type LoadResult } from '../lib/load.js';

const CLIENTS = 50;
const TARGET_PER_SECOND = 500;

type Work = (client: number) => Promise<unknown>;

/** `CLIENTS` loops running `work` back to back for `seconds`. */
const drive = (label: string, seconds: number, work: Work): Promise<LoadResult> => driveClients(label, seconds, CLIENTS, work);

export async function humanNumbers(context: BenchContext): Promise<ScenarioReport> {
  const dataSource = await new DataSource({
    ...dataSourceOptions({ url: context.databaseUrl, entities: [], migrations: [], poolSize: 20, applicationName: 'bloom-bench-numbers' }),
    logging: false,
  }).initialize();
  const db = new Db(dataSource);
  const numbers = new HumanNumbers(dataSource, new SystemClock());
  const series: TakeNumber = { prefix: 'SO', scope: randomUUID(), scopeCode: 'SH01', timeZone: 'Asia/Shanghai' };
  try {
    await dataSource.query('CREATE TABLE bench_order (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), number text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now())');
    const raw: Work = () => db.transaction(() => db.rows('INSERT INTO bench_order (number) VALUES ($1)', [randomUUID()]));
    const numbered: Work = () =>
      db.transaction(async () => {
        const { number } = await numbers.take(series);
        await db.execute('INSERT INTO bench_order (number) VALUES ($1)', [number]);
      });
    const gapFree: Work = () =>
      db.transaction(async () => {
        const { number } = await numbers.takeGapFree(db, { ...series, prefix: 'INV' });
        await db.execute('INSERT INTO bench_order (number) VALUES ($1)', [number]);
      });

    await drive('warm-up', 3, raw);
    await drive('warm-up', 3, numbered);
    const runs: { raw: LoadResult[]; numbered: LoadResult[] } = { raw: [], numbered: [] };
    // Alternate the two, so drift of a shared machine hits both alike.
    for (let round = 0; round < context.rounds; round++) {
      runs.raw.push(await drive('baseline: transaction with a raw INSERT', context.durationSeconds, raw));
      runs.numbered.push(await drive('transaction taking a number + INSERT', context.durationSeconds, numbered));
    }
    const serial = await drive('gap-free: counter inside the transaction', context.durationSeconds, gapFree);

    const best = (list: LoadResult[]) => list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
    const [a, b] = [best(runs.raw), best(runs.numbered)];
    const ratio = b.requestsPerSecond / a.requestsPerSecond;
    const paired = runs.numbered.map((run, i) => (run.requestsPerSecond / runs.raw[i].requestsPerSecond).toFixed(2));
    const [{ rows, distinct }] = await dataSource.query<Array<{ rows: number; distinct: number }>>(
      `SELECT count(*)::int AS rows, count(DISTINCT number)::int AS distinct FROM bench_order WHERE number LIKE 'SO-%'`,
    );
    const failures = [...runs.raw, ...runs.numbered, serial].reduce((n, r) => n + r.errors, 0);
    return {
      name: 'human-numbers',
      results: [...runs.raw, ...runs.numbered, serial],
      summary: [
        `numbered transactions: ${b.requestsPerSecond.toFixed(0)}/s with ${CLIENTS} clients on one series (target ≥ ${TARGET_PER_SECOND}/s)`,
        `ratio numbered/raw (best of ${context.rounds} each): ${ratio.toFixed(2)}; round by round: ${paired.join(', ')}`,
        `gap-free (serialised) for contrast: ${serial.requestsPerSecond.toFixed(0)}/s, p99 ${serial.p99Ms.toFixed(1)} ms`,
        `numbers taken: ${rows}, distinct: ${distinct}; errors: ${failures}`,
      ],
      passed: b.requestsPerSecond >= TARGET_PER_SECOND && rows === distinct && failures === 0,
      figures: { numberedPerSecond: b.requestsPerSecond, rawPerSecond: a.requestsPerSecond, ratio, gapFreePerSecond: serial.requestsPerSecond, numberedP99Ms: b.p99Ms },
    };
  } finally {
    await numbers.onApplicationShutdown();
    await dataSource.destroy();
  }
}
