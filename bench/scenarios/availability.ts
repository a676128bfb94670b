/**
 * The availability search of DESIGN §7: one store, 30 staff working 14 days, 5,000 booked appointments,
 * ten chairs; a colour (processing block, buffer, a chair) searched over the 14 days by the front desk.
 * The app runs in this process (API role); one client calls, back to back, the service and (the
 * baseline) a bare `pg` client sending the very statements the service sends, one after another, so the
 * ratio is what the service adds: the calculator, JSON, Nest. Alternating rounds, so drift of a shared
 * machine hits both alike. Also: SQL queries per call.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { FixedClock } from '../../src/common/clock/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import type { Actor } from '../../src/common/http/request-context.js';
import { AvailabilityService } from '../../src/modules/appointments/availability/availability.service.js';
import { countQueries } from '../../test/support/query-count.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import { drive as driveClients, type LoadResult } from '../lib/load.js';

/** DESIGN §7. */
const TARGET_P50_MS = 15;
const TARGET_QUERIES = 5;
const STAFF = 30;
const DAYS = 14;
const APPOINTMENTS = 5_000;
const FIRST_DAY = '2027-03-22';
/** Three days before the first searched day, so the whole fortnight is bookable. */
const NOW = new Date('2027-03-19T00:00:00Z');

const drive = (label: string, seconds: number, work: () => Promise<unknown>): Promise<LoadResult> => driveClients(label, seconds, 1, () => work());

interface Seeded {
  storeId: string;
  variationId: string;
  rows: Record<string, number>;
}

/** The store, its staff and their shifts, the services, ten chairs, and 5,000 booked appointments. */
async function seed(client: pg.Client): Promise<Seeded> {
  await client.query('SELECT setseed(0.13)');
  const {
    rows: [store],
  } = await client.query<{ id: string }>(
    `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
     VALUES ('AV01', 'Bench store', 'Asia/Shanghai', '{"line1":"1 Nanjing West Road","city":"Shanghai","country":"CN"}', '+862162881234',
             (SELECT jsonb_object_agg(day, '[{"open":"09:00","close":"21:00"}]'::jsonb) FROM unnest(ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday']) AS day))
     RETURNING id`,
  );
  const {
    rows: [category],
  } = await client.query<{ id: string }>("SELECT id FROM service_category WHERE code = 'hair_colour'");
  const service = async (name: string, skill: string, resourceType: string | null, processing: number, finishing: number, buffer: number, duration: number, price: number) => {
    const {
      rows: [row],
    } = await client.query<{ id: string }>(
      `WITH s AS (INSERT INTO service (category_id, name, skill, resource_type, processing_minutes, finishing_minutes, buffer_minutes)
                  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id)
       INSERT INTO service_variation (service_id, name, price_amount, currency, duration_minutes) SELECT id, $2, $8, 'CNY', $9 FROM s RETURNING id`,
      [category.id, name, skill, resourceType, processing, finishing, buffer, price, duration],
    );
    return row.id;
  };
  const colour = await service('Colour', 'hair_colour', 'chair', 35, 30, 10, 90, 48800);
  const cut = await service('Cut', 'haircut', null, 0, 0, 0, 30, 12800);
  await client.query(`INSERT INTO staff_member (name, display_name) SELECT 'Staff ' || lpad(g::text, 3, '0'), 'Staff ' || g FROM generate_series(1, $1::int) AS g`, [STAFF]);
  await client.query('INSERT INTO staff_member_store (staff_member_id, store_id) SELECT id, $1 FROM staff_member', [store.id]);
  await client.query(`INSERT INTO staff_member_skill (staff_member_id, skill) SELECT id, skill FROM staff_member, unnest(ARRAY['haircut', 'hair_colour']) AS skill`);
  await client.query(`INSERT INTO resource (store_id, name, type) SELECT $1, 'Chair ' || g, 'chair' FROM generate_series(1, 10) AS g`, [store.id]);
  // 10:00–19:00 with lunch 12:30–13:15, every day of the fortnight.
  await client.query(
    `INSERT INTO shift (staff_member_id, store_id, date, during, breaks, source)
     SELECT m.id, $1, d::date, tstzrange(d + interval '10 hours', d + interval '19 hours'),
            tstzmultirange(tstzrange(d + interval '12 hours 30 minutes', d + interval '13 hours 15 minutes')), 'manual'
       FROM staff_member m, generate_series(($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai', ($2::date + $3::int - 1)::timestamp AT TIME ZONE 'Asia/Shanghai', interval '1 day') AS d`,
    [store.id, FIRST_DAY, DAYS],
  );
  await client.query(`INSERT INTO customer (name, phone) SELECT 'Customer ' || g, '+8613900' || lpad(g::text, 6, '0') FROM generate_series(1, 500) AS g`);
  // Two days in three each person is fully booked (20-minute blow-dries every 25 minutes, lunch kept free); the third is free.
  await client.query(
    `WITH days AS (
       SELECT d, row_number() OVER (ORDER BY d) AS i
         FROM generate_series(($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai', ($2::date + $3::int - 1)::timestamp AT TIME ZONE 'Asia/Shanghai', interval '1 day') AS d
     ), slots AS (
       SELECT m.id AS staff_member_id, days.d + interval '10 hours' + k * interval '25 minutes' AS start, row_number() OVER () AS n
         FROM staff_member m, days, generate_series(0, 21) AS k
        WHERE (abs(hashtext(m.id::text)) + days.i) % 3 <> 0
          AND NOT tstzrange(days.d + interval '10 hours' + k * interval '25 minutes', days.d + interval '10 hours 20 minutes' + k * interval '25 minutes')
                  && tstzrange(days.d + interval '12 hours 30 minutes', days.d + interval '13 hours 15 minutes')
          AND days.d + interval '10 hours 20 minutes' + k * interval '25 minutes' <= days.d + interval '19 hours'
        LIMIT $4
     ), customers AS (SELECT id, row_number() OVER () AS n FROM customer),
     booked AS (
       INSERT INTO appointment (number, store_id, customer_id, channel, starts_at, ends_at, booked_by_type)
       SELECT 'AP-BENCH-' || s.n, $1, c.id, 'phone', s.start, s.start + interval '20 minutes', 'system'
         FROM slots s JOIN customers c ON c.n = 1 + s.n % 500
       RETURNING id, number, starts_at
     )
     INSERT INTO booking_segment (appointment_id, position, store_id, variation_id, staff_member_id, starts_at, ends_at, staff_busy, price_amount, currency)
     SELECT b.id, 0, $1, $5, s.staff_member_id, s.start, s.start + interval '20 minutes', tstzmultirange(tstzrange(s.start, s.start + interval '20 minutes')), 12800, 'CNY'
       FROM booked b JOIN slots s ON b.number = 'AP-BENCH-' || s.n`,
    [store.id, FIRST_DAY, DAYS, APPOINTMENTS, cut],
  );
  await client.query('VACUUM ANALYZE');
  const { rows: counts } = await client.query<Record<string, number>>(
    'SELECT (SELECT count(*)::int FROM appointment) AS appointments, (SELECT count(*)::int FROM shift) AS shifts, (SELECT count(*)::int FROM resource) AS resources',
  );
  return { storeId: store.id, variationId: colour, rows: counts[0] };
}

