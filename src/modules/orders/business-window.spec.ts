import { normalizeWeeklyHours } from '../stores/business-hours.js';
import { addBusinessTime, type BusinessCalendar } from './business-window.js';

const HOUR = 3_600_000;
const weekdays = (open: string, close: string) =>
  normalizeWeeklyHours(Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((day) => [day, [{ open, close }]])));
const shanghai = (overrides: BusinessCalendar['overrides'] = []): BusinessCalendar => ({ timeZone: 'Asia/Shanghai', weekly: weekdays('09:00', '18:00'), overrides });
const at = (iso: string) => new Date(iso);

describe('addBusinessTime: a window counted in opening hours only', () => {
  it('runs from the start inside opening hours', () => {
    expect(addBusinessTime(at('2027-05-17T10:00:00+08:00'), 2 * HOUR, shanghai())).toEqual(at('2027-05-17T12:00:00+08:00'));
  });

  it('starts at the opening when received before it, and ends exactly at a closing time', () => {
    expect(addBusinessTime(at('2027-05-17T07:00:00+08:00'), HOUR, shanghai())).toEqual(at('2027-05-17T10:00:00+08:00'));
    expect(addBusinessTime(at('2027-05-17T09:00:00+08:00'), 9 * HOUR, shanghai())).toEqual(at('2027-05-17T18:00:00+08:00'));
  });

  it('spans a weekend: received Friday 17:00, 24 working hours end Wednesday 14:00', () => {
    expect(addBusinessTime(at('2027-05-14T17:00:00+08:00'), 2 * HOUR, shanghai())).toEqual(at('2027-05-17T10:00:00+08:00'));
    // Fri 1 h + Mon 9 h + Tue 9 h + Wed 5 h.
    expect(addBusinessTime(at('2027-05-14T17:00:00+08:00'), 24 * HOUR, shanghai())).toEqual(at('2027-05-19T14:00:00+08:00'));
  });

  it('skips a closure and keeps to special hours', () => {
    const calendar = shanghai([
      { date: '2027-05-17', kind: 'closed', intervals: [], reason: '停电 Power cut' },
      { date: '2027-05-18', kind: 'special_hours', intervals: [{ open: '14:00', close: '16:00' }], reason: '盘点 Stocktake' },
    ]);
    expect(addBusinessTime(at('2027-05-14T17:30:00+08:00'), 3 * HOUR, calendar)).toEqual(at('2027-05-19T09:30:00+08:00'));
  });

  it('counts a DST day as the clock says: 01:00–04:00 in Berlin on spring-forward Sunday is two hours', () => {
    const weekly = normalizeWeeklyHours(Object.fromEntries(['sunday', 'monday'].map((day) => [day, [{ open: '01:00', close: '04:00' }]])));
    const calendar: BusinessCalendar = { timeZone: 'Europe/Berlin', weekly, overrides: [] };
    // Sunday 2027-03-28: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z); then Monday 01:00 CEST (Sunday 23:00Z) + 1 h.
    expect(addBusinessTime(at('2027-03-28T00:00:00+01:00'), 3 * HOUR, calendar)).toEqual(at('2027-03-29T00:00:00Z'));
    expect(addBusinessTime(at('2027-03-28T00:00:00+01:00'), 2 * HOUR, calendar)).toEqual(at('2027-03-28T02:00:00Z'));
  });

  it('answers undefined when the store is not open long enough within the horizon', () => {
    expect(addBusinessTime(at('2027-05-17T10:00:00+08:00'), HOUR, { timeZone: 'Asia/Shanghai', weekly: normalizeWeeklyHours({}), overrides: [] })).toBeUndefined();
  });
});
