/**
 * The availability calculator: pure, no I/O (see availability-model.ts). `findSlots` walks the slot
 * grid and proposes, for each start, the first assignment of staff (and resources) that works, in
 * the order a salon wants: the customer's preferred staff, then whoever has the fewest appointments
 * that day. `checkBooking` applies the same predicates to given segments, so every offered slot
 * passes it; booking re-checks with the problem loaded for that moment.
 */
import { instantToDate } from '../../../common/clock/index.js';
import { sum } from '../../../common/money/index.js';
import type { TimeBlocks } from '../../catalog/index.js';
import type { AvailabilityProblem, CandidateStaff, ProposedSegment, RequestedService, Slot, SlotProblem, Span } from './availability-model.js';
import { gridStarts, isOnGrid, type GridStart } from './slot-grid.js';
import { clearOfFrom, containsSpan, nextFitInside, normalizeSpans, overlapsAny, spansMeet } from './spans.js';

const MINUTE_MS = 60_000;

/** The customer's time, the staff member's busy spans and the resource's busy span of one service starting at `start`. */
export function segmentSpans(start: number, durationMinutes: number, blocks: TimeBlocks): { end: number; staffBusy: Span[]; resourceBusy: Span } {
  const end = start + durationMinutes * MINUTE_MS;
  const cleanedUp = end + blocks.bufferMinutes * MINUTE_MS;
  const activeEnd = start + blocks.activeMinutes * MINUTE_MS;
  // Processing (colour developing) leaves the beautician free; finishing and the clean-up buffer do not.
  const resumes = activeEnd + blocks.processingMinutes * MINUTE_MS;
  // Built by hand rather than normalised: this runs for every candidate at every start.
  const staffBusy: Span[] = [];
  if (resumes <= activeEnd) staffBusy.push({ start, end: Math.max(activeEnd, cleanedUp) });
  else {
    if (activeEnd > start) staffBusy.push({ start, end: activeEnd });
    if (cleanedUp > resumes) staffBusy.push({ start: resumes, end: cleanedUp });
  }
  return { end, staffBusy, resourceBusy: { start, end: cleanedUp } };
}

interface PreparedService {
  service: RequestedService;
  /** The store's resources of the type asked for, by id; null when the service needs none. */
  resources: Array<{ resourceId: string; busy: Span[] }> | null;
}

/** The problem with every span list normalised once, and candidate orders cached per local day. */
interface Prepared {
  problem: AvailabilityProblem;
  working: Map<string, Span[]>;
  busy: Map<string, Span[]>;
  services: PreparedService[];
  /** Staff asked for by name (nearest free times): ahead of everyone, in this order. */
  preferred: Map<string, number>;
  orders: Map<string, CandidateStaff[][]>;
}

const NONE: Span[] = [];

function prepare(problem: AvailabilityProblem, preferredStaffIds: readonly string[] = []): Prepared {
  const normalized = (spans: Map<string, Span[]>) => new Map([...spans].map(([id, list]) => [id, normalizeSpans(list)] as const));
  return {
    problem,
    working: normalized(problem.working),
    busy: normalized(problem.staffBusy),
    services: problem.services.map((service) => ({
      service,
      resources:
        service.resourceType === null
          ? null
          : (problem.resources.get(service.resourceType) ?? [])
              .map((resource) => ({ resourceId: resource.resourceId, busy: normalizeSpans(resource.busy) }))
              .sort((a, b) => compareIds(a.resourceId, b.resourceId)),
    })),
    preferred: new Map(preferredStaffIds.map((id, index) => [id, index] as const)),
    orders: new Map(),
  };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function countOn(problem: AvailabilityProblem, staffMemberId: string, date: string): number {
  return problem.dailyCap?.counts.get(staffMemberId)?.get(date) ?? 0;
}

function isCapped(problem: AvailabilityProblem, staffMemberId: string, date: string): boolean {
  return problem.dailyCap !== null && countOn(problem, staffMemberId, date) >= problem.dailyCap.cap;
}

/** Each service's candidates for a local day, best first, those at their daily cap left out. */
function candidatesOn(prep: Prepared, date: string): CandidateStaff[][] {
  let order = prep.orders.get(date);
  if (order) return order;
  const { problem, preferred } = prep;
  const rank = (candidate: CandidateStaff) => [
    preferred.get(candidate.staffMemberId) ?? Infinity,
    candidate.preferenceRank ?? Infinity,
    countOn(problem, candidate.staffMemberId, date),
  ];
  order = problem.services.map((service) =>
    service.staff
      .filter((candidate) => !isCapped(problem, candidate.staffMemberId, date))
      .map((candidate) => ({ candidate, key: rank(candidate) }))
      .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2] || compareIds(a.candidate.staffMemberId, b.candidate.staffMemberId))
      .map(({ candidate }) => candidate),
  );
  prep.orders.set(date, order);
  return order;
}

