/**
 * The attendance figures of a person over local dates, from their planned shifts and their clocked
 * records. Pure (times in epoch milliseconds); the service reads the rows and the clock.
 *
 * - planned: the shift minus its breaks;
 * - worked: clocked time (an open record counts until now), whatever the shift; unplanned: the part
 *   with no shift;
 * - late: the first clock-in of a shift after its start plus the grace counts from the start;
 * - early leave: the last clock-out of a shift before its end counts to the end;
 * - absent: a shift that has ended with no record.
 * Minutes are rounded to the nearest minute once, after adding up.
 */
import { addDays, daysBetween } from '../../../common/clock/index.js';

const MINUTE = 60_000;

export interface PlannedShift {
  id: string;
  storeId: string;
  /** The local date (store's zone) it starts on. */
  date: string;
  start: number;
  end: number;
  breaks: ReadonlyArray<{ start: number; end: number }>;
}

export interface ClockedSpan {
  id: string;
  /** The shift it was matched to; null (or a shift not among the planned ones): unplanned work. */
  shiftId: string | null;
  /** The local date it counts for: its shift's, else that of its clock-in in its store's zone. */
  date: string;
  clockIn: number;
  clockOut: number | null;
}

export interface ShiftFigures {
  shiftId: string;
  storeId: string;
  start: Date;
  end: Date;
  plannedMinutes: number;
  workedMinutes: number;
  lateMinutes: number;
  earlyLeaveMinutes: number;
  absent: boolean;
}

export interface DayFigures {
  date: string;
  plannedMinutes: number;
  workedMinutes: number;
  lateMinutes: number;
  earlyLeaveMinutes: number;
  /** A planned shift that day ended with no record. */
  absent: boolean;
  unplannedMinutes: number;
  shifts: ShiftFigures[];
}

export interface AttendanceInput {
  /** Inclusive local dates. */
  from: string;
  to: string;
  shifts: readonly PlannedShift[];
  records: readonly ClockedSpan[];
  nowMs: number;
  graceMinutes: number;
}

const minutes = (ms: number) => Math.round(ms / MINUTE);
const clocked = (record: ClockedSpan, nowMs: number) => Math.max(0, (record.clockOut ?? nowMs) - record.clockIn);

/** What one shift's records say about it (in milliseconds). */
function shiftMs(shift: PlannedShift, records: readonly ClockedSpan[], nowMs: number, graceMs: number) {
  const breaks = shift.breaks.reduce((sum, b) => sum + Math.max(0, Math.min(b.end, shift.end) - Math.max(b.start, shift.start)), 0);
  const ordered = [...records].sort((a, b) => a.clockIn - b.clockIn);
  const lateBy = ordered.length ? ordered[0].clockIn - shift.start : 0;
  const lastOut = ordered.length ? ordered[ordered.length - 1].clockOut : null;
  return {
    planned: shift.end - shift.start - breaks,
    worked: ordered.reduce((sum, record) => sum + clocked(record, nowMs), 0),
    late: lateBy > graceMs ? lateBy : 0,
    earlyLeave: lastOut !== null && lastOut < shift.end ? shift.end - lastOut : 0,
    absent: ordered.length === 0 && shift.end <= nowMs,
  };
}

/** One entry per date from `from` to `to`, each with its shifts in start order. */
export function attendanceDays(input: AttendanceInput): DayFigures[] {
  const graceMs = input.graceMinutes * MINUTE;
  const planned = new Map(input.shifts.map((shift) => [shift.id, shift]));
  const byShift = new Map<string, ClockedSpan[]>();
  for (const record of input.records) {
    if (record.shiftId !== null && planned.has(record.shiftId)) byShift.set(record.shiftId, [...(byShift.get(record.shiftId) ?? []), record]);
  }
  const days: DayFigures[] = [];
  for (let i = 0; i <= daysBetween(input.from, input.to); i++) {
    const date = addDays(input.from, i);
    const shifts = input.shifts.filter((shift) => shift.date === date).sort((a, b) => a.start - b.start);
    const figures = shifts.map((shift) => ({ shift, ms: shiftMs(shift, byShift.get(shift.id) ?? [], input.nowMs, graceMs) }));
    const records = input.records.filter((record) => record.date === date);
    const unplanned = records.filter((record) => record.shiftId === null || !planned.has(record.shiftId));
    const sum = (pick: (ms: ReturnType<typeof shiftMs>) => number) => minutes(figures.reduce((total, f) => total + pick(f.ms), 0));
    days.push({
      date,
      plannedMinutes: sum((ms) => ms.planned),
      workedMinutes: minutes(records.reduce((total, record) => total + clocked(record, input.nowMs), 0)),
      lateMinutes: sum((ms) => ms.late),
      earlyLeaveMinutes: sum((ms) => ms.earlyLeave),
      absent: figures.some((f) => f.ms.absent),
      unplannedMinutes: minutes(unplanned.reduce((total, record) => total + clocked(record, input.nowMs), 0)),
      shifts: figures.map(({ shift, ms }) => ({
        shiftId: shift.id,
        storeId: shift.storeId,
        start: new Date(shift.start),
        end: new Date(shift.end),
        plannedMinutes: minutes(ms.planned),
        workedMinutes: minutes(ms.worked),
        lateMinutes: minutes(ms.late),
        earlyLeaveMinutes: minutes(ms.earlyLeave),
        absent: ms.absent,
      })),
    });
  }
  return days;
}
