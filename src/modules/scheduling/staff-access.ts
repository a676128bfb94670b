import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore, visibleStoreIds } from '../../common/auth/index.js';
import { Db } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { isUuid } from '../../common/validation/index.js';
import { SchedulingErrors } from './scheduling.errors.js';

/** What access decisions need to know of a staff member. */
export interface StaffMemberRef {
  id: string;
  /** Their sign-in, when they have one. */
  userId: string | null;
  name: string;
  displayName: string;
  status: 'active' | 'inactive';
  levelId: string | null;
  /** The stores they work at. */
  storeIds: string[];
}

/**
 * Who may see and manage which staff member, in one place for every scheduling capability:
 * - owners, and API keys not limited to stores, see everyone;
 * - managers and receptionists (and store-limited keys) see the staff of their stores;
 * - a beautician sees only themselves (their store's roster is a separate, store-level read).
 * Managing a staff member (templates, shifts, approvals, corrections) is for owners and the managers
 * of one of their stores; a write at a store needs that store visible to the actor too. Others' records
 * answer 404, as if they did not exist. Route decorators have already checked the role or scope.
 */
@Injectable()
export class StaffAccess {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** The staff member, or `staff_member.not_found` (404) when there is none the actor may see. */
  async visible(actor: Actor, staffMemberId: string): Promise<StaffMemberRef> {
    const member = await this.find(staffMemberId);
    if (!member || !this.canSee(actor, member)) throw SchedulingErrors.staffMemberNotFound(staffMemberId);
    return member;
  }

  /**
   * For a write about the staff member, optionally at one store: 404 unless the actor sees them, 404
   * (`store.not_found`, by the caller's store check) for a store the actor cannot see, and 422
   * `staff_member.not_in_store` for a store they do not work at.
   */
  async manageable(actor: Actor, staffMemberId: string, storeId?: string, storeField = 'storeId'): Promise<StaffMemberRef> {
    const member = await this.visible(actor, staffMemberId);
    if (actor.kind === 'user' && actor.role === 'beautician') throw SchedulingErrors.staffMemberNotFound(staffMemberId);
    if (storeId !== undefined) this.assertWorksAt(actor, member, storeId, storeField);
    return member;
  }

  /** The staff member linked to a signed-in user, or null (API keys have none). */
  async ownRecord(actor: Actor): Promise<StaffMemberRef | null> {
    if (actor.kind !== 'user') return null;
    const [row] = await this.db.rows<{ id: string }>('SELECT id FROM staff_member WHERE user_id = $1', [actor.id]);
    return row ? this.find(row.id) : null;
  }

  /** True when the actor is this staff member (their linked sign-in). */
  isSelf(actor: Actor, member: StaffMemberRef): boolean {
    return actor.kind === 'user' && member.userId !== null && member.userId === actor.id;
  }

  canSee(actor: Actor, member: StaffMemberRef): boolean {
    if (actor.kind === 'user' && actor.role === 'beautician') return this.isSelf(actor, member);
    const stores = visibleStoreIds(actor);
    if (stores === 'all') return true;
    // Someone with no store yet is visible to every manager, so they can be given one.
    return member.storeIds.length === 0 || member.storeIds.some((id) => stores.includes(id));
  }

  /** 404 `store.not_found`-style for a store the actor cannot see, 422 for one the member does not work at. */
  assertWorksAt(actor: Actor, member: StaffMemberRef, storeId: string, field = 'storeId'): void {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw SchedulingErrors.notInStore(field);
    if (!member.storeIds.includes(storeId.toLowerCase())) throw SchedulingErrors.notInStore(field);
  }

  private async find(staffMemberId: string): Promise<StaffMemberRef | null> {
    if (!isUuid(staffMemberId)) return null;
    const [row] = await this.db.rows<StaffMemberRef>(
      `SELECT m.id, m.user_id AS "userId", m.name, m.display_name AS "displayName", m.status, m.level_id AS "levelId",
              coalesce(array_agg(s.store_id ORDER BY s.store_id) FILTER (WHERE s.store_id IS NOT NULL), '{}')::text[] AS "storeIds"
         FROM staff_member m LEFT JOIN staff_member_store s ON s.staff_member_id = m.id
        WHERE m.id = $1 GROUP BY m.id`,
      [staffMemberId],
    );
    return row ?? null;
  }
}

/** API-key scopes of scheduling's routes. */
export const READ_SCOPES = ['scheduling:read'] as const;
export const WRITE_SCOPES = ['scheduling:write'] as const;
