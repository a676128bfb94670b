import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock, dayOfWeek, daysBetween } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { StateErrors } from '../../../common/state/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { StoresService, weekdayOf } from '../../stores/index.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import { SchedulingErrors, WorkingTimeErrors } from '../scheduling.errors.js';
import { toShiftResponse, type CancelShiftDto, type CreateShiftDto, type ShiftListQueryDto, type ShiftResponseDto, type UpdateShiftDto } from './dto/shift.dto.js';
import { ShiftConflicts } from './shift-conflicts.js';
import { closedReason, dayProblems, MAX_SHIFT_HOURS, sortSpans } from './shift-day.js';
import { SHIFT_COLUMNS, type ShiftRow } from './shift-sql.js';
import { shiftStates } from './shift-state.js';
import { dayToInstants, localSpanOf, multirangeText, type ShiftDraft } from './template-expansion.js';
import type { TemplateDay } from './template-week.js';
import { readableStores, writableStores } from './working-time.access.js';

/** The longest range one list may ask for, in days. */
export const MAX_SHIFT_LIST_DAYS = 62;
const HOUR_MS = 3_600_000;

/** Shifts are listed in start order; the cursor is the last row's (start, id). */
const BY_START = cursorCodec<{ start: string; id: string }>('shift_start', { start: cursorParts.instantText, id: cursorParts.uuid });

const WHY_CLOSED = { closure: 'a closure that day', weekly: 'no opening hours on that weekday' } as const;

/**
 * Dated shifts behind /v1/staff/{id}/shifts. Every write takes the person's lock, checks what the new
 * hours would overlap, and names it in the 409; a dated shift that overlaps the same store's template
 * shift that day replaces it (that one is cancelled as `replaced`).
 */
@Injectable()
export class ShiftsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(ShiftConflicts) private readonly conflicts: ShiftConflicts,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, staffMemberId: string, query: ShiftListQueryDto): Promise<Page<ShiftResponseDto>> {
    const span = daysBetween(query.from, query.to);
    if (span < 0) throw WorkingTimeErrors.rangeReversed();
    if (span + 1 > MAX_SHIFT_LIST_DAYS) throw WorkingTimeErrors.rangeTooLong(MAX_SHIFT_LIST_DAYS);
    const member = await this.access.visible(actor, staffMemberId);
    const stores = readableStores(this.access, actor, member);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_START.decode(query.cursor);
    const rows = await this.db.rows<ShiftRow>(
      `SELECT ${SHIFT_COLUMNS} FROM shift
        WHERE staff_member_id = $1 AND date BETWEEN $2 AND $3 AND ($4::uuid[] IS NULL OR store_id = ANY($4)) AND ($5::uuid IS NULL OR store_id = $5)
          AND ($6::text IS NULL OR status = $6) AND ($7::timestamptz IS NULL OR (lower(during), id) > ($7, $8::uuid))
        ORDER BY lower(during), id LIMIT $9`,
      [member.id, query.from, query.to, stores === 'all' ? null : stores, query.storeId ?? null, query.status ?? null, after?.start ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: await this.respond(data), nextCursor: rows.length > limit && last ? BY_START.encode({ start: last.start.toISOString(), id: last.id }) : null };
  }

  async get(actor: Actor, staffMemberId: string, shiftId: string): Promise<ShiftResponseDto> {
    const member = await this.access.visible(actor, staffMemberId);
    return (await this.respond([await this.find(member, shiftId, readableStores(this.access, actor, member))]))[0];
  }

