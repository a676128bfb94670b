import type { Db } from '../database/db.service.js';
import { withAdvisoryLock } from './advisory-lock.js';

const BATCH = 5000;

export interface PurgeRule {
  /** Advisory lock name: one process of a deployment purges this table at a time. */
  lock: string;
  /** The table, and the condition of the rows to delete (code constants, never input). */
  table: string;
  where: string;
  params?: unknown[];
}

/**
 * Deletes every row of `table` matching `where`, at most 5,000 per statement (no long transaction
 * holding locks while thousands of rows go), under the rule's advisory lock. Rows are picked by
 * `ctid`, so any table works whatever its key. Answers how many were deleted, 0 when another
 * process holds the lock.
 */
export async function purgeRows(db: Db, rule: PurgeRule): Promise<number> {
  const deleted = await withAdvisoryLock(db, rule.lock, async () => {
    let total = 0;
    for (;;) {
      const rows = await db.rows(
        `DELETE FROM ${rule.table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${rule.table} WHERE ${rule.where} LIMIT ${BATCH})) RETURNING 1`,
        rule.params ?? [],
      );
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  });
  return deleted ?? 0;
}
