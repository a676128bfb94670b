import { OutboxDeliverer } from '../src/common/events/outbox-delivery.js';
import { OutboxQueue } from '../src/common/events/outbox-queue.js';
import { OutboxRetention } from '../src/common/events/outbox-retention.js';
import { waitFor } from './support/wait.js';
import { startTestApp, type TestApp } from './support/app.js';
import { EVENTS_PROBE_TABLE, EventRecorder, EventsProbeModule, FlakyTransport, RecordingTransport } from './fixtures/events-probe.module.js';

/** Polls until `probe` returns a truthy value (or fails after `timeoutMs`). */
const eventually = <T>(probe: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T> => waitFor(probe, Boolean, timeoutMs) as Promise<T>;

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
}

const RETRY_BASE_MS = 200;

describe('domain events and the outbox', () => {
  let t: TestApp;
  let recorder: EventRecorder;
  let recording: RecordingTransport;
  let flaky: FlakyTransport;

  const outboxRow = async (id: string) => (await t.sql<OutboxRow>('SELECT * FROM outbox_message WHERE id = $1', [id]))[0];
  const outboxRowsNamed = (name: string) => t.sql<OutboxRow>(`SELECT * FROM outbox_message WHERE payload->>'name' = $1`, [name]);
  /** Waits until two more relay passes have ended: the relay had its chance to (re)send. */
  const relayPasses = async () => {
    const worker = t.app.get(OutboxQueue);
    const before = worker.relayPasses;
    await waitFor(() => worker.relayPasses >= before + 2);
  };
  const effectsNamed = async (name: string) => (await t.sql('SELECT id FROM test_effect WHERE name = $1', [name])).length;
  const sentWithin = (id: string, timeoutMs?: number) =>
    eventually(async () => {
      const row = await outboxRow(id);
      return row?.status === 'sent' && row;
    }, timeoutMs);

  beforeAll(async () => {
    t = await startTestApp({
      imports: [EventsProbeModule],
      env: { OUTBOX_MAX_ATTEMPTS: '3', OUTBOX_RETRY_BASE: `${RETRY_BASE_MS}ms`, OUTBOX_RETRY_MAX: '2s', OUTBOX_RELAY_INTERVAL: '300ms' },
    });
    await t.sql(EVENTS_PROBE_TABLE);
    recorder = t.app.get(EventRecorder);
    recording = t.app.get(RecordingTransport);
    flaky = t.app.get(FlakyTransport);
  });
  afterAll(() => t?.close());

  describe('domain events', () => {
    it('delivers an event published in a transaction after it commits: subscribers see the committed row', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'committed' });
      expect(res.status).toBe(201);
      expect(recorder.forName('committed')).toEqual([
        { subscriber: 'first', name: 'committed', committedRowVisible: true },
        { subscriber: 'failing', name: 'committed', committedRowVisible: true },
        { subscriber: 'last', name: 'committed', committedRowVisible: true },
      ]);
    });

    it('drops an event whose transaction rolls back', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'rolled-back', fail: true });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('test.failed_on_purpose');
      // The answer comes after the rollback, and in-memory events go out only after a commit.
      expect(await effectsNamed('rolled-back')).toBe(0);
      expect(recorder.forName('rolled-back')).toEqual([]);
    });

    it('a failing subscriber breaks neither the request nor the other subscribers', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'boom-1' });
      expect(res.status).toBe(201);
      expect(await effectsNamed('boom-1')).toBe(1);
      expect(recorder.forName('boom-1').map((seen) => seen.subscriber)).toEqual(['first', 'last']);
    });

    it('delivers at once when published outside a transaction', async () => {
      const res = await t.http.post('/test-events/publish-now').send({ name: 'no-transaction' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ seenBeforeReturn: 3 });
    });
  });

  describe('outbox', () => {
    it('writes the message with the business change and delivers it through the channel transport', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'outbox-ok', channel: 'test-recording' });
      expect(res.status).toBe(201);
      const { id, outboxId } = res.body as { id: string; outboxId: string };
      const sent = await sentWithin(outboxId);
      expect(sent).toMatchObject({ attempts: 1, next_attempt_at: null, last_error: null });
      expect(sent.sent_at).toBeInstanceOf(Date);
      const deliveries = recording.deliveries.filter((d) => d.id === outboxId);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ channel: 'test-recording', topic: 'test.effect', attempt: 1, payload: { effectId: id, name: 'outbox-ok' } });
    });

    it('rolls the message back with the business change', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'outbox-rolled-back', channel: 'test-recording', fail: true });
      expect(res.status).toBe(422);
      await relayPasses();
      expect(await outboxRowsNamed('outbox-rolled-back')).toEqual([]);
      expect(recording.deliveries.filter((d) => d.payload.name === 'outbox-rolled-back')).toEqual([]);
    });

    it('retries a failing delivery with growing delays, then marks it sent', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'outbox-flaky', channel: 'test-flaky', failTimes: 2 });
      const { outboxId } = res.body as { outboxId: string };
      const sent = await sentWithin(outboxId);
      expect(sent.attempts).toBe(3);
      expect(sent.last_error).toBe('provider said no to attempt 2');
      const attempts = flaky.deliveries.filter((d) => d.id === outboxId);
      expect(attempts.map((d) => [d.attempt, d.ok])).toEqual([
        [1, false],
        [2, false],
        [3, true],
      ]);
      // Equal jitter: retry n waits between half and all of base * 2^(n-1).
      const firstGap = attempts[1].at - attempts[0].at;
      const secondGap = attempts[2].at - attempts[1].at;
      expect(firstGap).toBeGreaterThanOrEqual(RETRY_BASE_MS / 2 - 20);
      expect(secondGap).toBeGreaterThanOrEqual(RETRY_BASE_MS - 20);
    });

    it('marks a message dead after OUTBOX_MAX_ATTEMPTS and stops trying', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'outbox-dead', channel: 'test-flaky', failTimes: 100 });
      const { outboxId } = res.body as { outboxId: string };
      const dead = await eventually(async () => {
        const row = await outboxRow(outboxId);
        return row?.status === 'dead' && row;
      });
      expect(dead).toMatchObject({ attempts: 3, next_attempt_at: null, sent_at: null, last_error: 'provider said no to attempt 3' });
      await relayPasses();
      expect(flaky.deliveries.filter((d) => d.id === outboxId)).toHaveLength(3);
      expect((await outboxRow(outboxId)).status).toBe('dead');
    });

    it('delivers a message whose job was lost (never enqueued in Redis) through the relay', async () => {
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO outbox_message (channel, topic, payload) VALUES ('test-recording', 'test.lost', '{"name":"outbox-lost"}') RETURNING id`,
      );
      await sentWithin(id, 5000);
      expect(recording.deliveries.filter((d) => d.id === id)).toHaveLength(1);
    });

    it('keeps messages of a channel without a transport pending', async () => {
      const res = await t.http.post('/test-events/effects').send({ name: 'outbox-nowhere', channel: 'nowhere' });
      expect(res.status).toBe(201);
      await relayPasses();
      expect(await outboxRow(res.body.outboxId)).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('enqueues one message for one dedupe key', async () => {
      const first = await t.http.post('/test-events/effects').send({ name: 'outbox-dedupe', channel: 'test-recording', dedupeKey: 'welcome:42' });
      const second = await t.http.post('/test-events/effects').send({ name: 'outbox-dedupe', channel: 'test-recording', dedupeKey: 'welcome:42' });
      expect(second.body.outboxId).toBe(first.body.outboxId);
      expect(await outboxRowsNamed('outbox-dedupe')).toHaveLength(1);
      await sentWithin(first.body.outboxId);
      await relayPasses();
      expect(recording.deliveries.filter((d) => d.id === first.body.outboxId)).toHaveLength(1);
    });

    it('never delivers one message twice, however many jobs run it at once', async () => {
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO outbox_message (channel, topic, payload) VALUES ('test-recording', 'test.race', '{"name":"outbox-race","delayMs":200}') RETURNING id`,
      );
      const deliverer = t.app.get(OutboxDeliverer);
      await Promise.all(Array.from({ length: 10 }, () => deliverer.deliver(id)));
      await sentWithin(id);
      await relayPasses(); // the relay passes over it too
      expect(recording.deliveries.filter((d) => d.id === id)).toHaveLength(1);
      expect((await outboxRow(id)).attempts).toBe(1);
    });

    it('deletes finished messages older than OUTBOX_RETENTION, never one still pending or retrying', async () => {
      const insert = async (status: string, age: string) =>
        (
          await t.sql<{ id: string }>(
            `INSERT INTO outbox_message (channel, topic, payload, status, next_attempt_at, created_at)
             VALUES ('nowhere', 'test.retention', '{"phone":"+8613800138000"}', $1, now() + interval '1 day', now() - $2::interval) RETURNING id`,
            [status, age],
          )
        )[0].id;
      const oldSent = await insert('sent', '31 days');
      const oldDead = await insert('dead', '45 days');
      const oldPending = await insert('pending', '40 days');
      const oldFailed = await insert('failed', '40 days');
      const recentSent = await insert('sent', '29 days');

      expect(await t.app.get(OutboxRetention).run()).toBe(2);
      const left = (await t.sql<{ id: string }>(`SELECT id FROM outbox_message WHERE topic = 'test.retention'`)).map((row) => row.id);
      expect(left.sort()).toEqual([oldPending, oldFailed, recentSent].sort());
      expect(left).not.toContain(oldSent);
      expect(left).not.toContain(oldDead);
    });
  });
});

