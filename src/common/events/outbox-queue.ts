import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';

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

/** The one place outbox jobs are named and added. Jobs are removed when done, so Redis does not grow. */
@Injectable()
export class OutboxQueue {
  private readonly logger = new Logger('Outbox');

  constructor(@InjectQueue(OUTBOX_QUEUE) readonly queue: Queue<DeliverJob>) {
    // An 'error' event without a listener would crash the process (Redis hiccups emit one).
    queue.on('error', (error) => this.logger.error({ err: error }, 'outbox queue error'));
  }

  async add(attempts: ScheduledAttempt[]): Promise<void> {
    if (attempts.length === 0) return;
    await this.queue.addBulk(
      attempts.map(({ id, attempt, delayMs }) => ({
        name: DELIVER,
        data: { id },
        opts: { jobId: `${id}:${attempt}`, delay: delayMs && delayMs > 0 ? delayMs : undefined, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }

  /** Starts processing in this process (worker and all roles only). */
  process(concurrency: number, deliver: (id: string) => Promise<void>): void {
    void this.queue.process(DELIVER, concurrency, (job) => deliver(job.data.id)).catch((error: unknown) => {
      this.logger.error({ err: error }, 'outbox queue stopped processing');
    });
  }
}
