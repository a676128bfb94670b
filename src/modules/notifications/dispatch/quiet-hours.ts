import { addDays, minutesOf, todayIn, zonedToInstant } from '../../../common/clock/index.js';

/**
 * When the quiet hours that `atMs` falls in end, or undefined when it falls in none (pure). `start`
 * and `end` are the store's local wall-clock times (`21:30`–`08:30` spans midnight; `13:00`–`14:00`
 * does not); the instants are computed in its time zone day by day, so a DST change in between
 * moves the end by the wall clock (08:30 stays 08:30), and an end inside a DST gap moves forward by the gap.
 */
export function quietHoursEnd(atMs: number, timeZone: string, quietHours: { start: string; end: string } | null): number | undefined {
  if (!quietHours) return undefined;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return undefined;
  const today = todayIn(timeZone, atMs);
  // A window that spans midnight began yesterday or today; one within a day began today.
  for (const offset of start > end ? [-1, 0] : [0]) {
    const day = addDays(today, offset);
    const from = zonedToInstant(day, start, timeZone);
    const until = zonedToInstant(start > end ? addDays(day, 1) : day, end, timeZone);
    if (atMs >= from && atMs < until) return until;
  }
  return undefined;
}
