/**
 * The SQL of holds and bookings, in one place. The exclusion constraints (`ex_segment_staff`,
 * `ex_segment_resource`) are the arbiter between two requests for one slot: the second waits for the
 * first to commit, then is refused, and the transaction, still usable, finds what it collided with
 * and says so.
 */
import type { Db } from '../../../common/database/index.js';
import { PG, pgError } from '../../../common/database/index.js';
import type { Money } from '../../../common/money/index.js';
import type { ProposedSegment, Span } from '../availability/availability-model.js';

/** A segment as written: the proposal's spans as PostgreSQL range literals. */
export interface SegmentToWrite {
  position: number;
  variationId: string;
  staffMemberId: string;
  resourceId: string | null;
  start: number;
  end: number;
  staffBusy: Span[];
  resourceBusy: Span | null;
  price: Money;
}

const iso = (ms: number) => new Date(ms).toISOString();
const rangeLiteral = (span: Span) => `[${iso(span.start)},${iso(span.end)})`;
export const multirangeLiteral = (spans: readonly Span[]) => `{${spans.map(rangeLiteral).join(',')}}`;

export function toSegmentsToWrite(segments: readonly ProposedSegment[]): SegmentToWrite[] {
  return segments.map((segment, position) => ({
    position,
    variationId: segment.variationId,
    staffMemberId: segment.staffMemberId,
    resourceId: segment.resourceId,
    start: segment.start,
    end: segment.end,
    staffBusy: segment.staffBusy,
    resourceBusy: segment.resourceBusy,
    price: segment.price,
  }));
}

function segmentsJson(segments: readonly SegmentToWrite[]): string {
  return JSON.stringify(
    segments.map((segment) => ({
      position: segment.position,
      variation_id: segment.variationId,
      staff_member_id: segment.staffMemberId,
      resource_id: segment.resourceId,
      starts_at: iso(segment.start),
      ends_at: iso(segment.end),
      staff_busy: multirangeLiteral(segment.staffBusy),
      resource_busy: segment.resourceBusy && segment.resourceId ? rangeLiteral(segment.resourceBusy) : null,
      price_amount: String(segment.price.amount),
      currency: segment.price.currency,
    })),
  );
}

const RECORDSET = `jsonb_to_recordset($1::jsonb) AS s(position int, variation_id uuid, staff_member_id uuid, resource_id uuid, starts_at timestamptz, ends_at timestamptz,
  staff_busy text, resource_busy text, price_amount bigint, currency text)`;

/**
 * Expired holds no longer count, but their rows stay until the sweeper comes: delete the ones in the
 * way of these segments first, so they do not refuse a booking the search offered.
 */
export async function deleteExpiredHoldsInTheWay(db: Db, segments: readonly SegmentToWrite[], now: Date): Promise<number> {
  return db.execute(
    `DELETE FROM appointment_hold h WHERE h.expires_at <= $2 AND h.id IN (
       SELECT b.hold_id FROM ${RECORDSET} JOIN booking_segment b ON b.hold_id IS NOT NULL AND b.active
          AND ((b.staff_member_id = s.staff_member_id AND b.staff_busy && s.staff_busy::tstzmultirange)
            OR (s.resource_id IS NOT NULL AND b.resource_id = s.resource_id AND b.resource_busy && s.resource_busy::tstzrange)))`,
    [segmentsJson(segments), now],
  );
}

export type SegmentOwner = { appointmentId: string } | { holdId: string };

/**
 * Writes the segments, or answers `collided` when another booking holds the time. `ON CONFLICT DO
 * NOTHING` lets the exclusion constraints arbitrate without an error (a racing booking's row is
 * waited for, then counts): fewer rows than segments means a collision, and the ones written go again.
 */
