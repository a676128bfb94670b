/**
 * The customers CSV export (GET /v1/customers/export.csv): RFC 4180 (CRLF, quotes doubled), UTF-8
 * with a byte-order mark so Excel (the tool of most businesses in China) reads the Chinese names,
 * and spreadsheet formulas defused. Rows are produced batch by batch; nothing holds the whole list.
 */
import { Readable } from 'node:stream';
import type { CustomerResponseDto } from './dto/customer-response.dto.js';

export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** Columns, in order. Care notes and addresses are left out: a spreadsheet travels further than the API. */
export const CSV_COLUMNS = [
  'id', 'name', 'phone', 'email', 'gender', 'birthday', 'source', 'homeStoreId', 'tags', 'status',
  'visitCount', 'lastVisitAt', 'totalSpend', 'currency', 'notes', 'createdAt',
] as const;

/**
 * One cell. A value starting with `=`, `+`, `-`, `@` (or a tab or carriage return, which Excel
 * skips before looking) would run as a formula when the file is opened (CSV injection, OWASP): it
 * is prefixed with `'`, which makes it text. Quoted when it holds a quote, comma or line break.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Minor units as a decimal in the currency's own digits: 12800 CNY → `128.00`, 500 JPY → `500`. Exact: no floats. */
export function formatMinorUnits(amount: number, currency: string): string {
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // an unknown code: two digits, as most currencies have
  }
  const negative = amount < 0;
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return negative ? `-${whole}` : whole;
}

const iso = (value: Date | string | null) => (value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString());

/** A customer, as the caller may see them (already masked by `toCustomerResponse`), as the cells of one row. */
export function customerCsvCells(customer: CustomerResponseDto): Array<string | number | null> {
  const spend = customer.figures.totalSpend;
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
    customer.status,
    customer.figures.visitCount,
    iso(customer.figures.lastVisitAt),
    formatMinorUnits(spend.amount, spend.currency),
    spend.currency,
    customer.notes,
    iso(customer.createdAt),
  ];
}

/** `customers-20261122.csv`, dated in the business's zone. */
export function exportFileName(today: string): string {
  return `customers-${today.replace(/-/g, '')}.csv`;
}

/**
 * The file as a stream: BOM and header, then each batch `nextBatch` gives (an empty one ends it).
 * Pulled, not pushed: the next batch is fetched only when the client has taken the previous one,
 * and a client that hangs up stops the fetching.
 */
export function customerCsvStream(first: CustomerResponseDto[], nextBatch: () => Promise<CustomerResponseDto[]>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield CSV_BOM + csvLine(CSV_COLUMNS);
    let batch = first;
    while (batch.length > 0) {
      yield batch.map((customer) => csvLine(customerCsvCells(customer))).join('');
      batch = await nextBatch();
    }
  }
  return Readable.from(lines(), { objectMode: false });
}
