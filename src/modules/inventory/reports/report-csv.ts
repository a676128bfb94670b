/**
 * The reports as CSV: the JSON rows, one line each, through the one CSV writer (common/http/csv.ts,
 * as the customers export). Quantities read in the product's unit (`unit`: pieces, or ml or g for
 * measured products), money as a decimal of its currency (`128.00`) beside a `currency` column,
 * times ISO 8601 with the store's offset, dates `YYYY-MM-DD`. Text cells are defused against formulas.
 */
import { defuseFormula } from '../../../common/http/csv.js';
import { toDecimalString } from '../../../common/money/index.js';
import type { StockQuantity } from '../stock/stock-units.js';
import type { ExpiringBatchRowDto, MovementReportRowDto, SlowMoverRowDto, StockOnHandRowDto, TurnoverRowDto } from './dto/reports.dto.js';

export interface ReportCsv<T> {
  /** `stock-on-hand` → `inventory-stock-on-hand-20270510.csv`. */
  name: string;
  columns: readonly string[];
  cells: (row: T) => string[];
}

/** In the product's unit: pieces, or the measure in ml or g. */
const quantity = (value: StockQuantity) => String(value.measure ?? value.pieces);
const decimal = (value: { amount: number; currency: string } | null) => (value === null ? '' : toDecimalString(value.amount, value.currency));
const text = defuseFormula;
const number = (value: number | null) => (value === null ? '' : String(value));

export const STOCK_ON_HAND_CSV: ReportCsv<StockOnHandRowDto> = {
  name: 'stock-on-hand',
  columns: ['storeId', 'productId', 'sku', 'name', 'category', 'unit', 'onHand', 'reserved', 'available', 'averageUnitCost', 'value', 'currency'],
  cells: (row) => [
    row.storeId,
    row.productId,
    text(row.sku),
    text(row.name),
    text(row.category),
    row.unit,
    quantity(row.onHand),
    quantity(row.reserved),
    quantity(row.available),
    decimal(row.averageUnitCost),
    decimal(row.value),
    row.value.currency,
  ],
};

export const MOVEMENTS_CSV: ReportCsv<MovementReportRowDto> = {
  name: 'movements',
  columns: [
    'createdAt',
    'id',
    'storeId',
    'productId',
    'sku',
    'name',
    'kind',
    'direction',
    'unit',
    'quantity',
    'unitCost',
    'value',
    'currency',
    'reason',
    'documentType',
    'documentId',
    'actorType',
    'actorId',
  ],
  cells: (row) => [
    row.createdAt,
    row.id,
    row.storeId,
    row.productId,
    text(row.sku),
    text(row.name),
    row.kind,
    row.direction,
    row.unit,
    quantity(row.quantity),
    decimal(row.unitCost),
    decimal(row.valueChange),
    row.unitCost.currency,
    text(row.reason),
    text(row.documentType),
    text(row.documentId),
    row.actor.type,
    row.actor.id ?? '',
  ],
};

export const SLOW_MOVERS_CSV: ReportCsv<SlowMoverRowDto> = {
  name: 'slow-movers',
  columns: ['storeId', 'productId', 'sku', 'name', 'unit', 'onHand', 'value', 'currency', 'lastSaleAt', 'daysSinceLastSale'],
  cells: (row) => [
    row.storeId,
    row.productId,
    text(row.sku),
    text(row.name),
    row.unit,
    quantity(row.onHand),
    decimal(row.value),
    row.value.currency,
    row.lastSaleAt ?? '',
    number(row.daysSinceLastSale),
  ],
};

export const EXPIRING_CSV: ReportCsv<ExpiringBatchRowDto> = {
  name: 'expiring',
  columns: ['storeId', 'productId', 'sku', 'name', 'batchId', 'lotCode', 'expiresOn', 'daysLeft', 'expired', 'unit', 'remaining', 'unitCost', 'value', 'currency'],
  cells: (row) => [
    row.storeId,
    row.productId,
    text(row.sku),
    text(row.name),
    row.batchId,
    text(row.lotCode),
    row.expiresOn,
    String(row.daysLeft),
    row.expired ? 'yes' : 'no',
    row.unit,
    quantity(row.remaining),
    decimal(row.unitCost),
    decimal(row.value),
    row.value.currency,
  ],
};

export const TURNOVER_CSV: ReportCsv<TurnoverRowDto> = {
  name: 'turnover',
  columns: [
    'storeId',
    'productId',
    'sku',
    'name',
    'from',
    'to',
    'unit',
    'sold',
    'consumed',
    'costOfGoodsOut',
    'openingValue',
    'closingValue',
    'averageValue',
    'currency',
    'turnover',
    'daysOfCover',
  ],
  cells: (row) => [
    row.storeId,
    row.productId,
    text(row.sku),
    text(row.name),
    row.from,
    row.to,
    row.unit,
    quantity(row.sold),
    quantity(row.consumed),
    decimal(row.costOfGoodsOut),
    decimal(row.openingValue),
    decimal(row.closingValue),
    decimal(row.averageValue),
    row.costOfGoodsOut.currency,
    number(row.turnover),
    number(row.daysOfCover),
  ],
};

/** A report's CSV example for the OpenAPI document: the header and one line. */
export function csvExample(csv: ReportCsv<never>, line: string): string {
  return `\uFEFF${csv.columns.join(',')}\r\n${line}\r\n`;
}
