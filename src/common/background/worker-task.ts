import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfigValues } from '../../config/index.js';
import { PeriodicTask } from './periodic-task.js';

/**
 * Base of a housekeeping provider (purges and the like): `run()` every `intervalMs` in the worker and
 * all roles, never in an api-only process, the first run one interval after boot; shutdown waits for
 * a run in progress up to SHUTDOWN_GRACE. A timer, not a Bull repeatable job, so it does not depend
 * on what Redis remembers; pair `run()` with an advisory lock so one process does the work.
 */
export abstract class WorkerTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private task?: PeriodicTask;

  protected constructor(private readonly schedule: { name: string; intervalMs: number; config: Pick<AppConfigValues, 'BLOOM_ROLE' | 'SHUTDOWN_GRACE'> }) {}

  abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.schedule.config.BLOOM_ROLE === 'api') return;
    this.task = new PeriodicTask(this.schedule.name, this.schedule.intervalMs, () => this.run());
    this.task.start({ immediately: false });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task?.stop(this.schedule.config.SHUTDOWN_GRACE);
  }
}
