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

function compute(input: { timeZone?: string; from: string; to: string; ids: string[]; shifts?: ShiftSpan[]; timeOff?: TimeOffSpan[]; closures?: ClosureDay[] }) {
  return computeWorkingIntervals({
    timeZone: input.timeZone ?? 'Asia/Shanghai',
    from: new Date(input.from),
    to: new Date(input.to),
    staffMemberIds: input.ids,
    shifts: input.shifts ?? [],
    timeOff: input.timeOff ?? [],
    closures: input.closures ?? [],
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
});
