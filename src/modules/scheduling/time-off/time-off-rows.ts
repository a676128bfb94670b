/**
 * The SQL of time off in one place: the columns a response needs, finding one, and inserting one
 * with the overlap rule answered as a business error that names the other request.
 */
import type { Db } from '../../../common/database/index.js';
import { pgError, PG } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { TimeOffErrors } from '../scheduling.errors.js';
import type { TimeOffResponseDto } from './dto/time-off.dto.js';
import type { TimeOffType } from './time-off.entity.js';
import type { TimeOffStatus } from './time-off-state.js';
import { spanDates, type TimeOffSpan } from './time-off-span.js';

export const TIME_OFF_COLUMNS = `t.id, t.staff_member_id AS "staffMemberId", m.name AS "staffMemberName", t.type, t.status,
  lower(t.during) AS "startsAt", upper(t.during) AS "endsAt", t.all_day AS "allDay", t.time_zone AS "timeZone", t.reason,
  t.requested_by AS "requestedBy", t.decided_by AS "decidedBy", t.decided_at AS "decidedAt", t.decision_note AS "decisionNote",
  t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;
export const TIME_OFF_FROM = 'time_off t JOIN staff_member m ON m.id = t.staff_member_id';

export interface TimeOffRow {
  id: string;
  staffMemberId: string;
  staffMemberName: string;
  type: TimeOffType;
  status: TimeOffStatus;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string | null;
  reason: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toTimeOffResponse(row: TimeOffRow): TimeOffResponseDto {
  const dates = row.allDay && row.timeZone ? spanDates(row.startsAt.getTime(), row.endsAt.getTime(), row.timeZone) : null;
  return { ...row, startDate: dates?.startDate ?? null, endDate: dates?.endDate ?? null };
}

/** A person's time off is listed by when it starts; the requests queue by when they were made. */
export const BY_START = cursorCodec<{ startsAt: Date; id: string }>('time_off_start', { startsAt: cursorParts.instant, id: cursorParts.uuid });
export const BY_CREATED = cursorCodec<{ createdAt: Date; id: string }>('time_off_created', { createdAt: cursorParts.instant, id: cursorParts.uuid });

/** The time off (of this person, when given), or `time_off.not_found`. */
export async function findTimeOff(db: Db, id: string, staffMemberId?: string): Promise<TimeOffRow> {
  if (!isUuid(id)) throw TimeOffErrors.notFound(id);
  const [row] = await db.rows<TimeOffRow>(`SELECT ${TIME_OFF_COLUMNS} FROM ${TIME_OFF_FROM} WHERE t.id = $1 AND ($2::uuid IS NULL OR t.staff_member_id = $2)`, [
    id,
    staffMemberId ?? null,
  ]);
  if (!row) throw TimeOffErrors.notFound(id);
  return row;
}

export interface NewTimeOff {
  staffMemberId: string;
  span: TimeOffSpan;
  type: TimeOffType;
  reason: string | null;
  requestedBy: string | null;
}

/**
 * Inserts a request. The exclusion constraint is the arbiter between two overlapping requests sent at
 * once (the second waits for the first to commit, then fails); the insert runs under a savepoint so
 * the transaction can still find the request it overlaps and name it.
 */
export async function insertTimeOff(db: Db, input: NewTimeOff): Promise<string> {
  await db.execute('SAVEPOINT time_off_insert');
  try {
    const [row] = await db.rows<{ id: string }>(
      `INSERT INTO time_off (staff_member_id, during, all_day, time_zone, type, reason, requested_by)
       VALUES ($1, tstzrange($2, $3), $4, $5, $6, $7, $8) RETURNING id`,
      [input.staffMemberId, new Date(input.span.start), new Date(input.span.end), input.span.allDay, input.span.timeZone, input.type, input.reason, input.requestedBy],
    );
    await db.execute('RELEASE SAVEPOINT time_off_insert');
    return row.id;
  } catch (error) {
    const pg = pgError(error);
    if (pg?.code !== PG.EXCLUSION_VIOLATION || pg.constraint !== 'ex_time_off_overlap') throw error;
    await db.execute('ROLLBACK TO SAVEPOINT time_off_insert');
    const [other] = await db.rows<{ id: string; status: string; startsAt: Date; endsAt: Date }>(
      `SELECT id, status, lower(during) AS "startsAt", upper(during) AS "endsAt" FROM time_off
        WHERE staff_member_id = $1 AND status IN ('requested', 'approved') AND during && tstzrange($2, $3)
        ORDER BY lower(during) LIMIT 1`,
      [input.staffMemberId, new Date(input.span.start), new Date(input.span.end)],
    );
    if (!other) throw error;
    throw TimeOffErrors.overlap(other, input.span.allDay ? 'startDate' : 'startsAt');
  }
}

/** The user to record as having asked or decided (null for an API key). */
export function actingUserId(actor: Actor): string | null {
  return actor.kind === 'user' ? actor.id : null;
}

/** Owners, managers (of a store the person works at: the caller checked they see them) and API keys with the scope decide time off. */
export function decidesTimeOff(actor: Actor): boolean {
  return actor.kind === 'api_key' || (actor.kind === 'user' && (actor.role === 'owner' || actor.role === 'manager'));
}

export function isOwner(actor: Actor): boolean {
  return actor.kind === 'user' && actor.role === 'owner';
}
