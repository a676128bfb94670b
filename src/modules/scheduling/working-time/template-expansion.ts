/**
 * Local days to instants: a template's week over a range of dates, or one dated shift, in the store's
 * time zone, through common/clock/zoned-time.ts so daylight saving time is right (London's
 * Mon 10:00–19:00 is 10:00Z in winter and 09:00Z in summer). Pure.
 *
 * A wall time in a spring-forward gap moves forward by the gap (zoned-time's rule), so a break that
 * falls in it shrinks or vanishes; across a fall-back night a shift lasts an hour longer, as the clock says.
 */
import { addDays, dayOfWeek, daysBetween, instantToDate, minutesOf, offsetAt, zonedToInstant } from '../../../common/clock/index.js';
import { weekdayOf, type Weekday } from '../../stores/index.js';
import { sortSpans } from './shift-day.js';
import type { LocalSpan, TemplateDay, TemplateWeek } from './template-week.js';

/** `[start, end)` in epoch milliseconds. */
export interface InstantSpan {
  start: number;
  end: number;
}

/** One shift to be stored: its local date and weekday, its instants and its breaks' instants. */
export interface ShiftDraft extends InstantSpan {
  date: string;
  weekday: Weekday;
  breaks: InstantSpan[];
}

export interface ExpandableTemplate {
  validFrom: string;
  /** Inclusive; null: open-ended. */
  validTo: string | null;
  week: TemplateWeek;
}

/**
 * The instants of a day's shift on `date`, or undefined when it has none left (its local times fall
 * in a DST gap). Breaks left empty by a gap are dropped.
 */
export function dayToInstants(date: string, day: TemplateDay, timeZone: string): ShiftDraft | undefined {
  const at = (time: string) => zonedToInstant(date, minutesOf(time), timeZone);
  const [start, end] = [at(day.start), at(day.end)];
  if (end <= start) return undefined;
  const breaks = sortSpans(day.breaks)
    .map((span) => ({ start: Math.max(at(span.start), start), end: Math.min(at(span.end), end) }))
    .filter((span) => span.end > span.start);
  return { date, weekday: weekdayOf(dayOfWeek(date)), start, end, breaks };
}

/**
 * The shifts a template plans on the dates from `fromDate` to `toDate` (inclusive) that it is valid
 * for, in date order: one per worked weekday.
 */
export function expandTemplate(template: ExpandableTemplate, fromDate: string, toDate: string, timeZone: string): ShiftDraft[] {
  const first = fromDate > template.validFrom ? fromDate : template.validFrom;
  const last = template.validTo !== null && template.validTo < toDate ? template.validTo : toDate;
  const drafts: ShiftDraft[] = [];
  for (let i = 0, n = daysBetween(first, last); i <= n; i++) {
    const date = addDays(first, i);
    const day = template.week[weekdayOf(dayOfWeek(date))];
    if (!day) continue;
    const draft = dayToInstants(date, day, timeZone);
    if (draft) drafts.push(draft);
  }
  return drafts;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The wall-clock `HH:mm` of an instant on the local day `date`: `24:00` for the next day's midnight. */
export function localTimeOf(instantMs: number, date: string, timeZone: string): string {
  const local = new Date(instantMs + offsetAt(instantMs, timeZone));
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return time === '00:00' && instantToDate(instantMs, timeZone) > date ? '24:00' : time;
}

/** A span's local wall-clock times on `date`. */
export function localSpanOf(span: InstantSpan, date: string, timeZone: string): LocalSpan {
  return { start: localTimeOf(span.start, date, timeZone), end: localTimeOf(span.end, date, timeZone) };
}

/** `tstzmultirange` text of breaks, for a parameter (`{[start,end),…}`). */
export function multirangeText(spans: readonly InstantSpan[]): string {
  return `{${spans.map((span) => `[${new Date(span.start).toISOString()},${new Date(span.end).toISOString()})`).join(',')}}`;
}
