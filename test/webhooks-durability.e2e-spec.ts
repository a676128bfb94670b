/**
 * Webhooks survive the process that made them: an API that stops after the business commit (before
 * any delivery), or after a failed first attempt, leaves the event and the message in PostgreSQL, and
 * a worker started later on the same database delivers them, with the same `webhook-id` and body,
 * even with Redis's jobs gone (a fresh key prefix).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser } from './support/factories.js';
import { waitFor } from './support/wait.js';
import { verify, WebhookProbe, WebhookProbeModule, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(90_000);

const FAST = { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_SWEEP_INTERVAL: '300ms', EVENT_SWEEP_INTERVAL: '300ms', WEBHOOK_TIMEOUT: '3s' };

describe('webhooks across restarts', () => {
  let receiver: WebhookReceiver;
  const apps: TestApp[] = [];
  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await receiver?.close();
  });

  const start = async (env: Record<string, string>, reuse?: TestApp) => {
    const app = await startTestApp({
      imports: [WebhookProbeModule],
      env: { ...FAST, ...env },
      // A fresh Redis prefix: whatever jobs the first process left in Redis are lost.
      reuse: reuse ? { database: reuse.database, redisPrefix: `bloomtest:${randomBytes(5).toString('hex')}` } : undefined,
    });
    apps.push(app);
    return app;
  };

  const register = async (t: TestApp, path: string) => {
    const owner = await createUser(t, { role: 'owner' });
    const res = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: receiver.url(path), eventTypes: ['test_thing.*'] });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string };
  };

  it('an API that stops right after the business commit: a worker started later delivers the event', async () => {
    const api = await start({ BLOOM_ROLE: 'api' });
    const endpoint = await register(api, '/after-commit');
    const thingId = randomUUID();
    const eventId = await api.app.get(WebhookProbe).thing({ thingId });
    await api.close({ keepDatabase: true });
    // Nothing was delivered: an api process runs no deliveries.
    expect(receiver.at('/after-commit')).toEqual([]);

    const worker = await start({ BLOOM_ROLE: 'worker' }, api);
    const [request] = await waitFor(
      () => receiver.at('/after-commit'),
      (requests) => requests.length > 0,
    );
    expect(verify(endpoint.secret, request)).toMatchObject({ type: 'test_thing.changed', data: { id: thingId } });
    const [message] = await waitFor(
      () => worker.sql<{ id: string; status: string; event_id: string }>('SELECT id, status, event_id FROM webhook_message WHERE endpoint_id = $1', [endpoint.id]),
      (rows) => rows[0]?.status === 'delivered',
    );
    expect(message.event_id).toBe(eventId);
    expect(request.headers['webhook-id']).toBe(`msg_${message.id.replace(/-/g, '')}`);
    expect(receiver.at('/after-commit')).toHaveLength(1);
  });

  it('a process that stops after a failed attempt: the next one retries with the same webhook-id and body', async () => {
    let fail = true;
    receiver.answer = (request) => (request.path === '/after-failure' && fail ? { status: 503 } : { status: 204 });
    // Its retry is due in an hour: this process must not make it before it stops.
    const first = await start({ WEBHOOK_RETRY_SCHEDULE: '1h' });
    const endpoint = await register(first, '/after-failure');
    await first.app.get(WebhookProbe).thing({ thingId: randomUUID() });
    const [failed] = await waitFor(
      () => receiver.at('/after-failure'),
      (requests) => requests.length === 1,
    );
    await waitFor(
      () => first.sql<{ attempts: number }>('SELECT attempts FROM webhook_attempt a JOIN webhook_message m ON m.id = a.message_id WHERE m.endpoint_id = $1', [endpoint.id]),
      (rows) => rows.length === 1,
    );
    await first.close({ keepDatabase: true });
    fail = false;

    const second = await start({}, first);
    // The hour has passed.
    await second.sql(`UPDATE webhook_message SET next_attempt_at = now() WHERE endpoint_id = $1`, [endpoint.id]);
    const requests = await waitFor(
      () => receiver.at('/after-failure'),
      (all) => all.length === 2,
    );
    expect(requests[1].headers['webhook-id']).toBe(failed.headers['webhook-id']);
    expect(requests[1].body).toBe(failed.body);
    expect(() => verify(endpoint.secret, requests[1])).not.toThrow();
    await waitFor(
      () => second.sql<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_message WHERE endpoint_id = $1', [endpoint.id]),
      (rows) => rows[0]?.status === 'delivered' && rows[0].attempts === 2,
    );
  });
});
