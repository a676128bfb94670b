import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../database/index.js';
import { RequestContexts } from '../http/request-context.js';
import type { DueDeadline } from './deadline-handler.decorator.js';
import { DeadlineHandlers } from './deadline-handlers.js';
import type { DeadlineJobData } from './deadline-job.js';
import { DeadlineMetrics } from './deadline-metrics.js';

export type DeliveryOutcome = 'fired' | 'skipped';

interface ClaimedRow {
  id: string;
  kind: string;
  subject_id: string;
  due_at: Date;
  fired_at: Date;
  attempts: number;
  lag_seconds: number;
  backend_pid: number;
}

/**
 * A job that arrives this early (clock skew between app servers and PostgreSQL) does not fire its
 * deadline; the row stays pending and the sweeper re-enqueues it for the right time.
 */
const EARLY_TOLERANCE = '2 seconds';

/** A delivery in progress: what shutdown terminates when the grace period runs out. */
interface Running {
  deadlineId: string;
  backendPid?: number;
}

/**
 * Runs one delivery of a deadline job: claims the row (`pending` → `fired`) and runs the kind's
 * handler in the same transaction, so the same job delivered twice, or a job for a cancelled or moved
 * deadline, has no effect. A failing handler rolls the claim back; the failure is recorded on the row
 * and rethrown for Bull to retry.
 */
@Injectable()
export class DeadlineProcessor {
  private readonly logger = new Logger('Deadlines');
  private readonly running = new Set<Running>();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineHandlers) private readonly handlers: DeadlineHandlers,
    @Inject(DeadlineMetrics) private readonly metrics: DeadlineMetrics,
  ) {}

  async deliver(data: DeadlineJobData): Promise<DeliveryOutcome> {
    const running: Running = { deadlineId: data.deadlineId };
    this.running.add(running);
    try {
      const { handler } = this.handlers.get(data.kind);
      const claimed = await this.db.transaction(async () => {
        // TypeORM answers an UPDATE with [rows, rowCount].
        const [[row]] = await this.db.query<[ClaimedRow[], number]>(
          `UPDATE deadline SET status = 'fired', fired_at = now(), attempts = attempts + 1
            WHERE id = $1 AND status = 'pending' AND due_at <= now() + $2::interval
           RETURNING id, kind, subject_id, due_at, fired_at, attempts,
                     extract(epoch FROM fired_at - due_at)::float8 AS lag_seconds, pg_backend_pid() AS backend_pid`,
          [data.deadlineId, EARLY_TOLERANCE],
        );
        if (!row) return undefined;
        running.backendPid = row.backend_pid;
        const deadline: DueDeadline = {
          id: row.id,
          kind: row.kind,
          subjectId: row.subject_id,
          dueAt: row.due_at,
          firedAt: row.fired_at,
          attempts: row.attempts,
        };
        // Writes the handler makes (audit included) carry the deadline as their request id.
        await RequestContexts.run({ requestId: `deadline:${row.id}` }, () => handler.run(deadline));
        return row;
      });
      if (!claimed) return 'skipped';
      this.metrics.fireLag.observe({ kind: claimed.kind }, Math.max(0, claimed.lag_seconds));
      return 'fired';
    } catch (error) {
      await this.recordFailure(data.deadlineId, error);
      throw error;
    } finally {
      this.running.delete(running);
    }
  }

  /** Deliveries still running (shutdown waits for them, then terminates their transactions). */
  inFlight(): ReadonlyArray<Readonly<Running>> {
    return [...this.running];
  }

  private async recordFailure(deadlineId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.warn({ err: error, deadlineId }, 'deadline handler failed; it will be retried');
    try {
      await this.db.dataSource.query(
        `UPDATE deadline SET attempts = attempts + 1, last_error = left($2, 2000) WHERE id = $1 AND status = 'pending'`,
        [deadlineId, message],
      );
    } catch (recordError) {
      this.logger.error({ err: recordError, deadlineId }, 'could not record a deadline failure');
    }
  }
}
