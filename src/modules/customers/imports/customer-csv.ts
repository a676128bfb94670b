/**
 * Reading a customer import file (pure: no I/O). The file is CSV as RFC 4180 has it (quoted cells
 * may hold commas, quotes ("") and line breaks), in UTF-8, UTF-16 with a BOM, or GB18030/GBK (Excel
 * on Chinese Windows); an .xlsx upload is turned into the same CSV text first (customer-xlsx.ts). Rows are numbered as a spreadsheet shows them: the header is row 1, and blank rows keep
 * their number but are not customers. Header names may be English or Chinese; unknown columns are
 * ignored (and reported). Turning a row into CreateCustomerDto input is here too; the DTO itself
 * then validates it, so an import accepts exactly what the API accepts.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { normalisePhone } from '../../../common/validation/index.js';
import { CustomerImportErrors, IMPORT_MAX_ROWS } from './customer-imports.errors.js';

export const IMPORT_FIELDS = [
  'name',
  'phone',
  'email',
  'gender',
  'birthday',
  'source',
  'tags',
  'notes',
  'home_store_id',
  'sms_consent',
  'email_consent',
  'wechat_consent',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly ImportField[] = ['name', 'phone'];

/** Header names, compared after `headerKey()`: case, spaces, `_`, `-` and full-width forms do not matter. */
const ALIASES: Record<string, ImportField> = {
  name: 'name',
  fullname: 'name',
  customername: 'name',
  姓名: 'name',
  名字: 'name',
  客户姓名: 'name',
  顾客姓名: 'name',
  phone: 'phone',
  mobile: 'phone',
  mobilephone: 'phone',
  phonenumber: 'phone',
  cellphone: 'phone',
  手机: 'phone',
  手机号: 'phone',
  手机号码: 'phone',
  电话: 'phone',
  联系电话: 'phone',
  电话号码: 'phone',
  email: 'email',
  mail: 'email',
  emailaddress: 'email',
  邮箱: 'email',
  电子邮箱: 'email',
  电子邮件: 'email',
  邮件: 'email',
  gender: 'gender',
  sex: 'gender',
  性别: 'gender',
  birthday: 'birthday',
  birthdate: 'birthday',
  dateofbirth: 'birthday',
  dob: 'birthday',
  生日: 'birthday',
  出生日期: 'birthday',
  source: 'source',
  channel: 'source',
  来源: 'source',
  客户来源: 'source',
  渠道: 'source',
  tags: 'tags',
  tag: 'tags',
  labels: 'tags',
  标签: 'tags',
  notes: 'notes',
  note: 'notes',
  remarks: 'notes',
  备注: 'notes',
  homestoreid: 'home_store_id',
  homestore: 'home_store_id',
  storeid: 'home_store_id',
  门店id: 'home_store_id',
  所属门店id: 'home_store_id',
  smsconsent: 'sms_consent',
  短信同意: 'sms_consent',
  接收短信: 'sms_consent',
  emailconsent: 'email_consent',
  邮件同意: 'email_consent',
  接收邮件: 'email_consent',
  wechatconsent: 'wechat_consent',
  微信同意: 'wechat_consent',
  接收微信: 'wechat_consent',
};

export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');
}

/**
 * The file's bytes as text. A byte-order mark decides (UTF-8, UTF-16 LE/BE); without one, text that
 * is valid UTF-8 is UTF-8, and anything else is GB18030 (a superset of GBK: what Excel on Chinese
 * Windows saves as "CSV (Comma delimited)"). Text with NULs (UTF-16 without a BOM) is refused.
 */
export function decodeCsv(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  if (buffer[0] === 0xff && buffer[1] === 0xfe) text = iconv.decode(buffer.subarray(2), 'utf-16le');
  else if (buffer[0] === 0xfe && buffer[1] === 0xff) text = iconv.decode(buffer.subarray(2), 'utf-16be');
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buffer); // drops a BOM
    } catch {
      text = iconv.decode(buffer, 'gb18030');
    }
  }
  if (text.includes('\u0000')) throw CustomerImportErrors.badEncoding();
  return text;
}

export interface CsvRecord {
  /** As a spreadsheet numbers it: the header is row 1. */
  rowNumber: number;
  cells: string[];
}

/** Comma unless the header row says otherwise (some Excel locales write `;`, "Unicode text" writes tabs). */
export function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  // Delimiters inside quoted header cells do not count.
  const first = (end === -1 ? text : text.slice(0, end)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((delimiter) => [delimiter, first.split(delimiter).length - 1] as const);
  const [best] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best;
}

