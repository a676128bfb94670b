/**
 * Staff's in-app messages: the inbox (unread count, mark read, only your own), and the live stream
 * (Server-Sent Events) over real Redis pub/sub: committed messages arrive at once, rolled-back ones
 * never, across two API instances; Last-Event-ID resumes; revocation, the per-user limit and
 * shutdown end streams; tickets are single use.
 */
import { randomUUID } from 'node:crypto';
import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { Db } from '../src/common/database/index.js';
import { InboxBroadcast } from '../src/modules/notifications/inbox/inbox-broadcast.js';
import { InboxRetention } from '../src/modules/notifications/inbox/inbox-retention.js';
import { StaffInbox, type StaffInboxItem } from '../src/modules/notifications/inbox/staff-inbox.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createUser, type UserRecord } from './support/factories.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { login } from './support/sessions.js';
import { waitFor } from './support/wait.js';

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * A Server-Sent Events client reading the stream as it comes (what a browser's EventSource does). On
 * node:http, not fetch: undici opens a spare connection when a streamed body is aborted, which holds
 * the server's close until its headers timeout.
 */
class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = '';

  private constructor(private readonly request: ClientRequest) {}

  /** Opens a stream and answers once the server said it is connected (it is then registered for new messages). */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const request = get(url, { headers, agent: false });
    const response = await new Promise<IncomingMessage>((resolve, reject) => request.on('response', resolve).on('error', reject));
    if (response.statusCode !== 200) throw new Error(`the stream answered ${response.statusCode}`);
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const client = new SseClient(request);
    request.on('error', () => undefined); // destroyed by close()
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => client.feed(chunk));
    response.on('close', () => (client.ended = true));
    await waitFor(() => client.comments.includes('connected') || client.ended);
    return client;
  }

  get notifications(): Array<{ id: string; title: string; body: string; [key: string]: unknown }> {
    return this.events.filter((event) => event.event === 'notification').map((event) => JSON.parse(event.data));
  }

  get closeReason(): string | undefined {
    const close = this.events.find((event) => event.event === 'close');
    return close ? (JSON.parse(close.data) as { reason: string }).reason : undefined;
  }

  close(): void {
    this.request.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      this.parse(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
    }
  }

  private parse(block: string): void {
    const event: SseEvent = { event: 'message', data: '' };
    let isEvent = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else {
        const [field, ...rest] = line.split(':');
        const value = rest.join(':').replace(/^ /, '');
        isEvent = true;
        if (field === 'id') event.id = value;
        else if (field === 'event') event.event = value;
        else if (field === 'data') event.data += value;
      }
    }
    if (isEvent) this.events.push(event);
  }
}

