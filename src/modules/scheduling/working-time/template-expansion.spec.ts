import fc from 'fast-check';
import { formatInstant } from '../../../common/clock/index.js';
import { dayToInstants, expandTemplate, localTimeOf, multirangeText, type ShiftDraft } from './template-expansion.js';
import type { TemplateWeek } from './template-week.js';

const LONDON = 'Europe/London';
const SHANGHAI = 'Asia/Shanghai';
const weekday = { start: '10:00', end: '19:00', breaks: [{ start: '12:30', end: '13:15' }] };
const iso = (ms: number) => new Date(ms).toISOString();
const shown = (draft: ShiftDraft, zone: string) => ({
  date: draft.date,
  weekday: draft.weekday,
  start: formatInstant(draft.start, zone),
  end: formatInstant(draft.end, zone),
  breaks: draft.breaks.map((b) => `${formatInstant(b.start, zone)}/${formatInstant(b.end, zone)}`),
});

describe('expandTemplate', () => {
  it('plans one shift per worked weekday inside the range and the validity, in date order', () => {
    const week: TemplateWeek = { monday: weekday, wednesday: weekday, saturday: { start: '09:30', end: '18:00', breaks: [] }, sunday: null };
    // 2027-01-04 is a Monday.
    const drafts = expandTemplate({ validFrom: '2027-01-05', validTo: '2027-01-11', week }, '2027-01-01', '2027-01-31', SHANGHAI);
    expect(drafts.map((d) => shown(d, SHANGHAI))).toEqual([
      {
        date: '2027-01-06',
        weekday: 'wednesday',
        start: '2027-01-06T10:00:00+08:00',
        end: '2027-01-06T19:00:00+08:00',
        breaks: ['2027-01-06T12:30:00+08:00/2027-01-06T13:15:00+08:00'],
      },
      { date: '2027-01-09', weekday: 'saturday', start: '2027-01-09T09:30:00+08:00', end: '2027-01-09T18:00:00+08:00', breaks: [] },
      {
        date: '2027-01-11',
        weekday: 'monday',
        start: '2027-01-11T10:00:00+08:00',
        end: '2027-01-11T19:00:00+08:00',
        breaks: ['2027-01-11T12:30:00+08:00/2027-01-11T13:15:00+08:00'],
      },
    ]);
    // An open-ended template stops at the range; a range before its validity plans nothing.
    expect(expandTemplate({ validFrom: '2027-01-04', validTo: null, week: { monday: weekday } }, '2027-01-04', '2027-01-18', SHANGHAI)).toHaveLength(3);
    expect(expandTemplate({ validFrom: '2027-02-01', validTo: null, week: { monday: weekday } }, '2027-01-04', '2027-01-31', SHANGHAI)).toEqual([]);
  });

  it('keeps London wall-clock hours across both DST changes: 10:00Z in winter, 09:00Z in summer', () => {
    const template = { validFrom: '2027-03-20', validTo: null, week: { monday: weekday, sunday: { start: '00:30', end: '03:30', breaks: [{ start: '00:45', end: '02:15' }] } } };
    const spring = expandTemplate(template, '2027-03-22', '2027-03-29', LONDON);
    // Monday before the change (GMT), the Sunday of the change, the Monday after (BST).
    expect(spring.map((d) => [d.date, iso(d.start), iso(d.end)])).toEqual([
      ['2027-03-22', '2027-03-22T10:00:00.000Z', '2027-03-22T19:00:00.000Z'],
      ['2027-03-28', '2027-03-28T00:30:00.000Z', '2027-03-28T02:30:00.000Z'],
      ['2027-03-29', '2027-03-29T09:00:00.000Z', '2027-03-29T18:00:00.000Z'],
    ]);
    // 01:00–02:00 does not exist that night: the night shift lasts 2 h, its break 00:45–02:15 half an hour.
    expect(spring[1].breaks.map((b) => [iso(b.start), iso(b.end)])).toEqual([['2027-03-28T00:45:00.000Z', '2027-03-28T01:15:00.000Z']]);

    const autumn = expandTemplate(template, '2027-10-25', '2027-11-01', LONDON);
    expect(autumn.map((d) => [d.date, iso(d.start), iso(d.end)])).toEqual([
      ['2027-10-25', '2027-10-25T09:00:00.000Z', '2027-10-25T18:00:00.000Z'],
      // 01:00–02:00 happens twice: the night shift lasts 4 h.
      ['2027-10-31', '2027-10-30T23:30:00.000Z', '2027-10-31T03:30:00.000Z'],
      ['2027-11-01', '2027-11-01T10:00:00.000Z', '2027-11-01T19:00:00.000Z'],
    ]);
  });

  it('ends a shift at 24:00 on the next midnight, local time', () => {
    const [late] = expandTemplate({ validFrom: '2027-01-01', validTo: null, week: { friday: { start: '16:00', end: '24:00', breaks: [] } } }, '2027-01-01', '2027-01-01', SHANGHAI);
    expect(formatInstant(late.end, SHANGHAI)).toBe('2027-01-02T00:00:00+08:00');
    expect(localTimeOf(late.end, '2027-01-01', SHANGHAI)).toBe('24:00');
    expect(localTimeOf(late.start, '2027-01-01', SHANGHAI)).toBe('16:00');
    // The clocks go back in London at 02:00 on 2027-10-31 (a 25-hour day): 24:00 is still the next midnight.
    const [night] = expandTemplate({ validFrom: '2027-10-31', validTo: null, week: { sunday: { start: '08:00', end: '24:00', breaks: [] } } }, '2027-10-31', '2027-10-31', LONDON);
    expect(iso(night.end)).toBe('2027-11-01T00:00:00.000Z');
    expect(night.end - night.start).toBe(16 * 3_600_000);
    expect(localTimeOf(night.end, '2027-10-31', LONDON)).toBe('24:00');
  });

  it('leaves out a day whose hours fall entirely in a DST gap', () => {
    expect(dayToInstants('2027-03-28', { start: '01:00', end: '02:00', breaks: [] }, LONDON)).toBeUndefined();
    expect(dayToInstants('2027-03-28', { start: '01:00', end: '02:30', breaks: [] }, LONDON)).toMatchObject({
      start: Date.parse('2027-03-28T01:00:00Z'),
      end: Date.parse('2027-03-28T01:30:00Z'),
    });
  });

  it('writes breaks as a tstzmultirange literal', () => {
    const draft = dayToInstants('2027-01-04', weekday, SHANGHAI)!;
    expect(multirangeText(draft.breaks)).toBe('{[2027-01-04T04:30:00.000Z,2027-01-04T05:15:00.000Z)}');
    expect(multirangeText([])).toBe('{}');
  });

  it('plans shifts that never overlap, lie on their date and keep breaks inside (property, several zones)', () => {
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const day = fc
      .tuple(fc.integer({ min: 0, max: 1380 }), fc.integer({ min: 30, max: 960 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.integer({ min: 1, max: 60 }))
      .filter(([start, length]) => start + length <= 1440)
      .map(([start, length, at, minutes]) => {
        const breakStart = start + Math.floor(at * length);
        const breakEnd = Math.min(start + length, breakStart + minutes);
        return { start: hhmm(start), end: hhmm(start + length), breaks: [{ start: hhmm(breakStart), end: hhmm(breakEnd) }] };
      });
    const week = fc.record({ monday: fc.option(day), thursday: fc.option(day), saturday: fc.option(day), sunday: fc.option(day) }, { requiredKeys: [] });
    const zone = fc.constantFrom(LONDON, SHANGHAI, 'America/New_York', 'Australia/Sydney');
    fc.assert(
      fc.property(week, zone, fc.integer({ min: 0, max: 364 }), (w, tz, offset) => {
        const from = new Date(Date.UTC(2027, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const drafts = expandTemplate({ validFrom: '2027-01-01', validTo: null, week: w }, from, '2028-01-31', tz).slice(0, 40);
        for (let i = 0; i < drafts.length; i++) {
          const d = drafts[i];
          expect(d.end).toBeGreaterThan(d.start);
          expect(formatInstant(d.start, tz).slice(0, 10)).toBe(d.date);
          for (const b of d.breaks) {
            expect(b.start).toBeGreaterThanOrEqual(d.start);
            expect(b.end).toBeLessThanOrEqual(d.end);
            expect(b.end).toBeGreaterThan(b.start);
          }
          if (i > 0) expect(d.start).toBeGreaterThanOrEqual(drafts[i - 1].end);
        }
      }),
      { numRuns: 100 },
    );
  });
});
