/**
 * Calendar dates and wall-clock times in an IANA time zone, with the offsets read from
 * `Intl.DateTimeFormat` (the ICU time zone database Node ships), so daylight saving time is right
 * without a date library. Pure functions; the formatters are cached per zone.
 *
 * Local times that do not exist or exist twice (DST changes) are resolved like Temporal's
 * `disambiguation: 'compatible'`: in a gap (spring forward) the time moves forward by the gap
 * (Berlin 02:30 on the last Sunday of March → 03:30+02:00); in an overlap (fall back) the earlier
 * instant wins (Berlin 02:30 on the last Sunday of October → 02:30+02:00).
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * Per zone, the offset of each UTC day (by day number) whose start and end have the same offset, so
 * the whole day has it (real zones never change offset twice within two days, as below): a search
 * converts thousands of slot times, and `formatToParts` costs microseconds each. Days with a change
 * are not cached. Cleared when large; a few hundred days per zone are in use at a time.
 */
const steadyDays = new Map<string, Map<number, number>>();
const STEADY_DAYS_LIMIT = 20_000;

/** The zone's offset from UTC at an instant, in milliseconds (east positive: Shanghai = +8 h). */
export function offsetAt(instantMs: number, timeZone: string): number {
  const day = Math.floor(instantMs / DAY_MS);
  let days = steadyDays.get(timeZone);
  const known = days?.get(day);
  if (known !== undefined) return known;
  const atStart = exactOffsetAt(day * DAY_MS, timeZone);
  if (atStart !== exactOffsetAt((day + 1) * DAY_MS - 1000, timeZone)) return exactOffsetAt(instantMs, timeZone);
  if (!days || days.size >= STEADY_DAYS_LIMIT) steadyDays.set(timeZone, (days = new Map<number, number>()));
  days.set(day, atStart);
  return atStart;
}

function exactOffsetAt(instantMs: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) parts[part.type] = part.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const asUtc = Date.UTC(year, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  // The formatter drops milliseconds: compare against the instant truncated to the second.
  return asUtc - (instantMs - (((instantMs % 1000) + 1000) % 1000));
}

/** A calendar date `YYYY-MM-DD`. */
export const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of a calendar date, or NaN when it is not a real date (`2026-02-30`). */
export function dateToUtcMs(date: string): number {
  const match = PLAIN_DATE.exec(date);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? ms : Number.NaN;
}

export function isPlainDate(value: string): boolean {
  return !Number.isNaN(dateToUtcMs(value));
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(dateToUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** Day of the week of a calendar date, `0` = Sunday. */
export function dayOfWeek(date: string): number {
  return new Date(dateToUtcMs(date)).getUTCDay();
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `minutes` after midnight.
 * `minutes` may be 1440 (the next day's midnight). Gaps and overlaps as described above.
 */
export function zonedToInstant(date: string, minutes: number, timeZone: string): number {
  const wall = dateToUtcMs(date) + minutes * MINUTE_MS;
  // The offsets in force a day either side: real zones never change offset twice within two days.
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])].map((offset) => wall - offset).filter((instant) => instant + offsetAt(instant, timeZone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: read the wall time with the offset from before the change, which lands after the gap.
  return wall - before;
}

/** The local calendar date of an instant in `timeZone`. */
export function instantToDate(instantMs: number, timeZone: string): string {
  return new Date(instantMs + offsetAt(instantMs, timeZone)).toISOString().slice(0, 10);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** `2026-11-22T10:00:00+08:00`: ISO 8601 with the zone's offset at that instant. */
export function formatInstant(instantMs: number, timeZone: string): string {
  const offset = offsetAt(instantMs, timeZone);
  const local = new Date(instantMs + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const total = Math.round(Math.abs(offset) / MINUTE_MS);
  return `${local}${sign}${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** Zones change offset on a quarter hour at the earliest (DST at :00 or :30, Nepal's +05:45): one read of Intl per quarter hour is exact. */
const OFFSET_BUCKET_MS = 15 * MINUTE_MS;

/**
 * `formatInstant` for many instants of one zone (an answer of hundreds of times): the offset, which costs
 * an Intl read (~10 µs), is read once per quarter hour of UTC time and reused.
 */
export function instantFormatter(timeZone: string): (instantMs: number) => string {
  const offsets = new Map<number, number>();
  return (instantMs) => {
    const bucket = Math.floor(instantMs / OFFSET_BUCKET_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = offsetAt(bucket * OFFSET_BUCKET_MS, timeZone);
      offsets.set(bucket, offset);
    }
    const local = new Date(instantMs + offset).toISOString().slice(0, 19);
    const total = Math.round(Math.abs(offset) / MINUTE_MS);
    return `${local}${offset < 0 ? '-' : '+'}${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
  };
}

/** How long the local calendar day lasts in `timeZone`, in milliseconds (23 h or 25 h on DST days). */
export function dayLengthMs(date: string, timeZone: string): number {
  return zonedToInstant(addDays(date, 1), 0, timeZone) - zonedToInstant(date, 0, timeZone);
}

/** `HH:mm` (00:00–23:59, or 24:00 for the end of a day) as minutes after midnight. */
export function minutesOf(time: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes <= 1440)) throw new RangeError(`time must be HH:mm from 00:00 to 24:00, not ${JSON.stringify(time)}`);
  return minutes;
}

/** The local calendar date (`YYYY-MM-DD`) in `timeZone` at `instantMs`: "today" there. */
export function todayIn(timeZone: string, instantMs: number): string {
  return instantToDate(instantMs, timeZone);
}

/**
 * The first instant of the local day `date` in `timeZone`. Usually its midnight; where midnight
 * does not exist (a DST gap at 00:00, as in Santiago or Havana) the first wall time that does.
 */
export function startOfDay(date: string, timeZone: string): number {
  return zonedToInstant(date, 0, timeZone);
}

/** The end of the local day `date`, exclusive: the start of the next day (a day is `[start, end)`, 23 to 25 hours). */
export function endOfDay(date: string, timeZone: string): number {
  return zonedToInstant(addDays(date, 1), 0, timeZone);
}

/**
 * The instant `days` local days after the local date of `instantMs`, at wall time `time` (`HH:mm`):
 * "tomorrow at 10:00" is `dayAt(now, 1, '10:00', zone)`. Counted in calendar days, not 24 h, so it
 * stays 10:00 across a DST change; a time in a gap moves forward by the gap (see above).
 */
export function dayAt(instantMs: number, days: number, time: string, timeZone: string): number {
  return zonedToInstant(addDays(todayIn(timeZone, instantMs), days), minutesOf(time), timeZone);
}

/**
 * The date `years` years before `date` (both `YYYY-MM-DD`). 29 February becomes 28 February in a
 * non-leap year, as PostgreSQL's `date - interval 'n years'` counts it.
 */
export function yearsBefore(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = year - years;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${pad(month)}-${pad(Math.min(day, lastDay))}`;
}

/**
 * Full years from `birthday` to the local date `on` (both `YYYY-MM-DD`), as PostgreSQL's `age()`
 * counts them. Someone born on 29 February is a year older on 1 March in a non-leap year (not on
 * 28 February): born 2008-02-29, 17 on 2026-02-28, 18 on 2026-03-01. The law of most places
 * (China and the UK included) counts it so, and it keeps `ageOn(b, d) >= n ⇔ b <= yearsBefore(d, n)`.
 */
export function ageOn(birthday: string, on: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number);
  const [ty, tm, td] = on.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
