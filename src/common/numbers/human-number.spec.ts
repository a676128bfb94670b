import fc from 'fast-check';
import { compareHumanNumbers, formatHumanNumber, isHumanNumberPrefix, parseHumanNumber } from './human-number.js';

describe('formatHumanNumber', () => {
  it('writes prefix, local date and a four-digit sequence', () => {
    expect(formatHumanNumber({ prefix: 'SO', date: '2026-12-06', sequence: 42 })).toBe('SO-20261206-0042');
    expect(formatHumanNumber({ prefix: 'CS', date: '2026-01-09', sequence: 1 })).toBe('CS-20260109-0001');
    expect(formatHumanNumber({ prefix: 'SO', date: '2026-12-06', sequence: 9999 })).toBe('SO-20261206-9999');
  });

  it('widens past 9999 instead of wrapping', () => {
    expect(formatHumanNumber({ prefix: 'SO', date: '2026-12-06', sequence: 10_000 })).toBe('SO-20261206-10000');
    expect(formatHumanNumber({ prefix: 'SO', date: '2026-12-06', sequence: 1_234_567 })).toBe('SO-20261206-1234567');
  });

  it("puts a store's code, upper-cased, in per-store numbers", () => {
    expect(formatHumanNumber({ prefix: 'SO', scopeCode: 'sh01', date: '2026-12-06', sequence: 7 })).toBe('SO-SH01-20261206-0007');
    expect(formatHumanNumber({ prefix: 'PO', scopeCode: 'BJ-02', date: '2026-12-06', sequence: 7 })).toBe('PO-BJ-02-20261206-0007');
  });

  it('refuses parts that would make an ambiguous or unreadable number', () => {
    const ok = { prefix: 'SO', date: '2026-12-06', sequence: 1 };
    expect(() => formatHumanNumber({ ...ok, prefix: 'so' })).toThrow('prefix');
    expect(() => formatHumanNumber({ ...ok, prefix: '' })).toThrow('prefix');
    expect(() => formatHumanNumber({ ...ok, prefix: 'ABCDEFG' })).toThrow('prefix');
    expect(() => formatHumanNumber({ ...ok, prefix: 'S1' })).toThrow('prefix');
    expect(() => formatHumanNumber({ ...ok, scopeCode: '' })).toThrow('scope code');
    expect(() => formatHumanNumber({ ...ok, scopeCode: 'SH 01' })).toThrow('scope code');
    expect(() => formatHumanNumber({ ...ok, scopeCode: '-SH' })).toThrow('scope code');
    expect(() => formatHumanNumber({ ...ok, scopeCode: 'SH-' })).toThrow('scope code');
    expect(() => formatHumanNumber({ ...ok, scopeCode: 'SH--01' })).toThrow('scope code');
    expect(() => formatHumanNumber({ ...ok, prefix: ' SO' })).toThrow('prefix');
    expect(() => formatHumanNumber({ ...ok, date: 'x2026-12-06' })).toThrow('date');
    expect(() => formatHumanNumber({ ...ok, date: '2026-1-06' })).toThrow('date');
    expect(() => formatHumanNumber({ ...ok, date: '20261206' })).toThrow('date');
    expect(() => formatHumanNumber({ ...ok, date: '2026-12-06T00:00' })).toThrow('date');
    expect(() => formatHumanNumber({ ...ok, sequence: 0 })).toThrow('sequence');
    expect(() => formatHumanNumber({ ...ok, sequence: 1.5 })).toThrow('sequence');
    expect(() => formatHumanNumber({ ...ok, sequence: Number.MAX_SAFE_INTEGER + 1 })).toThrow('sequence');
    expect(isHumanNumberPrefix('SO')).toBe(true);
    expect(isHumanNumberPrefix('SO-')).toBe(false);
  });
});

describe('parseHumanNumber', () => {
  it('reads back what was written', () => {
    expect(parseHumanNumber('SO-20261206-0042')).toStrictEqual({ prefix: 'SO', date: '2026-12-06', sequence: 42 });
    expect(parseHumanNumber('SO-BJ-02-20261206-10000')).toEqual({ prefix: 'SO', scopeCode: 'BJ-02', date: '2026-12-06', sequence: 10_000 });
  });

  it('refuses what no series writes', () => {
    for (const text of [
      '',
      'SOABCDEF-20261206-0042',
      'SO-SH_1-20261206-0042',
      'SO-SH--1-20261206-0042',
      'xSO-20261206-0042',
      'SO-20261206-042',
      'SO-20261206-00042',
      'SO-20261206-0000',
      'so-20261206-0042',
      'SO-2026126-0042',
      'SO--20261206-0042',
      ' SO-20261206-0042',
      'SO-20261206-0042x',
    ]) {
      expect([text, parseHumanNumber(text)]).toEqual([text, undefined]);
    }
  });

  const parts = fc.record({
    prefix: fc.stringMatching(/^[A-Z]{1,6}$/),
    scopeCode: fc.option(fc.stringMatching(/^[A-Z0-9]{1,4}(-[A-Z0-9]{1,4})?$/), { nil: undefined }),
    date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    sequence: fc.integer({ min: 1, max: 10_000_000 }),
  });

  it('round-trips every number (property)', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const expected =
          p.scopeCode === undefined ? { prefix: p.prefix, date: p.date, sequence: p.sequence } : { prefix: p.prefix, scopeCode: p.scopeCode, date: p.date, sequence: p.sequence };
        expect(parseHumanNumber(formatHumanNumber(p))).toStrictEqual(expected);
      }),
    );
  });

  it('orders a series by date, then sequence, past 9999 too (property)', () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const left = formatHumanNumber({ ...a, prefix: 'SO', scopeCode: undefined });
        const right = formatHumanNumber({ ...b, prefix: 'SO', scopeCode: undefined });
        const expected = a.date === b.date ? Math.sign(a.sequence - b.sequence) : a.date < b.date ? -1 : 1;
        expect(Math.sign(compareHumanNumbers(left, right))).toBe(expected);
      }),
    );
    expect(compareHumanNumbers('SO-20261206-9999', 'SO-20261206-10000')).toBeLessThan(0);
    expect(compareHumanNumbers('SO-20261206-0042', 'SO-20261206-0042')).toBe(0);
  });

  it('sorts text that is no number after the numbers', () => {
    expect(compareHumanNumbers('SO-20261206-0001', 'junk')).toBe(-1);
    expect(compareHumanNumbers('junk', 'SO-20261206-0001')).toBe(1);
    expect(compareHumanNumbers('a', 'b')).toBe(-1);
    expect(compareHumanNumbers('b', 'a')).toBe(1);
    expect(compareHumanNumbers('a', 'a')).toBe(0);
  });
});
