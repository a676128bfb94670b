import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { AttendanceErrors, SchedulingErrors } from '../scheduling.errors.js';
import { StaffAccess } from '../staff-access.js';
import { actingUserId } from '../time-off/time-off-rows.js';
import { findRecord, guardOverlap, RECORD_COLUMNS, type AttendanceRow } from './attendance-rows.js';
import type { AttendanceCorrectionDto, AttendanceRecordDto, CorrectAttendanceDto, CorrectionListQueryDto } from './dto/attendance.dto.js';

const BY_TIME = cursorCodec<{ at: Date; id: string }>('attendance_correction', { at: cursorParts.instant, id: cursorParts.uuid });

/**
 * Managers correcting clock times (a forgotten clock-out): the record changes, and a correction row
 * keeps what it was, who changed it and why, in the same transaction.
 */
@Injectable()
export class AttendanceCorrectionsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** If-Match: of two corrections from the same read, one applies and the other answers 412. */
  @Transactional()
  async correct(actor: Actor, staffMemberId: string, recordId: string, expectedVersion: number, dto: CorrectAttendanceDto): Promise<AttendanceRecordDto> {
    const before = await this.findVisible(actor, staffMemberId, recordId);
    if (dto.clockInAt === undefined && dto.clockOutAt === undefined) {
      throw SchedulingErrors.invalid([{ field: 'clockInAt', message: 'is required unless clockOutAt is given: give the times to correct' }]);
    }
    assertVersion(before, expectedVersion);
    const clockInAt = dto.clockInAt === undefined ? before.clockInAt : new Date(dto.clockInAt);
    const clockOutAt = dto.clockOutAt === undefined ? before.clockOutAt : new Date(dto.clockOutAt);
    for (const field of ['clockInAt', 'clockOutAt'] as const) {
      const given = dto[field];
      if (given !== undefined && Date.parse(given) > this.clock.nowMs()) throw SchedulingErrors.invalid([{ field, message: 'must not be in the future' }]);
    }
    if (clockOutAt && clockOutAt <= clockInAt) {
      const field = dto.clockOutAt !== undefined ? 'clockOutAt' : 'clockInAt';
      throw SchedulingErrors.invalid([{ field, message: field === 'clockOutAt' ? 'must be after clockInAt' : 'must be before clockOutAt' }]);
    }

    const field = dto.clockInAt !== undefined ? 'clockInAt' : 'clockOutAt';
    const row = await guardOverlap(
      this.db,
      { staffMemberId, exceptId: recordId, from: clockInAt, to: clockOutAt },
      () =>
        updateVersioned<AttendanceRow>(this.db, {
          table: 'attendance_record r',
          id: recordId,
          expectedVersion,
          changes: [
            ['clock_in_at', clockInAt],
            ['clock_out_at', clockOutAt],
          ],
          returning: RECORD_COLUMNS,
        }),
      (other) => (other ? AttendanceErrors.overlap(other, field) : AttendanceErrors.alreadyClockedIn()),
    );
    const times = (record: { clockInAt: Date; clockOutAt: Date | null }) => ({ clockInAt: record.clockInAt, clockOutAt: record.clockOutAt });
    await this.db.execute(`INSERT INTO attendance_correction (attendance_record_id, corrected_by, reason, before, after) VALUES ($1, $2, $3, $4, $5)`, [
      recordId,
      actingUserId(actor),
      dto.reason,
      JSON.stringify(times(before)),
      JSON.stringify(times(row)),
    ]);
    await this.audit.record({
      action: 'attendance.correct',
      entityType: 'attendance_record',
      entityId: recordId,
      storeId: row.storeId,
      before: { ...times(before), version: before.version },
      after: { ...times(row), version: row.version, reason: dto.reason },
    });
    return row;
  }

  /** Oldest first. */
  async list(actor: Actor, staffMemberId: string, recordId: string, query: CorrectionListQueryDto): Promise<Page<AttendanceCorrectionDto>> {
    await this.findVisible(actor, staffMemberId, recordId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_TIME.decode(query.cursor);
    const rows = await this.db.rows<AttendanceCorrectionDto>(
      `SELECT id, attendance_record_id AS "attendanceRecordId", corrected_by AS "correctedBy", reason, before, after, at
         FROM attendance_correction
        WHERE attendance_record_id = $1 AND ($2::timestamptz IS NULL OR (at, id) > ($2, $3::uuid))
        ORDER BY at, id LIMIT $4`,
      [recordId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: rows.length > limit && last ? BY_TIME.encode({ at: last.at, id: last.id }) : null };
  }

  /** The record, when the actor sees the person and the record's store. */
  private async findVisible(actor: Actor, staffMemberId: string, recordId: string): Promise<AttendanceRow> {
    await this.access.visible(actor, staffMemberId);
    const row = await findRecord(this.db, staffMemberId, recordId);
    if (!canSeeStore(actor, row.storeId)) throw AttendanceErrors.notFound(recordId);
    return row;
  }
}
