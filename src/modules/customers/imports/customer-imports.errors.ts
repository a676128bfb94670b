import { DomainError } from '../../../common/errors/index.js';

/** The largest file POST /v1/customer-imports accepts (this route only; others keep BODY_LIMIT_BYTES). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** The most data rows (the header not counted) one import may hold. */
export const IMPORT_MAX_ROWS = 50_000;

/** What POST /v1/customer-imports reads: a CSV file (Excel and browsers label it variously) or an Excel workbook. */
export const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const IMPORT_CONTENT_TYPES = [...CSV_TYPES, XLSX_CONTENT_TYPE];

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The customer import's error codes: the file as a whole is refused with these; bad rows are reported by the import. */
export const CustomerImportErrors = {
  notFound: (id: string) => new DomainError('customer_import.not_found', 404, `No customer import with id ${id}.`),
  /** The body's content type is not one the import reads. */
  unsupportedType: () =>
    new DomainError(
      'request.unsupported_media_type',
      415,
      `Send the file itself as the request body, with Content-Type: text/csv (a CSV file) or ${XLSX_CONTENT_TYPE} (an Excel workbook); multipart forms are not accepted.`,
      { extensions: { accepted: IMPORT_CONTENT_TYPES } },
    ),
  notXlsx: () =>
    new DomainError(
      'customer_import.bad_xlsx',
      400,
      'The file is not an Excel workbook (.xlsx) that can be read. An older .xls file: open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8".',
      { title: 'Not a readable .xlsx file' },
    ),
  fileTooLarge: () => new DomainError('request.body_too_large', 413, `The file is larger than the ${mb(IMPORT_MAX_BYTES)} an import accepts: split it into several files.`),
  /** An .xlsx whose first sheet unpacks to more than `maxBytes` (a zip bomb, or a sheet of far more than 50,000 rows). */
  unpackedTooLarge: (maxBytes: number) =>
    new DomainError('request.body_too_large', 413, `The workbook's first sheet unpacks to more than ${mb(maxBytes)}, more than an import reads: split it into several files.`),
  badEncoding: () =>
    new DomainError(
      'customer_import.bad_encoding',
      415,
      'The file is not text in an encoding the import reads (UTF-8, UTF-16 with a byte-order mark, or GBK/GB18030). In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)", then upload again.',
      { title: 'The file is not readable text' },
    ),
  emptyFile: () =>
    new DomainError('customer_import.empty_file', 400, 'The file is empty: it needs a header row (name, phone, …) and at least one customer row.', { title: 'Empty file' }),
  noRows: () => new DomainError('customer_import.empty_file', 400, 'The file has a header row but no customer rows.', { title: 'Empty file' }),
  malformed: (rowNumber: number) =>
    new DomainError('customer_import.malformed_csv', 400, `Row ${rowNumber} opens a quoted cell (") that is never closed, so the file cannot be read as CSV.`, {
      title: 'The file is not valid CSV',
      extensions: { rowNumber },
    }),
  missingColumns: (missing: string[], found: string[]) =>
    new DomainError(
      'customer_import.missing_columns',
      400,
      `The header row lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${found.join(', ') || 'none'}). Column names may be English (name, phone) or Chinese (姓名, 手机号).`,
      { title: 'Required columns are missing', errors: missing.map((column) => ({ field: column, message: 'column is required' })), extensions: { missingColumns: missing } },
    ),
  duplicateColumns: (columns: string[]) =>
    new DomainError('customer_import.duplicate_columns', 400, `More than one column of the header means ${columns.join(', ')}: keep one of each.`, {
      title: 'Columns repeated',
      errors: columns.map((column) => ({ field: column, message: 'appears in more than one column' })),
    }),
  tooManyRows: (rows: number) =>
    new DomainError(
      'customer_import.too_many_rows',
      413,
      `The file has ${rows} customer rows; an import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en')}. Split it into several files.`,
      { title: 'Too many rows', extensions: { rows, maxRows: IMPORT_MAX_ROWS } },
    ),
};
