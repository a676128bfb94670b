import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { isUuid } from '../../common/validation/index.js';
import type { Directory, DirectoryQuery, QualifiedStaff, ResourceWithBlocks, StaffShownOnline, WorkingInterval, WorkingIntervalsQuery } from './scheduling-contracts.js';
import { ResourceDirectory } from './resources/resource-directory.js';
import { StaffAccess, type StaffMemberRef } from './staff-access.js';
import { QualifiedStaffFinder } from './staff/qualified-staff.js';
import { ScheduleDirectory } from './staff/schedule-directory.js';
import { WorkingTimeReader } from './working-time/working-time.reader.js';

/**
 * What other modules (appointments' availability search) may ask scheduling. Narrow on purpose: facts,
 * no access checks (callers decided who may see what). Each method joins the caller's transaction when
 * there is one; see scheduling-contracts.ts for the shapes and the query budget.
 */
@Injectable()
export class SchedulingService {
  constructor(
    @Inject(WorkingTimeReader) private readonly workingTime: WorkingTimeReader,
    @Inject(QualifiedStaffFinder) private readonly qualified: QualifiedStaffFinder,
    @Inject(ResourceDirectory) private readonly resources: ResourceDirectory,
    @Inject(ScheduleDirectory) private readonly directoryReader: ScheduleDirectory,
    @Inject(StaffAccess) private readonly access: StaffAccess,
    @Inject(Db) private readonly db: Db,
  ) {}

  /** The name each staff member goes by with customers (`displayName`), by id (archived ones too); unknown ids are left out. */
  async staffDisplayNames(ids: readonly string[]): Promise<Map<string, string>> {
    const candidates = [...new Set(ids.filter(isUuid))];
    if (candidates.length === 0) return new Map();
    const rows = await this.db.rows<{ id: string; name: string }>('SELECT id, display_name AS name FROM staff_member WHERE id = ANY($1::uuid[])', [candidates]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * Shifts minus breaks, approved time off and store closures, per staff member, inside `[from, to)`; one
   * query. `withinOpeningHours`: also minus the time the store is not open (what customers may book).
   */
  workingIntervals(query: WorkingIntervalsQuery): Promise<Map<string, WorkingInterval[]>> {
    return this.workingTime.workingIntervals(query);
  }

  /** Staff who can perform the variation in the store (skill, active, works there; bookable online when `online`). */
  qualifiedStaff(variationId: string, storeId: string, options: { online?: boolean } = {}): Promise<QualifiedStaff> {
    return this.qualified.find(variationId, storeId, options);
  }

  /** Active staff of the store whom customers may pick online (display name, photo, level, skills), by name; one query. */
  staffShownOnline(storeId: string): Promise<StaffShownOnline[]> {
    return this.qualified.shownOnline(storeId);
  }

  /** Active resources of a type in the store, with their maintenance blocks overlapping the range; one query. */
  resourcesOfType(storeId: string, type: string, range: { from: Date; to: Date }): Promise<ResourceWithBlocks[]> {
    return this.resources.ofType(storeId, type, range);
  }

  /** Names (and sign-ins) of staff members and resources for views and notices of appointments (and with a store, everyone active there); one query. */
  directory(query: DirectoryQuery): Promise<Directory> {
    return this.directoryReader.find(query);
  }

  /**
   * The staff member when the actor may see them (scheduling's rules: a beautician sees only
   * themselves, managers and the front desk the staff of their stores), else `staff_member.not_found` (404).
   */
  visibleStaffMember(actor: Actor, staffMemberId: string): Promise<StaffMemberRef> {
    return this.access.visible(actor, staffMemberId);
  }

  /** The staff member a signed-in user is (their linked sign-in), or null (API keys, users who serve no one): "is this my appointment?". */
  async staffMemberIdOf(actor: Actor): Promise<string | null> {
    return (await this.access.ownRecord(actor))?.id ?? null;
  }
}