export async function insertSegments(db: Db, owner: SegmentOwner, storeId: string, segments: readonly SegmentToWrite[]): Promise<'written' | 'collided'> {
  const appointmentId = 'appointmentId' in owner ? owner.appointmentId : null;
  const holdId = 'holdId' in owner ? owner.holdId : null;
  const written = await db.rows<{ id: string }>(
    `INSERT INTO booking_segment (appointment_id, hold_id, position, store_id, variation_id, staff_member_id, resource_id, starts_at, ends_at, staff_busy, resource_busy, price_amount, currency)
     SELECT $2, $3, s.position, $4, s.variation_id, s.staff_member_id, s.resource_id, s.starts_at, s.ends_at, s.staff_busy::tstzmultirange, s.resource_busy::tstzrange, s.price_amount, s.currency
       FROM ${RECORDSET}
     ON CONFLICT DO NOTHING RETURNING id`,
    [segmentsJson(segments), appointmentId, holdId, storeId],
  );
  if (written.length === segments.length) return 'written';
  if (written.length > 0) await db.execute('DELETE FROM booking_segment WHERE id = ANY($1::uuid[])', [written.map((row) => row.id)]);
  return 'collided';
}

/**
 * Moves an appointment's segments to new ones (a reschedule), position by position: its own segments
 * are set aside first (inactive), so the new time may overlap the old one of the same appointment.
 */
export async function moveSegments(db: Db, appointmentId: string, storeId: string, segments: readonly SegmentToWrite[]): Promise<'written' | 'collided'> {
  await db.execute('SAVEPOINT booking_segments');
  try {
    await db.execute('UPDATE booking_segment SET active = false WHERE appointment_id = $1', [appointmentId]);
    await db.execute(
      `UPDATE booking_segment b SET variation_id = s.variation_id, staff_member_id = s.staff_member_id, resource_id = s.resource_id, starts_at = s.starts_at,
          ends_at = s.ends_at, staff_busy = s.staff_busy::tstzmultirange, resource_busy = s.resource_busy::tstzrange, price_amount = s.price_amount, currency = s.currency,
          store_id = $3, active = true
         FROM ${RECORDSET} WHERE b.appointment_id = $2 AND b.position = s.position`,
      [segmentsJson(segments), appointmentId, storeId],
    );
    await db.execute('RELEASE SAVEPOINT booking_segments');
    return 'written';
  } catch (error) {
    if (!isSegmentCollision(error)) throw error;
    await db.execute('ROLLBACK TO SAVEPOINT booking_segments');
    return 'collided';
  }
}

function isSegmentCollision(error: unknown): boolean {
  const pg = pgError(error);
  return pg?.code === PG.EXCLUSION_VIOLATION && (pg.constraint === 'ex_segment_staff' || pg.constraint === 'ex_segment_resource');
}

/** What a booking collided with: the first of its segments that overlaps an active one (not its own), and that one. */
export interface Collision {
  position: number;
  kind: 'staff_busy' | 'resource_busy';
  staffMemberId: string;
  resourceId: string | null;
  appointmentNumber: string | null;
  held: boolean;
  startsAt: Date;
  endsAt: Date;
}

export async function findCollision(db: Db, segments: readonly SegmentToWrite[], own: { appointmentId?: string; holdId?: string }): Promise<Collision | null> {
  const [row] = await db.rows<Collision>(
    `SELECT s.position, CASE WHEN b.staff_member_id = s.staff_member_id AND b.staff_busy && s.staff_busy::tstzmultirange THEN 'staff_busy' ELSE 'resource_busy' END AS kind,
            s.staff_member_id AS "staffMemberId", s.resource_id AS "resourceId", a.number AS "appointmentNumber", b.hold_id IS NOT NULL AS held,
            b.starts_at AS "startsAt", b.ends_at AS "endsAt"
       FROM ${RECORDSET}
       JOIN booking_segment b ON b.active
        AND ((b.staff_member_id = s.staff_member_id AND b.staff_busy && s.staff_busy::tstzmultirange)
          OR (s.resource_id IS NOT NULL AND b.resource_id = s.resource_id AND b.resource_busy && s.resource_busy::tstzrange))
       LEFT JOIN appointment a ON a.id = b.appointment_id
      WHERE ($2::uuid IS NULL OR b.appointment_id IS DISTINCT FROM $2) AND ($3::uuid IS NULL OR b.hold_id IS DISTINCT FROM $3)
      ORDER BY s.position, b.starts_at LIMIT 1`,
    [segmentsJson(segments), own.appointmentId ?? null, own.holdId ?? null],
  );
  return row ?? null;
}

