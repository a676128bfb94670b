/**
 * Booking throughput of DESIGN §7: 50 clients book at once, back to back, through BookingService
 * (planned with the availability code at the exact start, written under the exclusion constraints,
 * audited, its event published), one store with 30 stylists working 30 days. Clients walk the same
 * list of start times, so up to 30 bookings at once compete for one time and "any staff" spreads
 * them over the stylists (losing a race for one, a booking plans again). Baseline: bare `pg` clients
 * writing the same rows (an appointment, its segment and history) in one transaction each, with the
 * exclusion constraints doing the same arbitration. Afterwards SQL must find no overlapping segments.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { FixedClock } from '../../src/common/clock/index.js';
import type { Actor } from '../../src/common/http/request-context.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/configure-app.js';
import { BookingService } from '../../src/modules/appointments/booking/booking.service.js';
import type { BenchContext, ScenarioReport } from '../lib/context.js';
import { withClient } from '../lib/database.js';
import { drive, type LoadResult } from '../lib/load.js';

/** DESIGN §7. */
const TARGET_PER_SECOND = 500;
// BENCH_BOOKING_CLIENTS=1 shows one booking's own latency.
const CLIENTS = Number(process.env.BENCH_BOOKING_CLIENTS ?? 50);
const STAFF = 30;
const DAYS = 30;
const FIRST_DAY = '2027-04-01';
// Midday in Shanghai, when bookings come (at 08:00 customer messages would wait out the quiet hours).
const NOW = new Date('2027-03-30T04:00:00Z');
const SLOTS_PER_DAY = 18; // 10:00–19:00, every 30 minutes

interface Seeded {
  storeId: string;
  variationId: string;
  customerIds: string[];
  staffIds: string[];
}

async function seed(client: pg.Client): Promise<Seeded> {
  const {
    rows: [store],
  } = await client.query<{ id: string }>(
    `INSERT INTO store (code, name, time_zone, address, phone, business_hours)
     VALUES ('BK01', 'Bench store', 'Asia/Shanghai', '{"line1":"1 Nanjing West Road","city":"Shanghai","country":"CN"}', '+862162881234',
             (SELECT jsonb_object_agg(day, '[{"open":"09:00","close":"21:00"}]'::jsonb) FROM unnest(ARRAY['monday','tuesday','wednesday','thursday','friday','saturday','sunday']) AS day))
     RETURNING id`,
  );
  const {
    rows: [cut],
  } = await client.query<{ id: string }>(
    `WITH s AS (INSERT INTO service (category_id, name, skill) SELECT id, 'Cut', 'haircut' FROM service_category WHERE code = 'hair_colour' RETURNING id)
     INSERT INTO service_variation (service_id, name, price_amount, currency, duration_minutes) SELECT id, 'Cut', 12800, 'CNY', 30 FROM s RETURNING id`,
  );
  const { rows: staff } = await client.query<{ id: string }>(
    `INSERT INTO staff_member (name, display_name) SELECT 'Stylist ' || g, 'Stylist ' || g FROM generate_series(1, $1::int) AS g RETURNING id`,
    [STAFF],
  );
  await client.query('INSERT INTO staff_member_store (staff_member_id, store_id) SELECT id, $1 FROM staff_member', [store.id]);
  await client.query(`INSERT INTO staff_member_skill (staff_member_id, skill) SELECT id, 'haircut' FROM staff_member`);
  await client.query(
    `INSERT INTO shift (staff_member_id, store_id, date, during, source)
     SELECT m.id, $1, d::date, tstzrange(d + interval '10 hours', d + interval '19 hours'), 'manual'
       FROM staff_member m, generate_series(($2::date)::timestamp AT TIME ZONE 'Asia/Shanghai', ($2::date + $3::int - 1)::timestamp AT TIME ZONE 'Asia/Shanghai', interval '1 day') AS d`,
    [store.id, FIRST_DAY, DAYS],
  );
  const { rows: customers } = await client.query<{ id: string }>(
    `INSERT INTO customer (name, phone) SELECT 'Customer ' || g, '+8613800' || lpad(g::text, 6, '0') FROM generate_series(1, 500) AS g RETURNING id`,
  );
  await client.query('VACUUM ANALYZE');
  return { storeId: store.id, variationId: cut.id, customerIds: customers.map((c) => c.id), staffIds: staff.map((s) => s.id) };
}

/** The n-th start of the walk: each time of each day, in order. */
function startOf(n: number): Date {
  const day = Math.floor(n / SLOTS_PER_DAY) % DAYS;
  const slot = n % SLOTS_PER_DAY;
  return new Date(Date.parse(`${FIRST_DAY}T10:00:00+08:00`) + day * 86_400_000 + slot * 30 * 60_000);
}

const iso = (ms: number) => new Date(ms).toISOString();

async function countRows(url: string): Promise<{ appointments: number; overlaps: number }> {
  return withClient(url, async (client) => {
    const {
      rows: [row],
    } = await client.query<{ appointments: number; overlaps: number }>(
      `SELECT (SELECT count(*)::int FROM appointment) AS appointments,
              (SELECT count(*)::int FROM booking_segment a JOIN booking_segment b ON a.id < b.id AND a.active AND b.active
                WHERE a.staff_member_id = b.staff_member_id AND a.staff_busy && b.staff_busy) AS overlaps`,
    );
    return row;
  });
}

