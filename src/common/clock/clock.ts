/**
 * The time now, injected: business logic that decides "today", "tomorrow at 10:00" or an age asks
 * the `Clock` instead of `Date.now()`, so a test can stand at 23:59:59 in Shanghai and step a second
 * forward. Production uses `SystemClock`; tests pass a `FixedClock` (createApp's `clock` option).
 */
import { dayAt, todayIn } from './zoned-time.js';

export abstract class Clock {
  /** Milliseconds since the epoch. */
  abstract nowMs(): number;

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Today's local date (`YYYY-MM-DD`) in `timeZone`. */
  today(timeZone: string): string {
    return todayIn(timeZone, this.nowMs());
  }

  /** `days` local days from today in `timeZone`, at wall time `time` (`HH:mm`): `at(1, '10:00', zone)` is tomorrow at 10:00. */
  at(days: number, time: string, timeZone: string): Date {
    return new Date(dayAt(this.nowMs(), days, time, timeZone));
  }
}

export class SystemClock extends Clock {
  nowMs(): number {
    return Date.now();
  }
}

/** A clock that stands still until it is set or advanced (tests). */
export class FixedClock extends Clock {
  private ms: number;

  constructor(at: Date | string | number) {
    super();
    this.ms = FixedClock.toMs(at);
  }

  private static toMs(at: Date | string | number): number {
    const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(at)}`);
    return ms;
  }

  nowMs(): number {
    return this.ms;
  }

  set(at: Date | string | number): this {
    this.ms = FixedClock.toMs(at);
    return this;
  }

  advance(ms: number): this {
    this.ms += ms;
    return this;
  }
}
