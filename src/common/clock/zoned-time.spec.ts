import fc from 'fast-check';
import { addDays, dateToUtcMs, dayLengthMs, daysBetween, formatInstant, instantFormatter, instantToDate, isPlainDate, offsetAt, todayIn, zonedToInstant } from './zoned-time.js';

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;
const at = (date: string, time: string, zone: string) => {
  const [h, m] = time.split(':').map(Number);
  return formatInstant(zonedToInstant(date, h * 60 + m, zone), zone);
};

describe('zoned time', () => {
  it('reads a Shanghai wall time as +08:00 all year (no DST)', () => {
    expect(at('2026-11-22', '10:00', 'Asia/Shanghai')).toBe('2026-11-22T10:00:00+08:00');
    expect(at('2026-07-01', '21:30', 'Asia/Shanghai')).toBe('2026-07-01T21:30:00+08:00');
    expect(zonedToInstant('2026-11-22', 600, 'Asia/Shanghai')).toBe(Date.parse('2026-11-22T02:00:00Z'));
  });

  it('uses winter and summer offsets in Berlin', () => {
    expect(at('2026-01-15', '09:00', 'Europe/Berlin')).toBe('2026-01-15T09:00:00+01:00');
    expect(at('2026-07-15', '09:00', 'Europe/Berlin')).toBe('2026-07-15T09:00:00+02:00');
  });

  it('has 23 hours on the spring-forward day and 25 on the fall-back day (Berlin, New York)', () => {
    expect(dayLengthMs('2026-03-29', 'Europe/Berlin')).toBe(23 * HOUR);
    expect(dayLengthMs('2026-10-25', 'Europe/Berlin')).toBe(25 * HOUR);
    expect(dayLengthMs('2026-03-28', 'Europe/Berlin')).toBe(24 * HOUR);
    expect(dayLengthMs('2026-03-08', 'America/New_York')).toBe(23 * HOUR);
    expect(dayLengthMs('2026-11-01', 'America/New_York')).toBe(25 * HOUR);
    expect(dayLengthMs('2026-03-29', 'Asia/Shanghai')).toBe(24 * HOUR);
  });

  it('moves a wall time in the spring-forward gap forward by the gap', () => {
    expect(at('2026-03-29', '02:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(at('2026-03-29', '01:59', 'Europe/Berlin')).toBe('2026-03-29T01:59:00+01:00');
    expect(at('2026-03-29', '03:00', 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
  });

  it('takes the earlier instant of a wall time that happens twice (fall back)', () => {
    expect(at('2026-10-25', '02:30', 'Europe/Berlin')).toBe('2026-10-25T02:30:00+02:00');
    expect(at('2026-10-25', '03:00', 'Europe/Berlin')).toBe('2026-10-25T03:00:00+01:00');
  });

  it('handles zones west of UTC and half-hour offsets', () => {
    expect(at('2026-06-01', '23:30', 'America/Los_Angeles')).toBe('2026-06-01T23:30:00-07:00');
    expect(at('2026-06-01', '10:00', 'Asia/Kolkata')).toBe('2026-06-01T10:00:00+05:30');
    expect(at('2026-06-01', '10:00', 'UTC')).toBe('2026-06-01T10:00:00+00:00');
  });

  it('reads 24:00 as the next midnight', () => {
    expect(at('2026-12-31', '24:00', 'Asia/Shanghai')).toBe('2027-01-01T00:00:00+08:00');
  });

  it('does calendar arithmetic on plain dates', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-01', '2026-03-03')).toBe(61);
    expect(isPlainDate('2026-02-29')).toBe(false);
    expect(isPlainDate('2028-02-29')).toBe(true);
    expect(isPlainDate('2026-1-1')).toBe(false);
    expect(Number.isNaN(dateToUtcMs('2026-13-01'))).toBe(true);
  });

  const zones = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC');
  const dates = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2000-01-01', n));

  it('property: a day lasts 22 to 26 hours, and its midnight belongs to it', () => {
    fc.assert(
      fc.property(zones, dates, (zone, date) => {
        const length = dayLengthMs(date, zone);
        expect(length).toBeGreaterThanOrEqual(22 * HOUR);
        expect(length).toBeLessThanOrEqual(26 * HOUR);
        expect(instantToDate(zonedToInstant(date, 0, zone), zone)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a wall time reads back as itself unless it fell in a gap, where it moves forward by less than 2 hours', () => {
    fc.assert(
      fc.property(zones, dates, fc.integer({ min: 0, max: 1439 }), (zone, date, minutes) => {
        const instant = zonedToInstant(date, minutes, zone);
        const wall = dateToUtcMs(date) + minutes * 60_000;
        const readBack = instant + offsetAt(instant, zone);
        expect(readBack - wall).toBeGreaterThanOrEqual(0);
        expect(readBack - wall).toBeLessThan(2 * HOUR);
        if (readBack !== wall) {
          // Only in a gap: no instant at all shows that wall time.
          expect(offsetAt(instant - 2 * HOUR, zone)).not.toBe(offsetAt(instant, zone));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('property: the formatted offset agrees with the instant', () => {
    fc.assert(
      fc.property(zones, fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') }), (zone, ms) => {
        const instant = ms - (ms % 1000);
        expect(Date.parse(formatInstant(instant, zone))).toBe(instant);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the offset remembered per day is the one Intl reads at the instant, on DST change days too', () => {
    const intlOffset = (instant: number, zone: string) => {
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        })
          .formatToParts(new Date(instant))
          .map((part) => [part.type, Number(part.value)]),
      );
      return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second) - instant;
    };
    // Instants on the days around each zone's changes, asked twice (the second answer comes from the cache).
    const changeDays = fc.constantFrom('2026-03-08', '2026-03-29', '2026-04-05', '2026-09-27', '2026-10-04', '2026-10-25', '2026-11-01', '2027-04-04');
    fc.assert(
      fc.property(
        zones,
        fc.oneof(
          changeDays.chain((date) => fc.integer({ min: -DAY_MS, max: 2 * DAY_MS }).map((ms) => dateToUtcMs(date) + ms)),
          fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('2040-01-01') }),
        ),
        (zone, ms) => {
          const instant = ms - (ms % 1000);
          expect(offsetAt(instant, zone)).toBe(intlOffset(instant, zone));
          expect(offsetAt(instant, zone)).toBe(intlOffset(instant, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('todayIn (the date part of human numbers)', () => {
  it("follows the zone's midnight, not UTC's", () => {
    // 15:59:59 UTC is 23:59:59 in Shanghai; a second later it is the next day there, still the same in UTC.
    expect(todayIn('Asia/Shanghai', Date.parse('2026-12-06T15:59:59Z'))).toBe('2026-12-06');
    expect(todayIn('Asia/Shanghai', Date.parse('2026-12-06T16:00:00Z'))).toBe('2026-12-07');
    expect(todayIn('America/New_York', Date.parse('2026-12-07T04:59:59Z'))).toBe('2026-12-06');
    expect(todayIn('America/New_York', Date.parse('2026-12-07T05:00:00Z'))).toBe('2026-12-07');
    expect(todayIn('UTC', Date.parse('2026-12-31T23:59:59Z'))).toBe('2026-12-31');
  });

  // Shanghai kept summer time from 1986 to 1991, so it is a fixed offset only from 1992.
  it('agrees with the UTC date shifted by a fixed-offset zone (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1992-01-01T00:00:00Z'), max: Date.parse('2200-01-01T00:00:00Z') }), (ms) => {
        expect(todayIn('Asia/Shanghai', ms)).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
        expect(todayIn('Etc/GMT+5', ms)).toBe(new Date(ms - 5 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('instantFormatter (many instants of one zone, the offset read once per quarter hour)', () => {
  it('writes exactly what formatInstant writes, across DST changes and in zones with half and quarter hours', () => {
    const zones = ['Asia/Shanghai', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    // 2026–2028, so both changes of each year fall inside; one formatter per zone is reused across the run.
    const formatters = new Map(zones.map((zone) => [zone, instantFormatter(zone)]));
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2028, 11, 31) }), (zone, ms) => {
        expect(formatters.get(zone)!(ms)).toBe(formatInstant(ms, zone));
      }),
      { numRuns: 2000 },
    );
    // The minutes either side of London's spring change.
    const london = instantFormatter('Europe/London');
    expect([london(Date.UTC(2027, 2, 28, 0, 59)), london(Date.UTC(2027, 2, 28, 1, 0))]).toEqual(['2027-03-28T00:59:00+00:00', '2027-03-28T02:00:00+01:00']);
  });
});
