/**
 * Booking one start (pure, beside the calculator): narrow a loaded problem to what the caller asked for
 * (a given staff member or room per service), propose the best assignment at exactly that start with
 * the same code the search uses, and, when there is none, say why in the caller's terms — a 422 for a
 * time that can never be booked (outside the window, nobody working, nobody able), a conflict for a
 * time that is taken (a 409 with the nearest free times).
 */
import type { AvailabilityProblem, CandidateStaff, ProposedSegment, Slot, SlotProblem } from '../availability/availability-model.js';
import { checkBooking, findSlots, segmentSpans } from '../availability/calculator.js';
import { isOnGrid } from '../availability/slot-grid.js';
import { containsSpan, normalizeSpans } from '../availability/spans.js';
import type { SlotConflict } from '../appointments.errors.js';

/** What the caller asked of one service. */
export interface ServiceChoice {
  variationId: string;
  staffMemberId?: string | null;
  resourceId?: string | null;
}

/** Why a start cannot be had, in the request's fields. */
export type SlotRefusal =
  | { kind: 'window'; field: string; reason: 'before_notice' | 'beyond_horizon' | 'off_grid' | 'past' }
  | { kind: 'not_working'; field: string; segment: number; staffMemberId: string | null }
  | { kind: 'not_qualified'; field: string; segment: number }
  | { kind: 'resource'; field: string; segment: number; words: string }
  /** `tried`: the assignment that was checked (to find what is in its way). */
  | { kind: 'taken'; conflict: SlotConflict; tried?: ProposedSegment[] };

/**
 * The problem with each service's candidates limited to the staff member asked for, and its resources
 * to the one asked for (a resource type of its own per such service, so two services of one type can
 * name different rooms). Refusals name `services[k].…` (prefix `fieldPrefix`).
 */
export function narrowProblem(
  problem: AvailabilityProblem,
  choices: readonly ServiceChoice[],
  fieldPrefix = 'services',
): { problem: AvailabilityProblem; refusal: SlotRefusal | null } {
  const resources = new Map(problem.resources);
  let refusal: SlotRefusal | null = null;
  const services = problem.services.map((service, k) => {
    const choice = choices[k] ?? { variationId: service.variationId };
    let { staff, resourceType } = service;
    if (choice.staffMemberId) {
      staff = staff.filter((candidate) => candidate.staffMemberId === choice.staffMemberId);
      if (staff.length === 0) refusal ??= { kind: 'not_qualified', field: `${fieldPrefix}[${k}].staffMemberId`, segment: k };
    } else if (staff.length === 0) refusal ??= { kind: 'not_qualified', field: `${fieldPrefix}[${k}].variationId`, segment: k };
    if (choice.resourceId) {
      const field = `${fieldPrefix}[${k}].resourceId`;
      if (resourceType === null) refusal ??= { kind: 'resource', field, segment: k, words: 'this service needs no room or chair' };
      else {
        const named = (problem.resources.get(resourceType) ?? []).filter((resource) => resource.resourceId === choice.resourceId);
        if (named.length === 0) refusal ??= { kind: 'resource', field, segment: k, words: `names no active ${resourceType} of this store` };
        resourceType = `${resourceType}#${k}`;
        resources.set(resourceType, named);
      }
    }
    return { ...service, staff, resourceType };
  });
  return { problem: { ...problem, services, resources }, refusal };
}

/** The best assignment starting exactly at `start` (preferred staff first, else the least booked that day), or null. */
export function proposeAt(problem: AvailabilityProblem, start: number): Slot | null {
  const [slot] = findSlots({ ...problem, from: start, to: start + 1 }, { maxSlots: 1 });
  return slot?.start === start ? slot : null;
}

