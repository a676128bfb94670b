/**
 * Weekly business hours and special-hours intervals: wall-clock times (`HH:mm`) in the store's
 * time zone. Pure: no I/O, no time zone maths (see common/clock/zoned-time.ts for that).
 *
 * Rules: an interval opens strictly before it closes, on the same local day. A store that works
 * past midnight is refused: `close` may be `24:00` (end of the day) but not `01:00` of the next
 * day; the next day's early hours go in the next day's list. Intervals of one day may touch
 * (`10:00–12:00`, `12:00–14:00`) but not overlap.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval, local wall-clock times. */
export interface HoursInterval {
  /** `HH:mm`, 00:00–23:59. */
  open: string;
  /** `HH:mm`, 00:01–24:00, after `open`. */
  close: string;
}

export type WeeklyHours = Record<Weekday, HoursInterval[]>;

/** Most intervals one day may have (split shifts, lunch breaks): a sanity limit, not a business rule. */
export const MAX_INTERVALS_PER_DAY = 6;

export const OPEN_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
export const CLOSE_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since local midnight of `HH:mm` (`24:00` → 1440). */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * What is wrong with one day's intervals, or undefined when they are valid. Expects each time to
 * match OPEN_TIME / CLOSE_TIME already (the DTO checks those per field).
 */
export function dayIntervalsProblem(intervals: readonly HoursInterval[]): string | undefined {
  if (intervals.length > MAX_INTERVALS_PER_DAY) return `has more than ${MAX_INTERVALS_PER_DAY} intervals`;
  for (const [index, interval] of intervals.entries()) {
    if (!OPEN_TIME.test(interval.open) || !CLOSE_TIME.test(interval.close)) return `[${index}] times must be HH:mm (close may be 24:00)`;
    if (minutesOf(interval.open) >= minutesOf(interval.close)) {
      return `[${index}] must open before it closes (${interval.open}–${interval.close}); hours past midnight go in the next day's list`;
    }
  }
  const sorted = [...intervals].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOf(sorted[i].open) < minutesOf(sorted[i - 1].close)) {
      return `intervals overlap (${sorted[i - 1].open}–${sorted[i - 1].close} and ${sorted[i].open}–${sorted[i].close})`;
    }
  }
  return undefined;
}

/** Sorted by opening time, so stored and returned hours read in order. */
export function sortIntervals(intervals: readonly HoursInterval[]): HoursInterval[] {
  return [...intervals].map(({ open, close }) => ({ open, close })).sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
}

/** Every weekday present (missing days are closed), each day's intervals sorted. */
export function normalizeWeeklyHours(hours: Partial<Record<Weekday, readonly HoursInterval[] | undefined>> | null | undefined): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, sortIntervals(hours?.[day] ?? [])])) as WeeklyHours;
}

/** The weekday of a calendar date (`0` = Sunday as in Date#getUTCDay). */
export function weekdayOf(dayOfWeek: number): Weekday {
  return WEEKDAYS[(dayOfWeek + 6) % 7];
}
