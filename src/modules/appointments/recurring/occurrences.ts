import { addDays, dateToUtcMs, instantToDate, offsetAt, zonedToInstant } from '../../../common/clock/index.js';

const MINUTE_MS = 60_000;

/**
 * The starts of a recurring booking: `occurrences` times, `everyWeeks` weeks apart, each on the same
 * weekday at the same wall time in the store's zone as the first (so 10:00 stays 10:00 across a DST
 * change, and the instants between two occurrences differ by an hour then). A wall time a DST gap
 * skips moves forward by the gap, as everywhere in Bloom (common/clock).
 */
export function occurrenceStarts(firstStartMs: number, everyWeeks: number, occurrences: number, timeZone: string): number[] {
  const date = instantToDate(firstStartMs, timeZone);
  const minutes = Math.round((firstStartMs + offsetAt(firstStartMs, timeZone) - dateToUtcMs(date)) / MINUTE_MS);
  return Array.from({ length: occurrences }, (_, index) => zonedToInstant(addDays(date, 7 * everyWeeks * index), minutes, timeZone));
}
