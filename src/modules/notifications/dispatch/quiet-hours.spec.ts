import { quietHoursEnd } from './quiet-hours.js';

const NIGHT = { start: '21:30', end: '08:30' };
const at = (iso: string) => Date.parse(iso);
const end = (iso: string, zone: string, hours: { start: string; end: string } | null = NIGHT) => {
  const result = quietHoursEnd(at(iso), zone, hours);
  return result === undefined ? undefined : new Date(result).toISOString();
};

describe('quietHoursEnd', () => {
  it('defers an evening message to 08:30 the next morning, store time', () => {
    expect(end('2026-12-07T22:15:00+08:00', 'Asia/Shanghai')).toBe('2026-12-08T00:30:00.000Z');
  });

  it('defers a message sent after midnight to 08:30 the same morning', () => {
    expect(end('2026-12-08T03:00:00+08:00', 'Asia/Shanghai')).toBe('2026-12-08T00:30:00.000Z');
  });

  it('lets daytime messages through, and the edges: 21:30 is quiet, 08:30 is not', () => {
    expect(end('2026-12-07T12:00:00+08:00', 'Asia/Shanghai')).toBeUndefined();
    expect(end('2026-12-07T21:29:59+08:00', 'Asia/Shanghai')).toBeUndefined();
    expect(end('2026-12-07T21:30:00+08:00', 'Asia/Shanghai')).toBe('2026-12-08T00:30:00.000Z');
    expect(end('2026-12-08T08:30:00+08:00', 'Asia/Shanghai')).toBeUndefined();
  });

  it('keeps 08:30 on the wall clock across a DST change (Berlin, last Sunday of March)', () => {
    // 22:00 CET (+01:00) on Saturday; Sunday 08:30 is CEST (+02:00).
    expect(end('2026-03-28T22:00:00+01:00', 'Europe/Berlin')).toBe('2026-03-29T06:30:00.000Z');
    // And back in October: 08:30 CET after a night that was an hour longer.
    expect(end('2026-10-24T23:00:00+02:00', 'Europe/Berlin')).toBe('2026-10-25T07:30:00.000Z');
  });

  it('handles windows within one day, and none at all', () => {
    expect(end('2026-12-07T13:30:00+08:00', 'Asia/Shanghai', { start: '13:00', end: '14:00' })).toBe('2026-12-07T06:00:00.000Z');
    expect(end('2026-12-07T22:00:00+08:00', 'Asia/Shanghai', { start: '13:00', end: '14:00' })).toBeUndefined();
    expect(end('2026-12-07T22:00:00+08:00', 'Asia/Shanghai', null)).toBeUndefined();
  });
});
