import type { BullRootModuleOptions } from '@nestjs/bull';
import { Redis, type RedisOptions } from 'ioredis';
import { watchConnection } from './queue-lifecycle.js';

export type BullClientType = 'client' | 'subscriber' | 'bclient';

/** How long one attempt to (re)connect to Redis may take before it counts as failed. */
export const REDIS_CONNECT_TIMEOUT_MS = 2000;

/**
 * Reconnects quickly and keeps trying every 2 s at most (Bull's default grows to 20 s between
 * attempts, so a queue would notice a recovered Redis that late).
 */
export const reconnectDelay = (attempt: number): number => Math.min(attempt * 200, 2000);

/**
 * ioredis options for each of Bull's connections:
 * - `client` runs every ordinary command (add, getJob, counts, the job lifecycle scripts). It fails
 *   fast when Redis is down: a command is retried over one reconnection, not ioredis's default 20
 *   (which held a request for minutes), so what waited in the offline queue is rejected within
 *   seconds. It is 'ready' only once Redis has answered (the ready check Bull turns off by default):
 *   a connection that a hung host accepts but never answers does not count as Redis being back.
 * - None sends CLIENT SETINFO on connect: for a connection without a ready check, ioredis declares
 *   it ready when those commands settle, even when they settle because the connection has just
 *   closed, and the client then stays 'ready' on a dead socket and never reconnects (ioredis 5).
 * - `bclient` (blocking BRPOPLPUSH) and `subscriber` (pub/sub) must wait for Redis however long it
 *   takes: Bull refuses them with a retry limit or a ready check (`maxRetriesPerRequest: null`,
 *   `enableReadyCheck: false`; see bull/lib/queue.js, MISSING_REDIS_OPTS).
 */
export function bullClientOptions(type: BullClientType, base: RedisOptions = {}): RedisOptions {
  const common: RedisOptions = { ...base, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, retryStrategy: reconnectDelay, disableClientInfo: true };
  if (type === 'client') return { ...common, maxRetriesPerRequest: 1, enableReadyCheck: true };
  return { ...common, maxRetriesPerRequest: null, enableReadyCheck: false };
}

/**
 * Job locks, for every queue: a worker renews the lock of each job it runs every 2 s; a lock left
 * unrenewed for 6 s (its worker died: SIGKILL, out of memory, a lost host) marks the job stalled at
 * the next check (every 3 s), and another worker takes it over: work resumes within about 10 s, not
 * Bull's 30 to 60 s. A job found stalled up to 3 times (a worker too busy to renew in time) is run
 * again rather than failed; handlers are idempotent (claims, chunks that resume).
 */
export const JOB_LOCKS = { lockDuration: 6000, lockRenewTime: 2000, stalledInterval: 3000, maxStalledCount: 3 } as const;

/**
 * `BullModule.forRoot` options: REDIS_URL (Bull parses it into the options handed to createClient),
 * REDIS_PREFIX for every key, JOB_LOCKS, and connections built by `bullClientOptions`.
 *
 * Bull does not close connections it did not create itself: close every queue with `closeQueue()`
 * (common/background), which hands them back to Bull's disconnect.
 */
export function bullRootOptions(config: { REDIS_URL: string; REDIS_PREFIX: string }): BullRootModuleOptions {
  return {
    redis: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    settings: { ...JOB_LOCKS },
    createClient: (type, redisOptions) => watchConnection(new Redis(bullClientOptions(type, redisOptions))),
  };
}
