/**
 * Durable domain events (DESIGN §5): written with the business change, delivered by a job to each
 * subscriber at least once, applied once (the inbox), retried with backoff, dead-lettered for owners
 * to retry, recovered from PostgreSQL when Redis loses jobs or a worker dies mid-delivery.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { DurableEvents } from '../src/common/events/index.js';
import { EventDeliverer } from '../src/common/events/event-deliverer.js';
import { EventDeliveryQueue } from '../src/common/events/event-delivery-queue.js';
import { EventRetention } from '../src/common/events/event-retention.js';
import { startTestApp, type TestApp } from './support/app.js';
import { killChild, startBloomChild, type BloomChild } from './support/child.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';
import { createCustomer } from './customer-support.js';
import { DURABLE_PROBE_TABLE, DurableProbe, DurableProbeModule, FailSwitch } from './fixtures/durable-probe.module.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';

jest.setTimeout(90_000);

interface DeliveryRow {
  id: string;
  subscriber: string;
  status: string;
  attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
}

const FAST = { EVENT_HANDLER_TIMEOUT: '1s', EVENT_MAX_ATTEMPTS: '3', EVENT_RETRY_BASE: '200ms', EVENT_RETRY_MAX: '2s', EVENT_SWEEP_INTERVAL: '300ms' };

const effectsOf = async (t: TestApp, name: string, subscriber = 'test.recorder') =>
  (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM test_durable_effect WHERE name = $1 AND subscriber = $2', [name, subscriber]))[0].n;
const deliveriesOf = (t: TestApp, eventId: string) => t.sql<DeliveryRow>('SELECT * FROM event_delivery WHERE event_id = $1 ORDER BY subscriber', [eventId]);
/** Waits until two more sweeper passes have ended: the sweeper had its chance to (re)send. */
const sweeps = async (t: TestApp) => {
  const queue = t.app.get(EventDeliveryQueue);
  const before = queue.recoveryPasses;
  await waitFor(() => queue.recoveryPasses >= before + 2);
};

