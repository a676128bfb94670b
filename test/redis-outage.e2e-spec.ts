/**
 * Deadlines and the outbox while Redis is down, on a redis-server of this file's own (stopped and
 * started again here; the Redis other test files share is never touched). PostgreSQL is the record:
 * requests must not wait on Redis, and what Redis missed is put right once it is back.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { DEADLINE_QUEUE, DeadlineWorker } from '../src/common/deadlines/index.js';
import { OutboxQueue } from '../src/common/events/outbox-queue.js';
import { queueConnectionsReady, redisUnavailable } from '../src/common/background/index.js';
import { BullQueues } from '../src/common/deadlines/bull-queues.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/app.js';
import { DeadlineProbeModule, PING_FIRED, TEST_PING } from './fixtures/deadline-probe.module.js';
import { EVENTS_PROBE_TABLE, EventsProbeModule, RecordingTransport } from './fixtures/events-probe.module.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';
import { waitFor } from './support/wait.js';
import { deadlinesOf } from './support/deadlines.js';

jest.setTimeout(90_000);

const inMs = (ms: number) => new Date(Date.now() + ms);

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Whether a job is done with: processed, or removed from Redis. */
async function settled(queue: Queue, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  return !job || ['completed', 'failed'].includes(await job.getState());
}

describe('while Redis is down', () => {
  let redis: OwnRedis;
  let t: TestApp;
  const boot = (options: TestAppOptions = {}) =>
    startTestApp({
      imports: [DeadlineProbeModule, EventsProbeModule],
      ...options,
      env: { REDIS_URL: redis.url, DEADLINE_SWEEP_INTERVAL: '1s', OUTBOX_RELAY_INTERVAL: '500ms', SHUTDOWN_GRACE: '1s', ...options.env },
    });
  const deadlines = () => deadlinesOf(t);
  const deadlineQueue = () => t.app.get<Queue>(getQueueToken(DEADLINE_QUEUE));
  /** Waits until `passes` more runs of the sweeper and the relay have ended: each had its chance. */
  const passesOf = async (app: TestApp, passes = 2) => {
    const [sweeps, relays] = [app.app.get(DeadlineWorker).sweepsDone, app.app.get(OutboxQueue).relayPasses];
    await waitFor(() => app.app.get(DeadlineWorker).sweepsDone >= sweeps + passes && app.app.get(OutboxQueue).relayPasses >= relays + passes);
  };
  const effects = async (subject: string) =>
    (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND entity_id = $2', [PING_FIRED, subject]))[0].n;
  const statuses = async (subject: string) =>
    (await t.sql<{ status: string }>('SELECT status FROM deadline WHERE subject_id = $1 ORDER BY created_at, id', [subject])).map((r) => r.status);

  beforeAll(async () => {
    redis = await startOwnRedis();
    t = await boot();
    await t.sql(EVENTS_PROBE_TABLE);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('schedule, move and cancel answer within about a second, and the sweeper puts Redis right once it is back', async () => {
    const moved = randomUUID();
    const cancelled = randomUUID();
    await deadlines().schedule(TEST_PING, moved, inMs(60_000));
    const cancelledJob = (await deadlines().schedule(TEST_PING, cancelled, inMs(4000))).jobId;
    // Connects hang (a dropped host) rather than fail at once: the harder case for "fail fast".
    await redis.down({ hang: true });

    const scheduledAfter = randomUUID();
    const schedule = await timed(() => deadlines().schedule(TEST_PING, scheduledAfter, inMs(3000)));
    const move = await timed(() => deadlines().schedule(TEST_PING, moved, inMs(3000)));
    const cancel = await timed(() => deadlines().cancel(TEST_PING, cancelled));
    expect(schedule.ms).toBeLessThan(1500);
    expect(move.ms).toBeLessThan(1500);
    expect(cancel.ms).toBeLessThan(1500);
    expect(cancel.value).toBe(true);
    // Committed whatever Redis said.
    expect(await statuses(scheduledAfter)).toEqual(['pending']);
    expect(await statuses(moved)).toEqual(['cancelled', 'pending']);
    expect(await statuses(cancelled)).toEqual(['cancelled']);

    await redis.up();
    await waitFor(
      () => Promise.all([effects(scheduledAfter), effects(moved)]),
      ([a, b]) => a > 0 && b > 0,
    );
    // The cancelled deadline's job falls due too (or the sweeper removed it), and sweeps pass over all three.
    await waitFor(() => settled(deadlineQueue(), cancelledJob));
    await passesOf(t);
    expect([await effects(scheduledAfter), await effects(moved), await effects(cancelled)]).toEqual([1, 1, 0]);
    expect(await statuses(moved)).toEqual(['cancelled', 'fired']);
  });

  it('/metrics answers within two seconds, with the deadline gauges and without queue counts it cannot get', async () => {
    await deadlines().schedule(TEST_PING, randomUUID(), inMs(60_000));
    const before = await t.http.get('/metrics');
    expect(before.text).toMatch(/bloom_queue_jobs\{queue="deadlines",state="delayed"\} [1-9]/);
    await redis.down({ hang: true });
    try {
      const scrape = await timed(() => t.http.get('/metrics'));
      expect(scrape.value.status).toBe(200);
      expect(scrape.ms).toBeLessThan(2000);
      expect(scrape.value.text).toMatch(/^bloom_deadlines_pending [1-9]/m);
      // No stale or made-up queue counts.
      expect(scrape.value.text).not.toMatch(/^bloom_queue_jobs\{/m);
    } finally {
      await redis.up();
    }
    await waitFor(
      () => t.http.get('/metrics').then((res) => res.text),
      (text) => /bloom_queue_jobs\{queue="deadlines",state="delayed"\} [1-9]/.test(text),
    );
  });

  it('a sweep fails fast instead of holding its lock, and the next one after Redis is back does the work', async () => {
    const subject = randomUUID();
    await redis.down({ hang: true });
    try {
      await deadlines().schedule(TEST_PING, subject, inMs(500));
      const sweep = await timed(() => t.app.get(DeadlineWorker).sweepNow());
      expect(sweep.ms).toBeLessThan(2000);
      expect(sweep.value).toBeUndefined(); // failed (logged), nothing reported
    } finally {
      await redis.up();
    }
    await waitFor(
      () => effects(subject),
      (n) => n === 1,
    );
  });

  it('outbox messages written during the outage wait in PostgreSQL, not in memory, and are delivered once when Redis is back', async () => {
    const queue = t.app.get(OutboxQueue).queue;
    await redis.down({ hang: true });
    let ids: string[];
    try {
      await waitFor(() => redisUnavailable(queue));
      const sent = await timed(() =>
        Promise.all(Array.from({ length: 30 }, (_, i) => t.http.post('/test-events/effects').send({ name: `outage-${i}`, channel: 'test-recording' }))),
      );
      expect(sent.value.map((res) => res.status)).toEqual(Array(30).fill(201));
      expect(sent.ms).toBeLessThan(3000);
      ids = sent.value.map((res) => (res.body as { outboxId: string }).outboxId);
      // Neither the requests' adds nor the relay's (two more passes) are left waiting for Redis in ioredis's offline queue.
      await passesOf(t);
      // (Bull's own periodic commands, such as its stalled-job check, may wait there; no job of ours does.)
      const waiting = (queue.client as unknown as { offlineQueue: { toArray(): Array<{ command: { args: unknown[] } }> } }).offlineQueue.toArray();
      const ours = waiting.filter(({ command }) => ids.some((id) => JSON.stringify(command.args).includes(id)));
      expect(ours).toHaveLength(0);
    } finally {
      await redis.up();
    }
    const recording = t.app.get(RecordingTransport);
    await waitFor(
      async () => ids.filter((id) => recording.deliveries.some((d) => d.id === id)).length,
      (n) => n === ids.length,
    );
    // Two more relay passes and an idle queue: a second delivery would have happened by now.
    await passesOf(t);
    await waitFor(
      () => queue.getJobCounts(),
      (counts) => counts.waiting + counts.active + counts.delayed === 0,
    );
    for (const id of ids) expect(recording.deliveries.filter((d) => d.id === id)).toHaveLength(1);
  });

  it('app.close() takes about SHUTDOWN_GRACE, not minutes', async () => {
    const other = await boot({ env: { SHUTDOWN_GRACE: '1s' } });
    await deadlinesOf(other).schedule(TEST_PING, randomUUID(), inMs(60_000));
    // Connects are refused here. Where they hang, close takes about 16 s (each queue's pause, grace
    // and QUIT wait out their budgets; ioredis's disconnect never completes against a silent peer).
    await redis.down();
    try {
      await passesOf(other); // sweeps and relay passes meet the outage meanwhile
      const closing = await timed(() => other.close());
      expect(closing.ms).toBeLessThan(4000);
    } finally {
      await redis.up();
    }
  });

  it('readiness answers 503 until the job queues have reconnected too, so work posted at the first 200 reaches Redis at once', async () => {
    const ready = () => t.http.get('/health/ready');
    await redis.down();
    try {
      await waitFor(ready, (res) => res.status === 503);
    } finally {
      await redis.up();
    }
    await waitFor(ready, (res) => res.status === 200);
    for (const queue of t.app.get(BullQueues).all()) expect([queue.name, queueConnectionsReady(queue)]).toEqual([queue.name, true]);
    const scheduled = await deadlines().schedule(TEST_PING, randomUUID(), inMs(60_000));
    expect(await deadlineQueue().getJob(scheduled.jobId)).not.toBeNull(); // added now, not by a later sweep

    // One queue's connection alone is enough to hold readiness back, and it says which.
    const queue = deadlineQueue();
    queue.client.disconnect();
    try {
      const held = await waitFor(ready, (res) => res.status === 503);
      expect(held.body.checks).toMatchObject({ redis: { ok: true }, queues: { ok: false, detail: expect.stringContaining('deadlines') } });
    } finally {
      await queue.client.connect().catch(() => undefined);
    }
    await waitFor(ready, (res) => res.status === 200);
  });

  it('Bull queues reconnect by themselves when Redis is back', async () => {
    const queue = deadlineQueue();
    await waitFor(
      async () => queue.client.status,
      (status) => status === 'ready',
    );
    const subject = randomUUID();
    await deadlines().schedule(TEST_PING, subject, inMs(300));
    await waitFor(
      () => effects(subject),
      (n) => n === 1,
      5000,
    );
  });
});
