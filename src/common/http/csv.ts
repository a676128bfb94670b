/**
 * CSV downloads (the customers export, inventory reports): RFC 4180 (CRLF, quotes doubled) by
 * csv-stringify, UTF-8 with a byte-order mark so Excel (the tool of most businesses in China) reads
 * Chinese names, and a guard against spreadsheet formulas in text cells. Rows are pulled by the
 * client batch by batch; nothing holds the whole file.
 */
import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A full E.164 number: digits only after the `+`. A spreadsheet reads it as a number, never as a formula. */
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * One text cell. A value starting with `=`, `+`, `-`, `@` (or a tab or carriage return, which
 * Excel skips before looking) would run as a formula when the file is opened (CSV injection, OWASP):
 * it is prefixed with `'`, which makes it text. A phone number in E.164 form is left as it is.
 */
export function defuseFormula(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && !E164.test(text) ? `'${text}` : text;
}

/** Batches as one stream of items, each batch fetched when the previous one has been taken (an empty one ends it). */
export async function* batched<T>(first: T[], nextBatch: () => Promise<T[]>): AsyncGenerator<T> {
  let batch = first;
  while (batch.length > 0) {
    yield* batch;
    batch = await nextBatch();
  }
}

/**
 * The CSV file as a stream: BOM, the header row, then one row of cells per item (the caller defuses
 * its text cells with `defuseFormula`). Pulled, not pushed: csv-stringify asks for more only when the
 * client has taken what it wrote, and a client that hangs up stops the fetching.
 */
export function csvStream<T>(columns: readonly string[], items: AsyncIterable<T>, cells: (item: T) => string[]): Readable {
  const rows = Readable.from(
    (async function* () {
      for await (const item of items) yield cells(item);
    })(),
  );
  // quoted_match: a line break alone (not only CRLF) inside a cell is quoted too.
  const csv = stringify({ bom: true, header: true, columns: [...columns], record_delimiter: 'windows', quoted_match: /[\r\n]/ });
  return pipeline(rows, csv, () => undefined);
}
