/**
 * The coverage a manager checks before publishing a roster: for each local hour in which anyone works,
 * how many staff work at least half of it, in all and per skill. Pure. Hours are real hours counted from
 * the first local midnight, so a DST day has 23 or 25 of them (25 October in London shows 01:00 twice,
 * told apart by `start`).
 */
import { endOfDay, formatInstant, startOfDay } from '../../../common/clock/index.js';
import type { Span } from '../working-time/intervals.js';

const HOUR_MS = 3_600_000;
/** A staff member counts for an hour when they work at least this much of it. */
export const COVERAGE_MIN_MS = 30 * 60_000;

export interface CoverageStaff {
  skills: readonly string[];
  /** Their working intervals, sorted and disjoint. */
  intervals: readonly Span[];
}

export interface CoverageHour {
  /** Local date and wall-clock hour (`14:00`) where the hour starts. */
  date: string;
  hour: string;
  /** The hour's first instant, ISO 8601 with the store's offset. */
  start: string;
  /** Staff working at least 30 minutes of the hour. */
  staff: number;
  /** The same, per skill (skills nobody counted has are left out). */
  skills: Record<string, number>;
}

/** Coverage of the local dates `from` to `to` (inclusive) in `timeZone`. */
export function computeCoverage(input: { timeZone: string; from: string; to: string; staff: readonly CoverageStaff[] }): CoverageHour[] {
  const first = startOfDay(input.from, input.timeZone);
  const last = endOfDay(input.to, input.timeZone);
  // Milliseconds each staff member works in each hour, by hour index from `first`.
  const worked = new Map<number, number[]>();
  input.staff.forEach((member, m) => {
    for (const span of member.intervals) {
      const start = Math.max(span.start, first);
      const end = Math.min(span.end, last);
      for (let h = Math.floor((start - first) / HOUR_MS); first + h * HOUR_MS < end; h++) {
        const hourStart = first + h * HOUR_MS;
        const overlap = Math.min(end, hourStart + HOUR_MS) - Math.max(start, hourStart);
        if (overlap <= 0) continue;
        let row = worked.get(h);
        if (!row) worked.set(h, (row = new Array<number>(input.staff.length).fill(0)));
        row[m] += overlap;
      }
    }
  });
  return [...worked.keys()]
    .sort((a, b) => a - b)
    .map((h) => {
      const start = formatInstant(first + h * HOUR_MS, input.timeZone);
      const counted = input.staff.filter((_, m) => worked.get(h)![m] >= COVERAGE_MIN_MS);
      const skills: Record<string, number> = {};
      for (const member of counted) for (const skill of member.skills) skills[skill] = (skills[skill] ?? 0) + 1;
      return { date: start.slice(0, 10), hour: start.slice(11, 16), start, staff: counted.length, skills };
    });
}
