import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { Db } from '../database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { closeQueue, PeriodicTask, processQueue, queueCall, replaceQueueShutdown, withTimeout } from '../background/index.js';
import { DEADLINE_QUEUE, deadlineJob, type DeadlineJobData } from './deadline-job.js';
import { DeadlineProcessor, isEarlyArrival, type EarlyArrival } from './deadline.processor.js';
import { DeadlineSweeper, type SweepReport } from './deadline-sweeper.js';

/** After terminating stuck transactions, how long to wait for Bull to record their jobs as failed. */
const AFTER_TERMINATE_MS = 2000;
/** Budget of putting back one job that arrived early (remove the finished job, add it delayed). */
const REQUEUE_TIMEOUT_MS = 5000;

/**
 * Roles and lifecycle. `worker` and `all` process deadline jobs and run the sweeper (at boot when
 * DEADLINE_SWEEP_ON_BOOT, then DEADLINE_SWEEP_INTERVAL after the previous sweep ends); `api` only
 * enqueues. Shutdown stops the sweeper (waiting for a sweep in progress up to SHUTDOWN_GRACE), lets
 * running jobs finish for up to SHUTDOWN_GRACE, then terminates the transactions of those still
 * running (their claims roll back, the rows stay pending, Bull retries them) and closes the queue's
 * connections; no step waits on Redis beyond its budget.
 */
@Injectable()
export class DeadlineWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Deadlines');
  private readonly sweeps: PeriodicTask;
  private closed?: Promise<void>;
  private lastSweep?: SweepReport;

  constructor(
    @InjectQueue(DEADLINE_QUEUE) private readonly queue: Queue<DeadlineJobData>,
    @Inject(DeadlineProcessor) private readonly processor: DeadlineProcessor,
    @Inject(DeadlineSweeper) private readonly sweeper: DeadlineSweeper,
    @Inject(Db) private readonly db: Db,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {
    // Without a listener, an 'error' event (a Redis hiccup) would crash the process.
    queue.on('error', (error) => this.logger.error({ err: error }, 'deadline queue error'));
    // @nestjs/bull closes the queue on shutdown and would wait for a stuck job forever.
    replaceQueueShutdown(queue, () => (this.closed ??= this.close()));
    // A job that completed as "early" goes back to Bull, delayed until its deadline is due.
    queue.on('completed', (job: Job<DeadlineJobData>, result: unknown) => {
      if (isEarlyArrival(result)) void this.requeueEarly(job, result);
    });
    this.sweeps = new PeriodicTask('DeadlineSweeper', config.DEADLINE_SWEEP_INTERVAL, async () => {
      this.lastSweep = await this.sweeper.sweepOnce();
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    void processQueue(this.queue, '*', this.config.DEADLINE_CONCURRENCY, (job: Job<DeadlineJobData>) => this.processor.deliver(job.data)).catch((error: unknown) =>
      this.logger.error({ err: error }, 'deadline queue stopped processing'),
    );
    this.sweeps.start({ immediately: this.config.DEADLINE_SWEEP_ON_BOOT });
  }

  /** Runs one sweep now, in line with the timer (never two at once). Tests and tools use it. */
  async sweepNow(): Promise<SweepReport | undefined> {
    this.lastSweep = undefined;
    await this.sweeps.runNow();
    return this.lastSweep;
  }

  /** Sweeps ended so far, timer and sweepNow alike (see PeriodicTask.runs). */
  get sweepsDone(): number {
    return this.sweeps.runs;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.processor.stopWaiting();
    await this.sweeps.stop(this.config.SHUTDOWN_GRACE);
    await (this.closed ??= this.close());
  }

  /** Closes the queue, waiting for running jobs no longer than SHUTDOWN_GRACE. */
  private async close(): Promise<void> {
    await closeQueue(this.queue, {
      graceMs: this.config.SHUTDOWN_GRACE,
      afterGraceMs: AFTER_TERMINATE_MS,
      onGraceExpired: () => this.terminateStuck(),
    });
  }

  /** Ends the transactions of deliveries still running: their claims roll back and the rows stay pending. */
  private async terminateStuck(): Promise<void> {
    const stuck = this.processor.inFlight();
    this.logger.warn({ deadlineIds: stuck.map((r) => r.deadlineId) }, 'shutdown grace expired: terminating deadline jobs still running');
    const pids = stuck.map((r) => r.backendPid).filter((pid): pid is number => pid !== undefined);
    if (pids.length === 0) return;
    await withTimeout(this.db.outside.rows('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]), AFTER_TERMINATE_MS, 'pg_terminate_backend').catch(
      (error: unknown) => this.logger.error({ err: error }, 'could not terminate stuck deadline transactions'),
    );
  }

  /**
   * Replaces a job that arrived too early with the same job delayed until due (by PostgreSQL's
   * clock). Its id stays the deadline's, so if this fails the sweeper finds the finished job of a
   * pending row and does the same.
   */
  private async requeueEarly(job: Job<DeadlineJobData>, early: EarlyArrival): Promise<void> {
    const { deadlineId, kind, subjectId, dueAt } = job.data;
    const replacement = deadlineJob({ id: deadlineId, kind, subjectId, dueAt: new Date(dueAt) }, this.config.DEADLINE_RETRY_BACKOFF);
    replacement.opts.delay = Math.max(0, early.dueInMs); // PostgreSQL's clock, not this server's
    try {
      await queueCall(this.queue, REQUEUE_TIMEOUT_MS, 'put back an early deadline job', async () => {
        await job.remove();
        await this.queue.add(replacement.name, replacement.data, replacement.opts);
      });
      this.logger.warn({ deadlineId, dueInMs: early.dueInMs }, 'deadline job arrived early (clock skew?); put back until due');
    } catch (error) {
      this.logger.warn({ err: error, deadlineId }, 'could not put back an early deadline job; the sweeper will');
    }
  }
}
