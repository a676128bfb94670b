import { Inject, Injectable, Logger } from '@nestjs/common';
import { settlesWithin, sleep, TimeoutError, withTimeout } from '../background/index.js';
import { cancelActiveStatement, Db } from '../database/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { RequestContexts } from '../http/request-context.js';
import type { DueDeadline } from './deadline-handler.decorator.js';
import { DeadlineHandlers } from './deadline-handlers.js';
import type { DeadlineJobData } from './deadline-job.js';
import { DeadlineMetrics } from './deadline-metrics.js';
import type { DeadlineHandlerFn } from './handler-registry.js';

/** The job arrived before its deadline was due (by PostgreSQL's clock) and should come back then. */
export interface EarlyArrival {
  outcome: 'early';
  /** Milliseconds until due, by PostgreSQL's clock. */
  dueInMs: number;
}

export type DeliveryOutcome = 'fired' | 'skipped' | EarlyArrival;

export const isEarlyArrival = (value: unknown): value is EarlyArrival => typeof value === 'object' && value !== null && (value as EarlyArrival).outcome === 'early';

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
 * A job may arrive before its deadline is due by PostgreSQL's clock (app servers' clocks differ from
 * it; Bull times delays by the clock of the process that added the job). A deadline never fires
 * before it is due: a job early by up to this long waits in the job and then claims; one earlier
 * than that goes back to Bull, delayed until due (DeadlineWorker re-adds it).
 */
export const EARLY_WAIT_MAX_MS = 5000;

/** Extra time the database gives a claim transaction that sits idle, beyond DEADLINE_HANDLER_TIMEOUT. */
const IDLE_MARGIN_MS = 5000;
/** How long a timed-out handler's cancelled statement may take to end before the rollback goes anyway. */
const CANCELLED_SETTLE_MS = 2000;

/** A handler that ran past DEADLINE_HANDLER_TIMEOUT: its claim rolls back and the job is retried. */
export class DeadlineHandlerTimeoutError extends Error {
  override readonly name = 'DeadlineHandlerTimeoutError';
}

/** A delivery in progress: what shutdown terminates when the grace period runs out. */
interface Running {
  deadlineId: string;
  backendPid?: number;
}

/**
 * Runs one delivery of a deadline job: claims the row (`pending` → `fired`, only once due by
 * PostgreSQL's clock) and runs the kind's handler in the same transaction, so the same job delivered
 * twice, or a job for a cancelled or moved deadline, has no effect. A failing handler, or one that
 * runs past DEADLINE_HANDLER_TIMEOUT, rolls the claim back; the failure is recorded on the row and
 * rethrown for Bull to retry. The claim transaction also carries the timeout to PostgreSQL
 * (statement_timeout, idle_in_transaction_session_timeout), so a stuck handler holds neither a row
 * lock nor a pooled connection for long.
 */
@Injectable()
export class DeadlineProcessor {
  private readonly logger = new Logger('Deadlines');
  private readonly running = new Set<Running>();
  /** Aborted at shutdown: deliveries waiting for an early deadline give their job back. */
  private readonly stopping = new AbortController();

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineHandlers) private readonly handlers: DeadlineHandlers,
    @Inject(DeadlineMetrics) private readonly metrics: DeadlineMetrics,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async deliver(data: DeadlineJobData): Promise<DeliveryOutcome> {
    const running: Running = { deadlineId: data.deadlineId };
    this.running.add(running);
    try {
      const { handler } = this.handlers.get(data.kind);
      const waitUntil = Date.now() + EARLY_WAIT_MAX_MS;
      for (;;) {
        const claimed = await this.claimAndRun(data.deadlineId, handler.run, running);
        if (claimed) {
          this.metrics.fireLag.observe({ kind: claimed.kind }, Math.max(0, claimed.lag_seconds));
          return 'fired';
        }
        const dueInMs = await this.dueIn(data.deadlineId);
        if (dueInMs === undefined) return 'skipped'; // fired, cancelled or moved
        if (Date.now() + dueInMs > waitUntil || this.stopping.signal.aborted) return { outcome: 'early', dueInMs };
        await sleep(Math.max(0, dueInMs) + 5, this.stopping.signal);
      }
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

  /** Shutdown: deliveries waiting for an early deadline stop waiting and hand their job back. */
  stopWaiting(): void {
    this.stopping.abort();
  }

  /** Claims the row if it is pending and due, and runs the handler in the claiming transaction. */
  private claimAndRun(deadlineId: string, handler: DeadlineHandlerFn, running: Running): Promise<ClaimedRow | undefined> {
    const timeoutMs = this.config.DEADLINE_HANDLER_TIMEOUT;
    return this.db.transaction(async () => {
      await this.db.execute(`SELECT set_config('statement_timeout', $1, true), set_config('idle_in_transaction_session_timeout', $2, true)`, [
        String(timeoutMs),
        String(timeoutMs + IDLE_MARGIN_MS),
      ]);
      const [row] = await this.db.rows<ClaimedRow>(
        `UPDATE deadline SET status = 'fired', fired_at = now(), attempts = attempts + 1
          WHERE id = $1 AND status = 'pending' AND due_at <= now()
         RETURNING id, kind, subject_id, due_at, fired_at, attempts,
                   extract(epoch FROM fired_at - due_at)::float8 AS lag_seconds, pg_backend_pid() AS backend_pid`,
        [deadlineId],
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
      const run = RequestContexts.run({ requestId: `deadline:${row.id}` }, async () => handler(deadline));
      try {
        await withTimeout(run, timeoutMs, `deadline handler of ${row.kind}`);
      } catch (error) {
        if (!(error instanceof TimeoutError)) throw error;
        // The handler may be inside a query: cancel it so the rollback does not queue behind it.
        // Let a cancelled statement end before the rollback is sent on the same connection (one query at a time per client).
        if (await this.cancelQuery(row.backend_pid)) await settlesWithin(run, CANCELLED_SETTLE_MS);
        throw new DeadlineHandlerTimeoutError(`deadline handler of ${row.kind} timed out after ${timeoutMs} ms`);
      }
      return row;
    });
  }

  /** Milliseconds until a pending deadline is due by PostgreSQL's clock; undefined when it is not pending. */
  private async dueIn(deadlineId: string): Promise<number | undefined> {
    const [row] = await this.db.rows<{ due_in_ms: number }>(
      `SELECT ceil(extract(epoch FROM due_at - clock_timestamp()) * 1000)::float8 AS due_in_ms
         FROM deadline WHERE id = $1 AND status = 'pending'`,
      [deadlineId],
    );
    return row?.due_in_ms;
  }

  /** Cancels the statement the connection is running, if any; true when there was one. */
  private async cancelQuery(backendPid: number): Promise<boolean> {
    try {
      return await cancelActiveStatement(this.db, backendPid);
    } catch (error) {
      this.logger.warn({ err: error, backendPid }, 'could not cancel the query of a timed-out deadline handler');
      return false;
    }
  }
  private async recordFailure(deadlineId: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.warn({ err: error, deadlineId }, 'deadline handler failed; it will be retried');
    try {
      await this.db.outside.execute(`UPDATE deadline SET attempts = attempts + 1, last_error = left($2, 2000) WHERE id = $1 AND status = 'pending'`, [deadlineId, message]);
    } catch (recordError) {
      this.logger.error({ err: recordError, deadlineId }, 'could not record a deadline failure');
    }
  }
}
