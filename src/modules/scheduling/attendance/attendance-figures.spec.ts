import fc from 'fast-check';
import { attendanceDays, type ClockedSpan, type PlannedShift } from './attendance-figures.js';
import { clockTime, nearestShift } from './clock-rules.js';

const at = (time: string) => Date.parse(`2026-11-23T${time}:00+08:00`);
const shift = (id: string, start: string, end: string, breaks: Array<[string, string]> = [], date = '2026-11-23'): PlannedShift => ({
  id,
  storeId: 'store',
  date,
  start: at(start),
  end: at(end),
  breaks: breaks.map(([s, e]) => ({ start: at(s), end: at(e) })),
});
const record = (id: string, shiftId: string | null, clockIn: string, clockOut: string | null, date = '2026-11-23'): ClockedSpan => ({
  id,
  shiftId,
  date,
  clockIn: at(clockIn),
  clockOut: clockOut === null ? null : at(clockOut),
});
const oneDay = (shifts: PlannedShift[], records: ClockedSpan[], now = '23:59', graceMinutes = 5) =>
  attendanceDays({ from: '2026-11-23', to: '2026-11-23', shifts, records, nowMs: at(now), graceMinutes })[0];

describe('attendance figures', () => {
  it('plans the shift minus its breaks and counts the clocked time', () => {
    const day = oneDay([shift('s', '10:00', '19:00', [['12:30', '13:15']])], [record('r', 's', '09:55', '19:05')]);
    expect(day).toMatchObject({ plannedMinutes: 495, workedMinutes: 550, lateMinutes: 0, earlyLeaveMinutes: 0, absent: false, unplannedMinutes: 0 });
    expect(day.shifts).toEqual([expect.objectContaining({ shiftId: 's', plannedMinutes: 495, workedMinutes: 550, lateMinutes: 0, earlyLeaveMinutes: 0, absent: false })]);
  });

  it('forgives the grace, then counts lateness from the start of the shift', () => {
    expect(oneDay([shift('s', '10:00', '19:00')], [record('r', 's', '10:05', '19:00')]).lateMinutes).toBe(0);
    expect(oneDay([shift('s', '10:00', '19:00')], [record('r', 's', '10:06', '19:00')]).lateMinutes).toBe(6);
    expect(oneDay([shift('s', '10:00', '19:00')], [record('r', 's', '10:20', '19:00')], '23:59', 0).lateMinutes).toBe(20);
    expect(oneDay([shift('s', '10:00', '19:00')], [record('r', 's', '10:20', '19:00')], '23:59', 30).lateMinutes).toBe(0);
  });

  it('counts an early leave from the last clock-out, not from a break taken out of the clock', () => {
    const split = oneDay([shift('s', '10:00', '19:00')], [record('a', 's', '10:00', '12:00'), record('b', 's', '13:00', '18:30')]);
    expect(split).toMatchObject({ workedMinutes: 450, earlyLeaveMinutes: 30, lateMinutes: 0 });
    // Still at work: no early leave yet, and the open record counts until now.
    expect(oneDay([shift('s', '10:00', '19:00')], [record('r', 's', '10:00', null)], '15:00')).toMatchObject({ workedMinutes: 300, earlyLeaveMinutes: 0 });
  });

  it('says absent only once a shift with no record has ended', () => {
    expect(oneDay([shift('s', '10:00', '19:00')], [], '18:59').absent).toBe(false);
    expect(oneDay([shift('s', '10:00', '19:00')], [], '19:00')).toMatchObject({ absent: true, workedMinutes: 0, lateMinutes: 0, plannedMinutes: 540 });
  });

  it('counts work with no shift, or on a shift no longer planned, as unplanned', () => {
    const day = oneDay([], [record('a', null, '14:00', '16:00'), record('b', 'cancelled-shift', '17:00', '17:30')]);
    expect(day).toMatchObject({ plannedMinutes: 0, workedMinutes: 150, unplannedMinutes: 150, absent: false, shifts: [] });
  });

  it('gives every date of the range, each with its own shifts and records', () => {
    const days = attendanceDays({
      from: '2026-11-22',
      to: '2026-11-24',
      shifts: [shift('s', '10:00', '19:00')],
      records: [record('r', 's', '10:00', '19:00'), record('x', null, '10:00', '11:00', '2026-11-24')],
      nowMs: at('23:00'),
      graceMinutes: 5,
    });
    expect(days.map((d) => [d.date, d.plannedMinutes, d.workedMinutes, d.unplannedMinutes])).toEqual([
      ['2026-11-22', 0, 0, 0],
      ['2026-11-23', 540, 540, 0],
      ['2026-11-24', 0, 60, 60],
    ]);
  });

  it('keeps every figure at or above zero, and late plus early within the shift for work inside it (property)', () => {
    const minute = 60_000;
    const base = at('00:00');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 * 60 }),
        fc.integer({ min: 30, max: 16 * 60 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 4 }),
        fc.integer({ min: 0, max: 30 }),
        (startMin, length, spans, grace) => {
          const planned: PlannedShift = { id: 's', storeId: 'store', date: '2026-11-23', start: base + startMin * minute, end: base + (startMin + length) * minute, breaks: [] };
          // Records inside the shift, apart from each other (as the database keeps them).
          const cuts = spans.flat().sort((a, b) => a - b);
          const records: ClockedSpan[] = [];
          for (let i = 0; i + 1 < cuts.length; i += 2) {
            const clockIn = planned.start + Math.round(cuts[i] * length) * minute;
            const clockOut = planned.start + Math.round(cuts[i + 1] * length) * minute;
            if (clockOut > clockIn) records.push({ id: `r${i}`, shiftId: 's', date: '2026-11-23', clockIn, clockOut });
          }
          const [day] = attendanceDays({ from: '2026-11-23', to: '2026-11-23', shifts: [planned], records, nowMs: base + 2 * 24 * 60 * minute, graceMinutes: grace });
          for (const value of [day.plannedMinutes, day.workedMinutes, day.lateMinutes, day.earlyLeaveMinutes, day.unplannedMinutes]) expect(value).toBeGreaterThanOrEqual(0);
          expect(day.plannedMinutes).toBe(length);
          expect(day.workedMinutes).toBeLessThanOrEqual(length);
          expect(day.lateMinutes + day.earlyLeaveMinutes + day.workedMinutes).toBeLessThanOrEqual(length);
          expect(day.unplannedMinutes).toBe(0);
          expect(day.absent).toBe(records.length === 0);
        },
      ),
    );
  });
});

