/**
 * Validating the rows of one chunk with CreateCustomerDto, the DTO of POST /v1/customers, so an
 * import accepts exactly what the API accepts. A row is either valid as a whole or reported with
 * every problem found in it (at most one per column).
 */
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '../../../../common/errors/index.js';
import { findTextProblems } from '../../../../common/validation/index.js';
import { columnOf, firstRowByPhone, rowInput, type CsvRecord, type ImportField, type ImportFile, type RowProblem } from '../customer-csv.js';
import { CreateCustomerDto } from '../../dto/customer.dto.js';

export interface ValidRow {
  rowNumber: number;
  dto: CreateCustomerDto;
}

export interface RowError {
  rowNumber: number;
  field: string | null;
  message: string;
}

export interface CheckedRows {
  valid: ValidRow[];
  errors: RowError[];
}

/**
 * The first row of each phone, built as the import advances (a row only needs the rows before it),
 * a slice at a time with a pause between slices: reading 50,000 phones at once would hold up the
 * event loop (and an API in the same process) for a second or more.
 */
export class PhoneIndex {
  readonly firstRows = new Map<string, number>();
  private covered = 0;

  constructor(private readonly file: ImportFile) {}

  async upTo(rowCount: number): Promise<ReadonlyMap<string, number>> {
    while (this.covered < Math.min(rowCount, this.file.rows.length)) {
      const end = Math.min(rowCount, this.covered + 2000);
      firstRowByPhone(this.file.rows.slice(this.covered, end), this.file.columns.fields, this.firstRows);
      this.covered = end;
      if (this.covered < rowCount) await new Promise((resolve) => setImmediate(resolve));
    }
    return this.firstRows;
  }
}

const VALIDATION = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } } as const;

export async function checkRows(rows: readonly CsvRecord[], fields: ReadonlyArray<ImportField | null>, firstRowByPhone: ReadonlyMap<string, number>): Promise<CheckedRows> {
  const checked = await Promise.all(rows.map((row) => checkRow(row, fields, firstRowByPhone)));
  const valid: ValidRow[] = [];
  const errors: RowError[] = [];
  checked.forEach((result, index) => {
    const rowNumber = rows[index].rowNumber;
    if ('dto' in result) valid.push({ rowNumber, dto: result.dto });
    else errors.push(...result.problems.map((problem) => ({ rowNumber, field: problem.field, message: problem.message })));
  });
  return { valid, errors };
}

async function checkRow(
  row: CsvRecord,
  fields: ReadonlyArray<ImportField | null>,
  firstRowByPhone: ReadonlyMap<string, number>,
): Promise<{ dto: CreateCustomerDto } | { problems: RowProblem[] }> {
  const { input, problems } = rowInput(row, fields);
  const dto = plainToInstance(CreateCustomerDto, input);
  const reported = new Set(problems.map((problem) => problem.field));
  for (const error of [...findTextProblems(dto), ...flattenValidationErrors(await validate(dto, VALIDATION))]) {
    const field = columnOf(error.field);
    if (reported.has(field)) continue;
    reported.add(field);
    problems.push({ field, message: error.message });
  }
  const first = typeof dto.phone === 'string' && !reported.has('phone') ? firstRowByPhone.get(dto.phone) : undefined;
  if (first !== undefined && first !== row.rowNumber) problems.push({ field: 'phone', message: `repeats the phone of row ${first}` });
  // In the file's column order; problems of the row as a whole last.
  const position = (field: ImportField | null) => (field === null ? fields.length : fields.indexOf(field));
  problems.sort((a, b) => position(a.field) - position(b.field));
  return problems.length > 0 ? { problems } : { dto };
}
