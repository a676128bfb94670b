/**
 * The slot grid: starts every `slotMinutes` of local wall time from local midnight. On a DST day the
 * grid follows the wall clock: a wall time the clocks skip (01:30 when they jump from 01:00 to 02:00)
 * is no start, and one they show twice is a start at each of its two instants.
 */
import { addDays, dateToUtcMs, instantToDate, offsetAt } from '../../../common/clock/index.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface GridStart {
  start: number;
  /** Its local calendar date (the day a daily cap counts in). */
  date: string;
}

/** The wall time of an instant as ms since local midnight. */
function wallOfDay(instant: number, timeZone: string): number {
  const wall = instant + offsetAt(instant, timeZone);
  return ((wall % DAY_MS) + DAY_MS) % DAY_MS;
}

/** Whether `instant` is a start of the grid (its wall time is a whole number of slots after midnight). */
export function isOnGrid(instant: number, slotMinutes: number, timeZone: string): boolean {
  const ofDay = wallOfDay(instant, timeZone);
  return ofDay % (slotMinutes * MINUTE_MS) === 0;
}

/** The grid's starts of one local day, ascending. */
function dayStarts(date: string, slotMs: number, timeZone: string): number[] {
  const midnight = dateToUtcMs(date);
  // Instants surely before the day begins and after it ends, whatever the zone's offset (within ±14 h).
  const before = offsetAt(midnight - DAY_MS, timeZone);
  const after = offsetAt(midnight + 2 * DAY_MS, timeZone);
  const starts: number[] = [];
  for (let wall = midnight; wall < midnight + DAY_MS; wall += slotMs) {
    if (before === after) {
      // No zone changes its offset twice in three days: the same offset all day.
      starts.push(wall - before);
      continue;
    }
    // A change in or near this day: each wall time may map to no instant (a gap), one, or two (an overlap).
    const instants = [...new Set([wall - before, wall - after])].filter((instant) => instant + offsetAt(instant, timeZone) === wall);
    starts.push(...instants);
  }
  // The hour shown twice comes twice: 01:00 BST, 01:30 BST, then 01:00 GMT, 01:30 GMT.
  return starts.sort((a, b) => a - b);
}

/** The grid's starts within `[from, to)`, ascending, each with its local date. */
export function gridStarts(from: number, to: number, slotMinutes: number, timeZone: string): GridStart[] {
  if (!(to > from) || !(slotMinutes > 0)) return [];
  const slotMs = slotMinutes * MINUTE_MS;
  const out: GridStart[] = [];
  const last = instantToDate(to - 1, timeZone);
  for (let date = instantToDate(from, timeZone); date <= last; date = addDays(date, 1)) {
    for (const start of dayStarts(date, slotMs, timeZone)) if (start >= from && start < to) out.push({ start, date });
  }
  return out;
}
