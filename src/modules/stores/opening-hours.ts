/**
 * When a store is open on given dates: weekly hours, overridden per date by closures and special
 * hours, turned into real instants in the store's time zone. Pure.
 */
import { minutesOf, sortIntervals, weekdayOf, type HoursInterval, type Weekday, type WeeklyHours } from './business-hours.js';
import { addDays, dayOfWeek, daysBetween, formatInstant, zonedToInstant } from '../../common/clock/index.js';

/** A dated exception to the weekly hours: closed all day, or open only in `intervals`. */
export interface DateOverride {
  date: string;
  kind: 'closed' | 'special_hours';
  intervals: HoursInterval[];
  reason: string;
}

export interface OpeningInterval {
  /** ISO 8601 with the store's offset, e.g. `2026-11-22T10:00:00+08:00`. */
  opensAt: string;
  closesAt: string;
}

export interface OpeningDay {
  date: string;
  weekday: Weekday;
  /** Where the day's hours come from. */
  source: 'weekly' | 'closed' | 'special_hours';
  /** The closure's or special hours' reason (`Spring Festival`), when there is one. */
  reason: string | null;
  /** Empty when the store is closed that day. */
  intervals: OpeningInterval[];
}

/** The longest range one request may ask for. */
export const MAX_OPENING_HOURS_DAYS = 62;

/**
 * One day's effective intervals as instants. An interval whose local times fall in a DST gap can
 * shrink (02:00–03:00 on a spring-forward day in Berlin is empty and is left out); one across a
 * fall-back hour lasts an hour longer, as the clock says.
 */
export function openingIntervals(date: string, intervals: readonly HoursInterval[], timeZone: string): OpeningInterval[] {
  const out: OpeningInterval[] = [];
  for (const interval of sortIntervals(intervals)) {
    const opens = zonedToInstant(date, minutesOf(interval.open), timeZone);
    const closes = zonedToInstant(date, minutesOf(interval.close), timeZone);
    if (closes > opens) out.push({ opensAt: formatInstant(opens, timeZone), closesAt: formatInstant(closes, timeZone) });
  }
  return out;
}

/** Every date from `from` to `to` inclusive, with its effective hours. */
export function computeOpeningHours(input: { from: string; to: string; timeZone: string; weekly: WeeklyHours; overrides: readonly DateOverride[] }): OpeningDay[] {
  const byDate = new Map(input.overrides.map((override) => [override.date, override]));
  const days: OpeningDay[] = [];
  const count = daysBetween(input.from, input.to);
  for (let i = 0; i <= count; i++) {
    const date = addDays(input.from, i);
    const weekday = weekdayOf(dayOfWeek(date));
    const override = byDate.get(date);
    if (override?.kind === 'closed') {
      days.push({ date, weekday, source: 'closed', reason: override.reason, intervals: [] });
    } else if (override) {
      days.push({ date, weekday, source: 'special_hours', reason: override.reason, intervals: openingIntervals(date, override.intervals, input.timeZone) });
    } else {
      days.push({ date, weekday, source: 'weekly', reason: null, intervals: openingIntervals(date, input.weekly[weekday] ?? [], input.timeZone) });
    }
  }
  return days;
}