// The predicates findSlots and checkBooking share: one rule, one place.

function isWorking(prep: Prepared, staffMemberId: string, start: number, end: number): boolean {
  return containsSpan(prep.working.get(staffMemberId) ?? NONE, start, end);
}

function isStaffFree(prep: Prepared, staffMemberId: string, staffBusy: readonly Span[], chosen: readonly ProposedSegment[]): boolean {
  const busy = prep.busy.get(staffMemberId) ?? NONE;
  for (const span of staffBusy) if (overlapsAny(busy, span.start, span.end)) return false;
  for (const other of chosen) {
    if (other.staffMemberId !== staffMemberId) continue;
    // Parallel services need as many beauticians; one after another, the same one if their time allows.
    if (prep.problem.mode === 'parallel' || spansMeet(other.staffBusy, staffBusy)) return false;
  }
  return true;
}

function isResourceFree(busy: readonly Span[], resourceId: string, resourceBusy: Span, chosen: readonly ProposedSegment[]): boolean {
  if (overlapsAny(busy, resourceBusy.start, resourceBusy.end)) return false;
  return !chosen.some((other) => other.resourceId === resourceId && other.resourceBusy !== null && spansMeet([other.resourceBusy], [resourceBusy]));
}

function segmentOf(service: RequestedService, candidate: CandidateStaff, start: number, needsResource: boolean): ProposedSegment {
  const spans = segmentSpans(start, candidate.durationMinutes, candidate.timeBlocks);
  return {
    variationId: service.variationId,
    staffMemberId: candidate.staffMemberId,
    resourceId: null,
    start,
    end: spans.end,
    staffBusy: spans.staffBusy,
    resourceBusy: needsResource ? spans.resourceBusy : null,
    levelId: candidate.levelId,
    price: candidate.price,
  };
}

/**
 * The first assignment (in candidate order, backtracking) that books every service from `start`, or
 * null. `skips` (findSlots' ascending walk) remembers, per service starting at the slot's start, when
 * each candidate could next be free, so a busy afternoon is not searched again at every quarter hour.
 */
