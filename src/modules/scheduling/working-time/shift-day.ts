/**
 * The rules of one working day as people type it: local wall-clock times `HH:mm` in the store's time
 * zone, a start, an end on the same day (`24:00` at the latest: shifts do not cross midnight) and
 * breaks inside. Pure: no I/O, no time zone maths (template-expansion.ts turns days into instants).
 */
import { minutesOf } from '../../../common/clock/index.js';
import type { FieldError } from '../../../common/errors/index.js';
import { WEEKDAYS, type Weekday, type WeeklyHours } from '../../stores/index.js';
import type { LocalSpan, TemplateDay } from './template-week.js';

/** A start: `HH:mm` from 00:00 to 23:59. */
export const START_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** An end: `HH:mm` from 00:01 to 24:00 (the end of the day). */
export const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** The longest shift, as the database checks it (`ck_shift_length`). */
export const MAX_SHIFT_HOURS = 16;
export const MAX_SHIFT_MINUTES = MAX_SHIFT_HOURS * 60;
/** Most breaks one shift may have: a sanity limit, not a business rule. */
export const MAX_BREAKS = 6;

const wellFormed = (span: Partial<LocalSpan> | null | undefined): span is LocalSpan =>
  !!span && typeof span.start === 'string' && typeof span.end === 'string' && START_TIME.test(span.start) && END_TIME.test(span.end);

/** What is wrong with a span's end, or undefined. Malformed times are their own fields' problem. */
export function endProblem(span: Partial<LocalSpan>, maxMinutes = MAX_SHIFT_MINUTES): string | undefined {
  if (!wellFormed(span)) return undefined;
  const length = minutesOf(span.end) - minutesOf(span.start);
  if (length <= 0) return 'must be after start';
  if (length > maxMinutes) return `must be at most ${maxMinutes / 60} hours after start`;
  return undefined;
}

/**
 * What is wrong with a shift's breaks, or undefined: each inside the shift, none overlapping another
 * (they may touch). Breaks whose own times are malformed or reversed are left to their own fields.
 */
export function breaksProblem(shift: Partial<LocalSpan>, breaks: readonly Partial<LocalSpan>[] | undefined): string | undefined {
  if (!Array.isArray(breaks)) return undefined;
  const items = breaks as readonly Partial<LocalSpan>[];
  if (items.length > MAX_BREAKS) return `must have at most ${MAX_BREAKS} items`;
  if (!items.every((item) => wellFormed(item) && endProblem(item) === undefined)) return undefined;
  const spans = items as LocalSpan[];
  if (wellFormed(shift) && endProblem(shift) === undefined) {
    const [start, end] = [minutesOf(shift.start), minutesOf(shift.end)];
    const outside = spans.findIndex((item) => minutesOf(item.start) < start || minutesOf(item.end) > end);
    if (outside >= 0) return `[${outside}] must lie inside the shift (${shift.start}–${shift.end})`;
  }
  const order = spans.map((item, index) => ({ item, index })).sort((a, b) => minutesOf(a.item.start) - minutesOf(b.item.start));
  for (let i = 1; i < order.length; i++) {
    const [before, after] = [order[i - 1], order[i]];
    if (minutesOf(after.item.start) < minutesOf(before.item.end)) {
      return `[${after.index}] overlaps [${before.index}] (${before.item.start}–${before.item.end} and ${after.item.start}–${after.item.end})`;
    }
  }
  return undefined;
}

/** Every problem of one day, its fields named under `prefix` (`week.monday.`, or `` for a shift). */
export function dayProblems(day: Partial<TemplateDay>, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof day.start !== 'string' || !START_TIME.test(day.start)) errors.push({ field: `${prefix}start`, message: 'must be a time HH:mm from 00:00 to 23:59' });
  if (typeof day.end !== 'string' || !END_TIME.test(day.end)) errors.push({ field: `${prefix}end`, message: 'must be a time HH:mm from 00:01 to 24:00' });
  const end = endProblem(day);
  if (end) errors.push({ field: `${prefix}end`, message: end });
  for (const [index, item] of (day.breaks ?? []).entries()) {
    const problem = endProblem(item);
    if (problem) errors.push({ field: `${prefix}breaks[${index}].end`, message: problem });
  }
  const breaks = breaksProblem(day, day.breaks);
  if (breaks) errors.push({ field: `${prefix}breaks`, message: breaks });
  return errors;
}

/** Sorted by start, copied to plain objects (what is stored and answered). */
export function sortSpans(spans: readonly LocalSpan[] | undefined): LocalSpan[] {
  return [...(spans ?? [])].map(({ start, end }) => ({ start, end })).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
}

/** A store's opening on a date, for the closed-day rule: weekly hours, overridden by a dated closure or special hours. */
export interface StoreDays {
  businessHours: WeeklyHours;
  overrides: ReadonlyArray<{ date: string; kind: 'closed' | 'special_hours' }>;
}

/**
 * Why the store is closed on `date` (of weekday `weekday`), or undefined when it opens: `closure` for
 * a dated closure, `weekly` when its weekly hours are empty that weekday and no special hours open it.
 */
export function closedReason(store: StoreDays, date: string, weekday: Weekday): 'closure' | 'weekly' | undefined {
  const override = store.overrides.find((entry) => entry.date === date);
  if (override) return override.kind === 'closed' ? 'closure' : undefined;
  return (store.businessHours[weekday] ?? []).length === 0 ? 'weekly' : undefined;
}

/** The weekdays on which the store's weekly hours are empty (closed every week). */
export function closedWeekdays(businessHours: WeeklyHours): Weekday[] {
  return WEEKDAYS.filter((day) => (businessHours[day] ?? []).length === 0);
}
