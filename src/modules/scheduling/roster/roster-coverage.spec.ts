import { computeCoverage } from './roster-coverage.js';

const span = (start: string, end: string) => ({ start: Date.parse(start), end: Date.parse(end) });

describe('roster coverage', () => {
  it('counts, per local hour worked, the staff working at least 30 minutes of it, in all and per skill', () => {
    const coverage = computeCoverage({
      timeZone: 'Asia/Shanghai',
      from: '2026-12-07',
      to: '2026-12-07',
      staff: [
        { skills: ['haircut', 'hair_colour'], intervals: [span('2026-12-07T10:00:00+08:00', '2026-12-07T12:30:00+08:00')] },
        { skills: ['haircut'], intervals: [span('2026-12-07T11:15:00+08:00', '2026-12-07T12:15:00+08:00')] },
        { skills: ['nails'], intervals: [] },
      ],
    });
    expect(coverage).toEqual([
      { date: '2026-12-07', hour: '10:00', start: '2026-12-07T10:00:00+08:00', staff: 1, skills: { haircut: 1, hair_colour: 1 } },
      // The second works 45 minutes of 11:00 and only 15 of 12:00.
      { date: '2026-12-07', hour: '11:00', start: '2026-12-07T11:00:00+08:00', staff: 2, skills: { haircut: 2, hair_colour: 1 } },
      { date: '2026-12-07', hour: '12:00', start: '2026-12-07T12:00:00+08:00', staff: 1, skills: { haircut: 1, hair_colour: 1 } },
    ]);
  });

  it('lists an hour someone works less than half of, with nobody counted', () => {
    const coverage = computeCoverage({
      timeZone: 'Asia/Shanghai',
      from: '2026-12-07',
      to: '2026-12-08',
      staff: [{ skills: ['nails'], intervals: [span('2026-12-08T09:40:00+08:00', '2026-12-08T10:00:00+08:00')] }],
    });
    expect(coverage).toEqual([{ date: '2026-12-08', hour: '09:00', start: '2026-12-08T09:00:00+08:00', staff: 0, skills: {} }]);
  });

  it('leaves out what lies outside the dates asked for', () => {
    const coverage = computeCoverage({
      timeZone: 'Asia/Shanghai',
      from: '2026-12-07',
      to: '2026-12-07',
      staff: [{ skills: [], intervals: [span('2026-12-06T23:00:00+08:00', '2026-12-07T01:00:00+08:00'), span('2026-12-07T23:30:00+08:00', '2026-12-08T02:00:00+08:00')] }],
    });
    expect(coverage.map((c) => [c.hour, c.staff])).toEqual([
      ['00:00', 1],
      ['23:00', 1],
    ]);
  });

  it('has 25 hours on the day London falls back, 01:00 twice, told apart by their start', () => {
    const coverage = computeCoverage({
      timeZone: 'Europe/London',
      from: '2026-10-25',
      to: '2026-10-25',
      staff: [{ skills: ['massage'], intervals: [span('2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z')] }],
    });
    expect(coverage).toHaveLength(25);
    expect(coverage.filter((c) => c.hour === '01:00').map((c) => c.start)).toEqual(['2026-10-25T01:00:00+01:00', '2026-10-25T01:00:00+00:00']);
    expect(coverage.every((c) => c.date === '2026-10-25' && c.staff === 1)).toBe(true);
  });

  it('has 23 hours on the day London springs forward, with no 01:00', () => {
    const coverage = computeCoverage({
      timeZone: 'Europe/London',
      from: '2026-03-29',
      to: '2026-03-29',
      staff: [{ skills: [], intervals: [span('2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z')] }],
    });
    expect(coverage.map((c) => c.hour)).toEqual(['00:00', ...Array.from({ length: 22 }, (_, i) => `${String(i + 2).padStart(2, '0')}:00`)]);
  });
});
