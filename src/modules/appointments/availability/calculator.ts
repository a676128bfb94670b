/**
 * The availability calculator: pure, no I/O (see availability-model.ts). Being written (issue 13,
 * calculator part): findSlots, nearestSlots, checkBooking, segmentSpans.
 */
import type { AvailabilityProblem, ProposedSegment, Slot, SlotProblem, Span } from './availability-model.js';
import type { TimeBlocks } from '../../catalog/index.js';

/** The customer's time, the staff member's busy spans and the resource's busy span of one service starting at `start`. */
export function segmentSpans(start: number, durationMinutes: number, blocks: TimeBlocks): { end: number; staffBusy: Span[]; resourceBusy: Span } {
  void [start, durationMinutes, blocks];
  throw new Error('segmentSpans: being written');
}

/** Every bookable start in the window, each with one proposal (preferred staff first, else the least booked that day). */
export function findSlots(problem: AvailabilityProblem, options: { maxSlots?: number } = {}): Slot[] {
  void [problem, options];
  throw new Error('findSlots: being written');
}

/** The `count` free starts nearest `wanted`: the same local day first, then by distance; the staff asked for first. */
export function nearestSlots(problem: AvailabilityProblem, wanted: number, count: number, preferredStaffIds: readonly string[] = []): Slot[] {
  void [problem, wanted, count, preferredStaffIds];
  throw new Error('nearestSlots: being written');
}

/** Why these segments cannot be booked, or [] when they can (the same rules as findSlots). */
export function checkBooking(problem: AvailabilityProblem, segments: readonly ProposedSegment[]): SlotProblem[] {
  void [problem, segments];
  throw new Error('checkBooking: being written');
}
