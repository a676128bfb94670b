import type { WeeklyHours } from '../../stores/index.js';
import { closedSpans, computeWorkingIntervals, type ClosureDay, type ShiftSpan, type TimeOffSpan } from './working-intervals.js';

const ms = (iso: string) => Date.parse(iso);
const span = (start: string, end: string) => ({ start: ms(start), end: ms(end) });
const shift = (staffMemberId: string, start: string, end: string, breaks: Array<[string, string]> = []): ShiftSpan => ({
  staffMemberId,
  ...span(start, end),
  breaks: breaks.map(([a, b]) => span(a, b)),
});
const away = (staffMemberId: string, start: string, end: string): TimeOffSpan => ({ staffMemberId, ...span(start, end) });
const iso = (intervals: Array<{ start: Date; end: Date }> | undefined) => (intervals ?? []).map((i) => [i.start.toISOString(), i.end.toISOString()]);

function compute(input: {
  timeZone?: string;
  from: string;
  to: string;
  ids: string[];
  shifts?: ShiftSpan[];
  timeOff?: TimeOffSpan[];
  closures?: ClosureDay[];
  openingHours?: WeeklyHours;
}) {
  return computeWorkingIntervals({
    timeZone: input.timeZone ?? 'Asia/Shanghai',
    from: new Date(input.from),
    to: new Date(input.to),
    staffMemberIds: input.ids,
    shifts: input.shifts ?? [],
    timeOff: input.timeOff ?? [],
    closures: input.closures ?? [],
    openingHours: input.openingHours,
  });
}

