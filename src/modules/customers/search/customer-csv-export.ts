/**
 * The customers export, as CSV (GET /v1/customers/export.csv) or as an Excel workbook
 * (GET /v1/customers/export.xlsx), with the same columns. CSV: RFC 4180 (CRLF, quotes doubled) by
 * csv-stringify, UTF-8 with a byte-order mark so Excel (the tool of most businesses in China) reads
 * the Chinese names, and spreadsheet formulas defused. Rows are produced batch by batch, pulled by
 * the client; nothing holds the whole list.
 */
import type { Readable } from 'node:stream';
import { batched, csvStream, defuseFormula } from '../../../common/http/csv.js';
import { xlsxStream, type XlsxColumn } from '../imports/customer-xlsx.js';
import { toDecimalString } from '../../../common/money/index.js';
import type { CustomerResponseDto } from '../dto/customer-response.dto.js';

export { CSV_BOM, CSV_CONTENT_TYPE, defuseFormula } from '../../../common/http/csv.js';

const text = (header: string, width = 14): XlsxColumn => ({ header, width });
const number = (header: string, numFmt: string): XlsxColumn => ({ header, width: 12, numFmt });
/**
 * Columns, in order. Care notes and addresses are left out: a spreadsheet travels further than the
 * API. A consent is `yes` or `no` with the time it was given or withdrawn, empty when never asked;
 * an import reads the `…Consent` columns back.
 */
export const EXPORT_COLUMNS: readonly XlsxColumn[] = [
  text('id', 38),
  text('name', 16),
  text('phone', 16),
  text('email', 28),
  text('gender', 10),
  text('birthday', 12),
  text('source', 10),
  text('homeStoreId', 38),
  text('tags', 20),
  text('smsConsent', 10),
  text('smsConsentAt', 26),
  text('emailConsent', 10),
  text('emailConsentAt', 26),
  text('wechatConsent', 10),
  text('wechatConsentAt', 26),
  text('status', 10),
  number('visitCount', '0'),
  text('lastVisitAt', 26),
  number('totalSpend', '0.00'),
  text('currency', 8),
  text('notes', 30),
  text('createdAt', 26),
];
export const CSV_COLUMNS = EXPORT_COLUMNS.map((column) => column.header);

const iso = (value: Date | string | null | undefined) =>
  value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/**
 * A customer, as the caller may see them (already masked by `toCustomerResponse`), as the cells of
 * one row: text, and numbers for the visit count and the spend (a decimal of the currency).
 */
export function customerExportCells(customer: CustomerResponseDto): Array<string | number | null> {
  const spend = customer.figures.totalSpend;
  const consent = (state: { granted: boolean; at: string } | null) => [state ? (state.granted ? 'yes' : 'no') : null, iso(state?.at)];
  return [
    customer.id,
    customer.name,
    customer.phone,
    customer.email,
    customer.gender,
    customer.birthday,
    customer.source,
    customer.homeStoreId,
    customer.tags.join('; '),
    ...consent(customer.consents.sms),
    ...consent(customer.consents.email),
    ...consent(customer.consents.wechat),
    customer.status,
    customer.figures.visitCount,
    iso(customer.figures.lastVisitAt),
    Number(toDecimalString(spend.amount, spend.currency)),
    spend.currency,
    customer.notes,
    iso(customer.createdAt),
  ];
}

/** The same cells as CSV text: the spend exact in its currency's digits, formulas defused. */
export function customerCsvCells(customer: CustomerResponseDto): string[] {
  const cells = customerExportCells(customer);
  cells[CSV_COLUMNS.indexOf('totalSpend')] = toDecimalString(customer.figures.totalSpend.amount, customer.figures.totalSpend.currency);
  return cells.map(defuseFormula);
}

/** `customers-20261122.csv` (or `.xlsx`), dated in the business's zone. */
export function exportFileName(today: string, extension: 'csv' | 'xlsx' = 'csv'): string {
  return `customers-${today.replace(/-/g, '')}.${extension}`;
}

/** The CSV file as a stream: BOM and header, then each batch `nextBatch` gives (an empty one ends it), pulled by the client. */
export function customerCsvStream(first: CustomerResponseDto[], nextBatch: () => Promise<CustomerResponseDto[]>): Readable {
  return csvStream(CSV_COLUMNS, batched(first, nextBatch), customerCsvCells);
}

/** The same rows as an .xlsx workbook, one sheet, text cells (no formula guard needed, no `'` on phones). */
export function customerXlsxStream(first: CustomerResponseDto[], nextBatch: () => Promise<CustomerResponseDto[]>): Readable {
  return xlsxStream('Customers', EXPORT_COLUMNS, customerExportCells, first, nextBatch);
}
