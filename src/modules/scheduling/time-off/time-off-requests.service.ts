import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { TimeOffErrors } from '../scheduling.errors.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import type { ApproveTimeOffDto, RefuseTimeOffDto, TimeOffRequestsQueryDto, TimeOffResponseDto } from './dto/time-off.dto.js';
import { TimeOffNotifier } from './time-off-notifier.js';
import { actingUserId, BY_CREATED, findTimeOff, isOwner, TIME_OFF_COLUMNS, TIME_OFF_FROM, toTimeOffResponse, type TimeOffRow } from './time-off-rows.js';
import { timeOffTransitions } from './time-off-state.js';

/**
 * The managers' queue of time-off requests (/v1/time-off-requests): the requests of the staff of
 * their stores, oldest first, and deciding them. Nobody decides their own, except owners.
 */
@Injectable()
export class TimeOffRequestsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(TimeOffNotifier) private readonly notifier: TimeOffNotifier,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: TimeOffRequestsQueryDto): Promise<Page<TimeOffResponseDto>> {
    // A filter names only what the caller may see: another store, or someone not theirs, is "not found".
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw TimeOffErrors.storeNotFound(query.storeId);
    if (query.staffMemberId !== undefined) await this.access.visible(actor, query.staffMemberId);
    // Staff of the caller's stores, and (as StaffAccess sees them) anyone with no store yet.
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_CREATED.decode(query.cursor);
    const rows = await this.db.rows<TimeOffRow>(
      `SELECT ${TIME_OFF_COLUMNS} FROM ${TIME_OFF_FROM}
        WHERE t.status = $1 AND ($2::uuid IS NULL OR t.staff_member_id = $2)
          AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM staff_member_store s WHERE s.staff_member_id = t.staff_member_id AND s.store_id = $3))
          AND ($4::uuid[] IS NULL
               OR EXISTS (SELECT 1 FROM staff_member_store s WHERE s.staff_member_id = t.staff_member_id AND s.store_id = ANY($4))
               OR NOT EXISTS (SELECT 1 FROM staff_member_store s WHERE s.staff_member_id = t.staff_member_id))
          AND ($5::timestamptz IS NULL OR upper(t.during) > $5) AND ($6::timestamptz IS NULL OR lower(t.during) < $6)
          AND ($7::timestamptz IS NULL OR (t.created_at, t.id) > ($7, $8::uuid))
        ORDER BY t.created_at, t.id LIMIT $9`,
      [
        query.status ?? 'requested',
        query.staffMemberId ?? null,
        query.storeId ?? null,
        visible === 'all' ? null : visible,
        query.from ?? null,
        query.to ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toTimeOffResponse), nextCursor: rows.length > limit && last ? BY_CREATED.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<TimeOffResponseDto> {
    return toTimeOffResponse((await this.findVisible(actor, id)).row);
  }

  @Transactional()
  approve(actor: Actor, id: string, dto: ApproveTimeOffDto): Promise<TimeOffResponseDto> {
    return this.decide(actor, id, 'approved', dto.note ?? null);
  }

  @Transactional()
  refuse(actor: Actor, id: string, dto: RefuseTimeOffDto): Promise<TimeOffResponseDto> {
    return this.decide(actor, id, 'refused', dto.note);
  }

  /**
   * The transition is the arbiter: of two managers deciding at once, one moves the request and the
   * other finds it decided (409 naming its state); the history gets one row.
   */
  private async decide(actor: Actor, id: string, to: 'approved' | 'refused', note: string | null): Promise<TimeOffResponseDto> {
    const { member } = await this.findVisible(actor, id);
    if (this.access.isSelf(actor, member) && !isOwner(actor)) throw TimeOffErrors.selfApproval();
    await timeOffTransitions.apply(this.db, {
      id,
      to,
      actor,
      reason: note,
      set: { decided_by: actingUserId(actor), decided_at: this.clock.now(), decision_note: note },
    });
    const row = await findTimeOff(this.db, id);
    await this.notifier.decided(actor, member, row);
    const after = toTimeOffResponse(row);
    await this.audit.record({
      action: to === 'approved' ? 'time_off.approve' : 'time_off.refuse',
      entityType: 'time_off',
      entityId: id,
      storeId: member.storeIds[0] ?? null,
      before: { status: 'requested' },
      after: { status: after.status, decisionNote: note, version: after.version },
    });
    return after;
  }

  /** The request and its person, when the actor sees the person; else `time_off.not_found`. */
  private async findVisible(actor: Actor, id: string): Promise<{ row: TimeOffRow; member: StaffMemberRef }> {
    const row = await findTimeOff(this.db, id);
    const member = await this.access.visible(actor, row.staffMemberId).catch(() => {
      throw TimeOffErrors.notFound(id);
    });
    return { row, member };
  }
}
