/**
 * Factories for bookings, inserted directly in the shapes the booking code writes (until tests book
 * through the API): a customer row, an appointment with segments, a hold. A segment's staff and resource
 * time come from its variation's blocks, as `segmentSpans` computes them.
 */
import { randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';

let sequence = 0;

export async function insertBareCustomer(t: TestApp, name = '顾客 Customer'): Promise<string> {
  const phone = `+86139${String(Date.now() % 1e5).padStart(5, '0')}${String(sequence++ % 1e3).padStart(3, '0')}`;
  const [row] = await t.sql<{ id: string }>('INSERT INTO customer (name, phone) VALUES ($1, $2) RETURNING id', [name, phone]);
  return row.id;
}

type Instant = Date | string;
const ms = (value: Instant) => (value instanceof Date ? value.getTime() : Date.parse(value));
const iso = (value: number) => new Date(value).toISOString();

export interface SegmentFixture {
  variationId: string;
  staffMemberId: string;
  resourceId?: string | null;
  start: Instant;
  /** Minutes of the blocks: active, processing, finishing, buffer. */
  blocks: { active: number; processing?: number; finishing?: number; buffer?: number };
  price?: number;
}

/** `{[a,b),[c,d)}` of the staff member's busy time, and `[start, end + buffer)` of the resource's. */
function spans(segment: SegmentFixture): { start: number; end: number; staff: string; resource: string } {
  const minute = 60_000;
  const { active, processing = 0, finishing = 0, buffer = 0 } = segment.blocks;
  const start = ms(segment.start);
  const end = start + (active + processing + finishing) * minute;
  const pieces: Array<[number, number]> = [[start, start + active * minute]];
  const after: [number, number] = [start + (active + processing) * minute, end + buffer * minute];
  if (after[1] > after[0]) {
    if (processing === 0) pieces[0][1] = after[1];
    else pieces.push(after);
  }
  return { start, end, staff: `{${pieces.map(([a, b]) => `[${iso(a)},${iso(b)})`).join(',')}}`, resource: `[${iso(start)},${iso(end + buffer * minute)})` };
}

async function insertSegments(t: TestApp, owner: { appointmentId?: string; holdId?: string }, storeId: string, segments: SegmentFixture[]): Promise<void> {
  for (const [position, segment] of segments.entries()) {
    const s = spans(segment);
    await t.sql(
      `INSERT INTO booking_segment (appointment_id, hold_id, position, store_id, variation_id, staff_member_id, resource_id, starts_at, ends_at, staff_busy, resource_busy, price_amount, currency)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::tstzmultirange, $11::tstzrange, $12, 'CNY')`,
      [
        owner.appointmentId ?? null,
        owner.holdId ?? null,
        position,
        storeId,
        segment.variationId,
        segment.staffMemberId,
        segment.resourceId ?? null,
        new Date(s.start),
        new Date(s.end),
        s.staff,
        segment.resourceId ? s.resource : null,
        segment.price ?? 0,
      ],
    );
  }
}

/** A booked appointment (status `booked` unless said) with its segments; returns its id. */
export async function insertAppointment(
  t: TestApp,
  options: { storeId: string; customerId: string; segments: SegmentFixture[]; status?: string; active?: boolean },
): Promise<string> {
  const all = options.segments.map(spans);
  const [row] = await t.sql<{ id: string }>(
    `INSERT INTO appointment (number, store_id, customer_id, status, channel, starts_at, ends_at, booked_by_type)
     VALUES ($1, $2, $3, $4, 'phone', $5, $6, 'system') RETURNING id`,
    [
      `AP-TEST-${Date.now().toString(36)}-${sequence++}-${randomUUID().slice(0, 4)}`,
      options.storeId,
      options.customerId,
      options.status ?? 'booked',
      new Date(Math.min(...all.map((s) => s.start))),
      new Date(Math.max(...all.map((s) => s.end))),
    ],
  );
  await insertSegments(t, { appointmentId: row.id }, options.storeId, options.segments);
  if (options.active === false) await t.sql('UPDATE booking_segment SET active = false WHERE appointment_id = $1', [row.id]);
  return row.id;
}

/** A hold expiring at `expiresAt`, with its segments; returns its id. */
export async function insertHold(t: TestApp, options: { storeId: string; expiresAt: Instant; segments: SegmentFixture[] }): Promise<string> {
  const [row] = await t.sql<{ id: string }>(`INSERT INTO appointment_hold (store_id, expires_at, created_by_type) VALUES ($1, $2, 'system') RETURNING id`, [
    options.storeId,
    new Date(ms(options.expiresAt)),
  ]);
  await insertSegments(t, { holdId: row.id }, options.storeId, options.segments);
  return row.id;
}
