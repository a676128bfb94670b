/**
 * Two requests that really overlap. Fired with a bare Promise.all, the second often starts after the
 * first has committed, and an "exactly one of two wins" test then passes without any protection.
 * `raceOfTwo` holds the first inside its transaction: a test connection locks `audit_event`, which
 * every write use case inserts into after its business change and before it commits. Once the first
 * waits there (its change made, not committed), the second is sent; when the second waits too (on the
 * first's row or unique key) or has answered, the lock goes and both finish.
 */
import type { TestApp } from './app.js';
import { waitFor } from './wait.js';

async function waitingBackends(t: TestApp): Promise<number> {
  const [{ n }] = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
  return n;
}

export async function raceOfTwo<A, B>(t: TestApp, first: () => PromiseLike<A>, second: () => PromiseLike<B>): Promise<[A, B]> {
  const hold = t.dataSource.createQueryRunner();
  await hold.connect();
  let firstDone: Promise<A> | undefined;
  let secondDone: Promise<B> | undefined;
  try {
    await hold.startTransaction();
    // Blocks INSERT (ROW EXCLUSIVE), not reads.
    await hold.query('LOCK TABLE audit_event IN SHARE ROW EXCLUSIVE MODE');
    firstDone = Promise.resolve().then(first);
    let firstSettled = false;
    void firstDone.then(
      () => (firstSettled = true),
      () => (firstSettled = true),
    );
    await waitFor(async () => firstSettled || (await waitingBackends(t)) >= 1);
    if (firstSettled) throw new Error('raceOfTwo: the first request finished without writing an audit row, so it was not held in its transaction');
    secondDone = Promise.resolve().then(second);
    let secondSettled = false;
    void secondDone.then(
      () => (secondSettled = true),
      () => (secondSettled = true),
    );
    await waitFor(async () => secondSettled || (await waitingBackends(t)) >= 2);
  } finally {
    if (hold.isTransactionActive) await hold.commitTransaction();
    await hold.release();
  }
  return Promise.all([firstDone, secondDone]);
}
