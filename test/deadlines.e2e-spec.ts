/**
 * Deadlines end to end (DESIGN §5) with the test-only kind `test.ping`, on a redis-server of this
 * file's own (FLUSHALL and restarts never touch the Redis other test files share).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Queue } from 'bull';
import { getQueueToken } from '@nestjs/bull';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApp } from '../src/configure-app.js';
import { loadConfig } from '../src/config/index.js';
import { DEADLINE_QUEUE, deadlineJobId, type DeadlineJobData } from '../src/common/deadlines/index.js';
import { DeadlineProcessor } from '../src/common/deadlines/deadline.processor.js';
import { DeadlineWorker } from '../src/common/deadlines/deadline-worker.js';
import { startTestApp, type TestApp, type TestAppOptions } from './support/app.js';
import { createTestDatabase } from './support/infrastructure.js';
import {
  DeadlineProbeModule,
  OrphanKindModule,
  PING_FIRED,
  PingControl,
  PingScheduler,
  TEST_PING,
  TwoHandlersModule,
  UndeclaredHandlerModule,
} from './fixtures/deadline-probe.module.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';
import { waitFor } from './support/wait.js';
import { deadlinesOf } from './support/deadlines.js';

jest.setTimeout(60_000);

const inMs = (ms: number) => new Date(Date.now() + ms);
/** Until the clock has passed `due` (a deadline's own time, not a guess at how long work takes). */
const pastDue = (due: Date) => waitFor(() => Date.now() > due.getTime());

/** SQL on a database whose app is closed (or another app's). */
async function sqlOn<T>(url: string, text: string, parameters: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, parameters)).rows as T[];
  } finally {
    await client.end();
  }
}

const effectsOf = (url: string, subject: string) =>
  sqlOn<{ n: number }>(url, 'SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND entity_id = $2', [PING_FIRED, subject]).then(([row]) => row.n);

interface DeadlineRow {
  id: string;
  status: string;
  due_at: Date;
  fired_at: Date | null;
  attempts: number;
  last_error: string | null;
}
const rowsOf = (url: string, subject: string) =>
  sqlOn<DeadlineRow>(url, 'SELECT id, status, due_at, fired_at, attempts, last_error FROM deadline WHERE subject_id = $1 ORDER BY created_at, id', [subject]);

