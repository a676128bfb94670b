import { withTimeout } from '../background/timeout.js';
import type { Db } from './db.service.js';

const CANCEL_ACTIVE_STATEMENT = `SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`;

/**
 * Cancels the statement a backend is running, from another connection, when it runs one (a
 * connection idle in its transaction is left alone). Answers whether it did: then the caller waits
 * for that statement to end before sending anything else on the connection (its rollback), since a
 * pg client runs one query at a time.
 */
export async function cancelActiveStatement(db: Db, backendPid: number, timeoutMs = 2000): Promise<boolean> {
  return (await withTimeout(db.outside.execute(CANCEL_ACTIVE_STATEMENT, [backendPid]), timeoutMs, 'pg_cancel_backend')) > 0;
}