describe('clock rules', () => {
  const shifts = [
    { id: 'morning', start: at('09:00'), end: at('14:00') },
    { id: 'afternoon', start: at('14:00'), end: at('19:00') },
    { id: 'evening', start: at('22:00'), end: at('23:30') },
  ];

  it('matches a clock-in to the shift whose start is nearest, among those within two hours', () => {
    expect(nearestShift(shifts, at('08:50'))?.id).toBe('morning');
    expect(nearestShift(shifts, at('13:55'))?.id).toBe('afternoon');
    expect(nearestShift(shifts, at('11:00'))?.id).toBe('morning');
    expect(nearestShift(shifts, at('20:30'))?.id).toBe('evening');
    expect(nearestShift(shifts, at('21:00'))?.id).toBe('evening');
    // More than two hours from any shift: unplanned work.
    expect(nearestShift(shifts, at('06:59'))).toBeNull();
    expect(nearestShift([shifts[0]], at('16:00'))).toBeNull();
    expect(nearestShift([shifts[0]], at('15:59'))?.id).toBe('morning');
  });

  it('takes now, or a past time within the last 24 hours', () => {
    const now = at('12:00');
    expect(clockTime(undefined, now)).toBe(now);
    expect(clockTime('2026-11-23T11:00:00+08:00', now)).toBe(at('11:00'));
    expect(clockTime('2026-11-22T12:00:00+08:00', now)).toBe(now - 86_400_000);
    expect(() => clockTime('2026-11-22T11:59:00+08:00', now)).toThrow('within the last 24 hours');
    expect(() => clockTime('2026-11-23T12:01:00+08:00', now)).toThrow('must not be in the future');
  });
});