export interface HoldRow {
  id: string;
  storeId: string;
  customerId: string | null;
  expiresAt: Date;
}

export async function insertHold(
  db: Db,
  hold: { storeId: string; customerId: string | null; expiresAt: Date; createdByType: string; createdById: string | null },
): Promise<HoldRow> {
  const [row] = await db.rows<HoldRow>(
    `INSERT INTO appointment_hold (store_id, customer_id, expires_at, created_by_type, created_by_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, store_id AS "storeId", customer_id AS "customerId", expires_at AS "expiresAt"`,
    [hold.storeId, hold.customerId, hold.expiresAt, hold.createdByType, hold.createdById],
  );
  return row;
}

export async function lockHold(db: Db, holdId: string): Promise<HoldRow | null> {
  const [row] = await db.rows<HoldRow>(`SELECT id, store_id AS "storeId", customer_id AS "customerId", expires_at AS "expiresAt" FROM appointment_hold WHERE id = $1 FOR UPDATE`, [
    holdId,
  ]);
  return row ?? null;
}

export interface HeldSegment {
  variationId: string;
  staffMemberId: string;
  resourceId: string | null;
  startsAt: Date;
  endsAt: Date;
  priceAmount: string;
  currency: string;
}

export async function heldSegments(db: Db, holdId: string): Promise<HeldSegment[]> {
  return db.rows<HeldSegment>(
    `SELECT variation_id AS "variationId", staff_member_id AS "staffMemberId", resource_id AS "resourceId", starts_at AS "startsAt", ends_at AS "endsAt",
            price_amount::text AS "priceAmount", currency FROM booking_segment WHERE hold_id = $1 ORDER BY position`,
    [holdId],
  );
}

export interface NewAppointment {
  number: string;
  storeId: string;
  customerId: string;
  channel: string;
  startsAt: Date;
  endsAt: Date;
  notes: string | null;
  specialRequests: string | null;
  bookedByType: string;
  bookedById: string | null;
  seriesId?: string | null;
}

/** The appointment and the first row of its history (StateTransitions writes the later ones), in one statement. */
export async function insertAppointment(db: Db, appointment: NewAppointment): Promise<string> {
  const [row] = await db.rows<{ id: string }>(
    `WITH a AS (
       INSERT INTO appointment (number, store_id, customer_id, channel, starts_at, ends_at, notes, special_requests, booked_by_type, booked_by_id, series_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
     ), h AS (
       INSERT INTO appointment_status_history (appointment_id, from_status, to_status, actor_type, actor_id) SELECT id, 'new', 'booked', $9, $10 FROM a
     )
     SELECT id FROM a`,
    [
      appointment.number,
      appointment.storeId,
      appointment.customerId,
      appointment.channel,
      appointment.startsAt,
      appointment.endsAt,
      appointment.notes,
      appointment.specialRequests,
      appointment.bookedByType,
      appointment.bookedById,
      appointment.seriesId ?? null,
    ],
  );
  return row.id;
}

/** A hold becomes the appointment's: its segments move over, the hold goes. */
export async function takeOverHold(db: Db, holdId: string, appointmentId: string): Promise<void> {
  await db.execute('UPDATE booking_segment SET appointment_id = $2, hold_id = NULL WHERE hold_id = $1', [holdId, appointmentId]);
  await db.execute('DELETE FROM appointment_hold WHERE id = $1', [holdId]);
}
