import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, type AppConfigValues } from '../../../../config/index.js';
import { ManagedQueue } from '../../../../common/background/index.js';
import { Db } from '../../../../common/database/index.js';
import { CustomerImportProcessor } from './customer-import.processor.js';

export const CUSTOMER_IMPORT_QUEUE = 'customer-imports';

export interface CustomerImportJob {
  importId: string;
}

export interface RecoveryReport {
  /** Imports whose job Redis did not have, enqueued again. */
  enqueued: string[];
  /** Imports whose job had failed for good without the import saying so, now marked failed. */
  failed: string[];
}

/** One import at a time per process: an import is thousands of rows, not worth running side by side. */
const CONCURRENCY = 1;
const ATTEMPTS = 3;

const FAILED_JOB = 'The import job failed. The rows counted in processedRows were imported; upload the file again to import the rest.';
export const IMPORT_INTERNAL_FAILURE =
  'The import stopped on an internal error. The rows counted in processedRows were imported; upload the file again to import the rest (rows already imported are skipped or updated by phone).';

/**
 * The `customer-imports` queue (see ManagedQueue). The job id is the import's id, so adding twice is
 * harmless. Done jobs are removed (an import that must run again, e.g. after a shutdown cut it short,
 * can be added again); the last failed ones are kept to look at in the dashboard.
 *
 * PostgreSQL is the truth about imports; Redis only holds their jobs. Recovery, at boot and every
 * 30 s: an import still `queued` or `running` whose job Redis no longer has (a flush, a restart
 * without persistence, an add that failed after the POST committed, a shutdown that cut the run
 * short) is enqueued again; it resumes after its last committed chunk. Shutdown lets the running
 * import finish its chunk (it stops between chunks and stays `running`), up to SHUTDOWN_GRACE.
 */
@Injectable()
export class CustomerImportQueue extends ManagedQueue<CustomerImportJob, RecoveryReport> {
  constructor(
    @InjectQueue(CUSTOMER_IMPORT_QUEUE) queue: Queue<CustomerImportJob>,
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(CustomerImportProcessor) private readonly processor: CustomerImportProcessor,
  ) {
    super(queue, {
      name: CUSTOMER_IMPORT_QUEUE,
      concurrency: CONCURRENCY,
      jobId: ({ importId }) => importId,
      jobOptions: { attempts: ATTEMPTS, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 100 },
      recoveryIntervalMs: 30_000,
      config,
      db,
    });
  }

  protected override stopping(): void {
    this.processor.stop();
  }

  protected async process(job: Job<CustomerImportJob>): Promise<unknown> {
    const { importId } = job.data;
    try {
      return await this.processor.run(importId);
    } catch (error) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.error({ err: error, importId, attempt: job.attemptsMade + 1 }, last ? 'customer import failed' : 'customer import attempt failed; Bull retries it');
      if (last)
        await this.processor
          .fail(importId, IMPORT_INTERNAL_FAILURE)
          .catch((failError: unknown) => this.logger.error({ err: failError, importId }, 'could not mark the import failed; recovery will'));
      throw error;
    }
  }

  protected async recover(): Promise<RecoveryReport> {
    const open = await this.db.rows<{ id: string }>(`SELECT id FROM customer_import WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1000`);
    const report: RecoveryReport = { enqueued: [], failed: [] };
    for (const { id } of open) {
      const job = await this.state(id);
      if (!job) report.enqueued.push(id);
      else if (job.state === 'failed' && (await this.processor.fail(id, FAILED_JOB))) report.failed.push(id);
    }
    await this.add(report.enqueued.map((importId) => ({ data: { importId } })));
    if (report.enqueued.length || report.failed.length) this.logger.warn(report, 'customer imports recovered');
    return report;
  }
}