function propose(prep: Prepared, start: number, date: string, skips?: Array<Map<string, number>>, passedOver?: ReadonlySet<string>): Slot | null {
  const order = candidatesOn(prep, date);
  const chosen: ProposedSegment[] = [];
  const sequential = prep.problem.mode === 'sequential';

  const place = (k: number): boolean => {
    if (k === prep.services.length) return true;
    const { service, resources } = prep.services[k];
    // One after another: the next service starts when the customer's last one ends (buffers are the staff's).
    const at = sequential && k > 0 ? chosen[k - 1].end : start;
    const skip = sequential && k > 0 ? undefined : skips?.[k];
    for (const candidate of order[k]) {
      const id = candidate.staffMemberId;
      if (k === 0 && passedOver?.has(id)) continue;
      if (skip && (skip.get(id) ?? at) > at) continue;
      const end = at + candidate.durationMinutes * MINUTE_MS;
      if (!isWorking(prep, id, at, end)) {
        skip?.set(id, nextFitInside(prep.working.get(id) ?? NONE, at, end - at));
        continue;
      }
      const segment = segmentOf(service, candidate, at, resources !== null);
      if (!isStaffFree(prep, id, segment.staffBusy, chosen)) {
        skip?.set(id, clearOfFrom(prep.busy.get(id) ?? NONE, segment.staffBusy, at));
        continue;
      }
      if (resources === null) {
        chosen.push(segment);
        if (place(k + 1)) return true;
        chosen.pop();
        continue;
      }
      const resourceBusy = segment.resourceBusy as Span;
      for (const resource of resources) {
        if (!isResourceFree(resource.busy, resource.resourceId, resourceBusy, chosen)) continue;
        chosen.push({ ...segment, resourceId: resource.resourceId, resourceBusy });
        if (place(k + 1)) return true;
        chosen.pop();
      }
    }
    return false;
  };

  if (prep.services.length === 0 || !place(0)) return null;
  const currency = chosen[0].price.currency;
  return {
    start,
    end: chosen[chosen.length - 1].end,
    segments: chosen,
    price: sum(
      chosen.map((segment) => segment.price),
      currency,
    ),
  };
}

/** The grid's starts a booking may take: in `[from, to)`, no earlier than the notice, no later than the horizon. */
function bookableStarts(problem: AvailabilityProblem): GridStart[] {
  const from = Math.max(problem.from, problem.earliestStart);
  const to = Math.min(problem.to, problem.latestStart + 1);
  return gridStarts(from, to, problem.slotMinutes, problem.timeZone);
}

/** Every bookable start in the window, each with one proposal (preferred staff first, else the least booked that day). */
export function findSlots(problem: AvailabilityProblem, options: { maxSlots?: number } = {}): Slot[] {
  const maxSlots = options.maxSlots ?? Infinity;
  const prep = prepare(problem);
  const slots: Slot[] = [];
  const skips = problem.services.map(() => new Map<string, number>());
  for (const { start, date } of bookableStarts(problem)) {
    if (slots.length >= maxSlots) break;
    const slot = propose(prep, start, date, skips);
    if (slot) slots.push(slot);
  }
  return slots;
}

/**
 * Every assignment of a one-service request at exactly `start`, best first: the best, then the best
 * without its staff member, and so on (a booking for "any staff" claims them in this order). Window,
 * notice and grid are the caller's to check (a proposal at `start` was found first).
 */
export function proposalsAt(problem: AvailabilityProblem, start: number): Slot[] {
  if (problem.services.length !== 1) throw new RangeError('proposalsAt: a request of one service');
  const prep = prepare(problem);
  const date = instantToDate(start, problem.timeZone);
  const passedOver = new Set<string>();
  const slots: Slot[] = [];
  for (let slot = propose(prep, start, date, undefined, passedOver); slot; slot = propose(prep, start, date, undefined, passedOver)) {
    slots.push(slot);
    passedOver.add(slot.segments[0].staffMemberId);
  }
  return slots;
}

/** The `count` free starts nearest `wanted`: the same local day first, then by distance; the staff asked for first. */
export function nearestSlots(problem: AvailabilityProblem, wanted: number, count: number, preferredStaffIds: readonly string[] = []): Slot[] {
  if (count <= 0) return [];
  const wantedDate = instantToDate(wanted, problem.timeZone);
  const key = (g: GridStart) => [g.date === wantedDate ? 0 : 1, Math.abs(g.start - wanted)];
  const starts = bookableStarts(problem)
    .map((g) => ({ g, key: key(g) }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.g.start - b.g.start);
  const plain = prepare(problem);
  const preferring = prepare(problem, preferredStaffIds);
  const wantedStaff = new Set(preferredStaffIds);
  const found: Slot[] = [];
  // Walk starts in groups of equal distance: within a group, proposals with a staff member asked for come first.
  for (let i = 0; i < starts.length && found.length < count;) {
    const group: Array<{ slot: Slot; preferred: boolean }> = [];
    let j = i;
    for (; j < starts.length && starts[j].key[0] === starts[i].key[0] && starts[j].key[1] === starts[i].key[1]; j++) {
      const { start, date } = starts[j].g;
      const slot = propose(wantedStaff.size > 0 ? preferring : plain, start, date);
      if (slot) group.push({ slot, preferred: slot.segments.some((segment) => wantedStaff.has(segment.staffMemberId)) });
    }
    group.sort((a, b) => Number(b.preferred) - Number(a.preferred) || a.slot.start - b.slot.start);
    found.push(...group.map(({ slot }) => slot));
    i = j;
  }
  return found.slice(0, count);
}

function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  return a.length === b.length && a.every((span, i) => span.start === b[i].start && span.end === b[i].end);
}

