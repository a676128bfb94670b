import fc from 'fast-check';
import { describeUnits, measureToUnits, piecesToUnits, unitsPerPiece } from './stock-units.js';

describe('stock units', () => {
  it('counts pieces as pieces, and measured products in thousandths of their measure', () => {
    expect(unitsPerPiece({ unit: 'pcs', size: 6 })).toBe(1);
    expect(unitsPerPiece({ unit: 'ml', size: 250 })).toBe(250_000);
    expect(unitsPerPiece({ unit: 'g', size: 60.5 })).toBe(60_500);
    expect(piecesToUnits(3, 60_000)).toBe(180_000);
    expect(measureToUnits(30.5)).toBe(30_500);
    expect(measureToUnits(0.001)).toBe(1);
  });

  it('refuses fractions of pieces, negative counts and measures finer than a thousandth', () => {
    expect(() => piecesToUnits(1.5, 1)).toThrow(RangeError);
    expect(() => piecesToUnits(-1, 1)).toThrow(RangeError);
    expect(() => measureToUnits(0.0005)).toThrow(RangeError);
    expect(() => measureToUnits(-2)).toThrow(RangeError);
    expect(() => measureToUnits(Number.NaN)).toThrow(RangeError);
  });

  it('reads stock as whole pieces and what the opened one still holds', () => {
    expect(describeUnits(150_000, 60_000, 'g')).toEqual({ units: 150_000, pieces: 2, opened: 30, measure: 150 });
    expect(describeUnits(120_000, 60_000, 'g')).toEqual({ units: 120_000, pieces: 2, opened: 0, measure: 120 });
    expect(describeUnits(7, 1, 'pcs')).toEqual({ units: 7, pieces: 7, opened: null, measure: null });
  });

  it('property: pieces and the opened rest add up to the units', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (units, perPiece) => {
        const { pieces, opened } = describeUnits(units, perPiece, 'ml');
        expect(pieces * perPiece + Math.round(opened! * 1000)).toBe(units);
        expect(opened! * 1000).toBeLessThan(perPiece);
      }),
    );
  });
});
