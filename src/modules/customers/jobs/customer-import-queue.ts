import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { processQueue, queueCall } from '../../../common/background/index.js';

export const CUSTOMER_IMPORT_QUEUE = 'customer-imports';
const IMPORT = 'import';

export interface CustomerImportJob {
  importId: string;
}

/** How long an add may wait for Redis: the POST has committed already, and recovery enqueues what did not make it. */
const ADD_TIMEOUT_MS = 5000;

/**
 * The one place import jobs are named and added. The job id is the import's id, so adding twice is
 * harmless. Done jobs are removed (an import that must run again, e.g. after a shutdown cut it
 * short, can be added again); the last failed ones are kept to look at in the dashboard.
 */
@Injectable()
export class CustomerImportQueue {
  private readonly logger = new Logger('CustomerImports');

  constructor(@InjectQueue(CUSTOMER_IMPORT_QUEUE) readonly queue: Queue<CustomerImportJob>) {
    // An 'error' event without a listener would crash the process (Redis hiccups emit one).
    queue.on('error', (error) => this.logger.error({ err: error }, 'customer import queue error'));
  }

  async add(importIds: string[], timeoutMs = ADD_TIMEOUT_MS): Promise<void> {
    if (importIds.length === 0) return;
    const jobs = importIds.map((importId) => ({
      name: IMPORT,
      data: { importId },
      opts: { jobId: importId, attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 100 },
    }));
    await queueCall(this.queue, timeoutMs, 'add customer import jobs', () => this.queue.addBulk(jobs));
  }

  /** The job of an import as Redis knows it: null when Redis has none (lost or never added). */
  async state(importId: string): Promise<{ state: string; failedReason?: string } | null> {
    const job = await queueCall(this.queue, ADD_TIMEOUT_MS, 'read a customer import job', () => this.queue.getJob(importId));
    if (!job) return null;
    return { state: await job.getState(), failedReason: job.failedReason };
  }

  /** Starts processing in this process (worker and all roles only). */
  process(concurrency: number, handler: (job: Job<CustomerImportJob>) => Promise<unknown>): void {
    void processQueue(this.queue, IMPORT, concurrency, handler).catch((error: unknown) => {
      this.logger.error({ err: error }, 'customer import queue stopped processing');
    });
  }
}
