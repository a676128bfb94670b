import { formatInstant } from '../../../common/clock/index.js';
import { occurrenceStarts } from './occurrences.js';

const local = (starts: number[], zone: string) => starts.map((ms) => formatInstant(ms, zone));

describe('occurrenceStarts', () => {
  it('repeats the wall time every N weeks in a zone without DST', () => {
    const starts = occurrenceStarts(Date.parse('2027-03-22T14:00:00+08:00'), 2, 3, 'Asia/Shanghai');
    expect(local(starts, 'Asia/Shanghai')).toEqual(['2027-03-22T14:00:00+08:00', '2027-04-05T14:00:00+08:00', '2027-04-19T14:00:00+08:00']);
  });

  it('keeps 10:00 in Berlin across the spring change (the instants are 167 hours apart there)', () => {
    // Europe/Berlin moves to summer time on Sunday 28 March 2027.
    const starts = occurrenceStarts(Date.parse('2027-03-22T10:00:00+01:00'), 1, 3, 'Europe/Berlin');
    expect(local(starts, 'Europe/Berlin')).toEqual(['2027-03-22T10:00:00+01:00', '2027-03-29T10:00:00+02:00', '2027-04-05T10:00:00+02:00']);
    expect(starts[1] - starts[0]).toBe(167 * 3_600_000);
  });

  it('keeps the wall time across the autumn change', () => {
    // Back to winter time on Sunday 31 October 2027.
    const starts = occurrenceStarts(Date.parse('2027-10-26T18:30:00+02:00'), 1, 2, 'Europe/Berlin');
    expect(local(starts, 'Europe/Berlin')).toEqual(['2027-10-26T18:30:00+02:00', '2027-11-02T18:30:00+01:00']);
  });

  it('moves a wall time the spring gap skips forward by the gap', () => {
    // 02:30 on 28 March 2027 does not exist in Berlin.
    const starts = occurrenceStarts(Date.parse('2027-03-21T02:30:00+01:00'), 1, 2, 'Europe/Berlin');
    expect(local(starts, 'Europe/Berlin')).toEqual(['2027-03-21T02:30:00+01:00', '2027-03-28T03:30:00+02:00']);
  });
});
