import fc from 'fast-check';
import { jobStatesFromPipeline, nextCursor, planSweep, type JobState, type PendingRow } from './sweep-plan.js';

const now = Date.parse('2026-11-22T10:00:00Z');
const row = (id: string, offsetMs: number): PendingRow => ({ id, kind: 'order.confirm', subjectId: `s-${id}`, dueAt: new Date(now + offsetMs) });

describe('job states from a Redis pipeline', () => {
  it('reads missing, finished and present jobs from EXISTS + HGET finishedOn pairs', () => {
    const replies: Array<[Error | null, unknown]> = [
      [null, 0],
      [null, null],
      [null, 1],
      [null, '1763805600000'],
      [null, 1],
      [null, null],
    ];
    expect(jobStatesFromPipeline(replies)).toEqual(['missing', 'finished', 'present']);
  });

  it('fails loudly on a Redis error rather than re-adding blindly', () => {
    expect(() =>
      jobStatesFromPipeline([
        [new Error('LOADING'), null],
        [null, null],
      ]),
    ).toThrow('LOADING');
    expect(() => jobStatesFromPipeline([[null, 1]])).toThrow(/reply per job/);
  });
});

describe('sweep plan', () => {
  it('puts back missing and finished jobs, leaves present ones, and counts the overdue', () => {
    const rows = [row('a', -5000), row('b', 60_000), row('c', -1), row('d', 10)];
    const plan = planSweep(rows, ['missing', 'missing', 'finished', 'present'], now);
    expect(plan.missing.map((r) => r.id)).toEqual(['a', 'b']);
    expect(plan.finished.map((r) => r.id)).toEqual(['c']);
    expect(plan.overdue).toBe(2);
  });

  it('never loses or duplicates a row, whatever the states', () => {
    const states: JobState[] = ['missing', 'finished', 'present'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(...states)), { maxLength: 50 }), (cases) => {
        const rows = cases.map(([offset], i) => row(String(i), offset));
        const plan = planSweep(
          rows,
          cases.map(([, state]) => state),
          now,
        );
        const requeued = [...plan.missing, ...plan.finished].map((r) => r.id);
        expect(new Set(requeued).size).toBe(requeued.length);
        expect(requeued.length).toBe(cases.filter(([, state]) => state !== 'present').length);
        expect(plan.overdue).toBe(cases.filter(([offset, state]) => state !== 'present' && offset <= 0).length);
      }),
    );
  });

  it('continues the keyset after the last row of a batch', () => {
    expect(nextCursor([row('a', 1), row('b', 2)])).toEqual({ dueAt: new Date(now + 2), id: 'b' });
    expect(nextCursor([])).toBeUndefined();
  });
});
