import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { mapPage, paginate, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import type { ImportUpload } from './customer-csv-upload.js';
import { decodeCsv, readImportText } from './customer-csv.js';
import { CustomerImport } from './customer-import.entity.js';
import { CustomerImportErrors } from './customer-imports.errors.js';
import { xlsxToCsv } from './customer-xlsx.js';
import {
  IMPORT_COLUMNS,
  INLINE_ERRORS,
  toImportSummary,
  type CreateCustomerImportQueryDto,
  type CustomerImportErrorResponseDto,
  type CustomerImportErrorsQueryDto,
  type CustomerImportListQueryDto,
  type CustomerImportResponseDto,
  type CustomerImportRow,
  type CustomerImportSummaryDto,
} from '../dto/customer-import.dto.js';
import { CustomerImportQueue } from './jobs/customer-import-queue.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';

/**
 * The use cases behind /v1/customer-imports. The upload is checked at once (encoding, header, row
 * count: cheap) and stored; the rows are validated and written by the `customer-imports` job.
 * Imports belong to the business (customers are not per store): whoever may import sees them all.
 */
@Injectable()
export class CustomerImportsService {
  private readonly logger = new Logger('CustomerImports');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CustomerImportQueue) private readonly queue: CustomerImportQueue,
  ) {}

  /**
   * Checks the file and stores it as a queued import. A workbook is stored as the CSV text of its
   * first sheet, so the job reads one format; it is read before the transaction opens.
   */
  async create(actor: Actor, query: CreateCustomerImportQueryDto, file: ImportUpload): Promise<CustomerImportResponseDto> {
    const text = file.format === 'xlsx' ? await xlsxToCsv(file.bytes) : decodeCsv(file.bytes);
    return this.store(actor, query, text);
  }

  /** Stores the file's text as a queued import and enqueues its job once committed. */
  @Transactional()
  async store(actor: Actor, query: CreateCustomerImportQueryDto, text: string): Promise<CustomerImportResponseDto> {
    const { columns, rows } = readImportText(text);
    const [row] = await this.db.rows<CustomerImportRow>(
      `INSERT INTO customer_import (on_duplicate, file_name, content, total_rows, ignored_columns, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${IMPORT_COLUMNS}`,
      [query.onDuplicate ?? 'skip', query.fileName ?? null, text, rows.length, columns.ignored, actor.id],
    );
    const created = toImportSummary(row);
    await this.audit.record({
      action: 'customer_import.create',
      entityType: 'customer_import',
      entityId: row.id,
      after: { fileName: created.fileName, onDuplicate: created.onDuplicate, totalRows: created.totalRows, ignoredColumns: created.ignoredColumns },
    });
    // After commit: a worker must find the row. If Redis is down, recovery enqueues it later.
    this.db.afterCommit(() =>
      this.queue.add([{ data: { importId: row.id } }]).catch((error: unknown) => this.logger.warn({ err: error, importId: row.id }, 'could not enqueue the import; recovery will')),
    );
    return { ...created, errors: [], moreErrors: false };
  }

  /** The import with its progress and its first errors. */
  async get(id: string): Promise<CustomerImportResponseDto> {
    const row = await this.find(id);
    const errors = await this.errorRows(id, undefined, INLINE_ERRORS + 1);
    return { ...toImportSummary(row), errors: errors.slice(0, INLINE_ERRORS).map(toErrorResponse), moreErrors: errors.length > INLINE_ERRORS };
  }

  async list(query: CustomerImportListQueryDto): Promise<Page<CustomerImportSummaryDto>> {
    const builder = this.db
      .repo(CustomerImport)
      .createQueryBuilder('import')
      // Never the file itself: it may be megabytes.
      .select(
        [
          'id',
          'status',
          'onDuplicate',
          'fileName',
          'totalRows',
          'processedRows',
          'createdCount',
          'updatedCount',
          'skippedCount',
          'errorCount',
          'ignoredColumns',
          'failure',
          'createdById',
          'createdAt',
          'startedAt',
          'finishedAt',
        ].map((column) => `import.${column}`),
      );
    if (query.status) builder.andWhere('import.status = :status', { status: query.status });
    return mapPage(await paginate(builder, query), toImportSummary);
  }

  /** The error report, in row order, a page at a time. */
  async errors(id: string, query: CustomerImportErrorsQueryDto): Promise<Page<CustomerImportErrorResponseDto>> {
    await this.find(id);
    const limit = query.limit ?? 100;
    const after = query.cursor === undefined ? undefined : BY_ROW.decode(query.cursor);
    const rows = await this.errorRows(id, after, limit + 1);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toErrorResponse), nextCursor: rows.length > limit && last ? BY_ROW.encode(last) : null };
  }

  private async find(id: string): Promise<CustomerImportRow> {
    if (!isUuid(id)) throw CustomerImportErrors.notFound(id);
    const [row] = await this.db.rows<CustomerImportRow>(`SELECT ${IMPORT_COLUMNS} FROM customer_import WHERE id = $1`, [id]);
    if (!row) throw CustomerImportErrors.notFound(id);
    return row;
  }

  private errorRows(importId: string, after: ErrorPosition | undefined, limit: number): Promise<ErrorRow[]> {
    return this.db.rows<ErrorRow>(
      `SELECT id, row_number AS "rowNumber", field, message FROM customer_import_error
        WHERE import_id = $1 AND ($2::int IS NULL OR (row_number, id) > ($2::int, $3::bigint))
        ORDER BY row_number, id LIMIT $4`,
      [importId, after?.rowNumber ?? null, after?.id ?? null, limit],
    );
  }
}

interface ErrorRow {
  id: string;
  rowNumber: number;
  field: string | null;
  message: string;
}
interface ErrorPosition {
  rowNumber: number;
  id: string;
}

const toErrorResponse = ({ rowNumber, field, message }: ErrorRow): CustomerImportErrorResponseDto => ({ rowNumber, field, message });
/** Errors are listed by row: the cursor is the last one's (row number, bigint id). */
const BY_ROW = cursorCodec<ErrorPosition>('import_error', { rowNumber: cursorParts.int(1), id: cursorParts.text(/^\d{1,18}$/) });
