import fc from 'fast-check';
import { effectiveTerms, levelDurationProblem, type BaseTerms } from './level-price-rule.js';

/** A long-hair colour: 120 minutes, 40 active, 35 processing, 45 finishing, 10 buffer; ¥688. */
const colour: BaseTerms = {
  catalogAmount: '68800',
  storeAmount: null,
  currency: 'CNY',
  durationMinutes: 120,
  timeBlocks: { activeMinutes: 40, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 },
};
const senior = { levelId: 'senior', amount: '88800', currency: 'CNY', durationMinutes: 100 };

describe('the price and duration of a variation at a level', () => {
  it("charges the level's price and takes the level's duration, the active block absorbing the difference", () => {
    expect(effectiveTerms(colour, senior)).toEqual({
      price: { amount: 88800, currency: 'CNY' },
      priceSource: 'level',
      durationMinutes: 100,
      timeBlocks: { activeMinutes: 20, processingMinutes: 35, finishingMinutes: 45, bufferMinutes: 10 },
    });
  });

  it("lets the store's own price win over the level's, but keeps the level's duration", () => {
    expect(effectiveTerms({ ...colour, storeAmount: '72800' }, senior)).toMatchObject({
      price: { amount: 72800, currency: 'CNY' },
      priceSource: 'store',
      durationMinutes: 100,
    });
  });

  it("falls back to the catalog's price and the variation's duration for what the level leaves unset, and without a level", () => {
    expect(effectiveTerms(colour, { ...senior, amount: null, currency: null })).toMatchObject({ price: { amount: 68800 }, priceSource: 'catalog', durationMinutes: 100 });
    expect(effectiveTerms(colour, { ...senior, durationMinutes: null })).toMatchObject({ priceSource: 'level', durationMinutes: 120, timeBlocks: colour.timeBlocks });
    expect(effectiveTerms(colour)).toEqual({ price: { amount: 68800, currency: 'CNY' }, priceSource: 'catalog', durationMinutes: 120, timeBlocks: colour.timeBlocks });
    expect(effectiveTerms(colour, null).priceSource).toBe('catalog');
  });

  it('refuses a level duration that leaves less than 5 minutes of active work, naming the field', () => {
    expect(levelDurationProblem(85, colour.timeBlocks)).toBeNull();
    expect(levelDurationProblem(80, colour.timeBlocks)).toEqual({ field: 'durationMinutes', message: expect.stringMatching(/80 minus processing 35 and finishing 45 leaves 0/) });
    expect(levelDurationProblem(60, colour.timeBlocks, 'timeBlocks')?.field).toBe('timeBlocks');
  });

  it('property: the store price always wins, and accepted durations keep active + processing + finishing = duration', () => {
    const minutes = fc.integer({ min: 0, max: 60 }).map((n) => n * 5);
    const amount = fc.option(fc.integer({ min: 0, max: 10_000_000 }).map(String), { nil: null });
    fc.assert(
      fc.property(
        minutes,
        minutes,
        minutes,
        fc.integer({ min: 1, max: 100 }).map((n) => n * 5),
        amount,
        amount,
        fc.option(
          fc.integer({ min: 1, max: 288 }).map((n) => n * 5),
          { nil: null },
        ),
        (p, f, a, levelDuration, storeAmount, levelAmount, duration) => {
          const base: BaseTerms = {
            catalogAmount: '50000',
            storeAmount,
            currency: 'CNY',
            durationMinutes: a + p + f + 5,
            timeBlocks: { activeMinutes: a + 5, processingMinutes: p, finishingMinutes: f, bufferMinutes: 10 },
          };
          const level = { levelId: 'l', amount: levelAmount, currency: levelAmount === null ? null : 'CNY', durationMinutes: duration ?? levelDuration };
          const terms = effectiveTerms(base, level);
          const expected = storeAmount ?? levelAmount ?? '50000';
          expect(terms.price.amount).toBe(Number(expected));
          expect(terms.priceSource).toBe(storeAmount !== null ? 'store' : levelAmount !== null ? 'level' : 'catalog');
          const { activeMinutes, processingMinutes, finishingMinutes, bufferMinutes } = terms.timeBlocks;
          expect(activeMinutes + processingMinutes + finishingMinutes).toBe(terms.durationMinutes);
          expect([processingMinutes, finishingMinutes, bufferMinutes]).toEqual([p, f, 10]);
          expect(levelDurationProblem(level.durationMinutes, base.timeBlocks) === null).toBe(activeMinutes >= 5);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
