/**
 * What scheduling answers other modules (appointments' availability search first): plain data, ids not
 * entities. Designed for the availability target (a store with 30 staff over 14 days: ≤ 15 ms p50 and
 * ≤ 5 SQL queries per search): each method is one query (qualifiedStaff two: the catalog's and ours).
 */
import type { Money } from '../../common/money/index.js';
import type { TimeBlocks, VariationForStore } from '../catalog/index.js';

/** `[start, end)`. */
export interface WorkingInterval {
  start: Date;
  end: Date;
}

export interface WorkingIntervalsQuery {
  storeId: string;
  staffMemberIds: readonly string[];
  from: Date;
  to: Date;
  /** Also leave out time the store is not open (weekly hours, closures' special hours): what may be booked. Default false: all scheduled time. */
  withinOpeningHours?: boolean;
}

/** A staff member as customers see them when booking online: never contact data. */
export interface StaffShownOnline {
  staffMemberId: string;
  displayName: string;
  photoUrl: string | null;
  levelId: string | null;
  levelName: string | null;
  /** The skills they perform (`hair_colour`), so an app can show who does a service. */
  skills: string[];
}

/** A staff member able to perform a variation in a store, with what it costs and takes at their level. */
export interface QualifiedStaffMember {
  staffMemberId: string;
  name: string;
  displayName: string;
  calendarColor: string;
  levelId: string | null;
  levelCode: string | null;
  levelName: string | null;
  levelRank: number | null;
  /** Their proficiency in the variation's skill (1–5), or null when not graded. */
  proficiency: number | null;
  bookableOnline: boolean;
  /** Effective for them: store price, else level price, else the catalog's. */
  price: Money;
  durationMinutes: number;
  timeBlocks: TimeBlocks;
}

export interface QualifiedStaff {
  /** The variation as the store sells it; null when there is no such variation (then `staff` is empty). */
  variation: VariationForStore | null;
  /** Active, working at the store, with the skill; only those bookable online when asked for `online`. Ordered by level (senior first), then name. */
  staff: QualifiedStaffMember[];
}

export interface ResourceBlockSpan {
  id: string;
  start: Date;
  end: Date;
  reason: string;
}

export interface ResourceWithBlocks {
  resourceId: string;
  name: string;
  type: string;
  /** Maintenance blocks that overlap the range asked for, in start order. */
  blocks: ResourceBlockSpan[];
}

export interface DirectoryQuery {
  /** Also everyone active at this store: its active staff members and active resources (an appointment book's columns). */
  storeId?: string;
  /** With `storeId`: also whoever has a scheduled shift there overlapping `[from, to)` (a visitor from another store). */
  from?: Date;
  to?: Date;
  /** These staff members whatever their status or store (those named by appointments). */
  staffMemberIds: readonly string[];
  resourceIds: readonly string[];
}

/** A staff member as a calendar shows them (and as notices reach them). */
export interface DirectoryStaffMember {
  staffMemberId: string;
  displayName: string;
  calendarColor: string;
  /** Their sign-in (staff user), when they have one: where their in-app messages go. */
  userId: string | null;
}

export interface DirectoryResource {
  resourceId: string;
  name: string;
  type: string;
}

/** Names for appointment views; each list ordered by name, then id. */
export interface Directory {
  staff: DirectoryStaffMember[];
  resources: DirectoryResource[];
}
