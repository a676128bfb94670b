import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { Db } from '../../../common/database/index.js';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { CustomerImportQueue } from './customer-import-queue.js';
import { CustomerImportProcessor } from './customer-import.processor.js';

export interface RecoveryReport {
  /** Imports whose job Redis did not have, enqueued again. */
  enqueued: string[];
  /** Imports whose job had failed for good without the import saying so, now marked failed. */
  failed: string[];
}

const FAILED_JOB = 'The import job failed. The rows counted in processedRows were imported; upload the file again to import the rest.';

/**
 * PostgreSQL is the truth about imports; Redis only holds their jobs. Every 30 s (and at boot, see
 * CustomerImportWorker) in the worker and all roles: an import still `queued` or `running` whose
 * job Redis no longer has (a flush, a restart without persistence, an add that failed after the
 * POST committed, a shutdown that cut the run short) is enqueued again; it resumes after its last
 * committed chunk. Enqueueing an import that has a job is harmless (same job id).
 */
@Injectable()
export class CustomerImportRecovery extends WorkerTask {
  private readonly logger = new Logger('CustomerImports');

  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(CustomerImportQueue) private readonly queue: CustomerImportQueue,
    @Inject(CustomerImportProcessor) private readonly processor: CustomerImportProcessor,
  ) {
    super({ name: 'CustomerImportRecovery', intervalMs: 30_000, config });
  }

  /** One pass; undefined when another process holds the lock. */
  async run(): Promise<RecoveryReport | undefined> {
    return withAdvisoryLock(this.db, 'bloom:customer-import-recovery', async () => {
      const open = await this.db.rows<{ id: string }>(
        `SELECT id FROM customer_import WHERE status IN ('queued', 'running') ORDER BY created_at LIMIT 1000`,
      );
      const report: RecoveryReport = { enqueued: [], failed: [] };
      for (const { id } of open) {
        const job = await this.queue.state(id);
        if (!job) report.enqueued.push(id);
        else if (job.state === 'failed' && (await this.processor.fail(id, FAILED_JOB))) report.failed.push(id);
      }
      await this.queue.add(report.enqueued);
      if (report.enqueued.length || report.failed.length) this.logger.warn(report, 'customer imports recovered');
      return report;
    });
  }
}
