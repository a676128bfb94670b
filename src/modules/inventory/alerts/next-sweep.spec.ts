import { nextSweepAt } from './next-sweep.js';

describe('nextSweepAt', () => {
  it('is 06:00 today on the store’s wall clock when that is still ahead, else tomorrow', () => {
    expect(nextSweepAt(Date.parse('2027-05-09T21:59:59Z'), '06:00', 'Asia/Shanghai').toISOString()).toBe('2027-05-09T22:00:00.000Z');
    expect(nextSweepAt(Date.parse('2027-05-09T22:00:00Z'), '06:00', 'Asia/Shanghai').toISOString()).toBe('2027-05-10T22:00:00.000Z');
    expect(nextSweepAt(Date.parse('2027-05-10T04:00:00Z'), '06:00', 'America/New_York').toISOString()).toBe('2027-05-10T10:00:00.000Z');
  });

  it('follows daylight saving: 06:00 local moves by an hour in UTC across the change', () => {
    // Berlin goes to summer time on 28 March 2027 (02:00 → 03:00).
    expect(nextSweepAt(Date.parse('2027-03-27T12:00:00Z'), '06:00', 'Europe/Berlin').toISOString()).toBe('2027-03-28T04:00:00.000Z');
    expect(nextSweepAt(Date.parse('2027-03-26T12:00:00Z'), '06:00', 'Europe/Berlin').toISOString()).toBe('2027-03-27T05:00:00.000Z');
  });
});
