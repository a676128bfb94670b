/**
 * The SQL of the waitlist in one place: the columns a response needs (with the offered slot's times
 * read from its hold), finding one entry, and the queue's cursor.
 */
import { instantFormatter } from '../../../common/clock/index.js';
import type { SqlRunner } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { isUuid } from '../../../common/validation/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import type { WaitlistEntryResponseDto } from './dto/waitlist.dto.js';
import type { WaitlistState } from './waitlist-state.js';

export const WAITLIST_COLUMNS = `w.id, w.store_id AS "storeId", ${storeTimeZoneSql('w.store_id')} AS "timeZone", w.customer_id AS "customerId",
  w.variation_ids AS "variationIds", w.staff_member_id AS "staffMemberId", w.date_from::text AS "dateFrom", w.date_to::text AS "dateTo",
  to_char(w.time_from, 'HH24:MI') AS "timeFrom", to_char(w.time_to, 'HH24:MI') AS "timeTo",
  w.status, w.offer_hold_id AS "offerHoldId", w.offered_at AS "offeredAt", w.offer_expires_at AS "offerExpiresAt",
  (SELECT min(b.starts_at) FROM booking_segment b WHERE b.hold_id = w.offer_hold_id) AS "offerStartsAt",
  (SELECT max(b.ends_at) FROM booking_segment b WHERE b.hold_id = w.offer_hold_id) AS "offerEndsAt",
  w.appointment_id AS "appointmentId", w.notes, w.version, w.created_at AS "createdAt", w.updated_at AS "updatedAt"`;

export interface WaitlistRow {
  id: string;
  storeId: string;
  timeZone: string;
  customerId: string;
  variationIds: string[];
  staffMemberId: string | null;
  dateFrom: string;
  dateTo: string;
  timeFrom: string | null;
  timeTo: string | null;
  status: WaitlistState;
  offerHoldId: string | null;
  offeredAt: Date | null;
  offerExpiresAt: Date | null;
  offerStartsAt: Date | null;
  offerEndsAt: Date | null;
  appointmentId: string | null;
  notes: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toWaitlistResponse(row: WaitlistRow): WaitlistEntryResponseDto {
  const at = instantFormatter(row.timeZone);
  const offered = row.status === 'offered' && row.offerHoldId && row.offeredAt && row.offerExpiresAt;
  return {
    id: row.id,
    storeId: row.storeId,
    customerId: row.customerId,
    variationIds: row.variationIds,
    staffMemberId: row.staffMemberId,
    dateFrom: row.dateFrom,
    dateTo: row.dateTo,
    timeFrom: row.timeFrom,
    timeTo: row.timeTo,
    status: row.status,
    offer: offered
      ? {
          holdId: row.offerHoldId!,
          offeredAt: at(row.offeredAt!.getTime()),
          expiresAt: at(row.offerExpiresAt!.getTime()),
          start: row.offerStartsAt ? at(row.offerStartsAt.getTime()) : null,
          end: row.offerEndsAt ? at(row.offerEndsAt.getTime()) : null,
        }
      : null,
    appointmentId: row.appointmentId,
    notes: row.notes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The queue: oldest first. */
export const BY_QUEUE = cursorCodec<{ createdAt: Date; id: string }>('waitlist_queue', { createdAt: cursorParts.instant, id: cursorParts.uuid });

/** The entry, or `waitlist_entry.not_found` (callers check the store is visible). */
export async function findWaitlistEntry(db: SqlRunner, id: string, options: { forUpdate?: boolean } = {}): Promise<WaitlistRow> {
  if (!isUuid(id)) throw AppointmentErrors.waitlistNotFound(id);
  const [row] = await db.rows<WaitlistRow>(`SELECT ${WAITLIST_COLUMNS} FROM waitlist_entry w WHERE w.id = $1${options.forUpdate ? ' FOR UPDATE OF w' : ''}`, [id]);
  if (!row) throw AppointmentErrors.waitlistNotFound(id);
  return row;
}
