import fc from 'fast-check';
import { breaksProblem, closedReason, closedWeekdays, dayProblems, endProblem } from './shift-day.js';

const open = [{ open: '10:00', close: '21:00' }];
const hours = { monday: [], tuesday: open, wednesday: open, thursday: open, friday: open, saturday: open, sunday: open };

describe('one working day', () => {
  it('accepts a day with its lunch break, and a day ending at 24:00', () => {
    expect(dayProblems({ start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] })).toEqual([]);
    expect(dayProblems({ start: '08:00', end: '24:00', breaks: [] })).toEqual([]);
  });

  it('wants the end after the start, and at most 16 hours after', () => {
    expect(endProblem({ start: '19:00', end: '10:00' })).toBe('must be after start');
    expect(endProblem({ start: '10:00', end: '10:00' })).toBe('must be after start');
    expect(endProblem({ start: '06:00', end: '22:00' })).toBeUndefined();
    expect(endProblem({ start: '06:00', end: '22:01' })).toBe('must be at most 16 hours after start');
    expect(dayProblems({ start: '19:00', end: '10:00', breaks: [] }, 'week.monday.')).toEqual([{ field: 'week.monday.end', message: 'must be after start' }]);
  });

  it('names malformed times and leaves the other rules to well-formed ones', () => {
    expect(dayProblems({ start: '24:00', end: '25:00', breaks: [] })).toEqual([
      { field: 'start', message: 'must be a time HH:mm from 00:00 to 23:59' },
      { field: 'end', message: 'must be a time HH:mm from 00:01 to 24:00' },
    ]);
    expect(endProblem({ start: '9:00', end: '10:00' })).toBeUndefined();
  });

  it('keeps breaks inside the shift and apart from each other (touching is fine)', () => {
    const shift = { start: '10:00', end: '19:00' };
    expect(breaksProblem(shift, [{ start: '09:30', end: '10:30' }])).toBe('[0] must lie inside the shift (10:00–19:00)');
    expect(breaksProblem(shift, [{ start: '18:30', end: '19:30' }])).toBe('[0] must lie inside the shift (10:00–19:00)');
    expect(
      breaksProblem(shift, [
        { start: '15:00', end: '15:15' },
        { start: '12:30', end: '13:15' },
        { start: '13:00', end: '13:30' },
      ]),
    ).toBe('[2] overlaps [1] (12:30–13:15 and 13:00–13:30)');
    expect(
      breaksProblem(shift, [
        { start: '12:30', end: '13:00' },
        { start: '13:00', end: '13:15' },
      ]),
    ).toBeUndefined();
    // A reversed break is its own field's problem, reported once.
    expect(dayProblems({ ...shift, breaks: [{ start: '13:15', end: '12:30' }] })).toEqual([{ field: 'breaks[0].end', message: 'must be after start' }]);
    expect(
      breaksProblem(
        shift,
        Array.from({ length: 7 }, (_, i) => ({ start: `1${i}:00`, end: `1${i}:10` })),
      ),
    ).toBe('must have at most 6 items');
  });

  it('never accepts a break outside its shift nor two overlapping breaks (property)', () => {
    const minute = fc.integer({ min: 0, max: 1440 });
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const span = fc.tuple(minute, minute).filter(([a, b]) => a < b && a < 1440);
    fc.assert(
      fc.property(span, fc.array(span, { maxLength: 4 }), ([start, end], breaks) => {
        const ok = dayProblems({ start: hhmm(start), end: hhmm(end), breaks: breaks.map(([a, b]) => ({ start: hhmm(a), end: hhmm(b) })) }).length === 0;
        const inside = breaks.every(([a, b]) => a >= start && b <= end);
        const sorted = [...breaks].sort((x, y) => x[0] - y[0]);
        const apart = sorted.every((item, i) => i === 0 || item[0] >= sorted[i - 1][1]);
        expect(ok).toBe(inside && apart && end - start <= 960);
      }),
    );
  });
});

describe('closed days', () => {
  it('closes on empty weekly hours unless special hours open the date, and on a dated closure', () => {
    const store = {
      businessHours: hours,
      overrides: [
        { date: '2027-01-11', kind: 'special_hours' as const },
        { date: '2027-01-12', kind: 'closed' as const },
      ],
    };
    expect(closedReason(store, '2027-01-04', 'monday')).toBe('weekly');
    expect(closedReason(store, '2027-01-11', 'monday')).toBeUndefined();
    expect(closedReason(store, '2027-01-12', 'tuesday')).toBe('closure');
    expect(closedReason(store, '2027-01-05', 'tuesday')).toBeUndefined();
    expect(closedWeekdays(hours)).toEqual(['monday']);
  });
});
