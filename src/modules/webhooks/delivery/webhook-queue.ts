import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { ManagedQueue } from '../../../common/background/index.js';
import { Db } from '../../../common/database/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { WebhookDeliverer } from './webhook-deliverer.js';

export const WEBHOOK_QUEUE = 'webhook-deliveries';

export interface WebhookJob {
  messageId: string;
  /** The attempt this job is for (the message's `attempts` + 1): one job id per attempt, as Bull ignores an add whose id still exists. */
  attempt: number;
}

const SWEEP_BATCH = 1000;

/**
 * The `webhook-deliveries` queue (see ManagedQueue): one job per attempt of a message, removed when
 * done. Its recovery (the sweeper) enqueues pending messages that are due and may have no job: Redis
 * lost it, the add after commit failed, or a worker died mid-attempt and its lease ran out. A
 * duplicate job is harmless: the deliverer's claim lets one attempt run.
 */
@Injectable()
export class WebhookQueue extends ManagedQueue<WebhookJob, number> {
  constructor(
    @InjectQueue(WEBHOOK_QUEUE) queue: Queue<WebhookJob>,
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(WebhookDeliverer) private readonly deliverer: WebhookDeliverer,
  ) {
    super(queue, {
      name: WEBHOOK_QUEUE,
      concurrency: config.WEBHOOK_CONCURRENCY,
      jobId: ({ messageId, attempt }) => `${messageId}:${attempt}`,
      jobOptions: { removeOnComplete: true, removeOnFail: true },
      recoveryIntervalMs: config.WEBHOOK_SWEEP_INTERVAL,
      config,
      db,
    });
  }

  /** Enqueues the next attempt of each message, now (after the commit that made them due). */
  async start(messages: ReadonlyArray<{ id: string; attempts: number }>): Promise<void> {
    for (let i = 0; i < messages.length; i += SWEEP_BATCH) {
      await this.add(messages.slice(i, i + SWEEP_BATCH).map(({ id, attempts }) => ({ data: { messageId: id, attempt: attempts + 1 } })));
    }
  }

  protected async process(job: Job<WebhookJob>): Promise<void> {
    const retry = await this.deliverer.attempt(job.data.messageId);
    if (!retry) return;
    await this.add([{ data: { messageId: retry.messageId, attempt: retry.attempt }, delayMs: retry.delayMs }]).catch((error: unknown) => {
      this.logger.warn({ err: error, webhookMessageId: retry.messageId }, 'could not schedule the retry; the sweeper will');
    });
  }

  /** Answers how many messages were enqueued. */
  protected async recover(): Promise<number> {
    const due = await this.db.rows<{ id: string; attempts: number }>(
      `SELECT id, attempts FROM webhook_message WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${SWEEP_BATCH}`,
    );
    await this.start(due);
    return due.length;
  }
}
