import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { setTimeout as sleep } from 'node:timers/promises';
import { queueCall, withAdvisoryLock } from '../background/index.js';
import { Db } from '../database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { DEADLINE_QUEUE, deadlineJob, deadlineJobId } from './deadline-job.js';
import { DeadlineMetrics } from './deadline-metrics.js';
import { jobStatesFromPipeline, nextCursor, planSweep, type PendingRow } from './sweep-plan.js';

/** Rows read, and jobs checked and added, per round trip. */
export const SWEEP_BATCH = 1000;
const LOCK = 'bloom:deadline-sweeper';
const SWEEP_MAX_REST_MS = 1000;
/**
 * Budget of each Redis round trip of a sweep (one pipeline, one addBulk of SWEEP_BATCH jobs): with
 * Redis down or stuck the sweep fails fast, releases its lock, and the next one tries again.
 */
export const SWEEP_REDIS_TIMEOUT_MS = 5000;

export interface SweepReport {
  /** Pending rows looked at. */
  scanned: number;
  /** Jobs added back because Redis had lost them. */
  missing: number;
  /** Jobs replaced because they had finished (failed) while their row was still pending. */
  finished: number;
  /** Of those put back, how many were already due (they run at once). */
  overdue: number;
  durationMs: number;
}

interface Row {
  id: string;
  kind: string;
  subject_id: string;
  due_at: Date;
}

/**
 * Makes Redis agree with PostgreSQL: walks every pending deadline (keyset over due_at, id, in batches),
 * asks Redis in one pipeline per batch whether each job exists and whether it has finished, and adds
 * back what is missing or failed for good (`addBulk`, no delay when already due). One process sweeps at
 * a time: the others find the advisory lock taken and skip. A sweep never fires anything itself; the
 * jobs it adds do, through the same claim as any job, so nothing fires twice.
 */
@Injectable()
export class DeadlineSweeper {
  private readonly logger = new Logger('DeadlineSweeper');

  constructor(
    @Inject(Db) private readonly db: Db,
    @InjectQueue(DEADLINE_QUEUE) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(DeadlineMetrics) private readonly metrics: DeadlineMetrics,
  ) {}

  /** One sweep; undefined when another process holds the sweeper lock. */
  sweepOnce(): Promise<SweepReport | undefined> {
    return withAdvisoryLock(this.db, LOCK, () => this.sweep());
  }

  private async sweep(): Promise<SweepReport> {
    const started = Date.now();
    const report: SweepReport = { scanned: 0, missing: 0, finished: 0, overdue: 0, durationMs: 0 };
    let cursor: { dueAt: Date; id: string } | undefined;
    for (;;) {
      const batchStarted = Date.now();
      const rows = (
        await this.db.rows<Row>(
          `SELECT id, kind, subject_id, due_at FROM deadline
            WHERE status = 'pending' ${cursor ? 'AND (due_at, id) > ($2, $3)' : ''}
            ORDER BY due_at, id LIMIT $1`,
          cursor ? [SWEEP_BATCH, cursor.dueAt, cursor.id] : [SWEEP_BATCH],
        )
      ).map((row): PendingRow => ({ id: row.id, kind: row.kind, subjectId: row.subject_id, dueAt: row.due_at }));
      if (rows.length === 0) break;
      report.scanned += rows.length;
      const plan = planSweep(rows, await this.jobStates(rows), Date.now());
      await Promise.all(plan.finished.map((row) => this.removeFinished(row.id)));
      const requeue = [...plan.missing, ...plan.finished];
      if (requeue.length > 0) {
        const now = Date.now();
        const jobs = requeue.map((row) => deadlineJob(row, this.config.DEADLINE_RETRY_BACKOFF, now));
        await this.redis('add jobs back', () => this.queue.addBulk(jobs));
        // Re-adding is heavy for this process and for Redis; rest half as long as the batch took, so the
        // jobs already put back (the soonest due come first) still fire on time during a long repair.
        await sleep(Math.min((Date.now() - batchStarted) / 2, SWEEP_MAX_REST_MS));
      }
      report.missing += plan.missing.length;
      report.finished += plan.finished.length;
      report.overdue += plan.overdue;
      cursor = nextCursor(rows);
      if (rows.length < SWEEP_BATCH) break;
    }
    report.durationMs = Date.now() - started;
    this.metrics.sweepDuration.observe(report.durationMs / 1000);
    if (report.missing) this.metrics.sweepRequeued.inc({ reason: 'missing' }, report.missing);
    if (report.finished) this.metrics.sweepRequeued.inc({ reason: 'finished' }, report.finished);
    if (report.missing || report.finished) this.logger.warn(report, 'deadline sweep put jobs back in Redis');
    else this.logger.debug(report, 'deadline sweep found Redis in step');
    return report;
  }

  /** One pipeline per batch: EXISTS and HGET finishedOn on each job's hash. */
  private async jobStates(rows: readonly PendingRow[]) {
    const pipeline = this.queue.client.pipeline();
    for (const row of rows) {
      const key = this.queue.toKey(deadlineJobId(row.id));
      pipeline.exists(key).hget(key, 'finishedOn');
    }
    return jobStatesFromPipeline((await this.redis('read job states', () => pipeline.exec())) ?? []);
  }

  private async removeFinished(deadlineId: string): Promise<void> {
    const job = await this.redis('read a finished job', () => this.queue.getJob(deadlineJobId(deadlineId)));
    await this.redis('remove a finished job', async () => job?.remove()).catch((error: unknown) =>
      this.logger.warn({ err: error, deadlineId }, 'could not remove a finished deadline job'),
    );
  }

  /** One Redis round trip of the sweep, failing the sweep after SWEEP_REDIS_TIMEOUT_MS. */
  private redis<T>(what: string, call: () => Promise<T>): Promise<T> {
    return queueCall(this.queue, SWEEP_REDIS_TIMEOUT_MS, `deadline sweep: ${what}`, call);
  }
}
