import { BullModule } from '@nestjs/bull';
import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullQueues } from './bull-queues.js';
import { DashboardSessions } from './dashboard-session.js';
import { DeadlineHandlers } from './deadline-handlers.js';
import { DEADLINE_QUEUE } from './deadline-job.js';
import type { DeadlineKind } from './deadline-kind.js';
import { DeadlineKindsModule } from './deadline-kinds.js';
import { DeadlineMetrics } from './deadline-metrics.js';
import { DeadlineSweeper } from './deadline-sweeper.js';
import { DeadlineWorker } from './deadline-worker.js';
import { DeadlineProcessor } from './deadline.processor.js';
import { DeadlineService } from './deadline.service.js';
import { QueueDashboardController } from './queue-dashboard.controller.js';

/**
 * Deadlines and background work (DESIGN §5): the `deadline` table, the `deadlines` Bull queue, the
 * handlers found at boot, the sweeper, queue metrics and the queue dashboard. Global, so any module
 * injects DeadlineService; a module declares its kinds with `DeadlinesModule.forKinds(...)`.
 *
 * How failures go: a handler that throws, or runs past DEADLINE_HANDLER_TIMEOUT, rolls its claim
 * back and the row stays pending, with `attempts` and `last_error` recorded. Bull retries the job
 * DEADLINE_JOB_ATTEMPTS times with exponential backoff from DEADLINE_RETRY_BACKOFF; when those run
 * out the job sits in `failed`, and every sweep (DEADLINE_SWEEP_INTERVAL after the previous sweep
 * ended) replaces it with a fresh one, so a deadline is never dropped: a broken handler shows as
 * failed jobs, a growing `attempts` and bloom_deadline_oldest_overdue_seconds. A Redis outage delays
 * jobs, never requests: schedule/cancel wait for Redis at most a second, and sweeps put it right.
 */
@Global()
@Module({
  imports: [DiscoveryModule, BullModule.registerQueue({ name: DEADLINE_QUEUE })],
  controllers: [QueueDashboardController],
  providers: [BullQueues, DeadlineHandlers, DeadlineMetrics, DeadlineService, DeadlineProcessor, DeadlineSweeper, DeadlineWorker, DashboardSessions],
  exports: [DeadlineService, BullModule],
})
export class DeadlinesModule {
  /**
   * Declares the deadline kinds a module owns; each needs exactly one `@DeadlineHandler` method or the
   * app does not boot:
   *
   *     export const ORDER_CONFIRM = defineDeadlineKind('order.confirm', { description: '…' });
   *     @Module({ imports: [DeadlinesModule.forKinds(ORDER_CONFIRM)], providers: [OrderDeadlines] })
   */
  static forKinds(...kinds: DeadlineKind[]): DynamicModule {
    return DeadlineKindsModule.declare(kinds);
  }
}