describe('staff in-app messages', () => {
  let t: TestApp;
  let base: string;
  let db: Db;
  let inbox: StaffInbox;
  let alice: UserRecord;
  let bob: UserRecord;
  const clients: SseClient[] = [];

  const item = (user: { id: string }, title: string, extra: Partial<StaffInboxItem> = {}): StaffInboxItem => ({
    userId: user.id,
    key: 'customer_import.finished',
    category: 'staff',
    title,
    body: `${title}: 导入了 12 位客户`,
    ...extra,
  });
  /** Adds messages in a committed transaction, as dispatch does. */
  const add = (...items: StaffInboxItem[]) => db.transaction(() => inbox.add(items));
  const ticketFor = async (app: TestApp, auth: { authorization: string }) => {
    const res = await app.http.post('/v1/me/notifications/stream-tickets').set(auth);
    expect(res.status).toBe(201);
    return res.body as { ticket: string; expiresAt: string; url: string };
  };
  const openStream = async (app: TestApp, appBase: string, auth: { authorization: string }, headers: Record<string, string> = {}, query = '') => {
    const { url } = await ticketFor(app, auth);
    const client = await SseClient.open(`${appBase}${url}${query}`, headers);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { INBOX_STREAM_HEARTBEAT: '300ms', INBOX_STREAMS_PER_USER: '3' } });
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    db = t.app.get(Db);
    inbox = t.app.get(StaffInbox);
    alice = await createUser(t, { role: 'receptionist' });
    bob = await createUser(t, { role: 'beautician' });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  afterAll(() => t.close());

  describe('the stream', () => {
    it('pushes a message at once when its transaction commits, never when it rolls back, and only to its recipient', async () => {
      const aliceStream = await openStream(t, base, alice.auth);
      const bobStream = await openStream(t, base, bob.auth);

      await expect(
        db.transaction(async () => {
          await inbox.add([item(alice, 'rolled back')]);
          throw new Error('the business change failed');
        }),
      ).rejects.toThrow('the business change failed');
      const [committed] = await add(item(alice, 'committed', { link: '/v1/customer-imports/1', storeId: randomUUID() }));
      const [bobs] = await add(item(bob, 'for bob'));

      // Published in commit order: when the later message is there, the rolled-back one would have been too.
      await waitFor(() => aliceStream.notifications.length >= 1 && bobStream.notifications.length >= 1, Boolean, 5_000);
      expect(aliceStream.notifications.map((message) => message.title)).toEqual(['committed']);
      expect(aliceStream.events.find((event) => event.event === 'notification')?.id).toBe(committed);
      const listed = await t.http.get('/v1/me/notifications').set(alice.auth).expect(200);
      // The event's data is the message as the list gives it.
      expect(aliceStream.notifications[0]).toEqual(listed.body.data.find((message: { id: string }) => message.id === committed));
      expect(bobStream.notifications.map((message) => message.id)).toEqual([bobs]);
      expect(await t.sql('SELECT title FROM staff_message WHERE title = $1', ['rolled back'])).toEqual([]);
    });

    it('catches a stream up from PostgreSQL when the subscription was broken and comes back', async () => {
      const user = await createUser(t, { role: 'receptionist' });
      const stream = await openStream(t, base, user.auth);
      // A message whose publish was lost (written while Redis was unreachable, say): only the record has it.
      const [lost] = await t.sql<{ id: string }>(
        `INSERT INTO staff_message (id, user_id, key, category, title, body) VALUES (gen_random_uuid(), $1, 'customer_import.finished', 'staff', 'lost', 'lost') RETURNING id`,
        [user.id],
      );
      const subscriber = t.app.get<InboxBroadcast, { subscriber: Redis }>(InboxBroadcast).subscriber;
      subscriber.disconnect(true); // drops the connection; ioredis reconnects and subscribes again
      await waitFor(() => stream.notifications.length === 1);
      expect(stream.notifications[0].id).toBe(lost.id);
      // And it is live again.
      const [next] = await add(item(user, 'after the break'));
      await waitFor(() => stream.notifications.length === 2);
      expect(stream.notifications[1].id).toBe(next);
    });

    it('sends a heartbeat comment on an idle stream', async () => {
      const stream = await openStream(t, base, alice.auth);
      await waitFor(() => stream.comments.includes('heartbeat'));
    });

    it('resumes after Last-Event-ID: the missed messages in order, then new ones', async () => {
      const user = await createUser(t, { role: 'manager' });
      const first = await openStream(t, base, user.auth);
      const [m1] = await add(item(user, 'm1'));
      await waitFor(() => first.notifications.length === 1);
      first.close();

      const [m2] = await add(item(user, 'm2'));
      const [m3] = await add(item(user, 'm3'));
      const resumed = await openStream(t, base, user.auth, { 'last-event-id': m1 });
      await waitFor(() => resumed.notifications.length === 2);
      const [m4] = await add(item(user, 'm4'));
      await waitFor(() => resumed.notifications.length === 3);
      expect(resumed.notifications.map((message) => message.id)).toEqual([m2, m3, m4]);

      // A new EventSource cannot send the header: ?lastEventId= does the same.
      const fromQuery = await openStream(t, base, user.auth, {}, `&lastEventId=${m2}`);
      await waitFor(() => fromQuery.notifications.length === 2);
      expect(fromQuery.notifications.map((message) => message.id)).toEqual([m3, m4]);
    });

    it('does not resume from another user’s message', async () => {
      const [bobsMessage] = await add(item(bob, 'secret of bob'));
      const stream = await openStream(t, base, alice.auth, { 'last-event-id': bobsMessage });
      const [next] = await add(item(alice, 'after'));
      await waitFor(() => stream.notifications.length === 1);
      expect(stream.notifications.map((message) => message.id)).toEqual([next]);
    });

    it('ends when the session is logged out, and when the user is disabled', async () => {
      const user = await createUser(t, { role: 'receptionist' });
      const session = await login(t, user);
      const stream = await openStream(t, base, session.bearer);
      const other = await openStream(t, base, user.auth);
      await t.http.post('/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
      await waitFor(() => stream.ended);
      expect(stream.closeReason).toBe('revoked');
      expect(other.ended).toBe(false);

      const owner = await createUser(t, { role: 'owner' });
      await t.http.post(`/v1/users/${user.id}/disable`).set(owner.auth).expect(200);
      await waitFor(() => other.ended);
      expect(other.closeReason).toBe('revoked');
    });

    it('keeps at most INBOX_STREAMS_PER_USER streams per user: the oldest ends', async () => {
      const user = await createUser(t, { role: 'beautician' });
      const streams: SseClient[] = [];
      for (let i = 0; i < 3; i++) streams.push(await openStream(t, base, user.auth));
      const fourth = await openStream(t, base, user.auth);
      await waitFor(() => streams[0].ended);
      expect(streams[0].closeReason).toBe('replaced');
      expect([streams[1].ended, streams[2].ended, fourth.ended]).toEqual([false, false, false]);
    });
  });

  describe('stream tickets', () => {
    it('opens one stream per ticket; a used, unknown or malformed ticket is refused', async () => {
      const { ticket, url, expiresAt } = await ticketFor(t, alice.auth);
      expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
      const stream = await SseClient.open(`${base}${url}`);
      clients.push(stream);

      const again = await t.http.get('/v1/me/notifications/stream').query({ ticket });
      expect(again.status).toBe(401);
      expect(again.headers['content-type']).toMatch(PROBLEM);
      expect(again.body.code).toBe('inbox.stream_ticket_invalid');
      const unknown = await t.http.get('/v1/me/notifications/stream').query({ ticket: 'A'.repeat(43) });
      expect(unknown.body.code).toBe('inbox.stream_ticket_invalid');

      const malformed = await t.http.get('/v1/me/notifications/stream').query({ ticket: 'short' });
      expect(malformed.status).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(['ticket']);
      const missing = await t.http.get('/v1/me/notifications/stream');
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body)).toEqual(['ticket']);
      const badResume = await t.http.get('/v1/me/notifications/stream').query({ ticket: 'A'.repeat(43), lastEventId: 'nope' });
      expect(fieldsOf(badResume.body)).toEqual(['lastEventId']);
    });

    it('is for staff only: an API key gets none, nor an inbox', async () => {
      const key = await createApiKey(t, { scopes: ['customers:read'] });
      expect((await t.http.post('/v1/me/notifications/stream-tickets').set(key.auth)).status).toBe(403);
      expect((await t.http.get('/v1/me/notifications').set(key.auth)).status).toBe(403);
    });
  });

  describe('the inbox', () => {
    it('lists your messages newest first with the unread count, marks read idempotently, and hides others’ messages', async () => {
      const user = await createUser(t, { role: 'manager' });
      const [a, b, c] = await add(item(user, 'a'), item(user, 'b'), item(user, 'c'));
      const [bobs] = await add(item(bob, 'not yours'));

      const page1 = await t.http.get('/v1/me/notifications').query({ limit: 2 }).set(user.auth).expect(200);
      expect(page1.body.unreadCount).toBe(3);
      expect(page1.body.data).toHaveLength(2);
      const page2 = await t.http.get('/v1/me/notifications').query({ limit: 2, cursor: page1.body.nextCursor }).set(user.auth).expect(200);
      expect(page2.body.nextCursor).toBeNull();
      const all = [...page1.body.data, ...page2.body.data].map((message: { id: string }) => message.id);
      expect(new Set(all)).toEqual(new Set([a, b, c]));

      const read = await t.http.post(`/v1/me/notifications/${b}/read`).set(user.auth).expect(200);
      expect(read.body).toMatchObject({ id: b, title: 'b' });
      expect(read.body.readAt).not.toBeNull();
      const again = await t.http.post(`/v1/me/notifications/${b}/read`).set(user.auth).expect(200);
      expect(again.body.readAt).toBe(read.body.readAt);

      const unread = await t.http.get('/v1/me/notifications').query({ unread: 'true' }).set(user.auth).expect(200);
      expect(unread.body.unreadCount).toBe(2);
      expect(new Set(unread.body.data.map((message: { id: string }) => message.id))).toEqual(new Set([a, c]));

      const foreign = await t.http.post(`/v1/me/notifications/${bobs}/read`).set(user.auth);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('staff_message.not_found');
      expect((await t.http.post('/v1/me/notifications/not-an-id/read').set(user.auth)).status).toBe(404);
      expect(await t.sql('SELECT read_at FROM staff_message WHERE id = $1', [bobs])).toEqual([{ read_at: null }]);

      expect((await t.http.post('/v1/me/notifications/read-all').set(user.auth).expect(200)).body).toEqual({ marked: 2 });
      expect((await t.http.post('/v1/me/notifications/read-all').set(user.auth).expect(200)).body).toEqual({ marked: 0 });
      expect((await t.http.get('/v1/me/notifications').set(user.auth).expect(200)).body.unreadCount).toBe(0);
      expect((await t.http.get('/v1/me/notifications').query({ unread: 'yes' }).set(user.auth)).status).toBe(400);
    });

    it('marks each message read once when read-all runs concurrently', async () => {
      const user = await createUser(t, { role: 'receptionist' });
      await add(...Array.from({ length: 30 }, (_, i) => item(user, `n${i}`)));
      const answers = await Promise.all(Array.from({ length: 6 }, () => t.http.post('/v1/me/notifications/read-all').set(user.auth)));
      expect(answers.map((res) => res.status)).toEqual(Array(6).fill(200));
      expect(answers.reduce((sum, res) => sum + (res.body as { marked: number }).marked, 0)).toBe(30);
    });

    it('refuses to write a message outside a transaction', async () => {
      await expect(inbox.add([item(alice, 'loose')])).rejects.toThrow(/transaction/);
    });

    it('purges read messages past INBOX_RETENTION, keeping unread ones whatever their age', async () => {
      const user = await createUser(t, { role: 'manager' });
      const [oldRead, oldUnread, recentRead] = await add(item(user, 'old read'), item(user, 'old unread'), item(user, 'recent read'));
      await t.sql(`UPDATE staff_message SET created_at = now() - interval '91 days' WHERE id = ANY($1)`, [[oldRead, oldUnread]]);
      await t.sql(`UPDATE staff_message SET read_at = now() WHERE id = ANY($1)`, [[oldRead, recentRead]]);
      expect(await t.app.get(InboxRetention).run()).toBeGreaterThanOrEqual(1);
      const left = await t.sql<{ id: string }>('SELECT id FROM staff_message WHERE user_id = $1 ORDER BY title', [user.id]);
      expect(new Set(left.map((row) => row.id))).toEqual(new Set([oldUnread, recentRead]));
    });
  });

  describe('with a second API instance on the same database and Redis', () => {
    let t2: TestApp;
    let t2Closed = false;
    let base2: string;
    beforeAll(async () => {
      t2 = await startTestApp({ reuse: { database: t.database, redisPrefix: t.config.REDIS_PREFIX }, env: { INBOX_STREAMS_PER_USER: '3' } });
      await t2.app.listen(0, '127.0.0.1');
      base2 = await t2.app.getUrl();
    });
    afterAll(async () => {
      if (!t2Closed) await t2.close({ keepDatabase: true });
    });

    it('a message added through one instance reaches a stream opened on the other (with a ticket from the first)', async () => {
      const user = await createUser(t, { role: 'receptionist' });
      const { url } = await ticketFor(t, user.auth);
      const stream = await SseClient.open(`${base2}${url}`);
      clients.push(stream);
      const [id] = await add(item(user, 'across instances'));
      await waitFor(() => stream.notifications.length === 1, Boolean, 5_000);
      expect(stream.notifications[0].id).toBe(id);
    });

    it('counts a user’s streams across instances: the oldest ends wherever it is', async () => {
      const user = await createUser(t, { role: 'beautician' });
      const onFirst = [await openStream(t, base, user.auth), await openStream(t, base, user.auth), await openStream(t, base, user.auth)];
      const onSecond = await openStream(t2, base2, user.auth);
      await waitFor(() => onFirst[0].ended);
      expect(onFirst[0].closeReason).toBe('replaced');
      expect([onFirst[1].ended, onFirst[2].ended, onSecond.ended]).toEqual([false, false, false]);
    });

    it('shuts down promptly with a stream open, telling the client', async () => {
      const user = await createUser(t, { role: 'receptionist' });
      const stream = await openStream(t2, base2, user.auth);
      const started = Date.now();
      await t2.close({ keepDatabase: true });
      t2Closed = true;
      await waitFor(() => stream.ended);
      expect(stream.closeReason).toBe('shutdown');
      // Far below what an open connection would hold it (forever); generous for a busy machine.
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });
});
