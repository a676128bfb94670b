import fc from 'fast-check';
import ICAL from 'ical.js';
import { escapeText, foldLine, formatUtc, writeCalendar, type IcsCalendar, type IcsEvent } from './ical.js';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');
/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab is removed. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'shift-1@bloom',
  start: new Date('2026-07-01T09:00:00Z'),
  end: new Date('2026-07-01T18:00:00Z'),
  summary: 'Shift · Covent Garden',
  status: 'CONFIRMED',
  transparency: 'OPAQUE',
  sequence: 1,
  ...overrides,
});

const calendar = (events: IcsEvent[], name = 'Bloom · Tony 老师'): IcsCalendar => ({
  prodId: '-//Bloom//Staff calendar//EN',
  name,
  timeZone: 'Asia/Shanghai',
  refreshMinutes: 60,
  events,
});

describe('the iCalendar writer', () => {
  it('escapes backslashes, semicolons, commas and newlines in text, and drops other control characters', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
    expect(escapeText('tab\there\u0000\u0007 bell')).toBe('tabhere bell');
    expect(escapeText('Tony 老师: 12:30')).toBe('Tony 老师: 12:30');
  });

  it('folds at 75 octets with CRLF and a space, never inside a Chinese character', () => {
    const line = `SUMMARY:${'美发造型'.repeat(20)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(utf8(part)).toBeLessThanOrEqual(75);
    // Each piece is whole UTF-8 (a cut character would have become U+FFFD on the way back).
    for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    expect(parts.slice(1).every((part) => part.startsWith(' ') && !part.startsWith('  '))).toBe(true);
    expect(unfold(folded)).toBe(line);
    // 8 octets of "SUMMARY:" then 3-octet characters: the first line holds 22 of them (74 octets), not a split 23rd.
    expect(parts[0]).toBe(`SUMMARY:${'美发造型'.repeat(20).slice(0, 22)}`);
  });

  it('leaves a line of exactly 75 octets alone and folds one of 76', () => {
    expect(foldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
  });

  it('folds any text into lines of at most 75 octets that unfold to the original (emoji and all)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const line = `DESCRIPTION:${escapeText(text)}`;
        const folded = foldLine(line);
        for (const part of folded.split('\r\n')) {
          expect(utf8(part)).toBeLessThanOrEqual(75);
          expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
        }
        expect(unfold(folded)).toBe(line);
      }),
    );
  });

  it('writes UTC times with a Z, whole days as dates, and ends every line with CRLF', () => {
    expect(formatUtc(new Date('2026-07-01T09:05:07.123Z'))).toBe('20260701T090507Z');
    const text = writeCalendar(
      calendar([event(), event({ uid: 'time-off-1@bloom', start: { date: '2026-07-03' }, end: { date: '2026-07-05' }, status: 'TENTATIVE', transparency: 'TRANSPARENT' })]),
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('\r\nDTSTART:20260701T090000Z\r\n');
    expect(text).toContain('\r\nDTSTART;VALUE=DATE:20260703\r\nDTEND;VALUE=DATE:20260705\r\n');
    expect(text).toContain('\r\nDTSTAMP:20260601T000000Z\r\n');
    expect(text).toContain('\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n');
  });

  it('reads back in ical.js with every value as written, Chinese names and special characters included', () => {
    const description = 'Breaks: 12:30–13:15, 15:00–15:10\nNote: bring the 烫发 kit; ask at the desk \\ front';
    const name = 'Bloom · 王小红老师（高级技师）, Shanghai; 静安 '.repeat(3);
    const text = writeCalendar(
      calendar(
        [
          event({ description, location: '南京西路 1266 号, 静安区, 上海市 200040 CN', categories: ['Shift'], lastModified: new Date('2026-06-30T08:00:00Z') }),
          event({ uid: 'time-off-2@bloom', start: { date: '2026-07-03' }, end: { date: '2026-07-04' }, status: 'CANCELLED', transparency: 'TRANSPARENT', sequence: 4 }),
        ],
        name,
      ),
      new Date('2026-06-01T00:00:00Z'),
    );
    const root = new ICAL.Component(ICAL.parse(text));
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(root.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    // An X- property is TEXT by default (RFC 5545 §3.8.8.2), so it is escaped; ical.js leaves X- values raw.
    expect(root.getFirstPropertyValue('x-wr-calname')).toBe(escapeText(name));
    const [shift, timeOff] = root.getAllSubcomponents('vevent');
    const first = new ICAL.Event(shift);
    expect(first.uid).toBe('shift-1@bloom');
    expect(first.description).toBe(description);
    expect(first.location).toBe('南京西路 1266 号, 静安区, 上海市 200040 CN');
    expect(first.startDate.toJSDate().toISOString()).toBe('2026-07-01T09:00:00.000Z');
    expect(first.endDate.toJSDate().toISOString()).toBe('2026-07-01T18:00:00.000Z');
    expect(first.sequence).toBe(1);
    expect(shift.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(shift.getFirstPropertyValue('transp')).toBe('OPAQUE');
    const second = new ICAL.Event(timeOff);
    expect(second.startDate.isDate).toBe(true);
    expect(second.startDate.toString()).toBe('2026-07-03');
    expect(timeOff.getFirstPropertyValue('status')).toBe('CANCELLED');
    for (const line of text.split('\r\n')) expect(utf8(line)).toBeLessThanOrEqual(75);
  });

  it('writes an empty calendar that is still valid', () => {
    const text = writeCalendar(calendar([]), new Date('2026-06-01T00:00:00Z'));
    const root = new ICAL.Component(ICAL.parse(text));
    expect(root.name).toBe('vcalendar');
    expect(root.getAllSubcomponents('vevent')).toEqual([]);
  });
});
