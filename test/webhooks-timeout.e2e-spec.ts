/**
 * WEBHOOK_TIMEOUT: a receiver that takes the request and never answers (or answers its headers and
 * never ends the body) fails the attempt with a timeout error, recorded with its duration, once the
 * timeout has passed and not much later; the connection is dropped, and the retry schedule goes on.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { jest } from '@jest/globals';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(60_000);

const TIMEOUT_MS = 1000;
/** How late past the timeout an attempt may end on a busy 2-core machine and still count as timely. */
const MARGIN_MS = 2500;

const ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_TIMEOUT: `${TIMEOUT_MS}ms`,
  WEBHOOK_RETRY_SCHEDULE: '200ms',
  WEBHOOK_SWEEP_INTERVAL: '300ms',
};

/** A receiver that takes every request and never finishes its answer; `mode` says how far it goes. */
class SilentReceiver {
  readonly requests: Array<{ path: string; headers: IncomingHttpHeaders; at: number }> = [];
  readonly open = new Set<Socket>();

  private constructor(private readonly server: Server) {}

  static async start(mode: (path: string) => 'nothing' | 'headers only'): Promise<SilentReceiver> {
    const server = createServer();
    const receiver = new SilentReceiver(server);
    server.on('connection', (socket) => {
      receiver.open.add(socket);
      socket.on('close', () => receiver.open.delete(socket));
    });
    server.on('request', (req, res) => {
      req.resume();
      req.on('end', () => {
        receiver.requests.push({ path: req.url ?? '/', headers: req.headers, at: Date.now() });
        if (mode(req.url ?? '/') === 'headers only') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('still thinking');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  at(path: string) {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface AttemptRow {
  attempt: number;
  error: string | null;
  statusCode: number | null;
  succeeded: boolean;
  durationMs: number;
  startedAt: Date;
}

describe('webhook timeout', () => {
  let t: TestApp;
  let owner: UserRecord;
  let receiver: SilentReceiver;

  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    owner = await createUser(t, { role: 'owner' });
    receiver = await SilentReceiver.start((path) => (path === '/trickle' ? 'headers only' : 'nothing'));
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const sendTest = async (path: string) => {
    const created = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: receiver.url(path), eventTypes: ['*'] });
    expect(created.status).toBe(201);
    const sent = await t.http.post(`/v1/webhook-endpoints/${created.body.id}/test`).set(owner.auth).expect(202);
    return sent.body as { messageId: string; webhookId: string };
  };
  const attemptsOf = (messageId: string) =>
    t.sql<AttemptRow>(
      `SELECT attempt, error, status_code AS "statusCode", succeeded, duration_ms AS "durationMs", started_at AS "startedAt" FROM webhook_attempt WHERE message_id = $1 ORDER BY attempt`,
      [messageId],
    );

  it.each([
    ['/silent', 'takes the request and never answers'],
    ['/trickle', 'answers 200 and part of a body, never the end'],
  ])('%s (a receiver that %s): each attempt fails with a timeout error, recorded within the timeout plus a margin', async (path) => {
    const { messageId, webhookId } = await sendTest(path);
    const [first] = await waitFor(
      () => receiver.at(path),
      (requests) => requests.length >= 1,
    );
    expect(first.headers['webhook-id']).toBe(webhookId);
    const [attempt] = await waitFor(
      () => attemptsOf(messageId),
      (rows) => rows.length >= 1,
    );
    // Seen from outside: the attempt was recorded not before the timeout, and not long after it.
    const recordedAfterMs = Date.now() - first.at;
    expect(recordedAfterMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(attempt).toMatchObject({ attempt: 1, succeeded: false, statusCode: null, error: `no answer within ${TIMEOUT_MS} ms` });
    expect(attempt.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5); // timers may round a few ms down
    expect(attempt.durationMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);

    // The retry is sent with the same webhook-id, times out alike, and the spent schedule fails the message.
    const [message] = await waitFor(
      () => t.sql<{ status: string; attempts: number }>('SELECT status, attempts FROM webhook_message WHERE id = $1', [messageId]),
      (rows) => rows[0]?.status === 'failed',
    );
    expect(message.attempts).toBe(2);
    expect(receiver.at(path).map((request) => request.headers['webhook-id'])).toEqual([webhookId, webhookId]);
    const attempts = await attemptsOf(messageId);
    expect(attempts.map((a) => [a.attempt, a.error])).toEqual([
      [1, `no answer within ${TIMEOUT_MS} ms`],
      [2, `no answer within ${TIMEOUT_MS} ms`],
    ]);
    // Bloom dropped the connections it gave up on: none is left open to the receiver.
    await waitFor(
      () => receiver.open.size,
      (open) => open === 0,
    );
    const detail = await t.http.get(`/v1/webhook-messages/${messageId}`).set(owner.auth).expect(200);
    expect(detail.body.attemptLog[0]).toMatchObject({ succeeded: false, statusCode: null, error: `no answer within ${TIMEOUT_MS} ms` });
  });
});
