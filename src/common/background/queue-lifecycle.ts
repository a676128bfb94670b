import type { Job, Queue } from 'bull';
import type { Redis } from 'ioredis';
import { settlesWithin, TimeoutError, withTimeout } from './timeout.js';

/** Bull 4 fields its typings leave out. */
interface BullInternals {
  clients: Redis[];
  clientInitialized?: boolean;
  subscriberInitialized?: boolean;
  bclientInitialized?: boolean;
  eclient: Redis;
  bclient: Redis;
  /** One promise per concurrency slot: the job it runs (and Bull recording its outcome), or its wait for one. */
  processing: Record<string, Promise<unknown>>;
}

/** Statuses in which ioredis has lost Redis and is waiting to reconnect (or gave up). */
const LOST = new Set(['reconnecting', 'close', 'end']);

/** Connections that have been ready at least once (see `watchConnection`). */
const readyOnce = new WeakSet<Redis>();

/** Remembers when `client` first becomes ready; every connection Bull gets goes through here. */
export function watchConnection(client: Redis): Redis {
  client.once('ready', () => readyOnce.add(client));
  return client;
}

/**
 * Whether the queue's command connection has lost Redis. Callers skip Redis work at once instead
 * of queueing a command that will only fail later (and PostgreSQL's sweeper or relay repairs it).
 * Once a connection has been ready, anything but 'ready' is an outage: each reconnect attempt
 * spends time in 'connecting' and 'connect' (up to the connect timeout where connects to a dead
 * host are dropped rather than refused, or on a busy machine), and commands issued then would wait
 * in ioredis's offline queue. False while the first connection is being made: commands then wait
 * in the offline queue.
 */
export function redisUnavailable(queue: Queue): boolean {
  const { status } = queue.client;
  return LOST.has(status) || (status !== 'ready' && readyOnce.has(queue.client));
}

/** Whether every Redis connection Bull opened for `queue` is ready (readiness waits for it). */
export function queueConnectionsReady(queue: Queue): boolean {
  void queue.client; // the command connection is lazy: open it, so a fresh process reports it too
  return connectionsOf(queue).every((client) => client.status === 'ready');
}

/**
 * Runs one Redis call of `queue` within `ms`: rejects at once when Redis is known to be down, with a
 * TimeoutError when it does not answer in time. The call may still complete later; use it only for
 * work that is harmless to land late (Bull ignores an add whose job id exists).
 */
export function queueCall<T>(queue: Queue, ms: number, what: string, call: () => Promise<T>): Promise<T> {
  if (redisUnavailable(queue)) return Promise.reject(new TimeoutError(`${what}: Redis is unavailable`));
  return withTimeout(call(), ms, what);
}

/** The Redis connections Bull opened for `queue` (connections are lazy: only those in use). */
function connectionsOf(queue: Queue): Redis[] {
  const bull = queue as unknown as BullInternals;
  return [bull.clientInitialized ? queue.client : undefined, bull.subscriberInitialized ? bull.eclient : undefined, bull.bclientInitialized ? bull.bclient : undefined].filter(
    (client): client is Redis => client !== undefined,
  );
}

export interface CloseQueueOptions {
  /** How long running jobs may take to finish (SHUTDOWN_GRACE). */
  graceMs: number;
  /** Called when jobs are still running after the grace (e.g. terminate their transactions). */
  onGraceExpired?: () => Promise<void>;
  /** After onGraceExpired, how long to wait for those jobs to settle (so Bull records their outcome). */
  afterGraceMs?: number;
}

/** Budget for Bull's own close once no job is waited for (timers, QUIT with its 500 ms limit). */
const CLOSE_BUDGET_MS = 1500;

/**
 * Closes a Bull queue within the grace: stops taking jobs, waits up to `graceMs` for the running
 * ones (and for Bull to record their outcome), then closes without waiting for them and drops the
 * connections. Never waits on Redis beyond these budgets, so a Redis outage does not hold shutdown.
 * Replaces @nestjs/bull's `onApplicationShutdown` (an unbounded `close()`) on the queue. Returns
 * whether every running job finished.
 *
 * It does not use Bull's waiting pause (`pause(true)`): that one starts reconnecting the blocking
 * connection before the jobs finish and leaves the failure of that reconnection unhandled when Redis
 * is down, which crashes the process.
 */
export async function closeQueue(queue: Queue, options: CloseQueueOptions): Promise<boolean> {
  const bull = queue as unknown as BullInternals;
  // Connections made by our createClient are not Bull's to close unless handed over.
  for (const client of connectionsOf(queue)) if (!bull.clients.includes(client)) bull.clients.push(client);
  // A local pause takes no new job; without waiting, it only aborts the blocking fetch.
  await settlesWithin(
    queue.pause(true, true).catch(() => undefined),
    CLOSE_BUDGET_MS,
  );
  const drained = Promise.allSettled(Object.values(bull.processing ?? {}));
  let finished = await settlesWithin(drained, options.graceMs);
  if (!finished && options.onGraceExpired) {
    await options.onGraceExpired();
    finished = await settlesWithin(drained, options.afterGraceMs ?? 0);
  }
  // close(true) does not wait for jobs again; it clears Bull's timers and disconnects.
  await settlesWithin(
    queue.close(true).catch(() => undefined),
    CLOSE_BUDGET_MS,
  );
  for (const client of connectionsOf(queue)) if (client.status !== 'end') client.disconnect();
  return finished;
}

/**
 * Starts processing `queue` in this process. Bull names the blocking connection (CLIENT SETNAME,
 * for `getWorkers()`) without handling a failure: with Redis down between boot and shutdown, the
 * name waits on the connection until shutdown drops it and the rejection crashes the process. The
 * name is cosmetic, so its failure is ignored here.
 */
export function processQueue<T>(queue: Queue<T>, name: string, concurrency: number, handler: (job: Job<T>) => Promise<unknown>): Promise<void> {
  const bull = queue as Queue<T> & { setWorkerName(): Promise<unknown> };
  const setWorkerName = bull.setWorkerName.bind(queue);
  bull.setWorkerName = () => setWorkerName().catch(() => undefined);
  return queue.process(name, concurrency, handler);
}

/** Makes Nest's shutdown of `queue` (registered by @nestjs/bull) call `close` instead of Bull's unbounded close(). */
export function replaceQueueShutdown(queue: Queue, close: () => Promise<unknown>): void {
  (queue as Queue & { onApplicationShutdown?: () => Promise<unknown> }).onApplicationShutdown = close;
}
