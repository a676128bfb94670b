import { Logger } from '@nestjs/common';
import { settlesWithin } from './timeout.js';

/**
 * Runs `work` now and then every `intervalMs` after the previous run ends (never overlapping): the
 * interval is the pause between two runs, so a run that takes long delays the next. Used by sweepers
 * that must survive a Redis flush, so they are timers, not Bull repeatable jobs (which live in Redis
 * and would be lost with it). The timer does not keep the process alive; `stop()` waits for a run in
 * progress (at most `waitMs` when given). Pair it with `withAdvisoryLock` so one process of a
 * deployment does the work.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private completed = 0;
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(options: { immediately?: boolean } = {}): void {
    this.stopped = false;
    this.schedule(options.immediately === false ? this.intervalMs : 0);
  }

  /** Runs once now (tests and admin tools), in line with the timer: never two runs at once. */
  async runNow(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error }, `${this.name} failed`))
      .finally(() => {
        this.running = undefined;
        this.completed++;
      });
    await this.running;
  }

  /**
   * How many runs have ended (succeeded or failed). A run counted after a moment began after it
   * only when the count grew by two: tests wait on it for "the task has had its chance" (no sleeps).
   */
  get runs(): number {
    return this.completed;
  }

  /**
   * No more runs; waits for the one in progress, for at most `waitMs` when given (shutdown passes
   * SHUTDOWN_GRACE: a run stuck on an unreachable Redis or database must not hold the process).
   * Answers whether no run is left in progress.
   */
  async stop(waitMs?: number): Promise<boolean> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const idle = (async () => {
      while (this.running) await this.running;
    })();
    if (waitMs === undefined) {
      await idle;
      return true;
    }
    const finished = await settlesWithin(idle, waitMs);
    if (!finished) this.logger.warn(`${this.name} still running after ${waitMs} ms; shutting down without waiting for it`);
    return finished;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runNow().finally(() => this.schedule(this.intervalMs));
    }, delay);
    this.timer.unref();
  }
}
