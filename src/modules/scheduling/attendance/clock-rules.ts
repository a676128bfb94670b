/** The rules of clocking in and out that need no database: which shift a clock-in belongs to, and which times a manager may give. */
import { CommonErrors } from '../../../common/errors/index.js';

const HOUR = 3_600_000;
/** A clock-in belongs to a shift that overlaps the two hours either side of it. */
export const MATCH_WINDOW_MS = 2 * HOUR;
/** How far back a manager may clock someone in or out (later, they correct the record). */
export const MAX_BACKDATE_MS = 24 * HOUR;

export interface ShiftTime {
  id: string;
  start: number;
  end: number;
}

/**
 * The shift a clock-in at `at` is for: among those overlapping `[at − 2 h, at + 2 h]`, the one whose
 * start is nearest (arriving at 13:55 is for the 14:00 shift, not the one ending at 14:00); null: unplanned work.
 */
export function nearestShift<S extends ShiftTime>(shifts: readonly S[], at: number): S | null {
  let best: S | null = null;
  for (const shift of shifts) {
    if (shift.end <= at - MATCH_WINDOW_MS || shift.start >= at + MATCH_WINDOW_MS) continue;
    if (!best || Math.abs(shift.start - at) < Math.abs(best.start - at)) best = shift;
  }
  return best;
}

/** The instant of a clock-in or -out: now, or a past `at` within the last 24 hours. */
export function clockTime(at: string | undefined, nowMs: number, field = 'at'): number {
  if (at === undefined) return nowMs;
  const ms = Date.parse(at);
  if (ms > nowMs) throw CommonErrors.validation([{ field, message: 'must not be in the future' }]);
  if (ms < nowMs - MAX_BACKDATE_MS) throw CommonErrors.validation([{ field, message: 'must be within the last 24 hours; correct older records instead' }]);
  return ms;
}
