import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../../../../common/audit/index.js';
import { Db, Transactional } from '../../../../common/database/index.js';
import { DurableEvents } from '../../../../common/events/index.js';
import { NotificationsService } from '../../../notifications/index.js';
import { CUSTOMER_IMPORT_FINISHED } from '../customer-import.notifications.js';
import { readImportText, type ImportFile } from '../customer-csv.js';
import { checkRows, PhoneIndex } from './customer-import-rows.js';
import { CustomerImportWriter, type OnDuplicate } from './customer-import-writer.js';

/** Rows per transaction: big enough for bulk statements, small enough to keep locks short. */
export const IMPORT_CHUNK_ROWS = 500;

export type ImportRunOutcome = 'completed' | 'not_running' | 'interrupted' | 'failed';

interface ClaimedImport {
  content: string | null;
}

/** What the uploader is told when an import ends. */
interface FinishedImport {
  fileName: string | null;
  createdById: string | null;
  created: number;
  updated: number;
  errors: number;
}

/**
 * Runs one import, chunk by chunk. Each chunk is one transaction that locks the import row, reads
 * `processed_rows` under that lock, writes its rows and advances the counters: so a worker that
 * dies resumes after the last committed chunk, and two runs of the same job (Bull is
 * at-least-once) never write a chunk twice. The file is read again from PostgreSQL on each run.
 */
@Injectable()
export class CustomerImportProcessor {
  private readonly logger = new Logger('CustomerImports');
  private stopping = false;

  constructor(
    @Inject(Db) readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  /** Shutdown: stop after the chunk in progress (the import stays `running`; recovery enqueues it again). */
  stop(): void {
    this.stopping = true;
  }

  async run(importId: string): Promise<ImportRunOutcome> {
    const claimed = await this.claim(importId);
    if (!claimed) return 'not_running';
    let file: ImportFile;
    try {
      file = readImportText(claimed.content ?? '', Number.MAX_SAFE_INTEGER);
    } catch (error) {
      // The file was checked when uploaded; this is not expected, and retrying would not help.
      this.logger.error({ err: error, importId }, 'customer import file cannot be read again');
      await this.fail(importId, 'The stored file could not be read again. Upload it once more.');
      return 'failed';
    }
    const phones = new PhoneIndex(file);
    const started = performance.now();
    for (;;) {
      if (this.stopping) return 'interrupted';
      const step = await this.importChunk(importId, file, phones);
      if (step === 'not_running') return 'not_running';
      if (step === 'done') break;
    }
    const done = await this.complete(importId);
    this.logger.log({ importId, rows: file.rows.length, ms: Math.round(performance.now() - started) }, 'customer import completed');
    return done ? 'completed' : 'not_running';
  }

  /** Marks the import running (again, after a crash): null when it is no longer queued or running. */
  @Transactional()
  async claim(importId: string): Promise<ClaimedImport | null> {
    const [row] = await this.db.rows<ClaimedImport>(
      `UPDATE customer_import SET status = 'running', started_at = COALESCE(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING content`,
      [importId],
    );
    return row ?? null;
  }

  /** The next chunk, in one transaction. */
  @Transactional()
  async importChunk(importId: string, file: ImportFile, phones: PhoneIndex): Promise<'more' | 'done' | 'not_running'> {
    const [state] = await this.db.rows<{ status: string; processedRows: number; totalRows: number; onDuplicate: OnDuplicate; createdById: string | null }>(
      `SELECT status, processed_rows AS "processedRows", total_rows AS "totalRows", on_duplicate AS "onDuplicate", created_by_id AS "createdById"
       FROM customer_import WHERE id = $1 FOR UPDATE`,
      [importId],
    );
    if (!state || state.status !== 'running') return 'not_running';
    const from = state.processedRows;
    const total = Math.min(state.totalRows, file.rows.length);
    if (from >= total) return 'done';
    const rows = file.rows.slice(from, from + IMPORT_CHUNK_ROWS);
    const { valid, errors } = await checkRows(rows, file.columns.fields, await phones.upTo(from + rows.length));
    const counts = await new CustomerImportWriter(this.db, state.onDuplicate, state.createdById, this.audit, importId, this.events).write(valid, errors);
    if (errors.length > 0) {
      errors.sort((a, b) => a.rowNumber - b.rowNumber);
      await this.db.execute(
        `INSERT INTO customer_import_error (import_id, row_number, field, message)
       SELECT $1, e.row_number, e.field, e.message FROM unnest($2::int[], $3::text[], $4::text[]) AS e(row_number, field, message)`,
        [importId, errors.map((e) => e.rowNumber), errors.map((e) => e.field), errors.map((e) => e.message)],
      );
    }
    const reported = new Set(errors.map((e) => e.rowNumber)).size;
    await this.db.execute(
      `UPDATE customer_import SET processed_rows = $2, created_count = created_count + $3, updated_count = updated_count + $4,
        skipped_count = skipped_count + $5, error_count = error_count + $6
      WHERE id = $1`,
      [importId, from + rows.length, counts.created, counts.updated, counts.skipped, reported],
    );
    return from + rows.length >= total ? 'done' : 'more';
  }

  /** Ends the import: status, time, the file dropped (it holds personal data), one audit event, the uploader told. */
  @Transactional()
  async complete(importId: string): Promise<boolean> {
    const [row] = await this.db.rows<FinishedImport & Record<string, unknown>>(
      `UPDATE customer_import SET status = 'completed', finished_at = now(), content = NULL
        WHERE id = $1 AND status = 'running' AND processed_rows >= total_rows
        RETURNING total_rows AS "totalRows", created_count AS "created", updated_count AS "updated", skipped_count AS "skipped",
          error_count AS "errors", on_duplicate AS "onDuplicate", created_by_id AS "createdById", file_name AS "fileName"`,
      [importId],
    );
    if (!row) return false;
    const { fileName, ...after } = row;
    await this.audit.record({ action: 'customer_import.complete', entityType: 'customer_import', entityId: importId, after });
    await this.tellUploader(importId, { ...row, fileName }, 'completed', '');
    return true;
  }

  /** Ends the import as failed; the rows already imported stay (re-uploading the file skips or updates them by phone). */
  @Transactional()
  async fail(importId: string, failure: string): Promise<boolean> {
    const [row] = await this.db.rows<FinishedImport & { processedRows: number }>(
      `UPDATE customer_import SET status = 'failed', failure = $2, finished_at = now(), content = NULL
        WHERE id = $1 AND status IN ('queued', 'running')
        RETURNING processed_rows AS "processedRows", created_count AS "created", updated_count AS "updated", error_count AS "errors",
          created_by_id AS "createdById", file_name AS "fileName"`,
      [importId, failure],
    );
    if (!row) return false;
    await this.audit.record({ action: 'customer_import.fail', entityType: 'customer_import', entityId: importId, after: { failure, processedRows: row.processedRows } });
    await this.tellUploader(importId, row, 'failed', failure);
    return true;
  }

  /**
   * The in-app message to whoever uploaded the file, in the transaction that ends the import (so it is
   * sent once, however often the end is attempted). An API key's upload has nobody to tell: its id
   * names no member of staff, and the audience is empty.
   */
  private async tellUploader(importId: string, done: FinishedImport, status: 'completed' | 'failed', failure: string): Promise<void> {
    if (!done.createdById) return;
    await this.notifications.toStaff(
      { userIds: [done.createdById] },
      CUSTOMER_IMPORT_FINISHED.key,
      { fileName: done.fileName ?? '', created: done.created, updated: done.updated, failed: done.errors, status, failure },
      { dedupeKey: `customer_import:${importId}` },
    );
  }
}
