import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { queueCall } from '../background/index.js';
import { Db } from '../database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { DeadlineHandlers } from './deadline-handlers.js';
import { DEADLINE_QUEUE, deadlineJob, deadlineJobId } from './deadline-job.js';
import { kindName, type DeadlineKind } from './deadline-kind.js';

/** A deadline as services see it. */
export interface ScheduledDeadline {
  id: string;
  kind: string;
  subjectId: string;
  dueAt: Date;
  /** The Bull job that wakes a worker at due time (derived from `id`). */
  jobId: string;
}

interface DeadlineRow {
  id: string;
  kind: string;
  subject_id: string;
  due_at: Date;
}

const toScheduled = (row: DeadlineRow): ScheduledDeadline => ({
  id: row.id,
  kind: row.kind,
  subjectId: row.subject_id,
  dueAt: row.due_at,
  jobId: deadlineJobId(row.id),
});

/**
 * How long the after-commit Redis work of one schedule, move or cancel may hold the caller: the
 * transaction awaits its after-commit hooks, so this bounds what a Redis outage adds to a request.
 */
export const AFTER_COMMIT_REDIS_MS = 1000;

/**
 * Schedules and cancels deadlines (DESIGN §5). Both join the caller's transaction: the row is written
 * with the business change, and the Bull job is added (or removed) only after commit, so a rollback
 * leaves neither. If Redis misses the job (down, slow, flushed), the caller is held at most
 * AFTER_COMMIT_REDIS_MS and the sweeper adds the job later: PostgreSQL is the record, Redis the alarm
 * clock.
 *
 * Completing the step cancels its deadline: call `cancel()` in the transaction that keeps the promise.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger('DeadlineService');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineHandlers) private readonly handlers: DeadlineHandlers,
    @InjectQueue(DEADLINE_QUEUE) private readonly queue: Queue,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Promises that `kind` falls due for `subjectId` at `dueAt`. If one is already pending for this kind
   * and subject, it is moved: that row is cancelled and a new one written (a new job id, because Bull
   * ignores an add whose job id still exists, even completed).
   */
  // Joins the caller's transaction (requireTransaction: a deadline written apart from its business change
  // could outlive a rollback); this.db.transaction() rather than @Transactional() binds it to this app's
  // Db even when a process runs several apps (restart tests), where Db.instance() is the newest one.
  async schedule(kind: DeadlineKind | string, subjectId: string, dueAt: Date): Promise<ScheduledDeadline> {
    const [scheduled] = await this.scheduleMany([{ kind, subjectId, dueAt }]);
    return scheduled;
  }

  /**
   * `schedule` for several deadlines at once (a booking's reminders): one statement for all those not
   * pending yet and one Redis round trip after commit, instead of two statements and a round trip each.
   */
  async scheduleMany(wanted: ReadonlyArray<{ kind: DeadlineKind | string; subjectId: string; dueAt: Date }>): Promise<ScheduledDeadline[]> {
    const items = wanted.map(({ kind, subjectId, dueAt }) => {
      const name = this.declared(kind);
      if (!(dueAt instanceof Date) || Number.isNaN(dueAt.getTime())) throw new Error(`schedule(${name}): dueAt is not a valid date`);
      if (!subjectId) throw new Error(`schedule(${name}): subjectId is empty`);
      return { kind: name, subjectId, dueAt };
    });
    this.db.requireTransaction('deadline');
    if (items.length === 0) return [];
    return this.db.transaction(async () => {
      // Most schedules are a subject's first (a new booking's reminders): written in one statement. Those
      // with one pending already are moved: that one cancelled and a new row written (a new job id, because
      // Bull ignores an add whose job id still exists, even completed).
      const scheduled = (await this.insertPending(items)).map(toScheduled);
      const replaced: string[] = [];
      for (const item of items) {
        if (scheduled.some((deadline) => deadline.kind === item.kind && deadline.subjectId === item.subjectId)) continue;
        const [moved, cancelled] = await this.replace(item.kind, item.subjectId, item.dueAt);
        scheduled.push(moved);
        replaced.push(...cancelled);
      }
      this.db.afterCommit(() =>
        this.inRedis('enqueue the jobs of deadlines', [...scheduled.map((deadline) => deadline.id), ...replaced], async () => {
          await Promise.all(replaced.map((id) => this.removeJob(id)));
          await this.queue.addBulk(scheduled.map((deadline) => deadlineJob(deadline, this.config.DEADLINE_RETRY_BACKOFF)));
        }),
      );
      // In the order asked.
      return items.map((item) => scheduled.find((deadline) => deadline.kind === item.kind && deadline.subjectId === item.subjectId)!);
    });
  }

  /**
   * Cancels the pending deadline of `kind` for `subjectId`, if any (its job is removed after commit).
   * Answers whether there was one.
   */
  async cancel(kind: DeadlineKind | string, subjectId: string): Promise<boolean> {
    return (await this.cancelMany([{ kind, subjectId }])) > 0;
  }

  /**
   * `cancel` for several deadlines at once (an order's promise with its warning and escalation): one
   * statement for all. Answers how many were pending.
   */
  async cancelMany(wanted: ReadonlyArray<{ kind: DeadlineKind | string; subjectId: string }>): Promise<number> {
    const items = wanted.map(({ kind, subjectId }) => ({ kind: this.declared(kind), subjectId }));
    this.db.requireTransaction('deadline');
    return this.db.transaction(async () => {
      const cancelled = await this.cancelPending(items);
      if (cancelled.length > 0) {
        const removeJobs = () => Promise.all(cancelled.map((id) => this.removeJob(id)));
        this.db.afterCommit(() => this.inRedis('remove the job of a cancelled deadline', cancelled, removeJobs));
      }
      return cancelled.length;
    });
  }

  /** The pending deadline of `kind` for `subjectId`, if any (e.g. to show "confirm by 14:00"). */
  async pending(kind: DeadlineKind | string, subjectId: string): Promise<ScheduledDeadline | null> {
    const [row] = await this.db.rows<DeadlineRow>(`SELECT id, kind, subject_id, due_at FROM deadline WHERE kind = $1 AND subject_id = $2 AND status = 'pending'`, [
      kindName(kind),
      subjectId,
    ]);
    return row ? toScheduled(row) : null;
  }

  /** Writes the rows that have no pending one of their kind and subject; answers those written. */
  private insertPending(items: ReadonlyArray<{ kind: string; subjectId: string; dueAt: Date }>): Promise<DeadlineRow[]> {
    return this.db.rows<DeadlineRow>(
      `INSERT INTO deadline (kind, subject_id, due_at) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       ON CONFLICT (kind, subject_id) WHERE status = 'pending' DO NOTHING
       RETURNING id, kind, subject_id, due_at`,
      [items.map((item) => item.kind), items.map((item) => item.subjectId), items.map((item) => item.dueAt)],
    );
  }

  /**
   * Cancels what is pending and writes anew; a concurrent schedule of the same kind and subject may
   * commit between the two, and then its row is cancelled too (the last schedule wins). Answers the
   * row and the ids cancelled.
   */
  private async replace(name: string, subjectId: string, dueAt: Date): Promise<[ScheduledDeadline, string[]]> {
    const replaced: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      replaced.push(...(await this.cancelPending([{ kind: name, subjectId }])));
      const [row] = await this.insertPending([{ kind: name, subjectId, dueAt }]);
      if (row) return [toScheduled(row), replaced];
    }
    throw new Error(`schedule(${name}, ${subjectId}): kept conflicting with concurrent schedules`);
  }

  private async cancelPending(deadlines: ReadonlyArray<{ kind: string; subjectId: string }>): Promise<string[]> {
    const rows = await this.db.rows<{ id: string }>(
      `UPDATE deadline d SET status = 'cancelled', cancelled_at = now()
         FROM unnest($1::text[], $2::text[]) AS w(kind, subject_id)
        WHERE d.kind = w.kind AND d.subject_id = w.subject_id AND d.status = 'pending' RETURNING d.id`,
      [deadlines.map((deadline) => deadline.kind), deadlines.map((deadline) => deadline.subjectId)],
    );
    return rows.map((row) => row.id);
  }

  /**
   * After-commit Redis work, bounded by AFTER_COMMIT_REDIS_MS (at once when Redis is known down). On
   * failure the row is already right: a missing job is added by the next sweep, and the job of a
   * cancelled row does nothing when it fires.
   */
  private async inRedis(what: string, deadlineIds: string[], work: () => Promise<unknown>): Promise<void> {
    try {
      await queueCall(this.queue, AFTER_COMMIT_REDIS_MS, what, work);
    } catch (error) {
      this.logger.warn({ err: error, deadlineIds }, `could not ${what} in Redis; the deadline sweeper will put Redis right`);
    }
  }

  /** Removing is tidiness, not correctness: a job whose row is no longer pending does nothing. */
  private async removeJob(deadlineId: string): Promise<void> {
    try {
      await (await this.queue.getJob(deadlineJobId(deadlineId)))?.remove();
    } catch (error) {
      // An active (locked) job cannot be removed; it will find its row cancelled.
      this.logger.debug({ err: error, deadlineId }, 'could not remove the job of a cancelled deadline');
    }
  }

  private declared(kind: DeadlineKind | string): string {
    const name = kindName(kind);
    if (this.handlers.isDeclared(name) === false) {
      throw new Error(`Deadline kind "${name}" is not declared: add it to DeadlinesModule.forKinds(...) in its module`);
    }
    return name;
  }
}