/**
 * Why these segments cannot be booked, or [] when they can (the same rules as findSlots). Segments
 * come in the order of `problem.services`; their ends and busy spans must be the ones the services
 * take (as findSlots and segmentSpans build them), else the start is reported off the grid. The
 * search window `[from, to)` is the question asked, not a rule: notice and horizon are.
 */
export function checkBooking(problem: AvailabilityProblem, segments: readonly ProposedSegment[]): SlotProblem[] {
  if (segments.length !== problem.services.length || segments.some((segment, k) => segment.variationId !== problem.services[k].variationId)) {
    throw new RangeError('checkBooking: the segments must be the services of the problem, in order');
  }
  if (segments.length === 0) return [];
  const prep = prepare(problem);
  const start = segments[0].start;
  const problems: SlotProblem[] = [];
  if (start < problem.earliestStart) problems.push({ kind: 'outside_window', reason: 'before_notice' });
  if (start > problem.latestStart) problems.push({ kind: 'outside_window', reason: 'beyond_horizon' });
  let aligned = isOnGrid(start, problem.slotMinutes, problem.timeZone);
  const date = instantToDate(start, problem.timeZone);
  const accepted: ProposedSegment[] = [];
  segments.forEach((segment, k) => {
    const { service, resources } = prep.services[k];
    const { staffMemberId } = segment;
    const expectedStart = problem.mode === 'sequential' && k > 0 ? segments[k - 1].end : start;
    if (segment.start !== expectedStart) aligned = false;
    const candidate = service.staff.find((staff) => staff.staffMemberId === staffMemberId);
    if (!candidate) {
      problems.push({ kind: 'not_qualified', segment: k, staffMemberId });
      return;
    }
    const spans = segmentSpans(segment.start, candidate.durationMinutes, candidate.timeBlocks);
    const resourceBusy = resources === null ? null : spans.resourceBusy;
    const matches =
      segment.end === spans.end &&
      sameSpans(segment.staffBusy, spans.staffBusy) &&
      (resourceBusy === null
        ? segment.resourceId === null && segment.resourceBusy === null
        : segment.resourceId === null || (segment.resourceBusy !== null && sameSpans([segment.resourceBusy], [resourceBusy])));
    if (!matches) aligned = false;
    if (!isWorking(prep, staffMemberId, segment.start, spans.end)) problems.push({ kind: 'not_working', segment: k, staffMemberId });
    if (!isStaffFree(prep, staffMemberId, spans.staffBusy, accepted)) problems.push({ kind: 'staff_busy', segment: k, staffMemberId });
    if (isCapped(problem, staffMemberId, date)) problems.push({ kind: 'daily_cap', segment: k, staffMemberId });
    if (resources !== null && resourceBusy !== null) {
      const resource = resources.find((r) => r.resourceId === segment.resourceId);
      if (!resource) problems.push({ kind: 'no_resource', segment: k, resourceType: service.resourceType ?? '' });
      else if (!isResourceFree(resource.busy, resource.resourceId, resourceBusy, accepted)) problems.push({ kind: 'resource_busy', segment: k, resourceId: resource.resourceId });
    }
    accepted.push({ ...segment, end: spans.end, staffBusy: spans.staffBusy, resourceBusy });
  });
  if (!aligned) problems.unshift({ kind: 'outside_window', reason: 'off_grid' });
  return problems;
}
