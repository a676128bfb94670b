import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bull';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { closeQueue, replaceQueueShutdown } from '../../../common/background/index.js';
import { CustomerImportQueue, type CustomerImportJob } from './customer-import-queue.js';
import { CustomerImportProcessor } from './customer-import.processor.js';
import { CustomerImportRecovery } from './customer-import-recovery.js';

/** One import at a time per process: an import is thousands of rows, not worth running side by side. */
const CONCURRENCY = 1;

export const IMPORT_INTERNAL_FAILURE =
  'The import stopped on an internal error. The rows counted in processedRows were imported; upload the file again to import the rest (rows already imported are skipped or updated by phone).';

/**
 * In the worker and all roles: processes the `customer-imports` queue and, at boot, puts back the
 * imports Redis lost (then CustomerImportRecovery does so periodically). An api-only process only
 * enqueues. Shutdown lets the running import finish its chunk (it stops between chunks and stays
 * `running`; recovery enqueues it again), waiting up to SHUTDOWN_GRACE.
 */
@Injectable()
export class CustomerImportWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CustomerImports');
  private closed?: Promise<boolean>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(CustomerImportQueue) private readonly queue: CustomerImportQueue,
    @Inject(CustomerImportProcessor) private readonly processor: CustomerImportProcessor,
    @Inject(CustomerImportRecovery) private readonly recovery: CustomerImportRecovery,
  ) {
    // @nestjs/bull's own shutdown of the queue is an unbounded close(): it would wait for a whole import.
    replaceQueueShutdown(queue.queue, () => this.close());
  }

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    this.queue.process(CONCURRENCY, (job) => this.handle(job));
    void this.recovery.run().catch((error: unknown) => this.logger.error({ err: error }, 'customer import recovery at boot failed'));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.processor.stop();
    await this.close();
  }

  private async handle(job: Job<CustomerImportJob>): Promise<unknown> {
    const { importId } = job.data;
    try {
      return await this.processor.run(importId);
    } catch (error) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.error({ err: error, importId, attempt: job.attemptsMade + 1 }, last ? 'customer import failed' : 'customer import attempt failed; Bull retries it');
      if (last) await this.processor.fail(importId, IMPORT_INTERNAL_FAILURE).catch((failError: unknown) => this.logger.error({ err: failError, importId }, 'could not mark the import failed; recovery will'));
      throw error;
    }
  }

  private close(): Promise<boolean> {
    return (this.closed ??= closeQueue(this.queue.queue, { graceMs: this.config.SHUTDOWN_GRACE }));
  }
}
