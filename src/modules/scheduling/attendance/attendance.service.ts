import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, daysBetween, instantToDate } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { StoresService } from '../../stores/index.js';
import { AttendanceErrors, SchedulingErrors, WorkingTimeErrors } from '../scheduling.errors.js';
import { StaffAccess } from '../staff-access.js';
import { actingUserId } from '../time-off/time-off-rows.js';
import { attendanceDays, type ClockedSpan, type PlannedShift } from './attendance-figures.js';
import { clockSource, findRecord, guardOverlap, isManager, RECORD_COLUMNS, type AttendanceRow } from './attendance-rows.js';
import { clockTime, MATCH_WINDOW_MS, nearestShift } from './clock-rules.js';
import type { AttendanceQueryDto, AttendanceRecordDto, AttendanceReportDto, ClockInDto, ClockOutDto } from './dto/attendance.dto.js';

/** Longest report: two months. */
export const MAX_REPORT_DAYS = 62;
const DAY_MS = 86_400_000;

/**
 * Clocking in and out (by the person, the front desk or a manager of the store) and what the records
 * say against the plan. Corrections are AttendanceCorrectionsService's.
 */
@Injectable()
export class AttendanceService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Matched to their scheduled shift at that store nearest the time, if any; one open record per person. */
  @Transactional()
  async clockIn(actor: Actor, staffMemberId: string, dto: ClockInDto): Promise<AttendanceRecordDto> {
    const member = await this.access.visible(actor, staffMemberId);
    this.access.assertWorksAt(actor, member, dto.storeId);
    // Someone who left (or is not yet back) is not at work: the front desk reactivates them first.
    if (member.status !== 'active') throw WorkingTimeErrors.inactive();
    if (dto.at !== undefined && !isManager(actor)) throw AttendanceErrors.timeManagersOnly();
    const at = new Date(clockTime(dto.at, this.clock.nowMs()));
    const shifts = await this.db.rows<{ id: string; start: Date; end: Date }>(
      `SELECT id, lower(during) AS start, upper(during) AS "end" FROM shift
        WHERE staff_member_id = $1 AND store_id = $2 AND status = 'scheduled' AND during && tstzrange($3, $4)`,
      [staffMemberId, dto.storeId, new Date(at.getTime() - MATCH_WINDOW_MS), new Date(at.getTime() + MATCH_WINDOW_MS)],
    );
    const shift = nearestShift(
      shifts.map((s) => ({ id: s.id, start: s.start.getTime(), end: s.end.getTime() })),
      at.getTime(),
    );
    const [row] = await guardOverlap(
      this.db,
      { staffMemberId, exceptId: null, from: at, to: null },
      () =>
        this.db.rows<AttendanceRow>(
          `INSERT INTO attendance_record AS r (staff_member_id, store_id, shift_id, clock_in_at, clock_in_source, clock_in_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${RECORD_COLUMNS}`,
          [staffMemberId, dto.storeId.toLowerCase(), shift?.id ?? null, at, clockSource(actor, this.access.isSelf(actor, member)), actingUserId(actor)],
        ),
      (other) => AttendanceErrors.alreadyClockedIn(other),
    );
    await this.audit.record({ action: 'attendance.clock_in', entityType: 'attendance_record', entityId: row.id, storeId: row.storeId, after: row });
    return row;
  }

  /** Closes their open record; the front desk or a manager of another store than theirs cannot. */
  @Transactional()
  async clockOut(actor: Actor, staffMemberId: string, dto: ClockOutDto): Promise<AttendanceRecordDto> {
    const member = await this.access.visible(actor, staffMemberId);
    if (dto.at !== undefined && !isManager(actor)) throw AttendanceErrors.timeManagersOnly();
    // Locked: of two clock-outs at once, the second finds the record closed.
    const [open] = await this.db.rows<AttendanceRow>(`SELECT ${RECORD_COLUMNS} FROM attendance_record r WHERE r.staff_member_id = $1 AND r.clock_out_at IS NULL FOR UPDATE`, [
      staffMemberId,
    ]);
    if (!open) throw AttendanceErrors.notClockedIn();
    if (!canSeeStore(actor, open.storeId)) throw AttendanceErrors.otherStore();
    const at = new Date(clockTime(dto.at, this.clock.nowMs()));
    if (at <= open.clockInAt) throw SchedulingErrors.invalid([{ field: 'at', message: `must be after they clocked in (${open.clockInAt.toISOString()})` }]);
    const [row] = await this.db.rows<AttendanceRow>(
      `UPDATE attendance_record r SET clock_out_at = $2, clock_out_source = $3, clock_out_by = $4, version = version + 1, updated_at = now()
        WHERE r.id = $1 AND r.clock_out_at IS NULL RETURNING ${RECORD_COLUMNS}`,
      [open.id, at, clockSource(actor, this.access.isSelf(actor, member)), actingUserId(actor)],
    );
    if (!row) throw AttendanceErrors.notClockedIn();
    await this.audit.record({
      action: 'attendance.clock_out',
      entityType: 'attendance_record',
      entityId: row.id,
      storeId: row.storeId,
      before: { clockOutAt: null },
      after: { clockOutAt: row.clockOutAt, clockOutSource: row.clockOutSource },
    });
    return row;
  }

  /** One record of theirs, at a store the actor sees. */
  async get(actor: Actor, staffMemberId: string, recordId: string): Promise<AttendanceRecordDto> {
    await this.access.visible(actor, staffMemberId);
    const row = await findRecord(this.db, staffMemberId, recordId);
    if (!canSeeStore(actor, row.storeId)) throw AttendanceErrors.notFound(recordId);
    return row;
  }

  /**
   * Their records and the figures per local date, at the stores the actor sees. Dates are each store's:
   * a shift counts on its date, a record on its shift's date, else on the local date of its clock-in.
   */
  async report(actor: Actor, staffMemberId: string, query: AttendanceQueryDto): Promise<AttendanceReportDto> {
    const span = daysBetween(query.from, query.to) + 1;
    if (span < 1) throw SchedulingErrors.invalid([{ field: 'to', message: 'must not be before from' }]);
    if (span > MAX_REPORT_DAYS) throw SchedulingErrors.invalid([{ field: 'to', message: `must be at most ${MAX_REPORT_DAYS} days from from (both counted)` }]);
    await this.access.visible(actor, staffMemberId);
    const visible = visibleStoreIds(actor);
    const stores = visible === 'all' ? null : visible;
    const shifts = await this.db.rows<{ id: string; storeId: string; date: string; start: Date; end: Date; breaks: Array<{ start: string; end: string }> }>(
      `SELECT s.id, s.store_id AS "storeId", to_char(s.date, 'YYYY-MM-DD') AS date, lower(s.during) AS start, upper(s.during) AS "end",
              (SELECT coalesce(json_agg(json_build_object('start', lower(b), 'end', upper(b))), '[]') FROM unnest(s.breaks) b) AS breaks
         FROM shift s
        WHERE s.staff_member_id = $1 AND s.status = 'scheduled' AND s.date BETWEEN $2 AND $3 AND ($4::uuid[] IS NULL OR s.store_id = ANY($4))`,
      [staffMemberId, query.from, query.to, stores],
    );
    // A day either side covers every time zone; each record's own date is decided below.
    const rows = await this.db.rows<AttendanceRow & { shiftDate: string | null }>(
      `SELECT ${RECORD_COLUMNS}, to_char(s.date, 'YYYY-MM-DD') AS "shiftDate"
         FROM attendance_record r LEFT JOIN shift s ON s.id = r.shift_id
        WHERE r.staff_member_id = $1 AND r.clock_in_at >= $2 AND r.clock_in_at < $3 AND ($4::uuid[] IS NULL OR r.store_id = ANY($4))
        ORDER BY r.clock_in_at`,
      [staffMemberId, new Date(Date.parse(query.from) - 2 * DAY_MS), new Date(Date.parse(query.to) + 3 * DAY_MS), stores],
    );
    const zones = new Map<string, string>();
    for (const storeId of new Set(rows.map((row) => row.storeId))) zones.set(storeId, await this.stores.getTimeZone(storeId));
    const counted = rows
      .map((row) => ({ row, date: row.shiftDate ?? instantToDate(row.clockInAt.getTime(), zones.get(row.storeId)!) }))
      .filter(({ date }) => date >= query.from && date <= query.to);
    const planned: PlannedShift[] = shifts.map((s) => ({
      id: s.id,
      storeId: s.storeId,
      date: s.date,
      start: s.start.getTime(),
      end: s.end.getTime(),
      breaks: s.breaks.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) })),
    }));
    const clocked: ClockedSpan[] = counted.map(({ row, date }) => ({
      id: row.id,
      shiftId: row.shiftId,
      date,
      clockIn: row.clockInAt.getTime(),
      clockOut: row.clockOutAt?.getTime() ?? null,
    }));
    const graceMinutes = this.config.ATTENDANCE_GRACE_MINUTES;
    return {
      staffMemberId,
      from: query.from,
      to: query.to,
      graceMinutes,
      records: counted.map(({ row }) => withoutShiftDate(row)),
      days: attendanceDays({ from: query.from, to: query.to, shifts: planned, records: clocked, nowMs: this.clock.nowMs(), graceMinutes }),
    };
  }
}

function withoutShiftDate(row: AttendanceRow & { shiftDate: string | null }): AttendanceRecordDto {
  const { shiftDate: _shiftDate, ...record } = row;
  return record;
}
