import fc from 'fast-check';
import { suggestedPieces } from './suggested-quantity.js';

describe('suggestedPieces', () => {
  it('orders the reorder quantity less what is on order, raised to the minimum and up to whole packs', () => {
    expect(suggestedPieces(8, 0, 1, 1)).toBe(8);
    expect(suggestedPieces(8, 5, 6, 1)).toBe(6); // 3 missing: one pack of 6
    expect(suggestedPieces(4, 0, 1, 10)).toBe(10); // the supplier's minimum
    expect(suggestedPieces(13, 0, 6, 1)).toBe(18);
    expect(suggestedPieces(5, 2, 4, 10)).toBe(12); // 3 missing, minimum 10, packs of 4
  });

  it('orders nothing when enough is on order', () => {
    expect(suggestedPieces(8, 8, 6, 12)).toBe(0);
    expect(suggestedPieces(8, 20, 1, 1)).toBe(0);
  });

  it('always orders whole packs, at least what is missing and the minimum, and less than a pack more than that', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 1_000 }),
        (reorder, onOrder, pack, minimum) => {
          const pieces = suggestedPieces(reorder, onOrder, pack, minimum);
          if (onOrder >= reorder) return pieces === 0;
          const floor = Math.max(reorder - onOrder, minimum);
          return pieces % pack === 0 && pieces >= floor && pieces < floor + pack;
        },
      ),
    );
  });
});
