/** The SQL of stocktakes in one place: one with its scope, the current count entries, the figures the report is made of. */
import type { Db } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { isUuid } from '../../../common/validation/index.js';
import { productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { MEASURE_SCALE } from '../stock/stock-units.js';
import type { StocktakeCountResponseDto, StocktakeLineResponseDto, StocktakeSummaryResponseDto } from './dto/stocktake.dto.js';
import type { StocktakeStatus } from './stocktake-state.js';
import { StocktakeErrors } from './stocktakes.errors.js';

export const STOCKTAKE_COLUMNS = `s.id, s.number, s.store_id AS "storeId", s.status, s.categories, s.note,
  s.submitted_at AS "submittedAt", s.approved_at AS "approvedAt", s.cancelled_at AS "cancelledAt", s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM stocktake_line sl WHERE sl.stocktake_id = s.id) AS "productCount",
  (SELECT count(DISTINCT sc.product_id)::int FROM stocktake_count sc WHERE sc.stocktake_id = s.id) AS "countedCount"`;

export interface StocktakeRow {
  id: string;
  number: string;
  storeId: string;
  status: StocktakeStatus;
  categories: string[] | null;
  note: string | null;
  submittedAt: Date | null;
  approvedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  productCount: number;
  countedCount: number;
}

/** Newest first. */
export const BY_CREATED = cursorCodec<{ createdAt: Date; id: string }>('stocktake_created', { createdAt: cursorParts.instant, id: cursorParts.uuid });

/** Entries that no later entry corrects. */
export const CURRENT_COUNTS = `stocktake_count c WHERE NOT EXISTS (SELECT 1 FROM stocktake_count r WHERE r.replaces_id = c.id)`;

/**
 * The stocktake; with `lock`, held for the caller's transaction: `share` while counting (entries take
 * turns with a transition, not with each other), `update` otherwise. Or `stocktake.not_found`.
 */
export async function findStocktake(db: Db, id: string, lock?: 'share' | 'update'): Promise<StocktakeRow> {
  if (!isUuid(id)) throw StocktakeErrors.notFound(id);
  const suffix = lock === 'share' ? ' FOR SHARE OF s' : lock === 'update' ? ' FOR UPDATE OF s' : '';
  const [row] = await db.rows<StocktakeRow>(`SELECT ${STOCKTAKE_COLUMNS} FROM stocktake s WHERE s.id = $1${suffix}`, [id]);
  if (!row) throw StocktakeErrors.notFound(id);
  return row;
}

export interface ScopeRow {
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  perPiece: string;
}

/** The products in scope, by SKU. */
export function scopeOf(db: Db, id: string): Promise<ScopeRow[]> {
  return db.rows<ScopeRow>(
    `SELECT line.product_id AS "productId", p.sku, p.name, p.unit, line.units_per_piece::text AS "perPiece"
       FROM stocktake_line line ${productSummarySql('line.product_id', 'p')}
      WHERE line.stocktake_id = $1 ORDER BY p.sku, line.product_id`,
    [id],
  );
}

/** Stock units as people count them: pieces for `pcs`, else ml or g. */
export function toCountUnit(units: number, perPiece: number, unit: ProductUnit): number {
  return unit === 'pcs' ? units / perPiece : units / MEASURE_SCALE;
}

/** Each product in scope with what counters counted so far: never the books' figure (blind counting). */
export async function blindLines(db: Db, id: string): Promise<StocktakeLineResponseDto[]> {
  const rows = await db.rows<ScopeRow & { counted: string | null; entries: number }>(
    `SELECT line.product_id AS "productId", p.sku, p.name, p.unit, line.units_per_piece::text AS "perPiece", agg.counted::text AS counted, coalesce(agg.entries, 0)::int AS entries
       FROM stocktake_line line ${productSummarySql('line.product_id', 'p')}
       LEFT JOIN (SELECT c.product_id, sum(c.counted_units) AS counted, count(*) AS entries FROM ${CURRENT_COUNTS} AND c.stocktake_id = $1 GROUP BY c.product_id) agg
         ON agg.product_id = line.product_id
      WHERE line.stocktake_id = $1 ORDER BY p.sku, line.product_id`,
    [id],
  );
  return rows.map((row) => ({
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    countedQuantity: row.counted === null ? null : toCountUnit(Number(row.counted), Number(row.perPiece), row.unit),
    entries: row.entries,
  }));
}

interface CountRow {
  id: string;
  productId: string;
  units: string;
  perPiece: string;
  unit: ProductUnit;
  barcode: string | null;
  countedByType: string;
  countedById: string | null;
  replacesId: string | null;
  countedAt: Date;
}

/** Current entries of a stocktake (only `by`'s when given), oldest first; or those with these ids. */
export async function countEntries(db: Db, id: string, filter: { by?: { type: string; id: string | null }; ids?: string[] } = {}): Promise<StocktakeCountResponseDto[]> {
  const rows = await db.rows<CountRow>(
    `SELECT c.id, c.product_id AS "productId", c.counted_units::text AS units, line.units_per_piece::text AS "perPiece", p.unit, c.barcode,
            c.counted_by_type AS "countedByType", c.counted_by_id AS "countedById", c.replaces_id AS "replacesId", c.counted_at AS "countedAt"
       FROM stocktake_count c
       JOIN stocktake_line line ON line.stocktake_id = c.stocktake_id AND line.product_id = c.product_id
       ${productSummarySql('c.product_id', 'p')}
      WHERE c.stocktake_id = $1 AND NOT EXISTS (SELECT 1 FROM stocktake_count r WHERE r.replaces_id = c.id)
        AND ($2::text IS NULL OR (c.counted_by_type = $2 AND c.counted_by_id IS NOT DISTINCT FROM $3::uuid))
        AND ($4::uuid[] IS NULL OR c.id = ANY($4))
      ORDER BY c.counted_at, c.id`,
    [id, filter.by?.type ?? null, filter.by?.id ?? null, filter.ids ?? null],
  );
  return rows.map((row) => ({
    id: row.id,
    productId: row.productId,
    quantity: toCountUnit(Number(row.units), Number(row.perPiece), row.unit),
    unit: row.unit,
    barcode: row.barcode,
    countedBy: { type: row.countedByType, id: row.countedById },
    replacesId: row.replacesId,
    countedAt: row.countedAt,
  }));
}

export function toSummary(row: StocktakeRow): StocktakeSummaryResponseDto {
  return {
    id: row.id,
    number: row.number,
    storeId: row.storeId,
    status: row.status,
    categories: row.categories,
    note: row.note,
    productCount: row.productCount,
    countedCount: row.countedCount,
    submittedAt: row.submittedAt,
    approvedAt: row.approvedAt,
    cancelledAt: row.cancelledAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What the report is made of, per product in scope, read now (a submitted stocktake). */
export interface FigureRow extends ScopeRow {
  /** Sum of the current entries; null: not counted. */
  counted: string | null;
  /** On hand at the moment of the product's last current entry; null: not counted. */
  expected: string | null;
  onHand: string;
  valueAmount: string;
  currency: string | null;
}

/** By product id: the order approval locks the levels in. */
export function figuresOf(db: Db, id: string, storeId: string): Promise<FigureRow[]> {
  return db.rows<FigureRow>(
    `WITH cur AS (SELECT c.* FROM ${CURRENT_COUNTS} AND c.stocktake_id = $1),
          agg AS (SELECT product_id, sum(counted_units) AS counted FROM cur GROUP BY product_id),
          last AS (SELECT DISTINCT ON (product_id) product_id, on_hand_units FROM cur ORDER BY product_id, counted_at DESC, id DESC)
     SELECT line.product_id AS "productId", p.sku, p.name, p.unit, line.units_per_piece::text AS "perPiece",
            agg.counted::text AS counted, last.on_hand_units::text AS expected,
            coalesce(l.on_hand, 0)::text AS "onHand", coalesce(l.value_amount, 0)::text AS "valueAmount", l.currency
       FROM stocktake_line line ${productSummarySql('line.product_id', 'p')}
       LEFT JOIN agg ON agg.product_id = line.product_id
       LEFT JOIN last ON last.product_id = line.product_id
       LEFT JOIN stock_level l ON l.store_id = $2 AND l.product_id = line.product_id
      WHERE line.stocktake_id = $1 ORDER BY line.product_id`,
    [id, storeId],
  );
}
