/**
 * The availability search as data (DESIGN §6: the calculator is pure code). `AvailabilityInputs`
 * loads an `AvailabilityProblem` for one store in at most five queries; `calculator.ts` answers it
 * without I/O, and booking re-checks a proposal with the same code, so every offered slot can be
 * booked. Instants are epoch milliseconds; spans are `[start, end)`.
 */
import type { Money } from '../../../common/money/index.js';
import type { TimeBlocks } from '../../catalog/index.js';

export interface Span {
  start: number;
  end: number;
}

/** Someone who may perform one requested service, with what it costs and takes at their level. */
export interface CandidateStaff {
  staffMemberId: string;
  levelId: string | null;
  durationMinutes: number;
  timeBlocks: TimeBlocks;
  price: Money;
  /** The customer's preferred staff come first when free (their order: lower is more preferred). */
  preferenceRank: number | null;
}

export interface RequestedService {
  variationId: string;
  /** What it occupies (`chair`, `room`, `laser`), or null. */
  resourceType: string | null;
  /** Already filtered: skill, active, works at the store, bookable online when asked, the staff or level asked for. */
  staff: CandidateStaff[];
}

export interface ResourceAvailability {
  resourceId: string;
  /** Booked segments' resource time, live holds' and maintenance blocks. */
  busy: Span[];
}

export interface AvailabilityProblem {
  timeZone: string;
  /** The window searched: starts in `[from, to)`. */
  from: number;
  to: number;
  /** Starts every this many minutes from local midnight (the store's policy). */
  slotMinutes: number;
  /** Now plus the minimum notice: no start before. */
  earliestStart: number;
  /** The end of the booking horizon: no start after. */
  latestStart: number;
  /** Several services one after another (one customer), or at once with different staff. */
  mode: 'sequential' | 'parallel';
  services: RequestedService[];
  /** Each candidate's working time (shifts minus breaks, time off and closures, within opening hours). */
  working: Map<string, Span[]>;
  /** Each candidate's occupied time: active segments' `staff_busy` and live holds'. */
  staffBusy: Map<string, Span[]>;
  /** By resource type, the store's active resources of it. */
  resources: Map<string, ResourceAvailability[]>;
  /** A staff member's cap of appointments per local day, with what they have already; null: no cap. */
  dailyCap: { cap: number; counts: Map<string, Map<string, number>> } | null;
}

/** One service of a proposed (or requested) booking. */
export interface ProposedSegment {
  variationId: string;
  staffMemberId: string;
  resourceId: string | null;
  /** The customer's time. */
  start: number;
  end: number;
  /** When the staff member is occupied: active and finishing blocks and the buffer (not processing). */
  staffBusy: Span[];
  /** The whole service and its buffer; null when it needs no resource. */
  resourceBusy: Span | null;
  levelId: string | null;
  price: Money;
}

export interface Slot {
  start: number;
  end: number;
  segments: ProposedSegment[];
  /** The sum of the segments' prices. */
  price: Money;
}

/** Why a requested booking cannot be had (booking answers it as a 409 / 422 naming the segment). */
export type SlotProblem =
  | { kind: 'outside_window'; reason: 'before_notice' | 'beyond_horizon' | 'off_grid' }
  | { kind: 'not_working'; segment: number; staffMemberId: string }
  | { kind: 'staff_busy'; segment: number; staffMemberId: string }
  | { kind: 'resource_busy'; segment: number; resourceId: string }
  | { kind: 'no_resource'; segment: number; resourceType: string }
  | { kind: 'not_qualified'; segment: number; staffMemberId: string }
  | { kind: 'daily_cap'; segment: number; staffMemberId: string };
