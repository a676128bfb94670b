import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { StoresService } from '../../stores/index.js';
import { SchedulingErrors, TimeOffErrors } from '../scheduling.errors.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import type { CancelTimeOffDto, CreateTimeOffDto, StaffTimeOffQueryDto, TimeOffResponseDto } from './dto/time-off.dto.js';
import { TimeOffNotifier } from './time-off-notifier.js';
import {
  actingUserId,
  BY_START,
  decidesTimeOff,
  findTimeOff,
  insertTimeOff,
  isOwner,
  TIME_OFF_COLUMNS,
  TIME_OFF_FROM,
  toTimeOffResponse,
  type TimeOffRow,
} from './time-off-rows.js';
import { daySpan, instantSpan, spanKind, type TimeOffSpan } from './time-off-span.js';
import { timeOffTransitions } from './time-off-state.js';

/**
 * One person's time off (/v1/staff/{id}/time-off): asking for it, a manager entering it (already
 * approved if they like), cancelling it. Deciding requests is TimeOffRequestsService's.
 */
@Injectable()
export class TimeOffService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(TimeOffNotifier) private readonly notifier: TimeOffNotifier,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** In start order; `from`/`to` keep what overlaps that window. */
  async list(actor: Actor, staffMemberId: string, query: StaffTimeOffQueryDto): Promise<Page<TimeOffResponseDto>> {
    await this.access.visible(actor, staffMemberId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_START.decode(query.cursor);
    const rows = await this.db.rows<TimeOffRow>(
      `SELECT ${TIME_OFF_COLUMNS} FROM ${TIME_OFF_FROM}
        WHERE t.staff_member_id = $1 AND ($2::timestamptz IS NULL OR upper(t.during) > $2) AND ($3::timestamptz IS NULL OR lower(t.during) < $3)
          AND ($4::text IS NULL OR t.status = $4) AND ($5::timestamptz IS NULL OR (lower(t.during), t.id) > ($5, $6::uuid))
        ORDER BY lower(t.during), t.id LIMIT $7`,
      [staffMemberId, query.from ?? null, query.to ?? null, query.status ?? null, after?.startsAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toTimeOffResponse), nextCursor: rows.length > limit && last ? BY_START.encode({ startsAt: last.startsAt, id: last.id }) : null };
  }

  async get(actor: Actor, staffMemberId: string, timeOffId: string): Promise<TimeOffResponseDto> {
    await this.access.visible(actor, staffMemberId);
    return toTimeOffResponse(await findTimeOff(this.db, timeOffId, staffMemberId));
  }

  /**
   * A person asks for their own time off; a manager of one of their stores, or an owner, enters it for
   * them, requested or (`approve`) already approved by themselves. Nobody approves their own, except owners.
   */
  @Transactional()
  async create(actor: Actor, staffMemberId: string, dto: CreateTimeOffDto): Promise<TimeOffResponseDto> {
    const member = await this.access.visible(actor, staffMemberId);
    const self = this.access.isSelf(actor, member);
    if (!self && !decidesTimeOff(actor)) throw TimeOffErrors.managersOnly('enter time off for someone');
    if (dto.approve && (!decidesTimeOff(actor) || (self && !isOwner(actor)))) throw TimeOffErrors.selfApproval();

    const span = await this.span(member, dto);
    const id = await insertTimeOff(this.db, { staffMemberId, span, type: dto.type, reason: dto.reason ?? null, requestedBy: actingUserId(actor) });
    if (dto.approve) {
      await timeOffTransitions.apply(this.db, {
        id,
        to: 'approved',
        actor,
        reason: 'entered approved',
        set: { decided_by: actingUserId(actor), decided_at: this.clock.now() },
      });
    }
    const row = await findTimeOff(this.db, id);
    if (row.status === 'requested') await this.notifier.requested(actor, member, row);
    else await this.notifier.decided(actor, member, row);
    const created = toTimeOffResponse(row);
    await this.audit.record({ action: 'time_off.create', entityType: 'time_off', entityId: id, storeId: member.storeIds[0] ?? null, after: created });
    return created;
  }

  /** By the person (or whoever asked for them) or a manager: a request, or approved time off that has not ended. */
  @Transactional()
  async cancel(actor: Actor, staffMemberId: string, timeOffId: string, dto: CancelTimeOffDto): Promise<TimeOffResponseDto> {
    const member = await this.access.visible(actor, staffMemberId);
    const before = await findTimeOff(this.db, timeOffId, staffMemberId);
    const asker = this.access.isSelf(actor, member) || (before.requestedBy !== null && before.requestedBy === actingUserId(actor));
    if (!asker && !decidesTimeOff(actor)) throw TimeOffErrors.managersOnly('cancel time off');
    if (before.status === 'approved' && before.endsAt.getTime() <= this.clock.nowMs()) throw TimeOffErrors.ended();
    await timeOffTransitions.apply(this.db, { id: timeOffId, to: 'cancelled', actor, reason: dto.reason ?? null });
    const row = await findTimeOff(this.db, timeOffId);
    const after = toTimeOffResponse(row);
    await this.notifier.cancelled(actor, member, row, before.status === 'approved');
    await this.audit.record({
      action: 'time_off.cancel',
      entityType: 'time_off',
      entityId: timeOffId,
      storeId: member.storeIds[0] ?? null,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version, reason: dto.reason ?? null },
    });
    return after;
  }

  private async span(member: StaffMemberRef, dto: CreateTimeOffDto): Promise<TimeOffSpan> {
    if (spanKind(dto) === 'instants') return instantSpan(dto.startsAt!, dto.endsAt!);
    return daySpan(dto.startDate!, dto.endDate!, dto.timeZone ?? (await this.zoneOf(member)));
  }

  /** The one time zone of the person's stores; with none or several, the request must name it. */
  private async zoneOf(member: StaffMemberRef): Promise<string> {
    const zones = new Set<string>();
    for (const storeId of member.storeIds) zones.add(await this.stores.getTimeZone(storeId));
    if (zones.size === 1) return [...zones][0];
    const why = zones.size === 0 ? 'they work at no store yet' : `their stores are in several time zones (${[...zones].sort().join(', ')})`;
    throw SchedulingErrors.invalid([{ field: 'timeZone', message: `is required for whole days: ${why}` }]);
  }
}