describe('durable events', () => {
  let t: TestApp;
  let probe: DurableProbe;
  let switches: FailSwitch;
  let owner: UserRecord;
  let manager: UserRecord;

  beforeAll(async () => {
    t = await startTestApp({ imports: [DurableProbeModule], env: FAST });
    await t.sql(DURABLE_PROBE_TABLE);
    probe = t.app.get(DurableProbe);
    switches = t.app.get(FailSwitch);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [(await createStore(t)).id] });
  });
  afterAll(() => t?.close());

  const delivered = (eventId: string, subscriber = 'test.recorder') =>
    waitFor(
      async () => (await deliveriesOf(t, eventId)).find((d) => d.subscriber === subscriber),
      (row) => row?.status === 'delivered',
    );

  it('fails loudly when published outside a transaction', async () => {
    await expect(t.app.get(DurableEvents).publish('test.ping', { name: 'no-transaction' })).rejects.toThrow(/must be written inside a transaction/);
    expect(await t.sql("SELECT 1 FROM event WHERE payload->>'name' = 'no-transaction'")).toEqual([]);
  });

  it('delivers nothing when the publishing transaction rolls back', async () => {
    await expect(probe.ping('rolled-back', { fail: true })).rejects.toThrow('Rolled back on purpose.');
    await sweeps(t);
    expect(await t.sql("SELECT 1 FROM event WHERE payload->>'name' = 'rolled-back'")).toEqual([]);
    expect(await effectsOf(t, 'rolled-back')).toBe(0);
    expect(switches.calls.filter((c) => c.name === 'rolled-back')).toEqual([]);
  });

  it('delivers a committed event to its subscriber once, in a job, and records it in the inbox', async () => {
    const eventId = await probe.ping('committed');
    const row = await delivered(eventId);
    expect(row).toMatchObject({ attempts: 1, last_error: null, next_attempt_at: null });
    expect(await effectsOf(t, 'committed')).toBe(1);
    expect(await t.sql('SELECT subscriber FROM event_inbox WHERE event_id = $1', [eventId])).toEqual([{ subscriber: 'test.recorder' }]);
    // Only the subscribers of test.ping got a delivery.
    expect((await deliveriesOf(t, eventId)).map((d) => d.subscriber)).toEqual(['test.recorder']);
  });

  it('applies an event once however many times its job is delivered, at once or later', async () => {
    const eventId = await probe.ping('twice');
    const [{ id }] = await deliveriesOf(t, eventId);
    // Ten jobs of the same delivery at once, besides the one publish added (SKIP LOCKED: one runs it).
    const deliverer = t.app.get(EventDeliverer);
    await Promise.all(Array.from({ length: 10 }, () => deliverer.deliver(id)));
    await delivered(eventId);
    // Later: as if the delivered mark were lost (a redelivery after commit): the inbox row stops it.
    await t.sql("UPDATE event_delivery SET status = 'pending', next_attempt_at = now() WHERE id = $1", [id]);
    await t.app.get(EventDeliveryQueue).add([{ data: { deliveryId: id, attempt: 7 } }, { data: { deliveryId: id, attempt: 8 } }]);
    await delivered(eventId);
    await sweeps(t);
    expect(await effectsOf(t, 'twice')).toBe(1);
    expect(switches.calls.filter((c) => c.name === 'twice')).toHaveLength(1);
  });

  it('retries a failing subscriber with backoff, then marks it dead; owners list it and their retry delivers it once', async () => {
    switches.failing.add('flaky');
    const eventId = await probe.ping('flaky');
    const [dead] = await waitFor(
      () => deliveriesOf(t, eventId),
      (rows) => rows[0]?.status === 'dead',
    );
    expect(dead).toMatchObject({ attempts: 3, last_error_code: 'test.failed_on_purpose', last_error: 'The test subscriber fails on purpose.', next_attempt_at: null });
    // Each failed attempt rolled its effect back; the gaps grow (equal jitter: 100–200 ms, then 200–400 ms).
    expect(await effectsOf(t, 'flaky')).toBe(0);
    const times = switches.calls.filter((c) => c.name === 'flaky').map((c) => c.at);
    expect(times).toHaveLength(3);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(90);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(190);

    const list = await t.http.get('/v1/admin/event-deliveries').query({ status: 'dead', event: 'test.ping' }).set(owner.auth);
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        id: dead.id,
        eventId,
        event: 'test.ping',
        payload: { name: 'flaky' },
        subscriber: 'test.recorder',
        status: 'dead',
        attempts: 3,
        lastError: { code: 'test.failed_on_purpose', message: 'The test subscriber fails on purpose.' },
      }),
    ]);
    expect((await t.http.get('/v1/admin/event-deliveries').set(manager.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/admin/event-deliveries/${dead.id}/retry`).set(manager.auth)).status).toBe(403);

    switches.failing.delete('flaky'); // the owner fixed the cause
    const retried = await t.http.post(`/v1/admin/event-deliveries/${dead.id}/retry`).set(owner.auth);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    await delivered(eventId);
    expect(await effectsOf(t, 'flaky')).toBe(1);
    const audits = await t.sql<{ actor_id: string; before: object; after: object }>(
      "SELECT actor_id, before, after FROM audit_event WHERE action = 'event_delivery.retry' AND entity_id = $1",
      [dead.id],
    );
    expect(audits).toEqual([{ actor_id: owner.id, before: { status: 'dead', attempts: 3, lastError: 'test.failed_on_purpose' }, after: { status: 'pending', attempts: 0 } }]);

    const again = await t.http.post(`/v1/admin/event-deliveries/${dead.id}/retry`).set(owner.auth);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'event_delivery.not_dead', status: 409 });
    expect((await t.http.post(`/v1/admin/event-deliveries/${randomUUID()}/retry`).set(owner.auth)).body.code).toBe('event_delivery.not_found');
  });

  it('gives up on a subscriber that hangs past EVENT_HANDLER_TIMEOUT, rolls its effect back and retries it', async () => {
    switches.hanging.add('stuck');
    const eventId = await probe.ping('stuck');
    const row = await delivered(eventId);
    // The first attempt hung (its effect rolled back when the timeout gave up on it); the second applied it.
    expect(row).toMatchObject({ attempts: 2, last_error_code: 'EventHandlerTimeoutError' });
    const times = switches.calls.filter((c) => c.name === 'stuck').map((c) => c.at);
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
    expect(await effectsOf(t, 'stuck')).toBe(1);
  });

  it('lists deliveries newest first, page by page, filtered by event and subscriber', async () => {
    const ids = [await probe.ping('page-1'), await probe.ping('page-2'), await probe.ping('page-3')];
    await Promise.all(ids.map((id) => delivered(id)));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.http
        .get('/v1/admin/event-deliveries')
        .query({ event: 'test.ping', subscriber: 'test.recorder', status: 'delivered', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(owner.auth);
      expect(res.status).toBe(200);
      seen.push(...res.body.data.map((d: { eventId: string }) => d.eventId));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.slice(0, 3)).toEqual([...ids].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await t.http.get('/v1/admin/event-deliveries').query({ status: 'lost' }).set(owner.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });

  it('publishes customer.merged with the merge, and its subscribers apply it', async () => {
    const a = await createCustomer(t, owner.auth);
    const b = await createCustomer(t, owner.auth);
    await t.http.post(`/v1/customers/${a.id}/merge`).set(owner.auth).send({ duplicateId: b.id }).expect(200);
    const [{ id: eventId }] = await t.sql<{ id: string }>("SELECT id FROM event WHERE name = 'customer.merged' AND payload->>'mergedId' = $1", [b.id]);
    await delivered(eventId, 'test.merged-refs');
    expect(await effectsOf(t, b.id, 'test.merged-refs')).toBe(1);
  });

  it('deletes events older than EVENT_RETENTION once every delivery is done, never one with a dead or pending delivery', async () => {
    const insert = async (name: string, age: string, status: string) => {
      const [{ id }] = await t.sql<{ id: string }>(`INSERT INTO event (name, payload, occurred_at) VALUES ('test.ping', $1, now() - $2::interval) RETURNING id`, [
        JSON.stringify({ name }),
        age,
      ]);
      await t.sql("INSERT INTO event_delivery (event_id, subscriber, status, next_attempt_at) VALUES ($1, 'test.retention', $2, now() + interval '1 day')", [id, status]);
      if (status === 'delivered') await t.sql("INSERT INTO event_inbox (subscriber, event_id) VALUES ('test.retention', $1)", [id]);
      return id;
    };
    const old = await insert('old', '15 days', 'delivered');
    const oldDead = await insert('old-dead', '40 days', 'dead');
    const oldPending = await insert('old-pending', '40 days', 'pending');
    const recent = await insert('recent', '13 days', 'delivered');
    expect(await t.app.get(EventRetention).run()).toBe(1);
    const left = (await t.sql<{ id: string }>('SELECT id FROM event WHERE id = ANY($1::uuid[])', [[old, oldDead, oldPending, recent]])).map((r) => r.id);
    expect(left.sort()).toEqual([oldDead, oldPending, recent].sort());
    expect(await t.sql('SELECT 1 FROM event_inbox WHERE event_id = $1', [old])).toEqual([]);
  });
});

describe('durable events when Redis loses the jobs', () => {
  let redis: OwnRedis;
  let t: TestApp;
  beforeAll(async () => {
    redis = await startOwnRedis();
    t = await startTestApp({ imports: [DurableProbeModule], env: { ...FAST, EVENT_SWEEP_INTERVAL: '500ms', REDIS_URL: redis.url } });
    await t.sql(DURABLE_PROBE_TABLE);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('after a FLUSHALL between commit and delivery, the sweeper enqueues the delivery again and the subscriber runs once', async () => {
    const queue = t.app.get(EventDeliveryQueue).queue;
    await queue.pause(true, true); // this process takes no job until the flush is done
    const eventId = await t.app.get(DurableProbe).ping('flushed');
    await waitFor(
      async () => (await queue.getJobCounts()).waiting,
      (n) => n >= 1,
    );
    const client = new Redis(redis.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
    expect((await queue.getJobCounts()).waiting).toBe(0);
    await queue.resume(true);
    await waitFor(
      async () => (await deliveriesOf(t, eventId))[0]?.status,
      (status) => status === 'delivered',
    );
    await sweeps(t);
    expect(await effectsOf(t, 'flushed')).toBe(1);
  });
});

describe('durable events when the worker dies between commit and delivery', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  let child: BloomChild | undefined;
  afterAll(async () => {
    await killChild(child);
    await worker?.close({ keepDatabase: true });
    await api?.close();
  });

  it('a killed worker mid-delivery commits nothing; the next worker delivers customer.merged exactly once', async () => {
    // The API commits a merge; no process of its own delivers anything.
    api = await startTestApp({ imports: [DurableProbeModule], env: { ...FAST, BLOOM_ROLE: 'api' } });
    await api.sql(DURABLE_PROBE_TABLE);
    const owner = await createUser(api, { role: 'owner' });
    const survivor = await createCustomer(api, owner.auth);
    const duplicate = await createCustomer(api, owner.auth);
    await api.http.post(`/v1/customers/${survivor.id}/merge`).set(owner.auth).send({ duplicateId: duplicate.id }).expect(200);
    const [{ id: eventId }] = await api.sql<{ id: string }>("SELECT id FROM event WHERE name = 'customer.merged' AND payload->>'mergedId' = $1", [duplicate.id]);

    // A worker process takes the delivery, writes its effect, and is killed before committing.
    child = await startBloomChild({
      databaseUrl: api.database.url,
      script: 'test/fixtures/durable-worker-child.ts',
      env: { ...FAST, EVENT_HANDLER_TIMEOUT: '60s', BLOOM_ROLE: 'worker', REDIS_PREFIX: api.config.REDIS_PREFIX, DURABLE_PROBE_HANG: '1' },
    });
    const hanging = () =>
      api.sql<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE 'INSERT INTO test_durable_effect%'",
      );
    const [{ pid }] = await waitFor(hanging, (rows) => rows.length === 1, 60_000);
    child.process.kill('SIGKILL');
    await child.exited;
    // PostgreSQL sees the connection drop and rolls the delivery's transaction back.
    await waitFor(
      async () => (await api.sql('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).length,
      (n) => n === 0,
    );
    expect(await effectsOf(api, duplicate.id, 'test.merged-refs')).toBe(0);
    // (Other subscribers of customer.merged, such as webhooks, went on without it.)
    const probe = (rows: DeliveryRow[]) => rows.filter((d) => d.subscriber === 'test.merged-refs');
    expect(probe(await deliveriesOf(api, eventId)).map((d) => [d.subscriber, d.status])).toEqual([['test.merged-refs', 'pending']]);
    expect(await api.sql(`SELECT 1 FROM event_inbox WHERE event_id = $1 AND subscriber = 'test.merged-refs'`, [eventId])).toEqual([]);

    // A new worker starts: its sweeper (or Bull's stalled-job check) runs the delivery again, once.
    worker = await startTestApp({ imports: [DurableProbeModule], env: { ...FAST, BLOOM_ROLE: 'worker' }, reuse: { database: api.database, redisPrefix: api.config.REDIS_PREFIX } });
    await waitFor(
      async () => probe(await deliveriesOf(api, eventId))[0]?.status,
      (status) => status === 'delivered',
      60_000,
    );
    await sweeps(worker);
    expect(await effectsOf(api, duplicate.id, 'test.merged-refs')).toBe(1);
    expect(worker.app.get(FailSwitch).calls.filter((c) => c.name === duplicate.id)).toHaveLength(1);
    expect(await api.sql(`SELECT subscriber FROM event_inbox WHERE event_id = $1 AND subscriber = 'test.merged-refs'`, [eventId])).toEqual([{ subscriber: 'test.merged-refs' }]);
  });
});
