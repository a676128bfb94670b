/**
 * When staff members can work at a store: their shifts there, minus the shifts' breaks, their approved
 * time off (in any store) and the store's closures, clipped to a range. Pure: the reader fetches the
 * rows in one query and hands them here. Closures are calendar dates in the store's time zone, turned
 * into instants only through common/clock, so a DST day lasts 23 or 25 hours.
 */
import { addDays, dayOfWeek, daysBetween, endOfDay, instantToDate, minutesOf, startOfDay, zonedToInstant } from '../../../common/clock/index.js';
import { weekdayOf, type WeeklyHours } from '../../stores/index.js';
import type { WorkingInterval } from '../scheduling-contracts.js';
import { clip, normalize, subtract, type Span } from './intervals.js';

/** A scheduled shift at the store, its breaks inside it; epoch milliseconds. */
export interface ShiftSpan extends Span {
  staffMemberId: string;
  breaks: readonly Span[];
}

/** Approved time off; epoch milliseconds. */
export interface TimeOffSpan extends Span {
  staffMemberId: string;
}

/** A store closure (stores module): a local date closed all day, or open only in `intervals` (`HH:mm`, close may be `24:00`). */
export interface ClosureDay {
  date: string;
  kind: 'closed' | 'special_hours';
  intervals: ReadonlyArray<{ open: string; close: string }>;
}

export interface WorkingIntervalsInput {
  timeZone: string;
  from: Date;
  to: Date;
  staffMemberIds: readonly string[];
  shifts: readonly ShiftSpan[];
  timeOff: readonly TimeOffSpan[];
  closures: readonly ClosureDay[];
  /** The store's weekly hours: given, working time is also kept inside the store's opening hours (closures' special hours win). */
  openingHours?: WeeklyHours | null;
}

/** The instants closures take from the store: a closed day whole, a special-hours day outside its intervals. */
export function closedSpans(closures: readonly ClosureDay[], timeZone: string): Span[] {
  return normalize(
    closures.flatMap((closure) => {
      const day: Span = { start: startOfDay(closure.date, timeZone), end: endOfDay(closure.date, timeZone) };
      if (closure.kind === 'closed') return [day];
      const open = closure.intervals.map((interval) => ({
        start: zonedToInstant(closure.date, minutesOf(interval.open), timeZone),
        end: zonedToInstant(closure.date, minutesOf(interval.close), timeZone),
      }));
      return subtract([day], open);
    }),
  );
}

/**
 * The instants in `[from, to)` when the store is not open: outside each local date's weekly hours, or
 * its special hours when a closure gives some (a closed day is closed whole). By local dates and wall
 * clock, through common/clock: a DST day keeps its hours as the clock reads them.
 */
export function outsideOpeningHours(weekly: WeeklyHours, closures: readonly ClosureDay[], timeZone: string, from: number, to: number): Span[] {
  if (to <= from) return [];
  const byDate = new Map(closures.map((closure) => [closure.date, closure]));
  const first = instantToDate(from, timeZone);
  const open: Span[] = [];
  for (let i = 0, days = daysBetween(first, instantToDate(to, timeZone)); i <= days; i++) {
    const date = addDays(first, i);
    const closure = byDate.get(date);
    const intervals = closure ? (closure.kind === 'closed' ? [] : closure.intervals) : (weekly[weekdayOf(dayOfWeek(date))] ?? []);
    for (const interval of intervals) {
      open.push({ start: zonedToInstant(date, minutesOf(interval.open), timeZone), end: zonedToInstant(date, minutesOf(interval.close), timeZone) });
    }
  }
  return subtract([{ start: from, end: to }], normalize(open.filter((span) => span.start < span.end)));
}

/** Per requested staff member (every one a key), sorted disjoint intervals inside `[from, to)`. */
export function computeWorkingIntervals(input: WorkingIntervalsInput): Map<string, WorkingInterval[]> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  const closed = closedSpans(input.closures, input.timeZone);
  if (input.openingHours) closed.push(...outsideOpeningHours(input.openingHours, input.closures, input.timeZone, from, to));
  const shifts = groupBy(input.shifts);
  const timeOff = groupBy(input.timeOff);
  const result = new Map<string, WorkingInterval[]>();
  for (const id of input.staffMemberIds) {
    const own = shifts.get(id) ?? [];
    const away = [...own.flatMap((shift) => shift.breaks), ...(timeOff.get(id) ?? []), ...closed];
    const working = clip(subtract(own, away), from, to);
    result.set(
      id,
      working.map((span) => ({ start: new Date(span.start), end: new Date(span.end) })),
    );
  }
  return result;
}

function groupBy<T extends { staffMemberId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.staffMemberId);
    if (group) group.push(row);
    else groups.set(row.staffMemberId, [row]);
  }
  return groups;
}
