/** The SQL of attendance records in one place: their columns, finding one, and writes guarded against overlaps. */
import type { Db } from '../../../common/database/index.js';
import { pgError, PG } from '../../../common/database/index.js';
import type { DomainError } from '../../../common/errors/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { AttendanceErrors } from '../scheduling.errors.js';
import type { ClockSource } from './attendance-record.entity.js';
import type { AttendanceRecordDto } from './dto/attendance.dto.js';

export const RECORD_COLUMNS = `r.id, r.staff_member_id AS "staffMemberId", r.store_id AS "storeId", r.shift_id AS "shiftId",
  r.clock_in_at AS "clockInAt", r.clock_out_at AS "clockOutAt", r.clock_in_source AS "clockInSource", r.clock_out_source AS "clockOutSource",
  r.clock_in_by AS "clockInBy", r.clock_out_by AS "clockOutBy", r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"`;

/** A record as the API shows it (the columns above). */
export type AttendanceRow = AttendanceRecordDto;

/** The record of this person, or `attendance.not_found`. */
export async function findRecord(db: Db, staffMemberId: string, recordId: string): Promise<AttendanceRow> {
  if (!isUuid(recordId)) throw AttendanceErrors.notFound(recordId);
  const [row] = await db.rows<AttendanceRow>(`SELECT ${RECORD_COLUMNS} FROM attendance_record r WHERE r.id = $1 AND r.staff_member_id = $2`, [recordId, staffMemberId]);
  if (!row) throw AttendanceErrors.notFound(recordId);
  return row;
}

export interface OtherRecord {
  id: string;
  clockInAt: Date;
  clockOutAt: Date | null;
}

/**
 * Runs a write that may make two records of one person overlap. The exclusion constraint is the
 * arbiter (of ten clock-ins sent at once, one is stored); the write runs under a savepoint so the
 * transaction can still find the record it overlaps and say which.
 */
export async function guardOverlap<T>(
  db: Db,
  span: { staffMemberId: string; exceptId: string | null; from: Date; to: Date | null },
  write: () => Promise<T>,
  refusal: (other: OtherRecord | undefined) => DomainError,
): Promise<T> {
  await db.execute('SAVEPOINT attendance_write');
  try {
    const result = await write();
    await db.execute('RELEASE SAVEPOINT attendance_write');
    return result;
  } catch (error) {
    const pg = pgError(error);
    if (pg?.code !== PG.EXCLUSION_VIOLATION || pg.constraint !== 'ex_attendance_overlap') throw error;
    await db.execute('ROLLBACK TO SAVEPOINT attendance_write');
    const [other] = await db.rows<OtherRecord>(
      `SELECT id, clock_in_at AS "clockInAt", clock_out_at AS "clockOutAt" FROM attendance_record
        WHERE staff_member_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND tstzrange(clock_in_at, clock_out_at) && tstzrange($3, $4)
        ORDER BY clock_in_at LIMIT 1`,
      [span.staffMemberId, span.exceptId, span.from, span.to],
    );
    throw refusal(other);
  }
}

/** Owners and managers may give times other than now, and clock in as `manager`. */
export function isManager(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.role === 'owner' || actor.role === 'manager');
}

/** Who clocked: the person themselves, a manager, or the front desk (a receptionist, or a time clock with an API key). */
export function clockSource(actor: Actor, self: boolean): ClockSource {
  if (self) return 'self';
  return isManager(actor) ? 'manager' : 'front_desk';
}
