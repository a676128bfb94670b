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

/** The zone's offset from UTC at an instant, in milliseconds (east positive: Shanghai = +8 h). */
export function offsetAt(instantMs: number, timeZone: string): number {
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

/** How long the local calendar day lasts in `timeZone`, in milliseconds (23 h or 25 h on DST days). */
export function dayLengthMs(date: string, timeZone: string): number {
  return zonedToInstant(addDays(date, 1), 0, timeZone) - zonedToInstant(date, 0, timeZone);
}