export async function bookings(context: BenchContext): Promise<ScenarioReport> {
  const seeded = await withClient(context.databaseUrl, seed);
  const config = loadConfig({ ...context.bloomEnv, NODE_ENV: 'production', BLOOM_ROLE: 'api', LOG_LEVEL: 'warn', DATABASE_URL: context.databaseUrl });
  let app: NestFastifyApplication | undefined;
  // The app's pool is its production default (20 connections); the baseline gets as many.
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 20 });
  try {
    app = await createApp({ config, logger: false, clock: new FixedClock(NOW) });
    await app.init();
    const booking = app.get(BookingService);
    const desk: Actor = { kind: 'user', id: '00000000-0000-4000-8000-000000000001', role: 'receptionist', storeIds: [seeded.storeId] };

    // Each run walks its own stretch of the calendar, so a later run does not find it full.
    let next = 0;
    let taken = 0;
    const service = async (client: number) => {
      const n = next++;
      try {
        await booking.book(desk, {
          storeId: seeded.storeId,
          startsAt: startOf(Math.floor(n / STAFF)).toISOString(),
          services: [{ variationId: seeded.variationId }],
          customerId: seeded.customerIds[(n + client) % seeded.customerIds.length],
          channel: 'phone',
        });
      } catch (error) {
        if ((error as { code?: string }).code !== 'appointment.slot_taken') throw error;
        taken++;
      }
    };
    let baseNext = 0;
    const baseline = async (client: number) => {
      const n = baseNext++;
      // A year later than the service's walk: its rows, rolled back, never meet the bookings the service made.
      const start = startOf(Math.floor(n / STAFF)).getTime() + 365 * 86_400_000;
      const staffId = seeded.staffIds[n % STAFF];
      const connection = await pool.connect();
      try {
        await connection.query('BEGIN');
        const {
          rows: [row],
        } = await connection.query<{ id: string }>(
          `INSERT INTO appointment (number, store_id, customer_id, channel, starts_at, ends_at, booked_by_type) VALUES ($1, $2, $3, 'phone', $4, $5, 'user') RETURNING id`,
          [`BASE-${n}-${client}`, seeded.storeId, seeded.customerIds[n % seeded.customerIds.length], new Date(start), new Date(start + 30 * 60_000)],
        );
        await connection.query(
          `INSERT INTO booking_segment (appointment_id, position, store_id, variation_id, staff_member_id, starts_at, ends_at, staff_busy, price_amount, currency)
           VALUES ($1, 0, $2, $3, $4, $5, $6, $7::tstzmultirange, 12800, 'CNY')`,
          [row.id, seeded.storeId, seeded.variationId, staffId, new Date(start), new Date(start + 30 * 60_000), `{[${iso(start)},${iso(start + 30 * 60_000)})}`],
        );
        await connection.query(`INSERT INTO appointment_status_history (appointment_id, from_status, to_status, actor_type) VALUES ($1, 'new', 'booked', 'user')`, [row.id]);
        await connection.query('ROLLBACK'); // the calendar stays free for the service's runs
      } finally {
        connection.release();
      }
    };

    await drive('warm-up', 2, CLIENTS, baseline);
    await drive('warm-up', 2, CLIENTS, service);
    const runs: { baseline: LoadResult[]; service: LoadResult[] } = { baseline: [], service: [] };
    for (let round = 0; round < context.rounds; round++) {
      runs.baseline.push(await drive(`baseline: bare pg, the same rows (${CLIENTS} clients)`, context.durationSeconds, CLIENTS, baseline));
      runs.service.push(await drive(`BookingService.book (${CLIENTS} clients, any of ${STAFF} stylists)`, context.durationSeconds, CLIENTS, service));
    }
    const counts = await countRows(context.databaseUrl);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const perSecond = median(runs.service.map((r) => r.requestsPerSecond));
    const basePerSecond = median(runs.baseline.map((r) => r.requestsPerSecond));
    const p99 = median(runs.service.map((r) => r.p99Ms));
    const ratio = median(runs.service.map((run, i) => run.requestsPerSecond / runs.baseline[i].requestsPerSecond));
    const errors = runs.service.reduce((n, r) => n + r.errors, 0);
    // Where a booking's time goes: the machine's two cores are busy, shared by this process and PostgreSQL.
    const cpuOf = (list: LoadResult[]) => ({
      machine: median(list.map((r) => r.cpu?.machineMsPerOp ?? NaN)),
      process: median(list.map((r) => r.cpu?.processMsPerOp ?? NaN)),
      busy: median(list.map((r) => r.cpu?.machineBusyPercent ?? NaN)),
    });
    const cpu = cpuOf(runs.service);
    const baseCpu = cpuOf(runs.baseline);
    return {
      name: 'bookings',
      results: [...runs.baseline, ...runs.service],
      summary: [
        `bookings: ${perSecond.toFixed(0)}/s at ${CLIENTS} clients, p99 ${p99.toFixed(1)} ms (target ≥ ${TARGET_PER_SECOND}/s); ${counts.appointments} booked, ${taken} refused as taken, ${counts.overlaps} overlapping segments, ${errors} errors`,
        `baseline (bare pg, the same rows in one transaction): ${basePerSecond.toFixed(0)}/s; throughput ratio ${ratio.toFixed(2)}`,
        `CPU per booking: ${cpu.machine.toFixed(2)} ms on the machine (${cpu.process.toFixed(2)} ms in this process, the rest mostly PostgreSQL), cores ${cpu.busy.toFixed(0)}% busy; baseline ${baseCpu.machine.toFixed(2)} ms`,
      ],
      passed: perSecond >= TARGET_PER_SECOND && counts.overlaps === 0 && errors === 0,
      figures: {
        bookingsPerSecond: perSecond,
        baselinePerSecond: basePerSecond,
        throughputRatio: ratio,
        p99Ms: p99,
        overlaps: counts.overlaps,
        refusedAsTaken: taken,
        cpuMsPerBooking: cpu.machine,
        processCpuMsPerBooking: cpu.process,
        baselineCpuMsPerTransaction: baseCpu.machine,
      },
    };
  } finally {
    await pool.end();
    await app?.close();
  }
}
