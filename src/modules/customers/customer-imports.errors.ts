import { DomainError } from '../../common/errors/index.js';

/** The largest file POST /v1/customer-imports accepts (this route only; others keep BODY_LIMIT_BYTES). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** The most data rows (the header not counted) one import may hold. */
export const IMPORT_MAX_ROWS = 50_000;

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** The customer import's error codes: the file as a whole is refused with these; bad rows are reported by the import. */
export const CustomerImportErrors = {
  notFound: (id: string) => new DomainError('customer_import.not_found', 404, `No customer import with id ${id}.`),
  notCsv: () =>
    new DomainError(
      'request.unsupported_media_type',
      415,
      'Send the CSV file itself as the request body, with Content-Type: text/csv (multipart forms are not accepted).',
    ),
  fileTooLarge: () =>
    new DomainError('request.body_too_large', 413, `The file is larger than the ${mb(IMPORT_MAX_BYTES)} an import accepts: split it into several files.`),
  badEncoding: () =>
    new DomainError(
      'customer_import.bad_encoding',
      415,
      'The file is not UTF-8 text (Excel saves "CSV (Comma delimited)" in the local encoding, e.g. GBK). In Excel choose File > Save As > "CSV UTF-8 (Comma delimited)", then upload again.',
      { title: 'The file is not UTF-8' },
    ),
  emptyFile: () => new DomainError('customer_import.empty_file', 400, 'The file is empty: it needs a header row (name, phone, …) and at least one customer row.', { title: 'Empty file' }),
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
