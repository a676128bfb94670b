import { DomainError } from '../../../common/errors/index.js';
import { daySpan, describeSpan, instantSpan, MAX_TIME_OFF_DAYS, spanDates, spanKind } from './time-off-span.js';

const fieldOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.options.errors?.map((e) => e.field).join(',');
    throw error;
  }
  return undefined;
};

describe('time-off spans', () => {
  it('takes exactly one of the two forms, each given whole', () => {
    expect(spanKind({ startDate: '2027-03-01', endDate: '2027-03-02' })).toBe('days');
    expect(spanKind({ startsAt: '2027-03-01T10:00:00Z', endsAt: '2027-03-01T12:00:00Z' })).toBe('instants');
    expect(fieldOf(() => spanKind({}))).toBe('startDate');
    expect(fieldOf(() => spanKind({ startsAt: 'a', endsAt: 'b', endDate: 'c' }))).toBe('endDate');
    expect(fieldOf(() => spanKind({ startsAt: '2027-03-01T10:00:00Z' }))).toBe('endsAt');
    expect(fieldOf(() => spanKind({ endDate: '2027-03-01' }))).toBe('startDate');
  });

  it('counts whole days from local midnight to the midnight after the last day', () => {
    expect(daySpan('2027-03-01', '2027-03-03', 'Asia/Shanghai')).toEqual({
      start: Date.parse('2027-02-28T16:00:00Z'),
      end: Date.parse('2027-03-03T16:00:00Z'),
      allDay: true,
      timeZone: 'Asia/Shanghai',
    });
    // London in October: the day clocks go back has 25 hours.
    const autumn = daySpan('2027-10-31', '2027-10-31', 'Europe/London');
    expect(autumn.end - autumn.start).toBe(25 * 3_600_000);
    expect(spanDates(autumn.start, autumn.end, 'Europe/London')).toEqual({ startDate: '2027-10-31', endDate: '2027-10-31' });
  });

  it('refuses an end before the start and more than 366 days', () => {
    expect(fieldOf(() => daySpan('2027-03-02', '2027-03-01', 'Asia/Shanghai'))).toBe('endDate');
    expect(fieldOf(() => daySpan('2028-01-01', '2028-12-31', 'Asia/Shanghai'))).toBeUndefined();
    expect(fieldOf(() => daySpan('2027-01-01', '2028-01-01', 'Asia/Shanghai'))).toBeUndefined();
    expect(fieldOf(() => daySpan('2027-01-01', '2028-01-02', 'Asia/Shanghai'))).toBe('endDate');
    expect(fieldOf(() => instantSpan('2027-03-01T10:00:00Z', '2027-03-01T10:00:00Z'))).toBe('endsAt');
    expect(fieldOf(() => instantSpan('2027-03-01T10:00:00Z', '2027-03-01T09:59:59Z'))).toBe('endsAt');
    const longest = instantSpan('2027-01-01T00:00:00Z', '2028-01-02T00:00:00Z');
    expect(longest.end - longest.start).toBe(MAX_TIME_OFF_DAYS * 86_400_000);
    expect(fieldOf(() => instantSpan('2027-01-01T00:00:00Z', '2028-01-02T00:00:01Z'))).toBe('endsAt');
  });

  it('describes a span as people read it, in the zone given', () => {
    expect(describeSpan(daySpan('2027-03-01', '2027-03-03', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2027-03-01 – 2027-03-03');
    expect(describeSpan(daySpan('2027-03-01', '2027-03-01', 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2027-03-01');
    expect(describeSpan(instantSpan('2027-03-08T14:00:00+08:00', '2027-03-08T18:00:00+08:00'), 'Asia/Shanghai')).toBe('2027-03-08 14:00 – 18:00');
    expect(describeSpan(instantSpan('2027-03-08T22:00:00+08:00', '2027-03-09T02:30:00+08:00'), 'Asia/Shanghai')).toBe('2027-03-08 22:00 – 2027-03-09 02:30');
  });
});