/**
 * Every record of the file with its row number, blank rows left out (csv-parse, RFC 4180). A line
 * break inside a quoted cell does not start a row: spreadsheets show such a cell within one row, so
 * rows count records. A quote inside an unquoted cell (5"2) is taken literally, as spreadsheets do;
 * CRLF, LF and CR all end a row.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvRecord[] {
  let parsed: Array<{ record: string[]; info: { records: number } }>;
  try {
    parsed = parse(text, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const records = (error as { code?: string; records?: number }).code === 'CSV_QUOTE_NOT_CLOSED' ? (error as { records: number }).records : undefined;
    if (records === undefined) throw error;
    throw CustomerImportErrors.malformed(records + 1);
  }
  return parsed.filter(({ record }) => record.some((value) => value.trim() !== '')).map(({ record, info }) => ({ rowNumber: info.records, cells: record }));
}

export interface ImportColumns {
  /** The field each column of the file fills, null for ignored ones. */
  fields: Array<ImportField | null>;
  /** Header names of the columns that fill nothing, as the file spells them. */
  ignored: string[];
}

/** Maps the header row; refuses it when a required column is missing or a field appears twice. */
export function mapColumns(header: readonly string[]): ImportColumns {
  const fields: Array<ImportField | null> = [];
  const ignored: string[] = [];
  const seen = new Set<ImportField>();
  const repeated = new Set<ImportField>();
  for (const name of header) {
    const key = headerKey(name);
    const field = key === '' ? undefined : ALIASES[key];
    if (!field) {
      if (key !== '') ignored.push(name.trim());
      fields.push(null);
      continue;
    }
    if (seen.has(field)) repeated.add(field);
    seen.add(field);
    fields.push(field);
  }
  const missing = REQUIRED_FIELDS.filter((field) => !seen.has(field));
  if (missing.length > 0) throw CustomerImportErrors.missingColumns(missing, header.map((name) => name.trim()).filter(Boolean));
  if (repeated.size > 0) throw CustomerImportErrors.duplicateColumns([...repeated]);
  return { fields, ignored };
}

export interface ImportFile {
  columns: ImportColumns;
  /** The customer rows, header and blank rows left out. */
  rows: CsvRecord[];
}

/** Reads the decoded file: refuses an empty one, a bad header, or more than `maxRows` rows. */
export function readImportText(text: string, maxRows = IMPORT_MAX_ROWS): ImportFile {
  if (text.trim() === '') throw CustomerImportErrors.emptyFile();
  const [header, ...rows] = parseCsv(text);
  if (!header) throw CustomerImportErrors.emptyFile();
  const columns = mapColumns(header.cells);
  if (rows.length === 0) throw CustomerImportErrors.noRows();
  if (rows.length > maxRows) throw CustomerImportErrors.tooManyRows(rows.length);
  return { columns, rows };
}

/**
 * A cell as meant: trimmed, and without the `'` a CSV export puts before `+`, `=`, `-`, `@` to keep
 * spreadsheets from running it as a formula (our own export writes phones as `'+8613…`).
 */
