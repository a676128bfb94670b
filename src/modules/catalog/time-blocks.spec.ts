import fc from 'fast-check';
import { effectiveTimeBlocks, NO_OVERRIDES, timeBlockProblems } from './time-blocks.js';

const colour = { processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 };

describe('variation time blocks', () => {
  it('fills an unset active block with what processing and finishing leave of the duration', () => {
    expect(effectiveTimeBlocks(120, colour, NO_OVERRIDES)).toEqual({ activeMinutes: 55, processingMinutes: 35, finishingMinutes: 30, bufferMinutes: 10 });
    expect(timeBlockProblems(120, colour, NO_OVERRIDES)).toEqual([]);
  });

  it('lets a variation override any block, inheriting the others from the service', () => {
    const own = { ...NO_OVERRIDES, finishingMinutes: 45, bufferMinutes: 0 };
    expect(effectiveTimeBlocks(120, colour, own)).toEqual({ activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 0 });
  });

  it('refuses explicit blocks that do not add up to the duration, naming timeBlocks', () => {
    const own = { activeMinutes: 30, processingMinutes: 30, finishingMinutes: 30, bufferMinutes: null };
    expect(timeBlockProblems(90, colour, own)).toEqual([]);
    const [problem] = timeBlockProblems(120, colour, own, 'variations[1].');
    expect(problem.field).toBe('variations[1].timeBlocks');
    expect(problem.message).toMatch(/30 \+ 30 \+ 30 = 90.*must equal durationMinutes \(120\)/);
  });

  it('refuses a duration the service defaults leave no active work in, naming durationMinutes', () => {
    const [problem] = timeBlockProblems(65, colour, NO_OVERRIDES);
    expect(problem.field).toBe('durationMinutes');
    expect(problem.message).toMatch(/leaves 0/);
    expect(timeBlockProblems(70, colour, NO_OVERRIDES)).toEqual([]);
  });

  it("blames timeBlocks when the variation's own processing or finishing leave no active work", () => {
    const [problem] = timeBlockProblems(60, { processingMinutes: 0, finishingMinutes: 0, bufferMinutes: 0 }, { ...NO_OVERRIDES, processingMinutes: 60 });
    expect(problem.field).toBe('timeBlocks');
  });

  it('property: whenever no problem is reported, active + processing + finishing = duration with at least 5 minutes active', () => {
    const minutes = fc.integer({ min: 0, max: 60 }).map((n) => n * 5);
    const optional = fc.option(minutes, { nil: null });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).map((n) => n * 5),
        minutes,
        minutes,
        minutes,
        optional,
        optional,
        optional,
        optional,
        (duration, p, f, b, a, op, of, ob) => {
          const service = { processingMinutes: p, finishingMinutes: f, bufferMinutes: b };
          const own = { activeMinutes: a === 0 ? null : a, processingMinutes: op, finishingMinutes: of, bufferMinutes: ob };
          const blocks = effectiveTimeBlocks(duration, service, own);
          const ok = timeBlockProblems(duration, service, own).length === 0;
          expect(ok).toBe(blocks.activeMinutes >= 5 && blocks.activeMinutes + blocks.processingMinutes + blocks.finishingMinutes === duration);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
