import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, type AppConfigValues } from '../../config/index.js';
import { ManagedQueue } from '../background/index.js';
import { Db } from '../database/db.service.js';
import { DurableSubscribers } from './durable-subscribers.js';
import { EventDeliverer, type DeliveryOutcome } from './event-deliverer.js';

export const EVENT_DELIVERY_QUEUE = 'event-deliveries';

export interface EventDeliveryJob {
  deliveryId: string;
  /** The attempt this job is for (1 = the first): one job id per attempt, because Bull ignores an add whose job id still exists. */
  attempt: number;
}

const CONCURRENCY = 5;
const SWEEP_BATCH = 1000;

/**
 * The `event-deliveries` queue (see ManagedQueue): one job per attempt of a delivery, removed when
 * done. Its recovery is the sweeper: pending deliveries that are due (their job lost with Redis, an
 * add that failed after commit, a worker killed mid-attempt) are enqueued again. A duplicate job is
 * harmless: the deliverer locks the row and the inbox de-duplicates.
 */
@Injectable()
export class EventDeliveryQueue extends ManagedQueue<EventDeliveryJob, number> {
  /** Outcomes of jobs this process ran (tests read it). */
  readonly outcomes: DeliveryOutcome[] = [];

  constructor(
    @InjectQueue(EVENT_DELIVERY_QUEUE) queue: Queue<EventDeliveryJob>,
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(EventDeliverer) private readonly deliverer: EventDeliverer,
    @Inject(DurableSubscribers) private readonly subscribers: DurableSubscribers,
  ) {
    super(queue, {
      name: EVENT_DELIVERY_QUEUE,
      concurrency: CONCURRENCY,
      jobId: ({ deliveryId, attempt }) => `${deliveryId}:${attempt}`,
      jobOptions: { removeOnComplete: true, removeOnFail: true },
      recoveryIntervalMs: config.EVENT_SWEEP_INTERVAL,
      config,
      db,
    });
  }

  protected async process(job: Job<EventDeliveryJob>): Promise<void> {
    const outcome = await this.deliverer.deliver(job.data.deliveryId);
    if (this.outcomes.length < 10_000) this.outcomes.push(outcome);
    if (typeof outcome !== 'object') return;
    await this.add([{ data: { deliveryId: outcome.deliveryId, attempt: outcome.attempt }, delayMs: outcome.delayMs }]).catch((error: unknown) => {
      this.logger.warn({ err: error, deliveryId: outcome.deliveryId }, 'could not schedule the retry; the sweeper will');
    });
  }

  /** The sweeper: answers how many deliveries were enqueued. */
  protected async recover(): Promise<number> {
    const known = this.subscribers.names();
    const due = await this.db.rows<{ id: string; attempts: number }>(
      `SELECT id, attempts FROM event_delivery WHERE status = 'pending' AND next_attempt_at <= now() AND subscriber = ANY($1::text[])
        ORDER BY next_attempt_at LIMIT ${SWEEP_BATCH}`,
      [known],
    );
    await this.add(due.map(({ id, attempts }) => ({ data: { deliveryId: id, attempt: attempts + 1 } })));
    const waiting = await this.db.rows<{ subscriber: string }>(`SELECT DISTINCT subscriber FROM event_delivery WHERE status = 'pending' AND NOT (subscriber = ANY($1::text[]))`, [
      known,
    ]);
    for (const { subscriber } of waiting) this.subscribers.warnMissing(subscriber);
    return due.length;
  }
}
