import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, JobOptions, Queue } from 'bull';
import type { AppConfigValues } from '../../config/index.js';
import type { Db } from '../database/db.service.js';
import { withAdvisoryLock } from './advisory-lock.js';
import { PeriodicTask } from './periodic-task.js';
import { closeQueue, processQueue, queueCall, replaceQueueShutdown } from './queue-lifecycle.js';

/** How long an add may wait for Redis unless the caller says otherwise: recovery enqueues what did not make it. */
export const QUEUE_ADD_TIMEOUT_MS = 5000;

export interface ManagedQueueDeclaration<T> {
  /** The Bull queue's name (also its one job name, and the recovery's advisory lock `bloom:<name>-recovery`). */
  name: string;
  /** Jobs one process runs at once. */
  concurrency: number;
  /** The job id of a job: derived from the PostgreSQL row it serves, so adding twice is harmless. */
  jobId: (data: T) => string;
  /** Bull options of every job (attempts, removal); `jobId` and `delay` are set per add. */
  jobOptions?: Omit<JobOptions, 'jobId' | 'delay'>;
  /** Pause between the end of one recovery pass and the start of the next; the first runs at boot. */
  recoveryIntervalMs: number;
  config: Pick<AppConfigValues, 'BLOOM_ROLE' | 'SHUTDOWN_GRACE'>;
  db: Db;
}

export interface QueuedJob<T> {
  data: T;
  delayMs?: number;
}

/**
 * A queue whose truth is PostgreSQL (DESIGN §5): one declaration names the queue, its concurrency,
 * its job ids and options; the subclass gives `process` (one job) and `recover` (re-enqueue from
 * PostgreSQL what Redis lost: at boot, then every `recoveryIntervalMs`, under an advisory lock so one
 * process of a deployment does it). In worker and all roles it processes and recovers; an api-only
 * process only adds. Shutdown stops recovery, calls `stopping()`, and lets running jobs finish for up
 * to SHUTDOWN_GRACE (instead of @nestjs/bull's unbounded close). Adds are bounded: with Redis known
 * to be down they fail at once, otherwise after the timeout.
 *
 * ```ts
 * @Injectable()
 * export class ThingQueue extends ManagedQueue<{ thingId: string }> {
 *   constructor(@InjectQueue('things') queue: Queue, @Inject(APP_CONFIG) config: AppConfigValues, @Inject(Db) db: Db) {
 *     super(queue, { name: 'things', concurrency: 2, jobId: (d) => d.thingId, recoveryIntervalMs: 30_000, config, db });
 *   }
 *   protected process(job: Job<{ thingId: string }>) { … }
 *   protected async recover() { await this.add(await pendingThingsFromPostgres()); }
 * }
 * ```
 */
export abstract class ManagedQueue<T, R = unknown> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private recovery?: PeriodicTask;
  private closed?: Promise<boolean>;

  protected constructor(
    readonly queue: Queue<T>,
    protected readonly declaration: ManagedQueueDeclaration<T>,
  ) {
    this.logger = new Logger(`Queue:${declaration.name}`);
    // An 'error' event without a listener would crash the process (Redis hiccups emit one).
    queue.on('error', (error) => this.logger.error({ err: error }, `${declaration.name} queue error`));
    replaceQueueShutdown(queue, () => this.close());
  }

  /** Runs one job. Throwing lets Bull retry it as `jobOptions` say. */
  protected abstract process(job: Job<T>): Promise<unknown>;

  /** One recovery pass: enqueue again from PostgreSQL what Redis does not have (adding an existing job id is a no-op). */
  protected abstract recover(): Promise<R>;

  /** Shutdown has begun: ask running jobs to stop at their next safe point. */
  protected stopping(): void {}

  async add(jobs: ReadonlyArray<QueuedJob<T>>, timeoutMs = QUEUE_ADD_TIMEOUT_MS): Promise<void> {
    if (jobs.length === 0) return;
    const name = this.declaration.name;
    const bulk = jobs.map(({ data, delayMs }) => ({
      name,
      data,
      opts: { ...this.declaration.jobOptions, jobId: this.declaration.jobId(data), delay: delayMs && delayMs > 0 ? Math.round(delayMs) : undefined },
    }));
    await queueCall(this.queue, timeoutMs, `add ${name} jobs`, () => this.queue.addBulk(bulk));
  }

  /** A job as Redis knows it: null when Redis has none (lost, removed when done, or never added). */
  async state(jobId: string): Promise<{ state: string; failedReason?: string } | null> {
    const job = await queueCall(this.queue, QUEUE_ADD_TIMEOUT_MS, `read a ${this.declaration.name} job`, () => this.queue.getJob(jobId));
    if (!job) return null;
    return { state: await job.getState(), failedReason: job.failedReason };
  }

  /** One recovery pass now (tests, admin tools); undefined when another process holds the lock. */
  runRecovery(): Promise<R | undefined> {
    return withAdvisoryLock(this.declaration.db, `bloom:${this.declaration.name}-recovery`, () => this.recover());
  }

  /** Recovery passes ended so far (see PeriodicTask.runs); 0 where recovery does not run (api role). */
  get recoveryPasses(): number {
    return this.recovery?.runs ?? 0;
  }

  onApplicationBootstrap(): void {
    const { config, name, concurrency, recoveryIntervalMs } = this.declaration;
    if (config.BLOOM_ROLE === 'api') return;
    void processQueue(this.queue, name, concurrency, (job) => this.process(job)).catch((error: unknown) => {
      this.logger.error({ err: error }, `${name} queue stopped processing`);
    });
    this.recovery = new PeriodicTask(`${name} recovery`, recoveryIntervalMs, () => this.runRecovery());
    this.recovery.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.recovery?.stop(this.declaration.config.SHUTDOWN_GRACE);
    this.stopping();
    await this.close();
  }

  private close(): Promise<boolean> {
    return (this.closed ??= closeQueue(this.queue, { graceMs: this.declaration.config.SHUTDOWN_GRACE }));
  }
}
