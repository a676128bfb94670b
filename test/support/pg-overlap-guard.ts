/**
 * Fails the test in which a pg client is asked for a second query while one is still running
 * (pg 8 queues it with the deprecation "Calling client.query() when the client is already executing
 * a query"; pg 9 will throw; inside a transaction the order of the two is then up to chance).
 * The client's query is wrapped to remember where the overlapping call came from, and the process
 * warning itself is caught too, in case a path we do not wrap prints it.
 */
import { afterAll, afterEach } from '@jest/globals';
import pgModule from 'pg';

const OVERLAP = 'already executing a query';
const overlaps: string[] = [];

interface PgClientPrototype {
  query(...args: unknown[]): unknown;
  _queryQueue?: unknown[];
  _activeQuery?: unknown;
  pipeline?: boolean;
  __bloomOverlapGuard?: boolean;
}

// Jest's module registry holds the same `pg` the app under test loads, so this wraps the app's client.
const pg = pgModule as unknown as { Client: { prototype: PgClientPrototype } };
const proto = pg.Client.prototype;
if (!proto.__bloomOverlapGuard) {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the original is re-applied below with the client as `this`
  const query = proto.query;
  proto.query = function guardedQuery(this: PgClientPrototype, ...args: unknown[]) {
    // Stricter than pg, which warns only from the third query at once: two are already a race.
    if ((this._activeQuery || (this._queryQueue?.length ?? 0) > 0) && !this.pipeline) {
      overlaps.push(new Error(`pg client.query() called while the client is ${OVERLAP}`).stack ?? OVERLAP);
    }
    return query.apply(this, args);
  };
  proto.__bloomOverlapGuard = true;
}

const onWarning = (warning: Error) => {
  if (warning.message.includes(OVERLAP)) overlaps.push(warning.stack ?? warning.message);
};
process.on('warning', onWarning);

function failOnOverlap(): void {
  if (overlaps.length === 0) return;
  const found = overlaps.splice(0);
  throw new Error(`two queries ran at once on one pg client (make them sequential):\n${found[0]}`);
}
afterEach(failOnOverlap);
// Hooks (beforeAll seeding, afterAll clean-up) query too.
afterAll(() => {
  process.off('warning', onWarning);
  failOnOverlap();
});

export {};
