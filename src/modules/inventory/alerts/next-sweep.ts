import { addDays, minutesOf, todayIn, zonedToInstant } from '../../../common/clock/index.js';

/** The first instant after `afterMs` at which the wall clock in `timeZone` shows `time` (`HH:MM`). */
export function nextSweepAt(afterMs: number, time: string, timeZone: string): Date {
  const today = todayIn(timeZone, afterMs);
  const at = zonedToInstant(today, minutesOf(time), timeZone);
  return new Date(at > afterMs ? at : zonedToInstant(addDays(today, 1), minutesOf(time), timeZone));
}
