export { PeriodicTask } from './periodic-task.js';
export { withAdvisoryLock } from './advisory-lock.js';
export { purgeRows, type PurgeRule } from './purge.js';
export { WorkerTask } from './worker-task.js';
export { bullRootOptions } from './bull-redis.js';
export { closeQueue, processQueue, queueCall, queueConnectionsReady, redisUnavailable, replaceQueueShutdown } from './queue-lifecycle.js';
export { settlesWithin, sleep, TimeoutError, withTimeout } from './timeout.js';
export { ManagedQueue, QUEUE_ADD_TIMEOUT_MS, type ManagedQueueDeclaration, type QueuedJob } from './managed-queue.js';