describe('computeWorkingIntervals', () => {
  it('takes breaks and approved time off out of the shifts', () => {
    const result = compute({
      from: '2026-12-07T00:00:00+08:00',
      to: '2026-12-09T00:00:00+08:00',
      ids: ['a'],
      shifts: [
        shift('a', '2026-12-07T10:00:00+08:00', '2026-12-07T19:00:00+08:00', [['2026-12-07T12:30:00+08:00', '2026-12-07T13:15:00+08:00']]),
        shift('a', '2026-12-08T10:00:00+08:00', '2026-12-08T19:00:00+08:00'),
      ],
      timeOff: [away('a', '2026-12-08T15:00:00+08:00', '2026-12-08T17:00:00+08:00')],
    });
    expect(iso(result.get('a'))).toEqual([
      ['2026-12-07T02:00:00.000Z', '2026-12-07T04:30:00.000Z'],
      ['2026-12-07T05:15:00.000Z', '2026-12-07T11:00:00.000Z'],
      ['2026-12-08T02:00:00.000Z', '2026-12-08T07:00:00.000Z'],
      ['2026-12-08T09:00:00.000Z', '2026-12-08T11:00:00.000Z'],
    ]);
  });

  it('answers every requested id, ignores others, and clips to [from, to)', () => {
    const result = compute({
      from: '2026-12-07T12:00:00+08:00',
      to: '2026-12-07T14:00:00+08:00',
      ids: ['a', 'nobody'],
      shifts: [shift('a', '2026-12-07T10:00:00+08:00', '2026-12-07T19:00:00+08:00'), shift('b', '2026-12-07T10:00:00+08:00', '2026-12-07T19:00:00+08:00')],
    });
    expect([...result.keys()]).toEqual(['a', 'nobody']);
    expect(iso(result.get('a'))).toEqual([['2026-12-07T04:00:00.000Z', '2026-12-07T06:00:00.000Z']]);
    expect(result.get('nobody')).toEqual([]);
  });

  it('joins shifts that touch into one stretch', () => {
    const result = compute({
      from: '2026-12-07T00:00:00+08:00',
      to: '2026-12-08T00:00:00+08:00',
      ids: ['a'],
      shifts: [shift('a', '2026-12-07T14:00:00+08:00', '2026-12-07T19:00:00+08:00'), shift('a', '2026-12-07T10:00:00+08:00', '2026-12-07T14:00:00+08:00')],
    });
    expect(iso(result.get('a'))).toEqual([['2026-12-07T02:00:00.000Z', '2026-12-07T11:00:00.000Z']]);
  });

  it('removes a closed day whole and a special-hours day outside its hours', () => {
    const week = ['07', '08', '09'].map((d) => shift('a', `2026-12-${d}T10:00:00+08:00`, `2026-12-${d}T19:00:00+08:00`));
    const result = compute({
      from: '2026-12-07T00:00:00+08:00',
      to: '2026-12-10T00:00:00+08:00',
      ids: ['a'],
      shifts: week,
      closures: [
        { date: '2026-12-08', kind: 'closed', intervals: [] },
        {
          date: '2026-12-09',
          kind: 'special_hours',
          intervals: [
            { open: '09:00', close: '12:00' },
            { open: '16:00', close: '24:00' },
          ],
        },
      ],
    });
    expect(iso(result.get('a'))).toEqual([
      ['2026-12-07T02:00:00.000Z', '2026-12-07T11:00:00.000Z'],
      ['2026-12-09T02:00:00.000Z', '2026-12-09T04:00:00.000Z'],
      ['2026-12-09T08:00:00.000Z', '2026-12-09T11:00:00.000Z'],
    ]);
  });

  it('makes a London closed day 23 hours long in spring and 25 in autumn', () => {
    const tz = 'Europe/London';
    expect(closedSpans([{ date: '2026-03-29', kind: 'closed', intervals: [] }], tz)).toEqual([span('2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')]);
    expect(closedSpans([{ date: '2026-10-25', kind: 'closed', intervals: [] }], tz)).toEqual([span('2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z')]);
    // Special hours 10:00–15:00 on the autumn day: the rest of its 25 hours is closed.
    expect(closedSpans([{ date: '2026-10-25', kind: 'special_hours', intervals: [{ open: '10:00', close: '15:00' }] }], tz)).toEqual([
      span('2026-10-24T23:00:00Z', '2026-10-25T10:00:00Z'),
      span('2026-10-25T15:00:00Z', '2026-10-26T00:00:00Z'),
    ]);
  });

  it('keeps a night shift across the spring change at its real length, minus the closed next day', () => {
    // 22:00 GMT on the 28th to 06:00 BST on the 29th is 7 real hours; the 29th is closed from its midnight.
    const result = compute({
      timeZone: 'Europe/London',
      from: '2026-03-28T00:00:00Z',
      to: '2026-03-31T00:00:00Z',
      ids: ['a'],
      shifts: [shift('a', '2026-03-28T22:00:00Z', '2026-03-29T05:00:00Z')],
      closures: [{ date: '2026-03-29', kind: 'closed', intervals: [] }],
    });
    expect(iso(result.get('a'))).toEqual([['2026-03-28T22:00:00.000Z', '2026-03-29T00:00:00.000Z']]);
  });

  describe('within opening hours', () => {
    const day = [{ open: '10:00', close: '21:00' }];
    // Open 10:00–21:00 on weekdays, 10:00–12:00 and 14:00–18:00 on Saturdays, closed on Sundays.
    const hours: WeeklyHours = {
      monday: day,
      tuesday: day,
      wednesday: day,
      thursday: day,
      friday: day,
      saturday: [
        { open: '10:00', close: '12:00' },
        { open: '14:00', close: '18:00' },
      ],
      sunday: [],
    };
    const long = (date: string) => shift('a', `${date}T08:00:00+08:00`, `${date}T23:00:00+08:00`);

    it("keeps working time inside each day's weekly hours, and nothing on a day the store is closed", () => {
      // Friday 11, Saturday 12, Sunday 13 December 2026.
      const result = compute({
        from: '2026-12-11T00:00:00+08:00',
        to: '2026-12-14T00:00:00+08:00',
        ids: ['a'],
        shifts: ['2026-12-11', '2026-12-12', '2026-12-13'].map(long),
        openingHours: hours,
      });
      expect(iso(result.get('a'))).toEqual([
        ['2026-12-11T02:00:00.000Z', '2026-12-11T13:00:00.000Z'],
        ['2026-12-12T02:00:00.000Z', '2026-12-12T04:00:00.000Z'],
        ['2026-12-12T06:00:00.000Z', '2026-12-12T10:00:00.000Z'],
      ]);
      // Without the option: all scheduled time, as before.
      const all = compute({ from: '2026-12-11T00:00:00+08:00', to: '2026-12-12T00:00:00+08:00', ids: ['a'], shifts: [long('2026-12-11')] });
      expect(iso(all.get('a'))).toEqual([['2026-12-11T00:00:00.000Z', '2026-12-11T15:00:00.000Z']]);
    });

    it("lets a closure's special hours replace the weekly ones (even on a weekly closed day) and a closed day close it", () => {
      const result = compute({
        from: '2026-12-10T00:00:00+08:00',
        to: '2026-12-14T00:00:00+08:00',
        ids: ['a'],
        shifts: ['2026-12-10', '2026-12-11', '2026-12-13'].map(long),
        closures: [
          { date: '2026-12-10', kind: 'special_hours', intervals: [{ open: '09:00', close: '22:00' }] },
          { date: '2026-12-11', kind: 'closed', intervals: [] },
          { date: '2026-12-13', kind: 'special_hours', intervals: [{ open: '12:00', close: '15:00' }] },
        ],
        openingHours: hours,
      });
      expect(iso(result.get('a'))).toEqual([
        ['2026-12-10T01:00:00.000Z', '2026-12-10T14:00:00.000Z'],
        ['2026-12-13T04:00:00.000Z', '2026-12-13T07:00:00.000Z'],
      ]);
    });

    it('reads the hours by the wall clock on a DST day (London, spring forward)', () => {
      const london: WeeklyHours = { ...hours, sunday: [{ open: '00:00', close: '05:00' }] };
      const result = compute({
        timeZone: 'Europe/London',
        from: '2026-03-28T00:00:00Z',
        to: '2026-03-30T00:00:00Z',
        ids: ['a'],
        shifts: [shift('a', '2026-03-28T22:00:00Z', '2026-03-29T06:00:00Z')],
        openingHours: london,
      });
      // Saturday closes at 18:00; Sunday 00:00–05:00 local is 00:00–04:00 UTC (01:00 became 02:00).
      expect(iso(result.get('a'))).toEqual([['2026-03-29T00:00:00.000Z', '2026-03-29T04:00:00.000Z']]);
    });
  });
});
