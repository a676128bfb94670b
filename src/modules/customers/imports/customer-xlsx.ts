/**
 * Excel workbooks (.xlsx), both ways, with exceljs's streaming reader and writer so a file of
 * 50,000 customers never sits in memory as a workbook of cell objects.
 * - Export: every cell that is text in Bloom is a text cell (phones, ids, birthdays), so Excel does
 *   not turn `+8613812345678` into 8.61381E+12; text cells never run as formulas, so they need no
 *   guard. Counts and money are numbers.
 * - Import: the first worksheet becomes the CSV text the import stores and reads (customer-csv.ts),
 *   row numbers kept as Excel shows them.
 */
import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { DomainError } from '../../../common/errors/index.js';
import { stringify } from 'csv-stringify/sync';
import { CustomerImportErrors } from './customer-imports.errors.js';

/** A column of an exported sheet: its header, its width, and whether it holds numbers. */
export interface XlsxColumn {
  header: string;
  width: number;
  numFmt?: string;
}

/**
 * The sheet as a stream: header, then each batch `nextBatch` gives (an empty one ends it). The next
 * batch is fetched only once the client has taken what was written (the output has drained), and a
 * client that hangs up stops the fetching.
 */
export function xlsxStream<T>(
  sheetName: string,
  columns: readonly XlsxColumn[],
  cellsOf: (item: T) => Array<string | number | null>,
  first: T[],
  nextBatch: () => Promise<T[]>,
): Readable {
  const output = new PassThrough({ highWaterMark: 1024 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format (`@`) on text columns: a cell a user edits later stays text too.
  sheet.columns = columns.map(({ header, width, numFmt }) => ({ header, width, style: { numFmt: numFmt ?? '@' } }));
  void (async () => {
    let batch = first;
    while (batch.length > 0) {
      for (const item of batch) sheet.addRow(cellsOf(item)).commit();
      // Hold until the zip has taken the rows: it takes them only as fast as the client reads.
      const entry = zipEntryOf(sheet);
      if (entry?._writableState?.needDrain) {
        const hungUp = new AbortController();
        const onClose = () => hungUp.abort();
        output.once('close', onClose);
        await once(entry, 'drain', { signal: hungUp.signal }).catch(() => undefined);
        output.removeListener('close', onClose);
      }
      if (output.destroyed) return;
      batch = await nextBatch();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

/**
 * The stream the zip reads a sheet's rows from. exceljs writes rows into it without waiting (it
 * ignores backpressure), so the writer above waits for it to drain. Internals of exceljs 4 and
 * archiver: when they change shape this is undefined, and the export still works, unpaced.
 */
function zipEntryOf(sheet: ExcelJS.Worksheet): (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } }) | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entry = Array.isArray(pipes) ? pipes[0] : undefined;
  return entry && typeof (entry as NodeJS.EventEmitter).once === 'function' ? (entry as NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } }) : undefined;
}

/** A cell as the text a CSV cell would hold. Dates are Excel's (UTC midnight for a day): kept as YYYY-MM-DD. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result);
  if ('text' in value) return cellText(value.text);
  return ''; // an error cell (#N/A)
}

/**
 * The first worksheet of an .xlsx as CSV text (CRLF, RFC 4180), one line per Excel row, empty rows
 * included, so the import's row numbers are the ones Excel shows. "First" is the first tab Excel
 * shows (workbook order), whatever the order of the parts inside the zip.
 */
export async function xlsxToCsv(bytes: Buffer): Promise<string> {
  if (bytes.subarray(0, 4).toString('binary') !== 'PK\u0003\u0004') throw CustomerImportErrors.notXlsx();
  const rows: string[][] = [];
  try {
    for await (const row of firstSheetRows(bytes)) {
      while (rows.length < row.number - 1) rows.push([]);
      const values = row.values as ExcelJS.CellValue[]; // 1-based
      rows.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => cellText(values[i + 1])));
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // The cause stays on the error (not in the answer): a reader failure on a real workbook must be diagnosable.
    throw Object.assign(CustomerImportErrors.notXlsx(), { cause: error });
  }
  return stringify(rows, { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

/**
 * The parts of exceljs's streaming WorkbookReader that read one part each (exceljs 4.4). Its own
 * parse() walks the zip with a helper that stops early when the unzip stream reports its end before
 * the reader took every entry: under load, parts after the first sheets (the workbook, the shared
 * strings) were skipped and the import failed, about 1 read in 300. Here the zip is opened from its
 * central directory and the parts are read in the order they depend on each other. The spec of this
 * file fails if these internals change shape.
 */
interface WorkbookPartReader {
  workbookRels?: Array<{ Id: string; Target: string }>;
  model?: { sheets?: Array<{ rId: string }> };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

/** What a sheet's XML and its strings may unpack to: a 20 MB upload of 50,000 customers unpacks to well under this. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

async function* firstSheetRows(bytes: Buffer): AsyncGenerator<ExcelJS.Row> {
  const directory = await unzipper.Open.buffer(bytes);
  const part = (path: string) => directory.files.find((file) => file.path === path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as WorkbookPartReader;
  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  if (!rels || !workbook) throw new Error('no workbook part');
  await reader._parseRels(rels.stream());
  await reader._parseWorkbook(workbook.stream());
  const first = reader.model?.sheets?.[0];
  const target = reader.workbookRels?.find((rel) => rel.Id === first?.rId)?.Target;
  // Targets are relative to xl/ ("worksheets/sheet1.xml"), or absolute in the package ("/xl/worksheets/sheet1.xml").
  const sheetPath = target?.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const sheet = target && part(sheetPath);
  const sheetNo = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(sheetPath)?.[1];
  if (!sheet || !sheetNo) throw new Error(`no first worksheet (${target})`);
  const strings = part('xl/sharedStrings.xml');
  const styles = part('xl/styles.xml');
  if (sheet.uncompressedSize + (strings?.uncompressedSize ?? 0) > MAX_UNPACKED_BYTES) throw CustomerImportErrors.unpackedTooLarge(MAX_UNPACKED_BYTES);
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream()));
  if (styles) await reader._parseStyles(styles.stream());
  for (const { value } of reader._parseWorksheet(sheet.stream(), sheetNo)) yield* value;
}
