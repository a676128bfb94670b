import fc from 'fast-check';
import { dayIntervalsProblem, minutesOf, normalizeWeeklyHours, weekdayOf, type HoursInterval } from './business-hours.js';

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

describe('business hours validation', () => {
  it('accepts ordered, split and touching intervals, and 24:00 as a close', () => {
    expect(dayIntervalsProblem([])).toBeUndefined();
    expect(dayIntervalsProblem([{ open: '10:00', close: '21:00' }])).toBeUndefined();
    expect(
      dayIntervalsProblem([
        { open: '14:00', close: '21:00' },
        { open: '09:00', close: '12:00' },
      ]),
    ).toBeUndefined();
    expect(
      dayIntervalsProblem([
        { open: '09:00', close: '12:00' },
        { open: '12:00', close: '24:00' },
      ]),
    ).toBeUndefined();
    expect(dayIntervalsProblem([{ open: '00:00', close: '24:00' }])).toBeUndefined();
  });

  it('refuses an interval that does not open before it closes, including one past midnight', () => {
    expect(dayIntervalsProblem([{ open: '21:00', close: '10:00' }])).toMatch(/open before it closes/);
    expect(dayIntervalsProblem([{ open: '10:00', close: '10:00' }])).toMatch(/open before it closes/);
    expect(dayIntervalsProblem([{ open: '22:00', close: '02:00' }])).toMatch(/past midnight/);
  });

  it('refuses overlapping intervals, whatever their order', () => {
    expect(
      dayIntervalsProblem([
        { open: '09:00', close: '13:00' },
        { open: '12:00', close: '18:00' },
      ]),
    ).toMatch(/overlap/);
    expect(
      dayIntervalsProblem([
        { open: '12:00', close: '18:00' },
        { open: '09:00', close: '13:00' },
      ]),
    ).toMatch(/overlap/);
    expect(
      dayIntervalsProblem([
        { open: '09:00', close: '18:00' },
        { open: '10:00', close: '11:00' },
      ]),
    ).toMatch(/overlap/);
  });

  it('refuses malformed times and too many intervals', () => {
    expect(dayIntervalsProblem([{ open: '9:00', close: '18:00' }])).toMatch(/HH:mm/);
    expect(dayIntervalsProblem([{ open: '24:00', close: '24:00' }])).toMatch(/HH:mm/);
    expect(dayIntervalsProblem([{ open: '10:00', close: '24:30' }])).toMatch(/HH:mm/);
    const seven = Array.from({ length: 7 }, (_, i) => ({ open: hhmm(i * 120), close: hhmm(i * 120 + 60) }));
    expect(dayIntervalsProblem(seven)).toMatch(/more than 6/);
  });

  it('property: intervals are valid exactly when, sorted, each opens before it closes and after the previous closed', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 1440 })).map(([o, c]): HoursInterval => ({ open: hhmm(o), close: hhmm(c) }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 6 }), (intervals) => {
        const sorted = [...intervals].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
        const expectedValid = sorted.every((x, i) => minutesOf(x.open) < minutesOf(x.close) && (i === 0 || minutesOf(x.open) >= minutesOf(sorted[i - 1].close)));
        expect(dayIntervalsProblem(intervals) === undefined).toBe(expectedValid);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalizes weekly hours: every day present, intervals sorted', () => {
    const weekly = normalizeWeeklyHours({
      monday: [
        { open: '14:00', close: '18:00' },
        { open: '09:00', close: '12:00' },
      ],
    });
    expect(Object.keys(weekly)).toEqual(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
    expect(weekly.monday.map((i) => i.open)).toEqual(['09:00', '14:00']);
    expect(weekly.sunday).toEqual([]);
  });

  it('maps getUTCDay numbers to weekday names', () => {
    expect(weekdayOf(0)).toBe('sunday');
    expect(weekdayOf(1)).toBe('monday');
    expect(weekdayOf(6)).toBe('saturday');
  });
});
