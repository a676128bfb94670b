import { Inject, Injectable } from '@nestjs/common';
import type { QualifiedStaff, ResourceWithBlocks, StaffShownOnline, WorkingInterval, WorkingIntervalsQuery } from './scheduling-contracts.js';
import { ResourceDirectory } from './resources/resource-directory.js';
import { QualifiedStaffFinder } from './staff/qualified-staff.js';
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
  ) {}

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
}
