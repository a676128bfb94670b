/**
 * Property test of computeWorkingIntervals: random weekly patterns expanded over random date ranges
 * (Asia/Shanghai, and Europe/London around its DST changes), dated overrides, breaks, time off and
 * closures. Every time generated falls on a quarter hour, so checking each quarter-hour slot against a
 * plain oracle (in a shift, in no break, time off or closure, inside the range) is exact both ways:
 * what is answered is working time, and all working time is answered.
 */
import fc from 'fast-check';
import { addDays, dayOfWeek, instantToDate, offsetAt, zonedToInstant } from '../../../common/clock/index.js';
import { WEEKDAYS, type HoursInterval, type WeeklyHours } from '../../stores/index.js';
import type { Span } from './intervals.js';
import { computeWorkingIntervals, type ClosureDay, type ShiftSpan, type TimeOffSpan } from './working-intervals.js';

const QUARTER = 15 * 60_000;
const STAFF = ['a', 'b', 'c'];
const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** One day of a pattern, in local minutes after midnight: may run past midnight (at most 16 h). */
interface LocalShift {
  start: number;
  length: number;
  /** Offset from the shift's start and length, both in minutes. */
  breaks: Array<{ offset: number; length: number }>;
}

const quarters = (min: number, max: number) => fc.integer({ min, max }).map((q) => q * 15);
const localShift: fc.Arbitrary<LocalShift> = fc.record({
  start: quarters(0, 95),
  length: quarters(1, 64),
  breaks: fc.array(fc.record({ offset: quarters(0, 60), length: quarters(1, 8) }), { maxLength: 2 }),
});
const week = fc.array(fc.option(localShift, { freq: 3 }), { minLength: 7, maxLength: 7 });

