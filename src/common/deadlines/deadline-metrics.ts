import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { queueCall } from '../background/index.js';
import { Db } from '../database/index.js';
import { MetricsService } from '../observability/metrics.service.js';
import { BullQueues } from './bull-queues.js';

const QUEUE_STATES = ['waiting', 'delayed', 'active', 'failed', 'paused'] as const;

/**
 * How long a scrape waits for one queue's counts. Queues are asked in parallel, so with Redis down
 * or stuck /metrics still answers within about this long, without the queue gauges.
 */
export const SCRAPE_REDIS_TIMEOUT_MS = 1000;

/**
 * Queue depth and deadline lag in the app's Prometheus registry. Gauges are read by `collect()` at
 * scrape time, so nothing polls Redis or PostgreSQL when nobody scrapes. A queue whose counts Redis
 * does not give in time is left out of that scrape (no stale numbers); the deadline gauges come from
 * PostgreSQL and stay.
 */
@Injectable()
export class DeadlineMetrics {
  readonly fireLag: Histogram<'kind'>;
  readonly sweepDuration: Histogram<never>;
  readonly sweepRequeued: Counter<'reason'>;
  private pendingInFlight?: Promise<{ pending: number; oldestOverdueSeconds: number }>;

  constructor(
    @Inject(MetricsService) metrics: MetricsService,
    @Inject(BullQueues) queues: BullQueues,
    @Inject(Db) private readonly db: Db,
  ) {
    const registers = [metrics.registry];
    this.fireLag = new Histogram({
      name: 'bloom_deadline_fire_lag_seconds',
      help: 'How late deadlines fire: time from due to the claim by their handler',
      labelNames: ['kind'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60, 300, 3600],
      registers,
    });
    this.sweepDuration = new Histogram({
      name: 'bloom_deadline_sweep_duration_seconds',
      help: 'Duration of one deadline sweep (in the process holding the sweeper lock)',
      buckets: [0.01, 0.05, 0.25, 1, 5, 15, 60],
      registers,
    });
    this.sweepRequeued = new Counter({
      name: 'bloom_deadline_sweep_requeued_total',
      help: 'Deadline jobs the sweeper put back in Redis: missing (lost or flushed) or finished while the row is still pending (failed)',
      labelNames: ['reason'],
      registers,
    });
    new Gauge({
      name: 'bloom_queue_jobs',
      help: 'Jobs per Bull queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const all = queues.all();
        const counts = await Promise.allSettled(all.map((queue) => queueCall(queue, SCRAPE_REDIS_TIMEOUT_MS, `counts of queue ${queue.name}`, () => queue.getJobCounts())));
        this.reset();
        counts.forEach((result, index) => {
          if (result.status === 'rejected') return;
          const byState = result.value as unknown as Record<string, number>;
          for (const state of QUEUE_STATES) this.set({ queue: all[index].name, state }, byState[state] ?? 0);
        });
      },
    });
    const snapshot = () => this.pendingDeadlines();
    new Gauge({
      name: 'bloom_deadlines_pending',
      help: 'Pending deadlines',
      registers,
      async collect() {
        this.set((await snapshot()).pending);
      },
    });
    new Gauge({
      name: 'bloom_deadline_oldest_overdue_seconds',
      help: 'Age of the oldest pending deadline past its due time (0 when none is overdue)',
      registers,
      async collect() {
        this.set((await snapshot()).oldestOverdueSeconds);
      },
    });
  }

  /** One query serves both deadline gauges of a scrape (prom-client collects all metrics at once). */
  private pendingDeadlines(): Promise<{ pending: number; oldestOverdueSeconds: number }> {
    this.pendingInFlight ??= this.db.outside
      .rows<{ pending: number; oldest: number | null }>(
        `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(due_at))::float8 AS oldest
           FROM deadline WHERE status = 'pending'`,
      )
      .then(([row]) => ({ pending: row.pending, oldestOverdueSeconds: Math.max(0, row.oldest ?? 0) }))
      .finally(() => (this.pendingInFlight = undefined));
    return this.pendingInFlight;
  }
}