describe('outbox in an api-only process', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [EventsProbeModule], env: { BLOOM_ROLE: 'api', OUTBOX_RELAY_INTERVAL: '200ms' } });
    await t.sql(EVENTS_PROBE_TABLE);
  });
  afterAll(() => t?.close());

  it('enqueues the delivery job but neither delivers nor relays (workers do)', async () => {
    const res = await t.http.post('/test-events/effects').send({ name: 'api-only', channel: 'test-recording' });
    expect(res.status).toBe(201);
    const queue = t.app.get(OutboxQueue).queue;
    await eventually(async () => (await queue.getJobCounts()).waiting === 1);
    // Nothing here could take it: no process of this queue is registered in Redis, and no relay runs.
    expect(await queue.getWorkers()).toEqual([]);
    expect(t.app.get(OutboxQueue).relayPasses).toBe(0);
    const [row] = await t.sql<OutboxRow>('SELECT * FROM outbox_message WHERE id = $1', [res.body.outboxId]);
    expect(row).toMatchObject({ status: 'pending', attempts: 0 });
    expect(t.app.get(RecordingTransport).deliveries).toEqual([]);
    expect((await queue.getJobCounts()).waiting).toBe(1);
  });
});

describe('outbox shutdown', () => {
  it('does not wait past SHUTDOWN_GRACE for a slow send', async () => {
    const t = await startTestApp({ imports: [EventsProbeModule], env: { SHUTDOWN_GRACE: '1s', OUTBOX_SEND_TIMEOUT: '30s' } });
    let closed = false;
    try {
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO outbox_message (channel, topic, payload) VALUES ('test-recording', 'test.slow', '{"name":"slow-send","delayMs":15000}') RETURNING id`,
      );
      await t.app.get(OutboxQueue).add([{ data: { id, attempt: 1 } }]);
      await eventually(async () => (await t.sql<OutboxRow>('SELECT status FROM outbox_message WHERE id = $1', [id]))[0]?.status === 'sending');
      const started = Date.now();
      await t.close();
      closed = true;
      // Well before the 15 s send ends: the grace (1 s) plus closing the rest of the app, which takes seconds on a busy machine.
      expect(Date.now() - started).toBeLessThan(10_000);
      // The cut-off send still ends (its message stays claimed until the lease runs out, then another worker sends it again).
      await eventually(async () => t.app.get(RecordingTransport).deliveries.some((d) => d.id === id), 20_000);
    } finally {
      if (!closed) await t.close();
    }
  });
});
