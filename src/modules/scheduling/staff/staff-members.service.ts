import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { visibleStoreIds } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid, likePattern } from '../../../common/validation/index.js';
import { CatalogService } from '../../catalog/index.js';
import { StoresService } from '../../stores/index.js';
import { SchedulingErrors, StaffErrors } from '../scheduling.errors.js';
import { StaffAccess, type StaffMemberRef } from '../staff-access.js';
import type { CreateStaffMemberDto, StaffListQueryDto, StaffMemberResponseDto, StaffMemberWriteResponseDto, StaffSkillDto, UpdateStaffMemberDto } from './dto/staff-member.dto.js';
import { changeStores, duplicateSkills, unusedSkillWarnings } from './staff-rules.js';
import { STAFF_MEMBER_SELECT, toStaffMemberResponse } from './staff-sql.js';

/**
 * The staff member use cases behind /v1/staff. Who sees whom is StaffAccess's rule (a beautician only
 * themselves, managers and receptionists the staff of their stores, owners everyone); a staff member
 * the actor may not see answers 404. Writes are for owners and managers (the routes say so), and a
 * manager gives and takes away only the stores they manage.
 */
@Injectable()
export class StaffMembersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Newest first; filters combine; one query. */
  async list(actor: Actor, query: StaffListQueryDto): Promise<Page<StaffMemberResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    where.push(this.visibility(actor, param));
    const status = query.status ?? 'active';
    if (status !== 'all') where.push(`m.status = ${param(status)}`);
    if (query.storeId) where.push(`EXISTS (SELECT 1 FROM staff_member_store f WHERE f.staff_member_id = m.id AND f.store_id = ${param(query.storeId)})`);
    if (query.skill) where.push(`EXISTS (SELECT 1 FROM staff_member_skill f WHERE f.staff_member_id = m.id AND f.skill = ${param(query.skill)})`);
    if (query.levelId) where.push(`m.level_id = ${param(query.levelId)}`);
    if (query.bookableOnline !== undefined) where.push(`m.bookable_online = ${param(query.bookableOnline)}`);
    if (query.q) {
      const q = param(likePattern(query.q));
      where.push(`(m.name ILIKE ${q} OR m.display_name ILIKE ${q})`);
    }
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      where.push(`(m.created_at, m.id) < (${param(position.createdAt)}::timestamptz, ${param(position.id)}::uuid)`);
    }
    const rows = await this.db.rows<StaffMemberResponseDto>(
      `${STAFF_MEMBER_SELECT} WHERE ${where.join(' AND ')} ORDER BY m.created_at DESC, m.id DESC LIMIT ${param(limit + 1)}`,
      params,
    );
    const data = rows.slice(0, limit).map(toStaffMemberResponse);
    const last = data[data.length - 1];
    return { data, nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<StaffMemberResponseDto> {
    const member = await this.find(id);
    if (!member || !this.access.canSee(actor, refOf(member))) throw SchedulingErrors.staffMemberNotFound(id);
    return member;
  }

  /** The record linked to the caller's sign-in. */
  async me(actor: Actor): Promise<StaffMemberResponseDto> {
    if (actor.kind !== 'user') throw StaffErrors.ownRecordNotFound();
    const [row] = await this.db.rows<StaffMemberResponseDto>(`${STAFF_MEMBER_SELECT} WHERE m.user_id = $1`, [actor.id]);
    if (!row) throw StaffErrors.ownRecordNotFound();
    return toStaffMemberResponse(row);
  }

  @Transactional()
  async create(actor: Actor, dto: CreateStaffMemberDto): Promise<StaffMemberWriteResponseDto> {
    const skills = dto.skills ?? [];
    assertSkillsOnce(skills);
    const storeIds = dto.storeIds ?? [];
    const visible = visibleStoreIds(actor);
    if (visible !== 'all') {
      const { refused } = changeStores([], storeIds, visible);
      if (refused.length) throw StaffErrors.storesNotYours(refused);
      // Someone with no store would be no manager's in particular: a manager hires for their stores.
      if (storeIds.length === 0) throw StaffErrors.noStoreOfYours();
    }
    await this.stores.assertStoresExist(storeIds);
    if (dto.levelId) await this.assertLevelGivable(dto.levelId);
    if (dto.userId) await this.assertUserFree(dto.userId, null);

    const [{ id }] = await this.db.rows<{ id: string }>(
      `INSERT INTO staff_member (user_id, name, display_name, photo_url, level_id, calendar_color, bookable_online, hire_date)
       VALUES ($1, $2, $3, $4, $5, coalesce($6, '#8E7CC3'), coalesce($7, true), $8) RETURNING id`,
      [
        dto.userId ?? null,
        dto.name,
        dto.displayName ?? dto.name,
        dto.photoUrl ?? null,
        dto.levelId ?? null,
        dto.calendarColor ?? null,
        dto.bookableOnline ?? null,
        dto.hireDate ?? null,
      ],
    );
    await this.addStores(id, storeIds);
    await this.replaceSkills(id, skills);
    const member = (await this.find(id))!;
    await this.audit.record({ action: 'staff_member.create', entityType: 'staff_member', entityId: id, after: member });
    return { ...member, warnings: await this.warnings(skills) };
  }

  /**
   * Applies the fields given if the staff member is still at `expectedVersion` (If-Match). The
   * conditional UPDATE runs first and is the arbiter: of concurrent edits sent with one version, one
   * changes the row and the others find no row and answer 412, before touching stores or skills.
   */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateStaffMemberDto): Promise<StaffMemberWriteResponseDto> {
    const before = await this.manageable(actor, id);
    assertVersion(before, expectedVersion);
    if (dto.skills) assertSkillsOnce(dto.skills);
    const stores = dto.storeIds && changeStores(before.storeIds, dto.storeIds, visibleStoreIds(actor));
    if (stores?.refused.length) throw StaffErrors.storesNotYours(stores.refused);
    if (stores) await this.stores.assertStoresExist(stores.added);
    if (dto.levelId && dto.levelId !== before.level?.id) await this.assertLevelGivable(dto.levelId);
    if (dto.userId && dto.userId !== before.userId) await this.assertUserFree(dto.userId, id);

    const changes: Array<[string, unknown]> = [];
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.displayName !== undefined) changes.push(['display_name', dto.displayName]);
    if (dto.photoUrl !== undefined) changes.push(['photo_url', dto.photoUrl]);
    if (dto.levelId !== undefined) changes.push(['level_id', dto.levelId]);
    if (dto.calendarColor !== undefined) changes.push(['calendar_color', dto.calendarColor]);
    if (dto.bookableOnline !== undefined) changes.push(['bookable_online', dto.bookableOnline]);
    if (dto.hireDate !== undefined) changes.push(['hire_date', dto.hireDate]);
    if (dto.userId !== undefined) changes.push(['user_id', dto.userId]);
    if (changes.length === 0 && !dto.storeIds && !dto.skills) return { ...before, warnings: [] };

    await updateVersioned(this.db, { table: 'staff_member', id, expectedVersion, changes, returning: 'id' });
    if (stores?.removed.length) {
      // Checked under the row lock the UPDATE took, so it sees the shifts as they are now.
      await this.assertNoFutureShifts(id, stores.removed);
      await this.db.execute('DELETE FROM staff_member_store WHERE staff_member_id = $1 AND store_id = ANY($2::uuid[])', [id, stores.removed]);
    }
    if (stores?.added.length) await this.addStores(id, stores.added);
    if (dto.skills) await this.replaceSkills(id, dto.skills);
    const after = (await this.find(id))!;
    await this.audit.record({ action: 'staff_member.update', entityType: 'staff_member', entityId: id, before, after });
    return { ...after, warnings: await this.warnings(dto.skills ?? []) };
  }

  @Transactional()
  deactivate(actor: Actor, id: string): Promise<StaffMemberResponseDto> {
    return this.setStatus(actor, id, 'inactive');
  }

  @Transactional()
  reactivate(actor: Actor, id: string): Promise<StaffMemberResponseDto> {
    return this.setStatus(actor, id, 'active');
  }

  /** Idempotent: deactivating someone inactive changes and records nothing. */
  private async setStatus(actor: Actor, id: string, status: StaffMemberResponseDto['status']): Promise<StaffMemberResponseDto> {
    const before = await this.manageable(actor, id);
    if (before.status === status) return before;
    // Someone who leaves loses their calendar link with their access: the feed would go on showing the salon's days.
    const changed = await this.db.execute(
      `UPDATE staff_member SET status = $2, version = version + 1, updated_at = now(),
              calendar_feed_token_hash = CASE WHEN $2::text = 'inactive' THEN NULL ELSE calendar_feed_token_hash END,
              calendar_feed_rotated_at = CASE WHEN $2::text = 'inactive' THEN NULL ELSE calendar_feed_rotated_at END
        WHERE id = $1 AND status <> $2`,
      [id, status],
    );
    const after = (await this.find(id))!;
    // Someone else made the same change in between: the staff member is as asked.
    if (changed === 0) return after;
    await this.audit.record({
      action: status === 'inactive' ? 'staff_member.deactivate' : 'staff_member.reactivate',
      entityType: 'staff_member',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
    });
    return after;
  }

  /** The staff member for a write: 404 unless the actor sees them and may manage staff (not a beautician). */
  private async manageable(actor: Actor, id: string): Promise<StaffMemberResponseDto> {
    const member = await this.get(actor, id);
    if (actor.kind === 'user' && actor.role === 'beautician') throw SchedulingErrors.staffMemberNotFound(id);
    return member;
  }

  private async find(id: string): Promise<StaffMemberResponseDto | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db.rows<StaffMemberResponseDto>(`${STAFF_MEMBER_SELECT} WHERE m.id = $1`, [id]);
    return row ? toStaffMemberResponse(row) : null;
  }

  /** StaffAccess.canSee as SQL, for lists. */
  private visibility(actor: Actor, param: (value: unknown) => string): string {
    if (actor.kind === 'user' && actor.role === 'beautician') return `m.user_id = ${param(actor.id)}`;
    const visible = visibleStoreIds(actor);
    if (visible === 'all') return 'TRUE';
    return `(NOT EXISTS (SELECT 1 FROM staff_member_store v WHERE v.staff_member_id = m.id)
             OR EXISTS (SELECT 1 FROM staff_member_store v WHERE v.staff_member_id = m.id AND v.store_id = ANY(${param(visible.filter(isUuid))}::uuid[])))`;
  }

  /** Unknown → 422 `reference.not_found`; archived → 422 `staff_level.archived`, both naming `levelId`. */
  private async assertLevelGivable(levelId: string): Promise<void> {
    const [level] = await this.db.rows<{ name: string; status: string }>('SELECT name, status FROM staff_level WHERE id = $1', [levelId]);
    if (!level) throw StaffErrors.unknownLevel(levelId);
    if (level.status !== 'active') throw StaffErrors.levelArchived(level.name);
  }

  /** A sign-in belongs to one staff member (the unique constraint settles a race the same way). */
  private async assertUserFree(userId: string, self: string | null): Promise<void> {
    const [linked] = await this.db.rows<{ id: string }>('SELECT id FROM staff_member WHERE user_id = $1 AND ($2::uuid IS NULL OR id <> $2::uuid)', [userId, self]);
    if (linked) throw StaffErrors.userLinked(linked.id);
  }

  /** Shifts still to come (or under way) at stores being taken away would be orphaned there. */
  private async assertNoFutureShifts(id: string, storeIds: string[]): Promise<void> {
    const rows = await this.db.rows<{ storeId: string }>(
      `SELECT DISTINCT store_id::text AS "storeId" FROM shift
        WHERE staff_member_id = $1 AND store_id = ANY($2::uuid[]) AND status = 'scheduled' AND upper(during) > $3 ORDER BY 1`,
      [id, storeIds, this.clock.now()],
    );
    if (rows.length) throw StaffErrors.hasFutureShifts(rows.map((row) => row.storeId));
  }

  private async addStores(id: string, storeIds: string[]): Promise<void> {
    if (storeIds.length === 0) return;
    await this.db.execute('INSERT INTO staff_member_store (staff_member_id, store_id) SELECT $1, unnest($2::uuid[])', [id, storeIds]);
  }

  private async replaceSkills(id: string, skills: StaffSkillDto[]): Promise<void> {
    await this.db.execute('DELETE FROM staff_member_skill WHERE staff_member_id = $1', [id]);
    if (skills.length === 0) return;
    await this.db.execute('INSERT INTO staff_member_skill (staff_member_id, skill, proficiency) SELECT $1, * FROM unnest($2::text[], $3::smallint[])', [
      id,
      skills.map((s) => s.skill),
      skills.map((s) => s.proficiency ?? null),
    ]);
  }

  private async warnings(skills: StaffSkillDto[]) {
    if (skills.length === 0) return [];
    return unusedSkillWarnings(skills, await this.catalog.unusedSkills(skills.map((s) => s.skill)));
  }
}

function assertSkillsOnce(skills: StaffSkillDto[]): void {
  const errors = duplicateSkills(skills);
  if (errors.length) throw SchedulingErrors.invalid(errors);
}

function refOf(member: StaffMemberResponseDto): StaffMemberRef {
  return { ...member, levelId: member.level?.id ?? null };
}
