import fc from 'fast-check';
import { FixedClock, SystemClock } from './clock.js';
import { addDays, ageOn, dayAt, endOfDay, formatInstant, minutesOf, offsetAt, startOfDay, todayIn, yearsBefore, zonedToInstant } from './zoned-time.js';

const HOUR = 3_600_000;
const NY = 'America/New_York';
const LONDON = 'Europe/London';
const local = (ms: number, zone: string) => formatInstant(ms, zone);
const zones = fc.constantFrom('Asia/Shanghai', NY, LONDON, 'America/Santiago', 'America/Havana', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia');
const instants = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') });

describe('todayIn', () => {
  it('turns the date at local midnight, not at UTC midnight', () => {
    expect(todayIn('Asia/Shanghai', Date.parse('2026-11-22T15:59:59.999Z'))).toBe('2026-11-22');
    expect(todayIn('Asia/Shanghai', Date.parse('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
    // New York on summer time (UTC−4) from 8 March 2026.
    expect(todayIn(NY, Date.parse('2026-03-10T03:59:59Z'))).toBe('2026-03-09');
    expect(todayIn(NY, Date.parse('2026-03-10T04:00:00Z'))).toBe('2026-03-10');
    expect(todayIn('UTC', Date.parse('2026-03-10T00:00:00Z'))).toBe('2026-03-10');
  });
});

describe('start and end of a local day', () => {
  it('gives 23 and 25 hour days at the DST changes', () => {
    expect(local(startOfDay('2026-03-08', NY), NY)).toBe('2026-03-08T00:00:00-05:00');
    expect(local(endOfDay('2026-03-08', NY), NY)).toBe('2026-03-09T00:00:00-04:00');
    expect(endOfDay('2026-03-08', NY) - startOfDay('2026-03-08', NY)).toBe(23 * HOUR);
    expect(endOfDay('2026-11-01', NY) - startOfDay('2026-11-01', NY)).toBe(25 * HOUR);
    expect(endOfDay('2026-03-29', LONDON) - startOfDay('2026-03-29', LONDON)).toBe(23 * HOUR);
    expect(endOfDay('2026-10-25', LONDON) - startOfDay('2026-10-25', LONDON)).toBe(25 * HOUR);
    expect(endOfDay('2026-06-01', LONDON) - startOfDay('2026-06-01', LONDON)).toBe(24 * HOUR);
  });

  it('starts a day whose midnight does not exist at its first existing instant', () => {
    // Santiago springs forward at 24:00 on the first Saturday of September: 6 September starts at 01:00.
    expect(local(startOfDay('2026-09-06', 'America/Santiago'), 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(local(startOfDay('2026-03-08', 'America/Havana'), 'America/Havana')).toBe('2026-03-08T01:00:00-04:00');
    // And the day before ends there: no instant belongs to neither day.
    expect(endOfDay('2026-09-05', 'America/Santiago')).toBe(startOfDay('2026-09-06', 'America/Santiago'));
    expect(todayIn('America/Santiago', startOfDay('2026-09-06', 'America/Santiago') - 1)).toBe('2026-09-05');
  });

  it('property: every instant lies in [start, end) of its own local day, and days tile without gaps', () => {
    fc.assert(
      fc.property(zones, instants, (zone, ms) => {
        const today = todayIn(zone, ms);
        expect(startOfDay(today, zone)).toBeLessThanOrEqual(ms);
        expect(endOfDay(today, zone)).toBeGreaterThan(ms);
        expect(todayIn(zone, startOfDay(today, zone))).toBe(today);
        expect(todayIn(zone, endOfDay(today, zone))).toBe(addDays(today, 1));
        expect(endOfDay(today, zone)).toBe(startOfDay(addDays(today, 1), zone));
        const length = endOfDay(today, zone) - startOfDay(today, zone);
        // Samoa skipped 30 December 2011 entirely (a 0-hour day is not in range here).
        expect(length).toBeGreaterThanOrEqual(22 * HOUR);
        expect(length).toBeLessThanOrEqual(26 * HOUR);
      }),
      { numRuns: 400 },
    );
  });
});

describe('dayAt: "tomorrow at 10:00"', () => {
  it('keeps 10:00 local across a DST change (21 or 23 hours ahead, not 24)', () => {
    const saturdayNoonNy = Date.parse('2026-03-07T17:00:00Z'); // 12:00 EST
    expect(local(dayAt(saturdayNoonNy, 1, '10:00', NY), NY)).toBe('2026-03-08T10:00:00-04:00');
    expect(dayAt(saturdayNoonNy, 1, '10:00', NY) - saturdayNoonNy).toBe(21 * HOUR);
    const saturdayLondon = Date.parse('2026-10-24T21:00:00Z'); // 22:00 BST
    expect(local(dayAt(saturdayLondon, 1, '10:00', LONDON), LONDON)).toBe('2026-10-25T10:00:00+00:00');
    expect(dayAt(saturdayLondon, 1, '10:00', LONDON) - saturdayLondon).toBe(13 * HOUR);
    expect(local(dayAt(saturdayLondon, 0, '23:30', LONDON), LONDON)).toBe('2026-10-24T23:30:00+01:00');
    expect(local(dayAt(saturdayLondon, -1, '00:00', LONDON), LONDON)).toBe('2026-10-23T00:00:00+01:00');
  });

  it('moves a time in the spring gap forward, and takes the first of a repeated one', () => {
    expect(local(dayAt(Date.parse('2026-03-07T17:00:00Z'), 1, '02:30', NY), NY)).toBe('2026-03-08T03:30:00-04:00');
    expect(local(dayAt(Date.parse('2026-10-24T21:00:00Z'), 1, '01:30', LONDON), LONDON)).toBe('2026-10-25T01:30:00+01:00');
  });

  it('counts "tomorrow" from the local date: 23:30 in Shanghai is already the next UTC day', () => {
    const lateShanghai = Date.parse('2026-11-22T15:30:00Z'); // 23:30 on the 22nd there
    expect(local(dayAt(lateShanghai, 1, '10:00', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-11-23T10:00:00+08:00');
  });

  it('property: lands on the right local date at the wall time asked, unless that time fell in a gap', () => {
    fc.assert(
      fc.property(zones, instants, fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 1439 }), (zone, ms, days, minutes) => {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const target = addDays(todayIn(zone, ms), days);
        const at = dayAt(ms, days, time, zone);
        expect(at).toBe(zonedToInstant(target, minutes, zone));
        const wallMinutes = Math.round((at + offsetAt(at, zone) - Date.parse(`${target}T00:00:00Z`)) / 60_000);
        if (wallMinutes !== minutes) {
          // Only when that wall time does not exist: moved forward by the gap (at most 2 hours here).
          expect(wallMinutes).toBeGreaterThan(minutes);
          expect(wallMinutes - minutes).toBeLessThanOrEqual(120);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('minutesOf', () => {
  it('reads HH:mm and refuses anything else', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('10:30')).toBe(630);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBe(1440);
    for (const bad of ['24:01', '25:00', '9:00', '10:60', '10:0', '', '10:00 ', 'ab:cd']) expect(() => minutesOf(bad)).toThrow('time must be HH:mm');
  });
});

describe('ages', () => {
  it('counts 29 February birthdays as PostgreSQL does: 18 on 1 March in a non-leap year', () => {
    expect(yearsBefore('2026-02-28', 18)).toBe('2008-02-28');
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29');
  });

  it('agrees with the full years between birthday and today: born on or before today − a years ⇔ at least a years old', () => {
    const day = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 120 }), (birthday, today, years) => {
        expect(birthday <= yearsBefore(today, years)).toBe(ageOn(birthday, today) >= years);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts an age in a zone: it changes at local midnight there', () => {
    const born = '2008-03-10';
    // New York: 18 from 04:00 UTC on 10 March 2026 (midnight EDT), not from UTC midnight.
    expect(ageOn(born, todayIn(NY, Date.parse('2026-03-10T00:00:00Z')))).toBe(17);
    expect(ageOn(born, todayIn(NY, Date.parse('2026-03-10T03:59:59Z')))).toBe(17);
    expect(ageOn(born, todayIn(NY, Date.parse('2026-03-10T04:00:00Z')))).toBe(18);
    // Shanghai: already 18 since 16:00 UTC the day before.
    expect(ageOn(born, todayIn('Asia/Shanghai', Date.parse('2026-03-09T16:00:00Z')))).toBe(18);
    expect(ageOn(born, '2008-03-10')).toBe(0);
    expect(ageOn(born, '2009-03-09')).toBe(0);
  });
});

describe('Clock', () => {
  it('a fixed clock stands still until set or advanced', () => {
    const clock = new FixedClock('2026-03-07T17:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-07T17:00:00.000Z');
    expect(clock.nowMs()).toBe(Date.parse('2026-03-07T17:00:00Z'));
    expect(clock.today(NY)).toBe('2026-03-07');
    expect(clock.at(1, '10:00', NY).toISOString()).toBe('2026-03-08T14:00:00.000Z');
    expect(clock.advance(12 * HOUR - 1).today(NY)).toBe('2026-03-07');
    expect(clock.advance(1).today(NY)).toBe('2026-03-08');
    expect(clock.set(new Date('2027-01-01T00:00:00Z')).today('UTC')).toBe('2027-01-01');
    expect(clock.set(0).nowMs()).toBe(0);
    expect(() => clock.set('not a date')).toThrow('not an instant');
    expect(() => new FixedClock(Number.NaN)).toThrow(RangeError);
  });

  it('the system clock follows the real time', () => {
    const before = Date.now();
    const now = new SystemClock().nowMs();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
