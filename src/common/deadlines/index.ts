/** What modules may import from the deadlines kernel (DESIGN §5). */
export { DeadlinesModule } from './deadlines.module.js';
export { DeadlineService, type ScheduledDeadline } from './deadline.service.js';
export { DeadlineHandler, type DueDeadline } from './deadline-handler.decorator.js';
export { defineDeadlineKind, type DeadlineKind } from './deadline-kind.js';
export { DeadlineConfigurationError } from './handler-registry.js';
export { DEADLINE_QUEUE, deadlineJobId, type DeadlineJobData } from './deadline-job.js';
/** Lifecycle and sweeps (ops tools and benchmarks run a sweep with `sweepNow()`). */
export { DeadlineWorker } from './deadline-worker.js';
export { Deadline, type DeadlineStatus } from './deadline.entity.js';
import { Deadline } from './deadline.entity.js';

export const DEADLINES_ENTITIES = [Deadline];
