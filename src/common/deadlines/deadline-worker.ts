import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { Db } from '../database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { DEADLINE_QUEUE, type DeadlineJobData } from './deadline-job.js';
import { DeadlineProcessor } from './deadline.processor.js';
import { PeriodicTask } from '../background/index.js';
import { DeadlineSweeper, type SweepReport } from './deadline-sweeper.js';

/** After terminating stuck transactions, how long to wait for Bull to record their jobs as failed. */
const AFTER_TERMINATE_MS = 2000;

const sleep = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref());

/**
 * Roles and lifecycle. `worker` and `all` process deadline jobs and run the sweeper (at boot when
 * DEADLINE_SWEEP_ON_BOOT, then every DEADLINE_SWEEP_INTERVAL after the previous sweep ends); `api` only
 * enqueues. Shutdown stops the sweeper, lets running jobs finish for up to SHUTDOWN_GRACE, then
 * terminates the transactions of those still running (their claims roll back, the rows stay pending,
 * Bull retries them) and closes the queue's connections.
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
    // @nestjs/bull closes the queue on shutdown and would wait for a stuck job forever; the bounded
    // close below replaces it.
    (queue as Queue & { onApplicationShutdown?: () => Promise<void> }).onApplicationShutdown = () => this.closed ?? this.close();
    this.sweeps = new PeriodicTask('DeadlineSweeper', config.DEADLINE_SWEEP_INTERVAL, async () => {
      this.lastSweep = await this.sweeper.sweepOnce();
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.BLOOM_ROLE === 'api') return;
    void this.queue
      .process('*', this.config.DEADLINE_CONCURRENCY, (job: Job<DeadlineJobData>) => this.processor.deliver(job.data))
      .catch((error: unknown) => this.logger.error({ err: error }, 'deadline queue stopped processing'));
    this.sweeps.start({ immediately: this.config.DEADLINE_SWEEP_ON_BOOT });
  }

  /** Runs one sweep now, in line with the timer (never two at once). Tests and tools use it. */
  async sweepNow(): Promise<SweepReport | undefined> {
    this.lastSweep = undefined;
    await this.sweeps.runNow();
    return this.lastSweep;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweeps.stop();
    await (this.closed ??= this.close());
  }

  /** Closes the queue, waiting for running jobs no longer than SHUTDOWN_GRACE. */
  private async close(): Promise<void> {
    const closing = this.queue.close();
    if ((await Promise.race([closing.then(() => 'closed' as const), sleep(this.config.SHUTDOWN_GRACE)])) === 'closed') return;
    const stuck = this.processor.inFlight();
    this.logger.warn({ deadlineIds: stuck.map((r) => r.deadlineId) }, 'shutdown grace expired: terminating deadline jobs still running');
    const pids = stuck.map((r) => r.backendPid).filter((pid): pid is number => pid !== undefined);
    if (pids.length > 0) {
      await this.db.dataSource
        .query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids])
        .catch((error: unknown) => this.logger.error({ err: error }, 'could not terminate stuck deadline transactions'));
    }
    if ((await Promise.race([closing.then(() => 'closed' as const), sleep(AFTER_TERMINATE_MS)])) === 'closed') return;
    // Still stuck outside the database: drop the connections; Bull's stalled-job check re-runs the job elsewhere.
    // (Queue#disconnect exists in Bull 4 but is missing from its typings.)
    await (this.queue as Queue & { disconnect(): Promise<void> }).disconnect().catch(() => undefined);
  }
}
