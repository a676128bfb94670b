import fc from 'fast-check';
import { normalizeWeeklyHours, type HoursInterval } from './business-hours.js';
import { computeOpeningHours, openingIntervals } from './opening-hours.js';
import { addDays, zonedToInstant } from '../../common/clock/index.js';

const weekly = normalizeWeeklyHours({
  monday: [{ open: '10:00', close: '21:00' }],
  tuesday: [{ open: '10:00', close: '21:00' }],
  wednesday: [{ open: '10:00', close: '21:00' }],
  thursday: [{ open: '10:00', close: '21:00' }],
  friday: [{ open: '10:00', close: '22:00' }],
  saturday: [
    { open: '09:00', close: '12:00' },
    { open: '13:00', close: '22:00' },
  ],
});

describe('opening hours', () => {
  it('applies weekly hours, a closure and special hours, in the store time zone', () => {
    // 2027-02-05 is a Friday, 2027-02-06 Saturday (Spring Festival eve), 2027-02-07 Sunday.
    const days = computeOpeningHours({
      from: '2027-02-05',
      to: '2027-02-08',
      timeZone: 'Asia/Shanghai',
      weekly,
      overrides: [
        { date: '2027-02-06', kind: 'special_hours', intervals: [{ open: '10:00', close: '15:00' }], reason: 'Spring Festival eve' },
        { date: '2027-02-08', kind: 'closed', intervals: [], reason: 'Spring Festival' },
      ],
    });
    expect(days).toEqual([
      { date: '2027-02-05', weekday: 'friday', source: 'weekly', reason: null, intervals: [{ opensAt: '2027-02-05T10:00:00+08:00', closesAt: '2027-02-05T22:00:00+08:00' }] },
      {
        date: '2027-02-06',
        weekday: 'saturday',
        source: 'special_hours',
        reason: 'Spring Festival eve',
        intervals: [{ opensAt: '2027-02-06T10:00:00+08:00', closesAt: '2027-02-06T15:00:00+08:00' }],
      },
      { date: '2027-02-07', weekday: 'sunday', source: 'weekly', reason: null, intervals: [] },
      { date: '2027-02-08', weekday: 'monday', source: 'closed', reason: 'Spring Festival', intervals: [] },
    ]);
  });

  it('gives the real offsets either side of a DST change (Berlin)', () => {
    const [saturday, sunday] = computeOpeningHours({
      from: '2026-03-28',
      to: '2026-03-29',
      timeZone: 'Europe/Berlin',
      weekly: normalizeWeeklyHours({ saturday: [{ open: '09:00', close: '18:00' }], sunday: [{ open: '00:00', close: '24:00' }] }),
      overrides: [],
    });
    expect(saturday.intervals).toEqual([{ opensAt: '2026-03-28T09:00:00+01:00', closesAt: '2026-03-28T18:00:00+01:00' }]);
    // Open all day on a 23-hour day.
    expect(sunday.intervals).toEqual([{ opensAt: '2026-03-29T00:00:00+01:00', closesAt: '2026-03-30T00:00:00+02:00' }]);
    expect(Date.parse(sunday.intervals[0].closesAt) - Date.parse(sunday.intervals[0].opensAt)).toBe(23 * 3_600_000);
  });

  it('drops an interval that falls entirely in a DST gap, and lengthens one across the fall-back hour', () => {
    expect(openingIntervals('2026-03-29', [{ open: '02:00', close: '03:00' }], 'Europe/Berlin')).toEqual([]);
    const [autumn] = openingIntervals('2026-10-25', [{ open: '01:00', close: '04:00' }], 'Europe/Berlin');
    expect(autumn).toEqual({ opensAt: '2026-10-25T01:00:00+02:00', closesAt: '2026-10-25T04:00:00+01:00' });
    expect(Date.parse(autumn.closesAt) - Date.parse(autumn.opensAt)).toBe(4 * 3_600_000);
  });

  it('property: intervals stay within their local day, in order, never overlapping', () => {
    const zones = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago');
    const cuts = fc.uniqueArray(fc.integer({ min: 0, max: 1440 }), { minLength: 2, maxLength: 8 }).map((points) => {
      const sorted = [...points].sort((a, b) => a - b);
      const out: HoursInterval[] = [];
      for (let i = 0; i + 1 < sorted.length; i += 2) {
        const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        out.push({ open: hhmm(sorted[i]), close: hhmm(sorted[i + 1]) });
      }
      return out.filter((x) => x.open !== '24:00');
    });
    const dates = fc.integer({ min: 0, max: 365 * 4 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(zones, dates, cuts, (zone, date, intervals) => {
        const dayStart = zonedToInstant(date, 0, zone);
        const dayEnd = zonedToInstant(addDays(date, 1), 0, zone);
        const result = openingIntervals(date, intervals, zone);
        expect(result.length).toBeLessThanOrEqual(intervals.length);
        let previousEnd = dayStart;
        for (const { opensAt, closesAt } of result) {
          const opens = Date.parse(opensAt);
          const closes = Date.parse(closesAt);
          expect(opens).toBeGreaterThanOrEqual(previousEnd);
          expect(closes).toBeGreaterThan(opens);
          expect(closes).toBeLessThanOrEqual(dayEnd);
          previousEnd = closes;
        }
      }),
      { numRuns: 500 },
    );
  });
});