export function cleanCell(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

const GENDERS: Record<string, string> = {
  female: 'female',
  f: 'female',
  woman: 'female',
  女: 'female',
  女性: 'female',
  女士: 'female',
  male: 'male',
  m: 'male',
  man: 'male',
  男: 'male',
  男性: 'male',
  先生: 'male',
  other: 'other',
  其他: 'other',
  undisclosed: 'undisclosed',
  保密: 'undisclosed',
  未知: 'undisclosed',
  不详: 'undisclosed',
};
const SOURCES: Record<string, string> = {
  walkin: 'walk_in',
  到店: 'walk_in',
  进店: 'walk_in',
  自然到店: 'walk_in',
  online: 'online',
  线上: 'online',
  网络: 'online',
  app: 'app',
  电话: 'phone',
  phone: 'phone',
  referral: 'referral',
  转介绍: 'referral',
  推荐: 'referral',
  介绍: 'referral',
  partner: 'partner',
  合作: 'partner',
  合作方: 'partner',
  campaign: 'campaign',
  活动: 'campaign',
};
const YES = new Set(['yes', 'y', 'true', '1', '是', '同意', 'x', '✓']);
const NO = new Set(['no', 'n', 'false', '0', '否', '不同意']);
const CONSENT_FIELDS = { sms_consent: 'sms', email_consent: 'email', wechat_consent: 'wechat' } as const;

/**
 * The birthday formats an import accepts: what salons type and what Excel writes. A date cell of an
 * .xlsx arrives as 1992-05-12 (customer-xlsx.ts). Day first or month first (12/05/1992) is refused:
 * it cannot be told apart.
 */
export const BIRTHDAY_FORMATS_MESSAGE = 'must be a date written as 1992-05-12, 1992/5/12, 1992.5.12 or 1992年5月12日';

/** `1992/5/12`, `1992.05.12`, `1992年5月12日` → `1992-05-12`; null when the text is none of the formats. */
export function normaliseDate(value: string): string | null {
  const match = /^(\d{4})\s*([-/.]|年)\s*(\d{1,2})\s*([-/.]|月)\s*(\d{1,2})\s*日?$/.exec(value);
  if (!match) return null;
  const [, year, , month, , day] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** A day the calendar has (not 1992-02-30). */
function isCalendarDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
}

export interface RowProblem {
  field: ImportField | null;
  message: string;
}

/** CreateCustomerDto input; fields whose cell is empty are left out (an update leaves them as they are). */
export type CustomerInput = Record<string, unknown>;

/** One row as CreateCustomerDto input, with the problems found before the DTO sees it. */
export function rowInput(record: CsvRecord, fields: ReadonlyArray<ImportField | null>): { input: CustomerInput; problems: RowProblem[] } {
  const input: CustomerInput = {};
  const problems: RowProblem[] = [];
  const consents: Record<string, { granted: boolean; method: 'import' }> = {};
  fields.forEach((field, index) => {
    if (!field) return;
    const value = cleanCell(record.cells[index]);
    if (value === '') return;
    switch (field) {
      case 'gender':
        input.gender = GENDERS[headerKey(value)] ?? value.toLowerCase();
        break;
      case 'source':
        input.source = SOURCES[headerKey(value)] ?? value.toLowerCase();
        break;
      case 'birthday': {
        const date = normaliseDate(value);
        // Checked here, not by the DTO: its message names the API's one format, the file may use others.
        if (date === null) problems.push({ field, message: BIRTHDAY_FORMATS_MESSAGE });
        else if (!isCalendarDate(date)) problems.push({ field, message: 'is not a real date (no such month or day)' });
        else input.birthday = date;
        break;
      }
      case 'tags':
        input.tags = value
          .split(/[;|；]/)
          .map((tag) => tag.trim())
          .filter(Boolean);
        break;
      case 'home_store_id':
        input.homeStoreId = value;
        break;
      case 'sms_consent':
      case 'email_consent':
      case 'wechat_consent': {
        const answer = value.normalize('NFKC').toLowerCase();
        if (YES.has(answer) || NO.has(answer)) consents[CONSENT_FIELDS[field]] = { granted: YES.has(answer), method: 'import' };
        else problems.push({ field, message: 'must be yes or no (是/否)' });
        break;
      }
      default:
        input[field] = value;
    }
  });
  if (Object.keys(consents).length > 0) input.consents = consents;
  const extra = record.cells.slice(fields.length).filter((cell) => cell.trim() !== '').length;
  if (extra > 0) problems.push({ field: null, message: `has ${extra} more cell${extra > 1 ? 's' : ''} than the header has columns` });
  return { input, problems };
}

/** The CSV column a CreateCustomerDto error is about (`consents.sms.granted` → `sms_consent`). */
export function columnOf(dtoField: string): ImportField | null {
  const [head, next] = dtoField.split(/[.[]/);
  if (head === 'homeStoreId') return 'home_store_id';
  if (head === 'consents') return next === 'sms' || next === 'email' || next === 'wechat' ? `${next}_consent` : null;
  return (IMPORT_FIELDS as readonly string[]).includes(head) ? (head as ImportField) : null;
}

/**
 * For each phone (E.164) the first row holding it. A later row with the same phone is a duplicate
 * within the file and is reported, whether or not the first one turns out valid: the file
 * contradicts itself and a person should decide. Rows are taken in file order, so the map may be
 * built a part at a time (`into`): a row's duplicates are only ever in rows before it.
 */
export function firstRowByPhone(rows: readonly CsvRecord[], fields: ReadonlyArray<ImportField | null>, into: Map<string, number> = new Map()): Map<string, number> {
  const index = fields.indexOf('phone');
  for (const row of rows) {
    const phone = normalisePhone(cleanCell(row.cells[index]));
    if (phone && !into.has(phone)) into.set(phone, row.rowNumber);
  }
  return into;
}