  @Transactional()
  async create(actor: Actor, staffMemberId: string, dto: CreateShiftDto): Promise<ShiftResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId, dto.storeId);
    if (member.status !== 'active') throw WorkingTimeErrors.inactive();
    const store = await this.stores.calendarOf(dto.storeId, dto.date, dto.date);
    const closed = closedReason(store, dto.date, weekdayOf(dayOfWeek(dto.date)));
    if (closed && !dto.onClosedDay) throw WorkingTimeErrors.storeClosed(dto.date, WHY_CLOSED[closed]);
    const draft = this.onDate(dto.date, { start: dto.start, end: dto.end, breaks: sortSpans(dto.breaks) }, store.timeZone);

    await this.conflicts.lock(member.id);
    const overlapping = await this.conflicts.overlapping(member.id, draft.start, draft.end);
    // The same store's template shift that day gives way to the dated one; anything else is a collision.
    const replaced = overlapping.filter((shift) => shift.source === 'template' && shift.storeId === dto.storeId && shift.date === dto.date);
    const other = overlapping.find((shift) => !replaced.includes(shift));
    if (other) throw await this.conflicts.error('start', other);
    for (const shift of replaced) await this.cancelRow(shift, 'replaced');

    const [row] = await this.db.rows<ShiftRow>(
      `INSERT INTO shift (staff_member_id, store_id, date, during, breaks, source, on_closed_day, note)
       VALUES ($1, $2, $3, tstzrange($4, $5), $6::tstzmultirange, 'manual', $7, $8) RETURNING ${SHIFT_COLUMNS}`,
      [member.id, dto.storeId, dto.date, new Date(draft.start), new Date(draft.end), multirangeText(draft.breaks), closed !== undefined, dto.note ?? null],
    );
    const shift = toShiftResponse(row, store.timeZone);
    await this.audit.record({ action: 'shift.create', entityType: 'shift', entityId: row.id, storeId: row.storeId, after: shift });
    return shift;
  }

  /** New hours, breaks or note on the shift's date; a template's shift becomes `edited`, so re-planning leaves it alone. */
  @Transactional()
  async update(actor: Actor, staffMemberId: string, shiftId: string, expectedVersion: number, dto: UpdateShiftDto): Promise<ShiftResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId);
    const before = await this.find(member, shiftId, writableStores(actor));
    assertVersion(before, expectedVersion);
    const timeZone = await this.stores.getTimeZone(before.storeId);
    const current = localSpanOf({ start: before.start.getTime(), end: before.end.getTime() }, before.date, timeZone);
    const breaks = dto.breaks ?? before.breaks.map(([start, end]) => localSpanOf({ start: Date.parse(start), end: Date.parse(end) }, before.date, timeZone));
    const day: TemplateDay = { start: dto.start ?? current.start, end: dto.end ?? current.end, breaks: sortSpans(breaks) };
    const problems = dayProblems(day);
    if (problems.length > 0) throw SchedulingErrors.invalid(problems);
    const draft = this.onDate(before.date, day, timeZone);

    await this.conflicts.lock(member.id);
    if (before.status === 'scheduled') {
      const [other] = await this.conflicts.overlapping(member.id, draft.start, draft.end, before.id);
      if (other) throw await this.conflicts.error('start', other);
    }
    const changes: Array<[string, unknown]> = [
      ['during', `[${new Date(draft.start).toISOString()},${new Date(draft.end).toISOString()})`],
      ['breaks', multirangeText(draft.breaks)],
      ['edited', before.source === 'template'],
    ];
    if (dto.note !== undefined) changes.push(['note', dto.note]);
    const row = await updateVersioned<ShiftRow>(this.db, { table: 'shift', id: before.id, expectedVersion, changes, returning: SHIFT_COLUMNS });
    const [was, after] = [toShiftResponse(before, timeZone), toShiftResponse(row, timeZone)];
    await this.audit.record({ action: 'shift.update', entityType: 'shift', entityId: row.id, storeId: row.storeId, before: was, after });
    return after;
  }

  /** Cancels a scheduled shift (kept as history); a template's cancelled day is not planned again. */
  @Transactional()
  async cancel(actor: Actor, staffMemberId: string, shiftId: string, dto: CancelShiftDto): Promise<ShiftResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId);
    const before = await this.find(member, shiftId, writableStores(actor));
    const row = await this.cancelRow(before, dto.reason);
    return (await this.respond([row]))[0];
  }

  /** Conditional on the state, so of two cancellations one wins and the other hears 409 naming the state. */
  private async cancelRow(shift: ShiftRow, reason: string): Promise<ShiftRow> {
    const [row] = await this.db.rows<ShiftRow>(
      `UPDATE shift SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3, version = version + 1, updated_at = now()
        WHERE id = $1 AND status = ANY($4) RETURNING ${SHIFT_COLUMNS}`,
      [shift.id, reason, this.clock.now(), shiftStates.allowedInto('cancelled')],
    );
    if (!row) {
      const [current] = await this.db.rows<{ status: ShiftRow['status'] }>('SELECT status FROM shift WHERE id = $1', [shift.id]);
      throw StateErrors.invalidTransition(shiftStates, current?.status ?? shift.status, 'cancelled');
    }
    await this.audit.record({
      action: 'shift.cancel',
      entityType: 'shift',
      entityId: row.id,
      storeId: row.storeId,
      before: { status: shift.status, version: shift.version },
      after: { status: row.status, cancelReason: row.cancelReason, version: row.version },
    });
    return row;
  }

  /** The day's instants; 400 when its times do not exist on that date or it lasts over 16 h there (DST). */
  private onDate(date: string, day: TemplateDay, timeZone: string): ShiftDraft {
    const draft = dayToInstants(date, day, timeZone);
    if (!draft) throw WorkingTimeErrors.dayOnDate('end', `must be after start: on ${date} these hours do not exist (the clocks go forward)`);
    if (draft.end - draft.start > MAX_SHIFT_HOURS * HOUR_MS) {
      throw WorkingTimeErrors.dayOnDate(
        'end',
        `must be at most ${MAX_SHIFT_HOURS} hours after start: on ${date} the clocks change and it would last ${(draft.end - draft.start) / HOUR_MS} hours`,
      );
    }
    return draft;
  }

  /** The member's shift at a store among `stores`; 404 otherwise. */
  private async find(member: StaffMemberRef, shiftId: string, stores: string[] | 'all'): Promise<ShiftRow> {
    if (!isUuid(shiftId)) throw WorkingTimeErrors.shiftNotFound(shiftId);
    const [row] = await this.db.rows<ShiftRow>(`SELECT ${SHIFT_COLUMNS} FROM shift WHERE id = $1 AND staff_member_id = $2`, [shiftId, member.id]);
    if (!row || (stores !== 'all' && !stores.includes(row.storeId))) throw WorkingTimeErrors.shiftNotFound(shiftId);
    return row;
  }

  /** Responses carry their store's time zone (one look-up per store). */
  private async respond(rows: readonly ShiftRow[]): Promise<ShiftResponseDto[]> {
    const zones = new Map<string, string>();
    for (const storeId of new Set(rows.map((row) => row.storeId))) zones.set(storeId, await this.stores.getTimeZone(storeId));
    return rows.map((row) => toShiftResponse(row, zones.get(row.storeId)!));
  }
}