describe('deadlines', () => {
  let redis: OwnRedis;
  let flusher: Redis;
  let t: TestApp;
  const env = () => ({
    REDIS_URL: redis.url,
    DEADLINE_SWEEP_INTERVAL: '1s',
    DEADLINE_RETRY_BACKOFF: '100ms',
    SHUTDOWN_GRACE: '3s',
  });
  const boot = (options: TestAppOptions = {}) => startTestApp({ ...options, imports: [DeadlineProbeModule, ...(options.imports ?? [])], env: { ...env(), ...options.env } });
  const deadlines = (app: TestApp = t) => deadlinesOf(app);
  const queueOf = (app: TestApp = t) => app.app.get<Queue<DeadlineJobData>>(getQueueToken(DEADLINE_QUEUE));
  const effects = (subject: string, app: TestApp = t) => effectsOf(app.database.url, subject);
  const rows = (subject: string, app: TestApp = t) => rowsOf(app.database.url, subject);
  /** Whether a job is done with: processed, or removed from Redis. */
  const jobSettled = async (jobId: string, app: TestApp = t) => {
    const job = await queueOf(app).getJob(jobId);
    return !job || ['completed', 'failed'].includes(await job.getState());
  };
  /**
   * Waits until the jobs are done with and (unless the app does not sweep in the test's time) two
   * more sweeps have ended: the chance of a second or a late fire has passed.
   */
  const settled = async (jobIds: string[], app: TestApp = t, options: { sweeps?: boolean } = {}) => {
    for (const jobId of jobIds) await waitFor(() => jobSettled(jobId, app));
    if (options.sweeps === false) return;
    const worker = app.app.get(DeadlineWorker);
    const before = worker.sweepsDone;
    await waitFor(() => worker.sweepsDone >= before + 2);
  };

  beforeAll(async () => {
    redis = await startOwnRedis();
    flusher = new Redis(redis.url);
    t = await boot();
  });
  afterAll(async () => {
    await t?.close();
    flusher?.disconnect();
    await redis?.stop();
  });

  it('fires a 2 s deadline once, on time, in the claiming transaction', async () => {
    const subject = randomUUID();
    const scheduled = await deadlines().schedule(TEST_PING, subject, inMs(2000));
    expect(scheduled.jobId).toBe(deadlineJobId(scheduled.id));
    expect(
      await queueOf()
        .getJob(scheduled.jobId)
        .then((job) => job?.getState()),
    ).toBe('delayed');

    await waitFor(
      () => effects(subject),
      (n) => n > 0,
      5000,
    );
    await settled([scheduled.jobId]);
    expect(await effects(subject)).toBe(1);

    const [row] = await rows(subject);
    expect(row).toMatchObject({ id: scheduled.id, status: 'fired', attempts: 1 });
    expect(row.fired_at!.getTime()).toBeGreaterThanOrEqual(row.due_at.getTime()); // never before due
    expect(row.fired_at!.getTime() - row.due_at.getTime()).toBeLessThan(1000);
    const [audit] = await t.sql<{ actor_type: string; request_id: string }>('SELECT actor_type, request_id FROM audit_event WHERE entity_id = $1', [subject]);
    expect(audit).toEqual({ actor_type: 'system', request_id: `deadline:${scheduled.id}` });
    expect(
      await queueOf()
        .getJob(scheduled.jobId)
        .then((job) => job?.getState()),
    ).toBe('completed');
  });

  it('cancel stops a deadline: row cancelled, job removed, a late delivery does nothing', async () => {
    const subject = randomUUID();
    const scheduled = await deadlines().schedule(TEST_PING, subject, inMs(1500));
    expect(await deadlines().pending(TEST_PING, subject)).toMatchObject({ id: scheduled.id });
    expect(await deadlines().cancel(TEST_PING, subject)).toBe(true);
    expect(await deadlines().cancel(TEST_PING, subject)).toBe(false);
    expect(await queueOf().getJob(scheduled.jobId)).toBeNull();

    await pastDue(scheduled.dueAt);
    await settled([]); // sweeps after the due time would fire a deadline still pending
    expect(await effects(subject)).toBe(0);
    expect((await rows(subject)).map((r) => r.status)).toEqual(['cancelled']);
    const late = await t.app.get(DeadlineProcessor).deliver({ deadlineId: scheduled.id, kind: TEST_PING.name, subjectId: subject, dueAt: scheduled.dueAt.toISOString() });
    expect(late).toBe('skipped');
    expect(await effects(subject)).toBe(0);
  });

  it('moving a deadline fires only the new one, under a new job id', async () => {
    const subject = randomUUID();
    const first = await deadlines().schedule(TEST_PING, subject, inMs(1200));
    const moved = await deadlines().schedule(TEST_PING, subject, inMs(3000));
    expect(moved.id).not.toBe(first.id);
    expect(moved.jobId).not.toBe(first.jobId);
    expect((await rows(subject)).map((r) => [r.id, r.status])).toEqual([
      [first.id, 'cancelled'],
      [moved.id, 'pending'],
    ]);

    await pastDue(first.dueAt);
    await settled([first.jobId]);
    await waitFor(
      () => effects(subject),
      (n) => n > 0,
      5000,
    );
    await settled([first.jobId, moved.jobId]);
    expect(await effects(subject)).toBe(1);
    const [, fired] = await rows(subject);
    expect(fired.fired_at!.getTime()).toBeGreaterThanOrEqual(moved.dueAt.getTime()); // the new time, not the old one
    expect((await rows(subject)).map((r) => [r.id, r.status])).toEqual([
      [first.id, 'cancelled'],
      [moved.id, 'fired'],
    ]);
  });

  it('schedules several at once: each written and enqueued, one already pending moved, and each fires once', async () => {
    const [kept, moving] = [randomUUID(), randomUUID()];
    const old = await deadlines().schedule(TEST_PING, moving, inMs(60_000));
    const scheduled = await deadlines().scheduleMany([
      { kind: TEST_PING, subjectId: kept, dueAt: inMs(1000) },
      { kind: TEST_PING, subjectId: moving, dueAt: inMs(1200) },
    ]);
    expect(scheduled.map((d) => d.subjectId)).toEqual([kept, moving]);
    expect((await rows(moving)).map((r) => [r.id, r.status])).toEqual([
      [old.id, 'cancelled'],
      [scheduled[1].id, 'pending'],
    ]);
    expect(await queueOf().getJob(old.jobId)).toBeNull();
    for (const deadline of scheduled) expect(await (await queueOf().getJob(deadline.jobId))?.getState()).toBe('delayed');
    await waitFor(
      async () => (await effects(kept)) + (await effects(moving)),
      (n) => n === 2,
      5000,
    );
    await settled(scheduled.map((d) => d.jobId));
    expect([await effects(kept), await effects(moving)]).toEqual([1, 1]);
  });

  it('concurrent schedules of one kind and subject leave one pending deadline, and it fires once', async () => {
    const subject = randomUUID();
    const scheduled = await Promise.all(Array.from({ length: 8 }, (_, i) => deadlines().schedule(TEST_PING, subject, inMs(1000 + i * 50))));
    const all = await rows(subject);
    expect(all).toHaveLength(8);
    expect(all.filter((r) => r.status === 'pending')).toHaveLength(1);
    expect(new Set(scheduled.map((d) => d.jobId)).size).toBe(8);
    await waitFor(
      () => effects(subject),
      (n) => n > 0,
      5000,
    );
    await settled(scheduled.map((d) => d.jobId));
    expect(await effects(subject)).toBe(1);
  });

  it('a deadline scheduled in a transaction that rolls back leaves neither row nor job, and never fires', async () => {
    const subject = randomUUID();
    const before = await queueOf().getJobCounts();
    await expect(t.app.get(PingScheduler).scheduleThenFail(subject, inMs(1000))).rejects.toThrow(/business change failed/);
    expect(await rows(subject)).toEqual([]);
    expect(await queueOf().getJobCounts()).toEqual(before);
    await pastDue(inMs(1000));
    await settled([]);
    expect(await effects(subject)).toBe(0);
  });

  it('refuses to schedule or cancel outside a transaction (a use case that forgot @Transactional()), writing nothing', async () => {
    const subject = randomUUID();
    await expect(deadlines().direct.schedule(TEST_PING, subject, inMs(1000))).rejects.toThrow(/^deadline must be written inside a transaction/);
    await expect(deadlines().direct.cancel(TEST_PING, subject)).rejects.toThrow(/^deadline must be written inside a transaction/);
    expect(await rows(subject)).toEqual([]);
  });

  it('the same job delivered twice has one effect', async () => {
    // Two Bull jobs (the real one and a duplicate under another id) for one deadline, due together.
    const subject = randomUUID();
    const scheduled = await deadlines().schedule(TEST_PING, subject, inMs(1000));
    const original = await queueOf().getJob(scheduled.jobId);
    await queueOf().add(TEST_PING.name, original!.data, { jobId: `dup-${scheduled.id}`, delay: Math.max(0, scheduled.dueAt.getTime() - Date.now()) });
    await waitFor(
      () =>
        queueOf()
          .getJob(`dup-${scheduled.id}`)
          .then((job) => job?.getState()),
      (state) => state === 'completed',
      5000,
    );
    await waitFor(
      () => original!.getState(),
      (state) => state === 'completed',
      5000,
    );
    expect(await effects(subject)).toBe(1);
    const results = [(await queueOf().getJob(scheduled.jobId))!.returnvalue, (await queueOf().getJob(`dup-${scheduled.id}`))!.returnvalue];
    expect(results.sort()).toEqual(['fired', 'skipped']);

    // And the processor called twice at the same moment for a due deadline.
    const racing = randomUUID();
    const due = await deadlines().schedule(TEST_PING, racing, inMs(-1000));
    const data = { deadlineId: due.id, kind: TEST_PING.name, subjectId: racing, dueAt: due.dueAt.toISOString() };
    const processor = t.app.get(DeadlineProcessor);
    await Promise.all([processor.deliver(data), processor.deliver(data)]);
    await waitFor(
      () =>
        queueOf()
          .getJob(due.jobId)
          .then((job) => job?.getState()),
      (state) => state === 'completed',
      5000,
    );
    expect(await effects(racing)).toBe(1);
  });

  it('retries a failing handler with backoff, recording attempts and the error, then fires once', async () => {
    const subject = randomUUID();
    t.app.get(PingControl).failures.set(subject, 2);
    await deadlines().schedule(TEST_PING, subject, inMs(500));
    await waitFor(
      () => effects(subject),
      (n) => n > 0,
      8000,
    );
    const [row] = await rows(subject);
    expect(row).toMatchObject({ status: 'fired', attempts: 3 });
    expect(row.last_error).toMatch(/failure on purpose/);
    expect(await effects(subject)).toBe(1);
  });

  it('when every Bull attempt fails, the row stays pending and the sweeper retries it later', async () => {
    const subject = randomUUID();
    t.app.get(PingControl).failures.set(subject, 5);
    const scheduled = await deadlines().schedule(TEST_PING, subject, inMs(200));
    // 5 attempts, 100 ms backoff doubling: failed for good after ~1.5 s…
    await waitFor(
      () => rows(subject).then(([row]) => row.attempts),
      (attempts) => attempts >= 5,
      8000,
    );
    expect((await rows(subject))[0].status).toBe('pending');
    // …then a sweep (every second here) replaces the failed job, and the next run succeeds.
    await waitFor(
      () => effects(subject),
      (n) => n > 0,
      8000,
    );
    expect(await rows(subject)).toEqual([expect.objectContaining({ id: scheduled.id, status: 'fired', attempts: 6 })]);
  });

  it('after FLUSHALL the sweeper restores pending deadlines and each fires once', async () => {
    const subjects = Array.from({ length: 30 }, () => randomUUID());
    for (const subject of subjects) await deadlines().schedule(TEST_PING, subject, inMs(2500));
    await flusher.flushall();
    expect(await queueOf().getJobCounts()).toMatchObject({ delayed: 0, waiting: 0 });

    await waitFor(
      () => queueOf().getJobCounts(),
      (counts) => counts.delayed >= subjects.length,
      3000,
    );
    for (const subject of subjects)
      await waitFor(
        () => effects(subject),
        (n) => n > 0,
        8000,
      );
    await settled((await Promise.all(subjects.map((subject) => rows(subject)))).map(([row]) => deadlineJobId(row.id)));
    for (const subject of subjects) expect(await effects(subject)).toBe(1);
    const metrics = await t.http.get('/metrics');
    expect(metrics.text).toMatch(/bloom_deadline_sweep_requeued_total\{reason="missing"\} ([3-9]\d|\d{3,})/);
  });

  it('sweeps in one process at a time (PostgreSQL advisory lock)', async () => {
    const holder = new pg.Client({ connectionString: t.database.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('bloom:deadline-sweeper'))");
      expect(await t.app.get(DeadlineWorker).sweepNow()).toBeUndefined();
      await holder.query("SELECT pg_advisory_unlock(hashtext('bloom:deadline-sweeper'))");
      expect(await t.app.get(DeadlineWorker).sweepNow()).toMatchObject({ missing: 0, finished: 0 });
    } finally {
      await holder.end();
    }
  });

  it('reports queue depth and deadline lag at /metrics', async () => {
    const fired = randomUUID();
    await deadlines().schedule(TEST_PING, fired, inMs(100));
    await waitFor(
      () => effects(fired),
      (n) => n > 0,
      5000,
    );
    const waiting = randomUUID();
    await deadlines().schedule(TEST_PING, waiting, inMs(60_000));
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/bloom_queue_jobs\{queue="deadlines",state="delayed"\} [1-9]/);
    expect(res.text).toMatch(/bloom_queue_jobs\{queue="deadlines",state="failed"\} \d+/);
    expect(res.text).toMatch(/bloom_deadline_fire_lag_seconds_count\{kind="test.ping"\} [1-9]/);
    expect(res.text).toMatch(/bloom_deadlines_pending [1-9]/);
    expect(res.text).toMatch(/bloom_deadline_oldest_overdue_seconds \d/);
    await deadlines().cancel(TEST_PING, waiting);
  });

  describe('restarts and roles', () => {
    it('after the app is stopped and started again on the same database and Redis, pending deadlines fire', async () => {
      const first = await boot();
      const subject = randomUUID();
      await deadlines(first).schedule(TEST_PING, subject, inMs(2500));
      await first.close({ keepDatabase: true });
      const second = await boot({ reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
      try {
        await waitFor(
          () => effects(subject, second),
          (n) => n > 0,
          8000,
        );
        await settled(
          (await rows(subject, second)).map((row) => deadlineJobId(row.id)),
          second,
        );
        expect(await effects(subject, second)).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('after the process is killed (SIGKILL) and another starts, the pending deadline fires once', async () => {
      const database = await createTestDatabase();
      const redisPrefix = `bloomtest:${randomUUID()}`;
      const subject = randomUUID();
      const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'test/fixtures/deadline-child.ts', subject, '4000'], {
        cwd: join(import.meta.dirname, '..'),
        env: {
          ...process.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          DATABASE_URL: database.url,
          REDIS_URL: redis.url,
          REDIS_PREFIX: redisPrefix,
          DATABASE_POOL_SIZE: '4',
          SWAGGER_ENABLED: 'false',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const id = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /scheduled (\S+)/.exec(out);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the child exited (${code}) before scheduling`)));
      });
      child.kill('SIGKILL');
      await exited;
      expect((await rowsOf(database.url, subject)).map((r) => [r.id, r.status])).toEqual([[id, 'pending']]);

      const next = await boot({ reuse: { database, redisPrefix } });
      try {
        await waitFor(
          () => effects(subject, next),
          (n) => n > 0,
          10_000,
        );
        await settled([deadlineJobId(id)], next);
        expect(await effects(subject, next)).toBe(1);
      } finally {
        await next.close();
      }
    });

    it('fires at boot the deadlines that fell due while no worker ran and Redis lost everything', async () => {
      const first = await boot();
      const subject = randomUUID();
      await deadlines(first).schedule(TEST_PING, subject, inMs(500));
      await first.close({ keepDatabase: true });
      // A row written while Redis was down (its job never reached Redis), due an hour ago.
      const written = randomUUID();
      await sqlOn(first.database.url, "INSERT INTO deadline (kind, subject_id, due_at) VALUES ($1, $2, now() - interval '1 hour')", [TEST_PING.name, written]);
      await flusher.flushall();

      const second = await boot({ reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX }, env: { DEADLINE_SWEEP_INTERVAL: '10m' } });
      try {
        await waitFor(
          () => Promise.all([effects(subject, second), effects(written, second)]),
          ([a, b]) => a > 0 && b > 0,
          5000,
        );
        const [late] = await rows(written, second);
        expect(late.fired_at!.getTime() - late.due_at.getTime()).toBeGreaterThan(3_500_000);
      } finally {
        await second.close();
      }
    });

    it('BLOOM_ROLE=api enqueues but neither processes nor sweeps; a worker then does', async () => {
      const api = await boot({ env: { BLOOM_ROLE: 'api' } });
      const subject = randomUUID();
      const scheduled = await deadlines(api).schedule(TEST_PING, subject, inMs(500));
      await flusher.del(queueOf(api).toKey(scheduled.jobId));
      const lost = randomUUID();
      const lostDeadline = await deadlines(api).schedule(TEST_PING, lost, inMs(500));
      await flusher.del(queueOf(api).toKey(lostDeadline.jobId));
      // Both are due and a sweep interval (1 s) has passed since: a worker would have fired and swept them.
      await pastDue(new Date(lostDeadline.dueAt.getTime() + 1000));
      expect(await effects(subject, api)).toBe(0);
      expect(await queueOf(api).getJob(lostDeadline.jobId)).toBeNull(); // no sweep in the api role

      const worker = await boot({ env: { BLOOM_ROLE: 'worker' }, reuse: { database: api.database, redisPrefix: api.config.REDIS_PREFIX } });
      try {
        await waitFor(
          () => Promise.all([effects(subject, api), effects(lost, api)]),
          ([a, b]) => a > 0 && b > 0,
          8000,
        );
      } finally {
        await api.close({ keepDatabase: true });
        await worker.close();
      }
    });
  });

  describe('graceful shutdown', () => {
    it('lets a running job finish before the app closes', async () => {
      const app = await boot({ env: { SHUTDOWN_GRACE: '10s' } });
      const subject = randomUUID();
      app.app.get(PingControl).sqlSleepSeconds.set(subject, 1.5);
      await deadlines(app).schedule(TEST_PING, subject, inMs(200));
      await waitFor(async () => app.app.get(PingControl).started.includes(subject), Boolean, 5000);
      await app.close({ keepDatabase: true });
      try {
        expect(await effects(subject, app)).toBe(1);
        expect((await rows(subject, app))[0].status).toBe('fired');
      } finally {
        await app.database.drop();
      }
    });

    it('does not wait past SHUTDOWN_GRACE: a stuck job is rolled back and fires after restart', async () => {
      const app = await boot({ env: { SHUTDOWN_GRACE: '1s' } });
      const subject = randomUUID();
      app.app.get(PingControl).sqlSleepSeconds.set(subject, 60);
      await deadlines(app).schedule(TEST_PING, subject, inMs(200));
      await waitFor(async () => app.app.get(PingControl).started.includes(subject), Boolean, 5000);
      const closing = Date.now();
      await app.close({ keepDatabase: true });
      expect(Date.now() - closing).toBeLessThan(6000);
      const [row] = await rows(subject, app);
      expect(row.status).toBe('pending');
      expect(row.last_error).toMatch(/terminat/i);

      const again = await boot({ reuse: { database: app.database, redisPrefix: app.config.REDIS_PREFIX } });
      try {
        await waitFor(
          () => effects(subject, again),
          (n) => n > 0,
          8000,
        );
        expect(await effects(subject, again)).toBe(1);
      } finally {
        await again.close();
      }
    });
  });

  describe('handlers that take too long', () => {
    let slow: TestApp;
    beforeAll(async () => {
      slow = await boot({ env: { DEADLINE_HANDLER_TIMEOUT: '1s' } });
    });
    afterAll(() => slow?.close());

    it('carries DEADLINE_HANDLER_TIMEOUT to PostgreSQL in the claim transaction', async () => {
      const subject = randomUUID();
      await deadlines(slow).schedule(TEST_PING, subject, inMs(0));
      await waitFor(
        () => effects(subject, slow),
        (n) => n > 0,
        5000,
      );
      expect(slow.app.get(PingControl).timeoutsSeen.get(subject)).toEqual({ statementTimeout: '1s', idleInTransactionTimeout: '6s' });
    });

    it('a handler waiting on something slow is rolled back at the timeout, recorded, and retried', async () => {
      const subject = randomUUID();
      const control = slow.app.get(PingControl);
      control.waitMs.set(subject, 60_000);
      await deadlines(slow).schedule(TEST_PING, subject, inMs(0));
      await waitFor(
        () => rows(subject, slow).then(([row]) => row.last_error),
        (error) => error !== null,
        5000,
      );
      const [failed] = await rows(subject, slow);
      expect(failed).toMatchObject({ status: 'pending' });
      expect(failed.last_error).toMatch(/timed out after 1000 ms/);
      control.waitMs.delete(subject);
      await waitFor(
        () => effects(subject, slow),
        (n) => n > 0,
        8000,
      );
      const [fired] = await rows(subject, slow);
      expect(fired.status).toBe('fired');
      expect(fired.attempts).toBeGreaterThanOrEqual(2); // one failure or more recorded, then the run that won
      expect(await effects(subject, slow)).toBe(1);
    });

    it('a handler stuck in SQL is cancelled at the timeout', async () => {
      const subject = randomUUID();
      const control = slow.app.get(PingControl);
      control.sqlSleepSeconds.set(subject, 60);
      await deadlines(slow).schedule(TEST_PING, subject, inMs(0));
      await waitFor(async () => control.started.includes(subject), Boolean, 5000);
      const started = Date.now();
      await waitFor(
        () => rows(subject, slow).then(([row]) => row.last_error),
        (error) => error !== null,
        5000,
      );
      expect(Date.now() - started).toBeLessThan(3000);
      control.sqlSleepSeconds.delete(subject);
      await waitFor(
        () => effects(subject, slow),
        (n) => n > 0,
        8000,
      );
      expect(await effects(subject, slow)).toBe(1);
    });

    it('cancel() of a deadline whose handler is stuck waits at most the timeout, and the deadline never fires', async () => {
      const subject = randomUUID();
      const control = slow.app.get(PingControl);
      control.waitMs.set(subject, 60_000);
      const scheduled = await deadlines(slow).schedule(TEST_PING, subject, inMs(0));
      await waitFor(async () => control.started.includes(subject), Boolean, 5000);
      const cancelling = Date.now();
      expect(await deadlines(slow).cancel(TEST_PING, subject)).toBe(true);
      expect(Date.now() - cancelling).toBeLessThan(2500);
      control.waitMs.delete(subject);
      await settled([scheduled.jobId], slow); // the stuck run and any retry are over, and sweeps passed
      expect((await rows(subject, slow)).map((r) => r.status)).toEqual(['cancelled']);
      expect(await effects(subject, slow)).toBe(0);
    });
  });

  describe('jobs that arrive before the deadline is due (clock skew)', () => {
    let skewed: TestApp;
    // No sweep in these tests' time: the job alone must get it right.
    beforeAll(async () => {
      skewed = await boot({ env: { DEADLINE_SWEEP_INTERVAL: '10m' } });
    });
    afterAll(() => skewed?.close());

    /** Replaces the deadline's job with one that arrives now, `earlyMs` before due. */
    async function deliverEarly(subject: string, dueInMs: number) {
      const scheduled = await deadlines(skewed).schedule(TEST_PING, subject, inMs(dueInMs));
      const queue = queueOf(skewed);
      const job = await queue.getJob(scheduled.jobId);
      await job!.remove();
      await queue.add(job!.name, job!.data, { ...job!.opts, delay: 0 });
      return scheduled;
    }

    it('early by a few seconds: waits and fires when due, once, never before', async () => {
      const subject = randomUUID();
      const scheduled = await deliverEarly(subject, 3000);
      await waitFor(
        () => effects(subject, skewed),
        (n) => n > 0,
        5000,
      );
      const [row] = await rows(subject, skewed);
      expect(row.fired_at!.getTime()).toBeGreaterThanOrEqual(row.due_at.getTime());
      expect(row.fired_at!.getTime() - row.due_at.getTime()).toBeLessThan(1000);
      await settled([scheduled.jobId], skewed, { sweeps: false });
      expect(await effects(subject, skewed)).toBe(1);
      expect((await queueOf(skewed).getJob(scheduled.jobId))!.returnvalue).toBe('fired');
    });

    it('far too early: goes back to Bull delayed until due, then fires once, never before', async () => {
      const subject = randomUUID();
      const scheduled = await deliverEarly(subject, 9000);
      await waitFor(
        () =>
          queueOf(skewed)
            .getJob(scheduled.jobId)
            .then((job) => job?.getState()),
        (state) => state === 'delayed',
        3000,
      );
      expect(await rows(subject, skewed)).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
      await waitFor(
        () => effects(subject, skewed),
        (n) => n > 0,
        12_000,
      );
      const [row] = await rows(subject, skewed);
      expect(row.fired_at!.getTime()).toBeGreaterThanOrEqual(row.due_at.getTime());
      expect(row.fired_at!.getTime() - row.due_at.getTime()).toBeLessThan(1000);
      await settled([scheduled.jobId], skewed, { sweeps: false });
      expect(await effects(subject, skewed)).toBe(1);
    });
  });

  describe('boot refuses mismatched kinds and handlers', () => {
    async function bootFailure(module: unknown): Promise<string> {
      const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: t.database.url, REDIS_PREFIX: `bloomtest:${randomUUID()}`, ...env() });
      const app = await createApp({ config, imports: [DeadlineProbeModule, module as never] });
      try {
        await app.init();
        return 'booted';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await app.close();
      }
    }

    it('when a declared kind has no handler', async () => {
      expect(await bootFailure(OrphanKindModule)).toMatch(/deadline kind "test\.orphan" has no handler/);
    });

    it('when a kind has two handlers', async () => {
      expect(await bootFailure(TwoHandlersModule)).toMatch(/deadline kind "test\.twice" has 2 handlers \(TwiceFirst\.run, TwiceSecond\.run\)/);
    });

    it('when a handler names a kind nobody declared', async () => {
      expect(await bootFailure(UndeclaredHandlerModule)).toMatch(/UndeclaredHandler\.run handles deadline kind "test\.undeclared", which no module declares/);
    });
  });
});
