import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { ManagedQueue } from '../background/index.js';
import { Db } from '../database/db.service.js';
import { OutboxDeliverer } from './outbox-delivery.js';
import { OutboxTransports } from './outbox-transport.js';

export const OUTBOX_QUEUE = 'outbox';

export interface DeliverJob {
  id: string;
  /** The attempt this job is for (1 = the first): one job id per attempt, because Bull ignores an add whose job id still exists. */
  attempt: number;
}

const CONCURRENCY = 5;
const RELAY_BATCH = 1000;

/**
 * The `outbox` queue (see ManagedQueue): one job per delivery attempt of a message, removed when
 * done. Its recovery is the relay: it re-enqueues messages that are due but may have no job (Redis
 * flushed or restarted, the add failed after commit, a worker died mid-attempt and its claim expired,
 * a transport registered since). The claim in OutboxDeliverer makes a duplicate job harmless.
 * Shutdown lets running deliveries finish for up to SHUTDOWN_GRACE; a delivery cut off keeps its
 * claim until the lease runs out and is then sent again by another worker (at least once).
 */
@Injectable()
export class OutboxQueue extends ManagedQueue<DeliverJob, number> {
  constructor(
    @InjectQueue(OUTBOX_QUEUE) queue: Queue<DeliverJob>,
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(OutboxDeliverer) private readonly deliverer: OutboxDeliverer,
    @Inject(OutboxTransports) private readonly transports: OutboxTransports,
  ) {
    super(queue, {
      name: OUTBOX_QUEUE,
      concurrency: CONCURRENCY,
      jobId: ({ id, attempt }) => `${id}:${attempt}`,
      jobOptions: { removeOnComplete: true, removeOnFail: true },
      recoveryIntervalMs: config.OUTBOX_RELAY_INTERVAL,
      config,
      db,
    });
  }

  /** Relay passes ended so far (tests wait on it: "the relay had its chance"). */
  get relayPasses(): number {
    return this.recoveryPasses;
  }

  protected async process(job: Job<DeliverJob>): Promise<void> {
    const retry = await this.deliverer.deliver(job.data.id);
    if (!retry) return;
    await this.add([{ data: { id: retry.id, attempt: retry.attempt }, delayMs: retry.delayMs }]).catch((error: unknown) => {
      this.logger.warn({ err: error, outboxMessageId: retry.id }, 'could not schedule the retry; the relay will pick it up');
    });
  }

  /** The relay: answers how many messages were enqueued. */
  protected async recover(): Promise<number> {
    const channels = this.transports.channels();
    const due = await this.db.rows<{ id: string; attempts: number }>(
      `SELECT id, attempts FROM outbox_message
        WHERE status IN ('pending', 'sending', 'failed') AND next_attempt_at <= now() AND channel = ANY($1::text[])
        ORDER BY next_attempt_at LIMIT ${RELAY_BATCH}`,
      [channels],
    );
    await this.add(due.map(({ id, attempts }) => ({ data: { id, attempt: attempts + 1 } })));
    const waiting = await this.db.rows<{ channel: string }>(
      `SELECT DISTINCT channel FROM outbox_message WHERE status IN ('pending', 'failed') AND NOT (channel = ANY($1::text[]))`,
      [channels],
    );
    for (const { channel } of waiting) this.transports.warnMissing(channel);
    return due.length;
  }
}