const scenario = fc.record({
  timeZone: fc.constantFrom('Asia/Shanghai', 'Europe/London'),
  // A week before London's changes (2026-03-29, 2026-10-25, 2027-03-28), or before no change.
  base: fc.constantFrom('2026-03-22', '2026-10-18', '2027-03-21', '2026-06-01'),
  firstDay: fc.integer({ min: 0, max: 10 }),
  days: fc.integer({ min: 1, max: 14 }),
  weeks: fc.array(week, { minLength: STAFF.length, maxLength: STAFF.length }),
  // A dated shift replacing the day's (or taking it off), and sometimes an extra shift right after it (a split day in two rows).
  overrides: fc.array(fc.record({ staff: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 13 }), shift: fc.option(localShift), extra: fc.option(quarters(1, 16)) }), {
    maxLength: 6,
  }),
  timeOff: fc.array(fc.record({ staff: fc.integer({ min: 0, max: 2 }), startQuarter: fc.integer({ min: -96, max: 14 * 96 }), quarters: fc.integer({ min: 1, max: 3 * 96 }) }), {
    maxLength: 4,
  }),
  closures: fc.array(
    fc.record({
      // Often the change day itself (base + 7), so a closure of a 23- or 25-hour day meets the shifts around it.
      day: fc.oneof(fc.integer({ min: -1, max: 14 }), fc.constant('change' as const)),
      // Special hours from 04:00 on: never in a DST gap, where wall-clock hours and instants part ways.
      open: fc.option(fc.array(fc.tuple(quarters(16, 94), quarters(1, 30)), { minLength: 1, maxLength: 2 }), { freq: 2 }),
    }),
    { maxLength: 4 },
  ),
  // The store's weekly hours (from 04:00 on, as special hours), when working time is kept within opening hours.
  weekly: fc.option(fc.array(fc.option(fc.array(fc.tuple(quarters(16, 94), quarters(1, 40)), { minLength: 1, maxLength: 2 }), { freq: 4 }), { minLength: 7, maxLength: 7 }), {
    freq: 2,
  }),
  rangeStartQuarter: fc.integer({ min: -8, max: 96 }),
  rangeQuarters: fc.integer({ min: 1, max: 14 * 96 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function toShift(staffMemberId: string, date: string, local: LocalShift, timeZone: string): ShiftSpan {
  const at = (minutes: number) => zonedToInstant(date, minutes, timeZone);
  const shift = { start: at(local.start), end: at(local.start + local.length) };
  // A break is inside its shift (the database checks it); one the DST change pushed out is cut to fit.
  const breaks = local.breaks
    .map((b) => ({ start: Math.max(shift.start, at(local.start + b.offset)), end: Math.min(shift.end, at(local.start + b.offset + b.length)) }))
    .filter((b) => b.start < b.end);
  return { staffMemberId, ...shift, breaks };
}

/** The rows the reader would fetch: the weekly patterns expanded, overridden on some dates. */
function expand(s: Scenario) {
  const firstDate = addDays(s.base, s.firstDay);
  const planned = new Map<string, LocalShift | null>();
  for (const [i, pattern] of s.weeks.entries()) {
    for (let d = 0; d < s.days; d++) planned.set(`${i}|${d}`, pattern[dayOfWeek(addDays(firstDate, d))]);
  }
  for (const o of s.overrides) if (o.day < s.days) planned.set(`${o.staff}|${o.day}`, o.shift);
  const shifts: ShiftSpan[] = [];
  for (const [key, local] of planned) {
    const [i, d] = key.split('|').map(Number);
    if (local) shifts.push(toShift(STAFF[i], addDays(firstDate, d), local, s.timeZone));
  }
  for (const o of s.overrides) {
    const local = planned.get(`${o.staff}|${o.day}`);
    if (o.day < s.days && local && o.extra) {
      shifts.push(toShift(STAFF[o.staff], addDays(firstDate, o.day), { start: local.start + local.length, length: o.extra, breaks: [] }, s.timeZone));
    }
  }
  const dayStart = zonedToInstant(firstDate, 0, s.timeZone);
  const timeOff: TimeOffSpan[] = s.timeOff.map((t) => ({
    staffMemberId: STAFF[t.staff],
    start: dayStart + t.startQuarter * QUARTER,
    end: dayStart + (t.startQuarter + t.quarters) * QUARTER,
  }));
  const closures = new Map<string, ClosureDay>();
  for (const c of s.closures) {
    const date = c.day === 'change' ? addDays(s.base, 7) : addDays(firstDate, c.day);
    closures.set(date, { date, kind: c.open ? 'special_hours' : 'closed', intervals: hoursOf(c.open ?? []) });
  }
  // Index 0 is Monday, as WEEKDAYS.
  const weekly = s.weekly ? (Object.fromEntries(WEEKDAYS.map((day, i) => [day, hoursOf(s.weekly![i] ?? [])])) as WeeklyHours) : null;
  const from = dayStart + s.rangeStartQuarter * QUARTER;
  return { shifts, timeOff, closures: [...closures.values()], weekly, from, to: from + s.rangeQuarters * QUARTER };
}

/** Sorted, non-overlapping `HH:mm` intervals from `[open, length]` pairs in minutes. */
function hoursOf(pairs: ReadonlyArray<readonly [number, number]>): HoursInterval[] {
  return pairs
    .map(([open, length]) => ({ open, close: Math.min(open + length, 1440) }))
    .sort((x, y) => x.open - y.open)
    .filter((x, i, all) => i === 0 || x.open >= all[i - 1].close)
    .map((x) => ({ open: hhmm(x.open), close: hhmm(x.close) }));
}

const within = (t: number, spans: readonly Span[]) => spans.some((x) => x.start <= t && t < x.end);

/** Closed at instant t: by the local date and wall clock read there, not by the code under test; `weekly` given, also outside its hours. */
function closedAt(t: number, closures: readonly ClosureDay[], timeZone: string, weekly: WeeklyHours | null): boolean {
  const date = instantToDate(t, timeZone);
  const closure = closures.find((c) => c.date === date);
  const wall = Math.floor((((t + offsetAt(t, timeZone)) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000;
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const openIn = (intervals: readonly HoursInterval[]) => intervals.some((i) => minutes(i.open) <= wall && wall < minutes(i.close));
  if (closure) return closure.kind === 'closed' || !openIn(closure.intervals);
  return weekly !== null && !openIn(weekly[WEEKDAYS[(dayOfWeek(date) + 6) % 7]]);
}

describe('computeWorkingIntervals (property)', () => {
  it('answers exactly the shift time outside breaks, time off and closures (and opening hours when asked), inside the range, sorted and disjoint', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const rows = expand(s);
        const requested = [...STAFF, 'nobody'];
        const result = computeWorkingIntervals({
          timeZone: s.timeZone,
          from: new Date(rows.from),
          to: new Date(rows.to),
          staffMemberIds: requested,
          shifts: rows.shifts,
          timeOff: rows.timeOff,
          closures: rows.closures,
          openingHours: rows.weekly,
        });
        expect([...result.keys()].sort()).toEqual([...requested].sort());
        for (const id of requested) {
          const intervals = result.get(id)!.map((i) => ({ start: i.start.getTime(), end: i.end.getTime() }));
          intervals.forEach((x, i) => {
            expect(x.start).toBeLessThan(x.end);
            if (i > 0) expect(intervals[i - 1].end).toBeLessThan(x.start);
          });
          const shifts = rows.shifts.filter((x) => x.staffMemberId === id);
          const breaks = shifts.flatMap((x) => x.breaks);
          const away = rows.timeOff.filter((x) => x.staffMemberId === id);
          const wrong: string[] = [];
          for (let t = rows.from; t < rows.to && wrong.length === 0; t += QUARTER) {
            const answered = within(t, intervals);
            const why = { inShift: within(t, shifts), onBreak: within(t, breaks), offWork: within(t, away), closed: closedAt(t, rows.closures, s.timeZone, rows.weekly) };
            const working = why.inShift && !why.onBreak && !why.offWork && !why.closed;
            if (answered !== working) wrong.push(`${id} at ${new Date(t).toISOString()}: answered ${answered}, ${JSON.stringify(why)}`);
          }
          expect(wrong).toEqual([]);
          // Nothing outside [from, to).
          if (intervals.length) expect(intervals[0].start >= rows.from && intervals[intervals.length - 1].end <= rows.to).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