/** Why `start` cannot be booked in the narrowed problem (call when proposeAt found nothing). */
export function explainRefusal(
  problem: AvailabilityProblem,
  start: number,
  now: number,
  choices: readonly ServiceChoice[],
  startField = 'startsAt',
  fieldPrefix = 'services',
): SlotRefusal {
  if (start < now) return { kind: 'window', field: startField, reason: 'past' };
  if (start < problem.earliestStart) return { kind: 'window', field: startField, reason: 'before_notice' };
  if (start > problem.latestStart) return { kind: 'window', field: startField, reason: 'beyond_horizon' };
  if (!isOnGrid(start, problem.slotMinutes, problem.timeZone)) return { kind: 'window', field: startField, reason: 'off_grid' };
  const segments = firstCandidates(problem, start);
  const problems = checkBooking(problem, segments);
  const refusal = problems.map((found) => refusalOf(problem, found, segments, choices, startField, fieldPrefix)).find((r) => r !== null);
  // Each service alone could be had, but not together (two services wanting one beautician at once): taken.
  const found = refusal ?? { kind: 'taken', conflict: { segment: 0, kind: 'staff_busy' } };
  return found.kind === 'taken' ? { ...found, tried: segments } : found;
}

/** Each service by its first candidate, one after another (or at once), with the first resource of its type. */
function firstCandidates(problem: AvailabilityProblem, start: number): ProposedSegment[] {
  const segments: ProposedSegment[] = [];
  problem.services.forEach((service, k) => {
    const at = problem.mode === 'sequential' && k > 0 ? segments[k - 1].end : start;
    const candidate: CandidateStaff = service.staff[0];
    const spans = segmentSpans(at, candidate.durationMinutes, candidate.timeBlocks);
    const resource = service.resourceType === null ? null : (problem.resources.get(service.resourceType) ?? [])[0];
    segments.push({
      variationId: service.variationId,
      staffMemberId: candidate.staffMemberId,
      resourceId: resource ? resource.resourceId : null,
      start: at,
      end: spans.end,
      staffBusy: spans.staffBusy,
      resourceBusy: service.resourceType === null ? null : spans.resourceBusy,
      levelId: candidate.levelId,
      price: candidate.price,
    });
  });
  return segments;
}

function refusalOf(
  problem: AvailabilityProblem,
  found: SlotProblem,
  segments: readonly ProposedSegment[],
  choices: readonly ServiceChoice[],
  startField: string,
  fieldPrefix: string,
): SlotRefusal | null {
  if (found.kind === 'outside_window') return null; // checked before, in the caller's words
  const k = found.segment;
  const fixedStaff = choices[k]?.staffMemberId ?? null;
  switch (found.kind) {
    case 'not_qualified':
      return { kind: 'not_qualified', field: `${fieldPrefix}[${k}].staffMemberId`, segment: k };
    case 'not_working': {
      if (fixedStaff) return { kind: 'not_working', field: `${fieldPrefix}[${k}].staffMemberId`, segment: k, staffMemberId: fixedStaff };
      const at = segments[k].start;
      const anyoneWorks = problem.services[k].staff.some((candidate) =>
        containsSpan(normalizeSpans(problem.working.get(candidate.staffMemberId) ?? []), at, at + candidate.durationMinutes * 60_000),
      );
      return anyoneWorks ? { kind: 'taken', conflict: { segment: k, kind: 'staff_busy' } } : { kind: 'not_working', field: startField, segment: k, staffMemberId: null };
    }
    case 'staff_busy':
      return { kind: 'taken', conflict: { segment: k, kind: 'staff_busy', ...(fixedStaff ? { staffMemberId: fixedStaff } : {}) } };
    case 'daily_cap':
      return { kind: 'taken', conflict: { segment: k, kind: 'daily_cap', ...(fixedStaff ? { staffMemberId: fixedStaff } : {}) } };
    case 'resource_busy':
      return { kind: 'taken', conflict: { segment: k, kind: 'resource_busy', ...(choices[k]?.resourceId ? { resourceId: found.resourceId } : {}) } };
    case 'no_resource':
      return { kind: 'taken', conflict: { segment: k, kind: 'no_resource' } };
  }
}
