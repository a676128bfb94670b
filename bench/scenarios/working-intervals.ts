/**
 * SchedulingService.workingIntervals for the availability search's case (issue 12): one store, its 30
 * staff, 14 days of shifts with breaks, some time off, a closed day and a day of special hours, among
 * nine other stores' 270 staff (27,000 shifts over three months in all). The app runs in this process
 * (API role); one client calls, back to back, the service and (the baseline) a bare `pg` client running
 * the very statement the service sends, so the ratio is what the service adds: JSON, arithmetic, Nest.
 * Alternating rounds, so drift of a shared machine hits both alike. Also: queries per call, the plan's
 * indexes (EXPLAIN ANALYZE), and the roster of the same two weeks.
 */
import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { SchedulingService } from '../../src/modules/scheduling/index.js';
import { RosterService } from '../../src/modules/scheduling/roster/roster.service.js';
import { countQueries } from '../../test/support/query-count.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import { drive as driveClients, type LoadResult } from '../lib/load.js';

/** A third of the availability search's 15 ms p50 budget. */
const TARGET_P50_MS = 5;
const STORES = 10;
const STAFF_PER_STORE = 30;
const RANGE = { from: '2026-12-07', to: '2026-12-20', fromInstant: new Date('2026-12-07T00:00:00+08:00'), toInstant: new Date('2026-12-21T00:00:00+08:00') };

const drive = (label: string, seconds: number, work: () => Promise<unknown>): Promise<LoadResult> => driveClients(label, seconds, 1, () => work());

/** The stores and staff, three months of shifts (a rest day a week, lunch breaks), time off, closures. */
async function seed(client: pg.Client): Promise<{ storeId: string; staffIds: string[]; rows: Record<string, number> }> {
  await client.query('SELECT setseed(0.12)');
  await client.query(
    `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
     SELECT 'WI' || lpad(g::text, 2, '0'), 'Bench store ' || g, 'Asia/Shanghai', '{"line1":"1 Nanjing West Road","city":"Shanghai","country":"CN"}', '+862162881234', '{}'
       FROM generate_series(1, $1::int) AS g`,
    [STORES],
  );
  await client.query(`INSERT INTO staff_member (name, display_name) SELECT 'Staff ' || lpad(g::text, 3, '0'), 'Staff ' || g FROM generate_series(1, $1::int) AS g`, [
    STORES * STAFF_PER_STORE,
  ]);
  await client.query(
    `INSERT INTO staff_member_store (staff_member_id, store_id)
     SELECT m.id, s.id FROM (SELECT id, row_number() OVER (ORDER BY name) - 1 AS n FROM staff_member) m
       JOIN (SELECT id, row_number() OVER (ORDER BY code) - 1 AS n FROM store WHERE code LIKE 'WI%') s ON s.n = m.n / $1`,
    [STAFF_PER_STORE],
  );
  await client.query(
    `INSERT INTO staff_member_skill (staff_member_id, skill, proficiency)
     SELECT id, skill, (1 + floor(random() * 5))::smallint FROM staff_member, unnest(ARRAY['haircut', 'hair_colour', 'perm', 'facial', 'nails']) AS skill WHERE random() < 0.5`,
  );
  // Each person starts at 09:00, 10:00 or 11:00, works nine hours with 45 minutes for lunch, and rests one weekday.
  await client.query(
    `INSERT INTO shift (staff_member_id, store_id, date, during, breaks, source)
     SELECT ms.staff_member_id, ms.store_id, d::date,
            tstzrange(d + make_interval(hours => 9 + h), d + make_interval(hours => 18 + h)),
            tstzmultirange(tstzrange(d + make_interval(hours => 12 + h, mins => 30), d + make_interval(hours => 13 + h, mins => 15))),
            'manual'
       FROM (SELECT staff_member_id, store_id, abs(hashtext(staff_member_id::text)) % 3 AS h, abs(hashtext(staff_member_id::text)) % 7 AS rest FROM staff_member_store) ms,
            generate_series(timestamptz '2026-11-01 00:00+08', timestamptz '2027-01-29 00:00+08', interval '1 day') AS d
      WHERE extract(dow FROM d AT TIME ZONE 'Asia/Shanghai') <> ms.rest`,
  );
  await client.query(
    `INSERT INTO time_off (staff_member_id, during, type, status)
     SELECT id, tstzrange(start, start + interval '1 day' * (1 + floor(random() * 2))), 'annual', CASE WHEN random() < 0.7 THEN 'approved' ELSE 'requested' END
       FROM (SELECT id, timestamptz '2026-11-01 00:00+08' + interval '1 day' * floor(random() * 85) AS start FROM staff_member WHERE random() < 0.3) AS t`,
  );
  await client.query(
    `INSERT INTO store_closure (store_id, date, kind, intervals, reason)
     SELECT id, date '2026-12-09', 'closed', '[]'::jsonb, '停电 Power cut' FROM store WHERE code LIKE 'WI%'
     UNION ALL
     SELECT id, date '2026-12-12', 'special_hours', '[{"open":"10:00","close":"15:00"}]'::jsonb, '盘点 Stocktake' FROM store WHERE code LIKE 'WI%'`,
  );
  await client.query('VACUUM ANALYZE');
  const { rows: stores } = await client.query<{ id: string }>("SELECT id FROM store WHERE code = 'WI01'");
  const { rows: staff } = await client.query<{ id: string }>('SELECT staff_member_id AS id FROM staff_member_store WHERE store_id = $1', [stores[0].id]);
  const { rows: counts } = await client.query<Record<string, number>>(
    'SELECT (SELECT count(*)::int FROM shift) AS shifts, (SELECT count(*)::int FROM time_off) AS "timeOff", (SELECT count(*)::int FROM store_closure) AS closures',
  );
  return { storeId: stores[0].id, staffIds: staff.map((row) => row.id), rows: counts[0] };
}

