import { Db } from '../../src/common/database/index.js';
import { DeadlineService } from '../../src/common/deadlines/index.js';
import type { TestApp } from './app.js';

/**
 * The app's DeadlineService as a test uses it: `schedule` and `cancel` write only inside a use case's
 * transaction (they require one), so each call here is its own use case. `direct` is the service itself.
 */
export function deadlinesOf(app: TestApp) {
  const service = app.app.get(DeadlineService);
  const db = app.app.get(Db);
  return {
    schedule: (...args: Parameters<DeadlineService['schedule']>) => db.transaction(() => service.schedule(...args)),
    scheduleMany: (...args: Parameters<DeadlineService['scheduleMany']>) => db.transaction(() => service.scheduleMany(...args)),
    cancel: (...args: Parameters<DeadlineService['cancel']>) => db.transaction(() => service.cancel(...args)),
    pending: (...args: Parameters<DeadlineService['pending']>) => service.pending(...args),
    direct: service,
  };
}
