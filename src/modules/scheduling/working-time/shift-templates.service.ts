import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { addDays, Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { StoresService } from '../../stores/index.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import { WorkingTimeErrors } from '../scheduling.errors.js';
import {
  toTemplateResponse,
  toTemplateWeek,
  type CreateTemplateDto,
  type EndTemplateDto,
  type TemplateListQueryDto,
  type TemplateResponseDto,
  type UpdateTemplateDto,
} from './dto/template.dto.js';
import { ShiftConflicts } from './shift-conflicts.js';
import { closedWeekdays } from './shift-day.js';
import { ShiftPlanner } from './shift-planner.js';
import { TEMPLATE_COLUMNS, type TemplateRow } from './shift-sql.js';
import { readableStores, writableStores } from './working-time.access.js';
import type { TemplateWeek } from './template-week.js';

/** Templates are listed latest start first; the cursor is the last row's (validFrom, id). */
const BY_START = cursorCodec<{ validFrom: string; id: string }>('template_from', { validFrom: cursorParts.date, id: cursorParts.uuid });

/**
 * Weekly templates behind /v1/staff/{id}/templates: each write plans (or re-plans) the template's shifts
 * in the same transaction, so a template whose days collide with the person's shifts at another store
 * is refused whole (409 naming the shift) and nothing is saved.
 */
@Injectable()
export class ShiftTemplatesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(ShiftPlanner) private readonly planner: ShiftPlanner,
    @Inject(ShiftConflicts) private readonly conflicts: ShiftConflicts,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, staffMemberId: string, query: TemplateListQueryDto): Promise<Page<TemplateResponseDto>> {
    const member = await this.access.visible(actor, staffMemberId);
    const stores = readableStores(this.access, actor, member);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_START.decode(query.cursor);
    const rows = await this.db.rows<TemplateRow>(
      `SELECT ${TEMPLATE_COLUMNS} FROM shift_template
        WHERE staff_member_id = $1 AND ($2::uuid[] IS NULL OR store_id = ANY($2)) AND ($3::uuid IS NULL OR store_id = $3)
          AND ($4::date IS NULL OR (valid_from, id) < ($4, $5::uuid))
        ORDER BY valid_from DESC, id DESC LIMIT $6`,
      [member.id, stores === 'all' ? null : stores, query.storeId ?? null, after?.validFrom ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: await this.respond(data),
      nextCursor: rows.length > limit && last ? BY_START.encode({ validFrom: last.validFrom, id: last.id }) : null,
    };
  }

  async get(actor: Actor, staffMemberId: string, templateId: string): Promise<TemplateResponseDto> {
    const member = await this.access.visible(actor, staffMemberId);
    const template = await this.find(member, templateId, readableStores(this.access, actor, member));
    return (await this.respond([template]))[0];
  }

  /**
   * A new template; an earlier one of the same person and store still running then ends the day before
   * it starts (a new template from next month). One that starts on or after the new one's start is a
   * 409: change or end that one instead.
   */
  @Transactional()
  async create(actor: Actor, staffMemberId: string, dto: CreateTemplateDto): Promise<TemplateResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId, dto.storeId);
    if (member.status !== 'active') throw WorkingTimeErrors.inactive();
    const week = toTemplateWeek(dto.week);
    await this.assertOpenDays(dto.storeId, week, dto.allowClosedDays ?? false);
    await this.conflicts.lock(member.id);

    const running = await this.db.rows<TemplateRow>(
      `SELECT ${TEMPLATE_COLUMNS} FROM shift_template
        WHERE staff_member_id = $1 AND store_id = $2 AND daterange(valid_from, valid_to, '[]') && daterange($3, $4, '[]') ORDER BY valid_from`,
      [member.id, dto.storeId, dto.validFrom, dto.validTo ?? null],
    );
    const later = running.find((template) => template.validFrom >= dto.validFrom);
    if (later) throw WorkingTimeErrors.templateOverlap(later);
    for (const earlier of running) await this.endOn(earlier, addDays(dto.validFrom, -1));

    const [row] = await this.db.rows<TemplateRow>(
      `INSERT INTO shift_template (staff_member_id, store_id, valid_from, valid_to, week, allow_closed_days) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TEMPLATE_COLUMNS}`,
      [member.id, dto.storeId, dto.validFrom, dto.validTo ?? null, JSON.stringify(week), dto.allowClosedDays ?? false],
    );
    const plan = await this.planner.plan(row, 'refuse');
    const [template] = await this.respond([row]);
    await this.audit.record({
      action: 'shift_template.create',
      entityType: 'shift_template',
      entityId: row.id,
      storeId: row.storeId,
      after: { ...template, planned: plan.planned },
    });
    return template;
  }

  /** Changes the week, last date or closed-day rule, then plans the template again (edited and cancelled days stay). */
  @Transactional()
  async update(actor: Actor, staffMemberId: string, templateId: string, expectedVersion: number, dto: UpdateTemplateDto): Promise<TemplateResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId);
    const before = await this.find(member, templateId, writableStores(actor));
    assertVersion(before, expectedVersion);
    if (member.status !== 'active') throw WorkingTimeErrors.inactive();
    const validTo = dto.validTo === undefined ? before.validTo : dto.validTo;
    if (validTo !== null && validTo < before.validFrom) throw WorkingTimeErrors.validToBeforeFrom(before.validFrom);
    const week = dto.week ? toTemplateWeek(dto.week) : before.week;
    await this.assertOpenDays(before.storeId, week, dto.allowClosedDays ?? before.allowClosedDays);
    await this.conflicts.lock(member.id);

    const changes: Array<[string, unknown]> = [];
    if (dto.week !== undefined) changes.push(['week', JSON.stringify(week)]);
    if (dto.validTo !== undefined) changes.push(['valid_to', dto.validTo]);
    if (dto.allowClosedDays !== undefined) changes.push(['allow_closed_days', dto.allowClosedDays]);
    if (changes.length === 0) return (await this.respond([before]))[0];
    const row = await updateVersioned<TemplateRow>(this.db, { table: 'shift_template', id: before.id, expectedVersion, changes, returning: TEMPLATE_COLUMNS });
    await this.planner.clearPlanned(row);
    const plan = await this.planner.plan(row, 'refuse');
    const [was, after] = await this.respond([before, row]);
    await this.audit.record({
      action: 'shift_template.update',
      entityType: 'shift_template',
      entityId: row.id,
      storeId: row.storeId,
      before: was,
      after: { ...after, planned: plan.planned },
    });
    return after;
  }

  /** Ends the template on `lastDate`; its shifts after that day go. Works for an inactive person too (someone leaving). */
  @Transactional()
  async end(actor: Actor, staffMemberId: string, templateId: string, dto: EndTemplateDto): Promise<TemplateResponseDto> {
    const member = await this.access.manageable(actor, staffMemberId);
    const before = await this.find(member, templateId, writableStores(actor));
    if (dto.lastDate < before.validFrom) throw WorkingTimeErrors.lastDateOutside(`must not be before the template's first date (${before.validFrom})`);
    if (before.validTo !== null && dto.lastDate > before.validTo) {
      throw WorkingTimeErrors.lastDateOutside(`must not be after the template's last date (${before.validTo}); change validTo to make it longer`);
    }
    await this.conflicts.lock(member.id);
    const row = await this.endOn(before, dto.lastDate);
    return (await this.respond([row]))[0];
  }

  private async endOn(template: TemplateRow, lastDate: string): Promise<TemplateRow> {
    const [row] = await this.db.rows<TemplateRow>(
      `UPDATE shift_template SET valid_to = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${TEMPLATE_COLUMNS}`,
      [template.id, lastDate],
    );
    await this.planner.trimAfter(template.id, lastDate);
    await this.audit.record({
      action: 'shift_template.end',
      entityType: 'shift_template',
      entityId: template.id,
      storeId: template.storeId,
      before: { validTo: template.validTo, version: template.version },
      after: { validTo: row.validTo, version: row.version },
    });
    return row;
  }

  /** 422 naming each worked weekday on which the store's weekly hours are empty, unless closed days are allowed. */
  private async assertOpenDays(storeId: string, week: TemplateWeek, allowClosedDays: boolean): Promise<void> {
    if (allowClosedDays) return;
    const today = this.clock.now().toISOString().slice(0, 10);
    const { businessHours } = await this.stores.calendarOf(storeId, today, today);
    const closed = closedWeekdays(businessHours).filter((day) => week[day]);
    if (closed.length > 0) throw WorkingTimeErrors.templateStoreClosed(closed);
  }

  /** The member's template, at a store the caller may read; 404 otherwise. */
  private async find(member: StaffMemberRef, templateId: string, stores: string[] | 'all'): Promise<TemplateRow> {
    if (!isUuid(templateId)) throw WorkingTimeErrors.templateNotFound(templateId);
    const [row] = await this.db.rows<TemplateRow>(`SELECT ${TEMPLATE_COLUMNS} FROM shift_template WHERE id = $1 AND staff_member_id = $2`, [templateId, member.id]);
    if (!row || (stores !== 'all' && !stores.includes(row.storeId))) throw WorkingTimeErrors.templateNotFound(templateId);
    return row;
  }

  /** Responses carry their store's time zone (one look-up per store). */
  private async respond(rows: readonly TemplateRow[]): Promise<TemplateResponseDto[]> {
    const zones = new Map<string, string>();
    for (const storeId of new Set(rows.map((row) => row.storeId))) zones.set(storeId, await this.stores.getTimeZone(storeId));
    return rows.map((row) => toTemplateResponse(row, zones.get(row.storeId)!));
  }
}