/** The index names of a JSON plan, and its execution time. */
async function explain(client: pg.Client, sql: string, parameters: readonly unknown[]): Promise<{ indexes: string[]; ms: number }> {
  const { rows } = await client.query<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [...parameters]);
  const plan = rows[0]['QUERY PLAN'];
  const indexes = new Set<string>();
  JSON.stringify(plan, (key, value: unknown) => (key === 'Index Name' && typeof value === 'string' ? (indexes.add(value), value) : value));
  return { indexes: [...indexes].sort(), ms: plan[0]['Execution Time'] };
}

export async function workingIntervals(context: BenchContext): Promise<ScenarioReport> {
  const seeded = await withClient(context.databaseUrl, seed);
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  const client = new pg.Client({ connectionString: context.databaseUrl });
  await client.connect();
  try {
    app = await createApp({ config, logger: false });
    await app.init();
    const scheduling = app.get(SchedulingService);
    const rosters = app.get(RosterService);
    const query = { storeId: seeded.storeId, staffMemberIds: seeded.staffIds, from: RANGE.fromInstant, to: RANGE.toInstant };
    const service = () => scheduling.workingIntervals(query);
    const roster = () => rosters.roster({ kind: 'user', id: randomUUID(), role: 'manager', storeIds: [seeded.storeId] }, seeded.storeId, { from: RANGE.from, to: RANGE.to });

    const counted = await countQueries(app, service);
    const [statement] = counted.statements;
    const baseline = () => client.query(statement.sql, [...statement.parameters]);
    const intervals = [...counted.result.values()].reduce((n, list) => n + list.length, 0);
    const rosterQueries = (await countQueries(app, roster)).statements.length;
    const all = await explain(client, statement.sql, statement.parameters);
    const one = await explain(client, statement.sql, [seeded.storeId, [seeded.staffIds[0]], RANGE.fromInstant, RANGE.toInstant]);

    await drive('warm-up', 2, baseline);
    await drive('warm-up', 2, service);
    await drive('warm-up', 1, roster);
    const runs: { baseline: LoadResult[]; service: LoadResult[]; roster: LoadResult[] } = { baseline: [], service: [], roster: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive('baseline: bare pg, the same statement', context.durationSeconds, baseline));
      runs.service.push(await drive('SchedulingService.workingIntervals (30 staff × 14 days)', context.durationSeconds, service));
      runs.roster.push(await drive('RosterService.roster (the same 14 days, coverage)', context.durationSeconds, roster));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const p50 = median(runs.service.map((r) => r.p50Ms));
    const p99 = median(runs.service.map((r) => r.p99Ms));
    const baseP50 = median(runs.baseline.map((r) => r.p50Ms));
    const baseP99 = median(runs.baseline.map((r) => r.p99Ms));
    const throughputRatio = median(runs.service.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const rosterP50 = median(runs.roster.map((r) => r.p50Ms));
    const errors = [...runs.baseline, ...runs.service, ...runs.roster].reduce((n, r) => n + r.errors, 0);
    const queries = counted.statements.length;
    return {
      name: 'working-intervals',
      results: [...runs.baseline, ...runs.service, ...runs.roster],
      summary: [
        `seeded ${seeded.rows.shifts} shifts, ${seeded.rows.timeOff} time off, ${seeded.rows.closures} closures over ${STORES} stores × ${STAFF_PER_STORE} staff; one answer holds ${intervals} intervals`,
        `workingIntervals: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, ${queries} query per call (target p50 ≤ ${TARGET_P50_MS} ms, 1 query)`,
        `baseline (bare pg, same statement): p50 ${baseP50.toFixed(2)} ms, p99 ${baseP99.toFixed(2)} ms; ratios: p50 ${(p50 / baseP50).toFixed(2)}×, throughput ${throughputRatio.toFixed(2)}`,
        `roster of the same 14 days: p50 ${rosterP50.toFixed(2)} ms, ${rosterQueries} queries`,
        `plan, 30 staff: ${all.indexes.join(', ')} (${all.ms.toFixed(2)} ms in PostgreSQL); 1 staff: ${one.indexes.join(', ')} (${one.ms.toFixed(2)} ms)`,
      ],
      passed: p50 <= TARGET_P50_MS && queries === 1 && errors === 0,
      figures: {
        p50Ms: p50,
        p99Ms: p99,
        baselineP50Ms: baseP50,
        baselineP99Ms: baseP99,
        p50Ratio: p50 / baseP50,
        throughputRatio,
        queriesPerCall: queries,
        rosterP50Ms: rosterP50,
        rosterQueries,
      },
    };
  } finally {
    await client.end();
    await app?.close();
  }
}
