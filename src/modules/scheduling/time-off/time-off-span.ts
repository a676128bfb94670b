/**
 * When a time off is: either two instants (`startsAt`–`endsAt`, an afternoon at the dentist) or whole
 * days (`startDate`–`endDate`, inclusive, counted from local midnight in one time zone). Pure: the
 * service finds the time zone (the person's stores').
 */
import { addDays, daysBetween, endOfDay, formatInstant, instantToDate, startOfDay } from '../../../common/clock/index.js';
import { CommonErrors } from '../../../common/errors/index.js';

/** Longest time off one request may cover. */
export const MAX_TIME_OFF_DAYS = 366;
const DAY_MS = 86_400_000;

export interface TimeOffSpanInput {
  startsAt?: string;
  endsAt?: string;
  startDate?: string;
  endDate?: string;
}

/** `[start, end)` in epoch milliseconds. */
export interface TimeOffSpan {
  start: number;
  end: number;
  allDay: boolean;
  /** The zone whole days were counted in; null for instants. */
  timeZone: string | null;
}

/** Whole days or instants: exactly one of the two pairs, given whole. Throws 400 naming the field otherwise. */
export function spanKind(input: TimeOffSpanInput): 'instants' | 'days' {
  const instants = input.startsAt !== undefined || input.endsAt !== undefined;
  const days = input.startDate !== undefined || input.endDate !== undefined;
  if (instants && days) {
    const field = input.startDate !== undefined ? 'startDate' : 'endDate';
    throw CommonErrors.validation([{ field, message: 'must be left out when startsAt and endsAt are given: give times or whole days, not both' }]);
  }
  if (!instants && !days) throw CommonErrors.validation([{ field: 'startDate', message: 'is required: give startDate and endDate (whole days), or startsAt and endsAt (times)' }]);
  const [first, second] = instants ? (['startsAt', 'endsAt'] as const) : (['startDate', 'endDate'] as const);
  const missing = [first, second].filter((field) => input[field] === undefined);
  if (missing.length) throw CommonErrors.validation(missing.map((field) => ({ field, message: `is required with ${field === first ? second : first}` })));
  return instants ? 'instants' : 'days';
}

export function instantSpan(startsAt: string, endsAt: string): TimeOffSpan {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (end <= start) throw CommonErrors.validation([{ field: 'endsAt', message: 'must be after startsAt' }]);
  if (end - start > MAX_TIME_OFF_DAYS * DAY_MS) throw CommonErrors.validation([{ field: 'endsAt', message: `must be at most ${MAX_TIME_OFF_DAYS} days after startsAt` }]);
  return { start, end, allDay: false, timeZone: null };
}

/** Local midnight of `startDate` to local midnight after `endDate`, in `timeZone` (23- and 25-hour days included). */
export function daySpan(startDate: string, endDate: string, timeZone: string): TimeOffSpan {
  const days = daysBetween(startDate, endDate) + 1;
  if (days < 1) throw CommonErrors.validation([{ field: 'endDate', message: 'must not be before startDate' }]);
  if (days > MAX_TIME_OFF_DAYS) throw CommonErrors.validation([{ field: 'endDate', message: `must be at most ${MAX_TIME_OFF_DAYS} days from startDate (both counted)` }]);
  return { start: startOfDay(startDate, timeZone), end: endOfDay(endDate, timeZone), allDay: true, timeZone };
}

/** The inclusive dates of a whole-day span, as it was entered. */
export function spanDates(start: number, end: number, timeZone: string): { startDate: string; endDate: string } {
  return { startDate: instantToDate(start, timeZone), endDate: addDays(instantToDate(end, timeZone), -1) };
}

/** `2027-03-01 – 2027-03-03`, `2027-03-01 14:00 – 18:00`: how messages show a span, in `timeZone`. */
export function describeSpan(span: { start: number; end: number; allDay: boolean }, timeZone: string): string {
  if (span.allDay) {
    const { startDate, endDate } = spanDates(span.start, span.end, timeZone);
    return startDate === endDate ? startDate : `${startDate} – ${endDate}`;
  }
  const local = (ms: number) => {
    const text = formatInstant(ms, timeZone);
    return { date: text.slice(0, 10), wall: text.slice(11, 16) };
  };
  const from = local(span.start);
  const to = local(span.end);
  return from.date === to.date ? `${from.date} ${from.wall} – ${to.wall}` : `${from.date} ${from.wall} – ${to.date} ${to.wall}`;
}
