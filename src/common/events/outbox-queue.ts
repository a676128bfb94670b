import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { processQueue, queueCall } from '../background/index.js';

export const OUTBOX_QUEUE = 'outbox';
const DELIVER = 'deliver';

export interface DeliverJob {
  id: string;
}

export interface ScheduledAttempt {
  id: string;
  /** The attempt this job is for (1 = first): one job id per attempt, because Bull ignores an add whose job id still exists. */
  attempt: number;
  delayMs?: number;
}

/** How long an add may wait for Redis unless the caller says otherwise (the relay and retries). */
export const OUTBOX_ADD_TIMEOUT_MS = 5000;

/**
 * The one place outbox jobs are named and added. Jobs are removed when done, so Redis does not grow.
 * Adds are bounded: with Redis known to be down they fail at once (nothing waits in ioredis's offline
 * queue), otherwise after `timeoutMs`; the relay enqueues from PostgreSQL what did not make it.
 */
@Injectable()
export class OutboxQueue {
  private readonly logger = new Logger('Outbox');

  constructor(@InjectQueue(OUTBOX_QUEUE) readonly queue: Queue<DeliverJob>) {
    // An 'error' event without a listener would crash the process (Redis hiccups emit one).
    queue.on('error', (error) => this.logger.error({ err: error }, 'outbox queue error'));
  }

  async add(attempts: ScheduledAttempt[], timeoutMs: number = OUTBOX_ADD_TIMEOUT_MS): Promise<void> {
    if (attempts.length === 0) return;
    const jobs = attempts.map(({ id, attempt, delayMs }) => ({
      name: DELIVER,
      data: { id },
      opts: { jobId: `${id}:${attempt}`, delay: delayMs && delayMs > 0 ? delayMs : undefined, removeOnComplete: true, removeOnFail: true },
    }));
    await queueCall(this.queue, timeoutMs, 'add outbox jobs', () => this.queue.addBulk(jobs));
  }

  /** Starts processing in this process (worker and all roles only). */
  process(concurrency: number, deliver: (id: string) => Promise<void>): void {
    void processQueue(this.queue, DELIVER, concurrency, (job) => deliver(job.data.id)).catch((error: unknown) => {
      this.logger.error({ err: error }, 'outbox queue stopped processing');
    });
  }
}