export async function availability(context: BenchContext): Promise<ScenarioReport> {
  const seeded = await withClient(context.databaseUrl, seed);
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  const client = new pg.Client({ connectionString: context.databaseUrl });
  await client.connect();
  try {
    app = await createApp({ config, logger: false, clock: new FixedClock(NOW) });
    await app.init();
    const search = app.get(AvailabilityService);
    const desk: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'receptionist', storeIds: [seeded.storeId] };
    const last = new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + (DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    const query = { storeId: seeded.storeId, variationIds: [seeded.variationId], from: FIRST_DAY, to: last };
    const service = () => search.search(desk, query);

    const counted = await countQueries(app, service);
    const baseline = async () => {
      for (const statement of counted.statements) await client.query(statement.sql, [...statement.parameters]);
    };

    await drive('warm-up', 2, baseline);
    await drive('warm-up', 2, service);
    const runs: { baseline: LoadResult[]; service: LoadResult[] } = { baseline: [], service: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive('baseline: bare pg, the same statements', context.durationSeconds, baseline));
      runs.service.push(await drive(`AvailabilityService.search (${STAFF} staff × ${DAYS} days)`, context.durationSeconds, service));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const p50 = median(runs.service.map((r) => r.p50Ms));
    const p99 = median(runs.service.map((r) => r.p99Ms));
    const baseP50 = median(runs.baseline.map((r) => r.p50Ms));
    const baseP99 = median(runs.baseline.map((r) => r.p99Ms));
    const throughputRatio = median(runs.service.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const errors = [...runs.baseline, ...runs.service].reduce((n, r) => n + r.errors, 0);
    const queries = counted.statements.length;
    return {
      name: 'availability',
      results: [...runs.baseline, ...runs.service],
      summary: [
        `seeded ${seeded.rows.appointments} appointments, ${seeded.rows.shifts} shifts, ${seeded.rows.resources} chairs; one answer offers ${counted.result.slots.length} starts`,
        `availability: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, ${queries} queries per call (target p50 ≤ ${TARGET_P50_MS} ms, ≤ ${TARGET_QUERIES} queries)`,
        `baseline (bare pg, the same statements): p50 ${baseP50.toFixed(2)} ms, p99 ${baseP99.toFixed(2)} ms; ratios: p50 ${(p50 / baseP50).toFixed(2)}×, throughput ${throughputRatio.toFixed(2)}`,
      ],
      passed: p50 <= TARGET_P50_MS && queries <= TARGET_QUERIES && errors === 0,
      figures: { p50Ms: p50, p99Ms: p99, baselineP50Ms: baseP50, baselineP99Ms: baseP99, p50Ratio: p50 / baseP50, throughputRatio, queriesPerCall: queries },
    };
  } finally {
    await client.end();
    await app?.close();
  }
}
