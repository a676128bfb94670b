export { PeriodicTask } from './periodic-task.js';
export { withAdvisoryLock } from './advisory-lock.js';
