import type { Db } from '../database/db.service.js';

/**
 * Runs `work` while holding the PostgreSQL advisory lock `lockName`, or skips it (returns undefined)
 * when another process holds it, so one process of a deployment sweeps at a time. A session lock on a
 * connection of its own: held for the whole run without a long transaction (`work` uses the pool as
 * usual), and released by PostgreSQL if this process dies.
 */
export async function withAdvisoryLock<T>(db: Db, lockName: string, work: () => Promise<T>): Promise<T | undefined> {
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName])) as Array<{ locked: boolean }>;
    if (!locked) return undefined;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await runner.release();
  }
}
