/**
 * Stock units (pure): what the stock ledger counts. A product counted in pieces (`pcs`) has one unit a
 * piece; a product measured in millilitres or grams has a thousandth of its measure a unit, so a
 * service can use 30 g of a 60 g tube and the opened tube is tracked until empty. Whole-piece
 * movements (receipts, sales, transfers) multiply by `unitsPerPiece`.
 */
import type { ProductUnit } from '../../catalog/index.js';

export const MEASURE_SCALE = 1000;

/** Units in one piece: 1 for `pcs`; the piece's size in thousandths for `ml` and `g`. */
export function unitsPerPiece(product: { unit: ProductUnit; size: number }): number {
  if (product.unit === 'pcs') return 1;
  return Math.max(1, Math.round(product.size * MEASURE_SCALE));
}

/** Units of `pieces` whole pieces; RangeError for a fraction or a negative count. */
export function piecesToUnits(pieces: number, perPiece: number): number {
  if (!Number.isSafeInteger(pieces) || pieces < 0) throw new RangeError(`pieces must be a whole number of at least 0, not ${pieces}`);
  return pieces * perPiece;
}

/** Units of a measure (`30.5` ml) to at most three decimals; RangeError otherwise. */
export function measureToUnits(measure: number): number {
  const units = Math.round(measure * MEASURE_SCALE);
  if (!Number.isFinite(measure) || measure < 0 || Math.abs(units - measure * MEASURE_SCALE) > 1e-6 || !Number.isSafeInteger(units)) {
    throw new RangeError(`a measure has at most three decimals and is at least 0, not ${measure}`);
  }
  return units;
}

export interface StockQuantity {
  /** Stock units, as stored. */
  units: number;
  /** Whole pieces (unopened bottles, tubes, boxes). */
  pieces: number;
  /** For measured products: what an opened piece still holds, in ml or g (0 when none is open); null for `pcs`. */
  opened: number | null;
  /** For measured products: everything in ml or g; null for `pcs`. */
  measure: number | null;
}

/** How people read a quantity of stock units: pieces, and the opened piece's rest for measured products. */
export function describeUnits(units: number, perPiece: number, unit: ProductUnit): StockQuantity {
  const pieces = Math.floor(units / perPiece);
  if (unit === 'pcs') return { units, pieces, opened: null, measure: null };
  return { units, pieces, opened: (units - pieces * perPiece) / MEASURE_SCALE, measure: units / MEASURE_SCALE };
}
