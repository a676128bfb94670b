/**
 * A window counted in business hours only ("24 working hours", issue 15): from `start`, the clock runs
 * only while the store is open, by its weekly hours overridden by closures and special hours, on its
 * wall clock (so across a DST change an hour of opening is an hour, as the clock says). Pure.
 */
import { addDays, instantToDate } from '../../common/clock/index.js';
import { computeOpeningHours, type DateOverride, type WeeklyHours } from '../stores/index.js';

/** How far ahead the store's calendar is read: a window not reached within it is not kept in business hours. */
export const BUSINESS_WINDOW_HORIZON_DAYS = 62;

export interface BusinessCalendar {
  timeZone: string;
  weekly: WeeklyHours;
  /** Closures and special hours from `start`'s local date for BUSINESS_WINDOW_HORIZON_DAYS days. */
  overrides: readonly DateOverride[];
}

/**
 * When `windowMs` of opening time has passed since `start`: inside an opening interval it runs from
 * `start`, before one from its opening. A window that ends exactly at a closing time ends there (not
 * at the next opening). Undefined when the store is not open long enough within the horizon (closed
 * for good, or a window longer than its hours allow): the caller falls back to the plain clock.
 */
export function addBusinessTime(start: Date, windowMs: number, calendar: BusinessCalendar): Date | undefined {
  const from = instantToDate(start.getTime(), calendar.timeZone);
  const days = computeOpeningHours({
    from,
    to: addDays(from, BUSINESS_WINDOW_HORIZON_DAYS - 1),
    timeZone: calendar.timeZone,
    weekly: calendar.weekly,
    overrides: calendar.overrides,
  });
  let left = windowMs;
  for (const day of days) {
    for (const interval of day.intervals) {
      const opens = Math.max(Date.parse(interval.opensAt), start.getTime());
      const closes = Date.parse(interval.closesAt);
      if (closes <= opens) continue;
      if (closes - opens >= left) return new Date(opens + left);
      left -= closes - opens;
    }
  }
  return undefined;
}
