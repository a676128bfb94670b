import type { Db } from '../database/db.service.js';
import { withAdvisoryLock } from './advisory-lock.js';

/**
 * Deletes old rows in batches, under the advisory lock `lockName` so one process of a deployment
 * purges at a time: `deleteBatch` deletes at most `batchSize` rows in one short statement (no long
 * transaction holding locks while thousands of rows go) and answers how many it deleted. Answers the
 * total, or undefined when another process holds the lock.
 */
export function purgeInBatches(db: Db, lockName: string, batchSize: number, deleteBatch: () => Promise<number>): Promise<number | undefined> {
  return withAdvisoryLock(db, lockName, async () => {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch();
      total += deleted;
      if (deleted < batchSize) return total;
    }
  });
}
