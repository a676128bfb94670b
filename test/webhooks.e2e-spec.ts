/**
 * Webhooks end to end: owners register endpoints; durable events become signed Standard Webhooks
 * messages that a real receiver verifies with the standardwebhooks package; retries keep the
 * `webhook-id` and body; failed messages are visible and retried; secrets rotate with two signatures
 * in the overlap; store filtering and PII masking; redirects are not followed.
 */
import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import pg from 'pg';
import { WebhookDeliverer } from '../src/modules/webhooks/delivery/webhook-deliverer.js';
import { WebhookRetention } from '../src/modules/webhooks/delivery/webhook-retention.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { waitFor } from './support/wait.js';
import { verify, WebhookProbe, WebhookProbeModule, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(60_000);

const FAST = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_SCHEDULE: '200ms,300ms',
  WEBHOOK_SWEEP_INTERVAL: '300ms',
  WEBHOOK_TIMEOUT: '3s',
  EVENT_SWEEP_INTERVAL: '300ms',
};

interface MessageRow {
  id: string;
  status: string;
  attempts: number;
  type: string;
}

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let probe: WebhookProbe;
  let owner: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;

  beforeAll(async () => {
    t = await startTestApp({ imports: [WebhookProbeModule], env: FAST });
    receiver = await WebhookReceiver.start();
    probe = t.app.get(WebhookProbe);
    owner = await createUser(t, { role: 'owner' });
    [storeA, storeB] = [await createStore(t), await createStore(t)];
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** Registers an endpoint as the owner at `path` of the receiver; answers it with its secret. */
  const register = async (path: string, body: Record<string, unknown> = {}) => {
    const res = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: receiver.url(path), eventTypes: ['test_thing.*'], ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; secret: string; version: number };
  };
  const messagesOf = (endpointId: string) => t.sql<MessageRow>('SELECT id, status, attempts, type FROM webhook_message WHERE endpoint_id = $1 ORDER BY created_at', [endpointId]);
  const received = (path: string, count = 1) =>
    waitFor(
      () => receiver.at(path),
      (requests) => requests.length >= count,
    );

  describe('endpoints', () => {
    it('creates an endpoint, answering its secret once (201 + Location); reads never show it', async () => {
      const res = await t.http
        .post('/v1/webhook-endpoints')
        .set(owner.auth)
        .send({ url: receiver.url('/crud'), eventTypes: ['test_thing.changed', 'test_gadget.*'], description: 'Loyalty app', storeIds: [storeA.id] });
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/v1/webhook-endpoints/${res.body.id}`);
      expect(res.body).toMatchObject({
        url: receiver.url('/crud'),
        eventTypes: ['test_thing.changed', 'test_gadget.*'],
        description: 'Loyalty app',
        storeIds: [storeA.id],
        includePii: false,
        status: 'enabled',
        version: 1,
      });
      expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      const read = await t.http.get(res.headers.location).set(owner.auth).expect(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body.secret).toBeUndefined();
      const list = await t.http.get('/v1/webhook-endpoints').set(owner.auth).expect(200);
      expect(list.body.data.find((e: { id: string }) => e.id === res.body.id)).toBeDefined();
      expect(JSON.stringify(list.body)).not.toContain('whsec_');
      const [audit] = await t.sql<{ after: object }>(`SELECT after FROM audit_event WHERE action = 'webhook_endpoint.create' AND entity_id = $1`, [res.body.id]);
      expect(JSON.stringify(audit.after)).not.toContain('whsec_');
    });

    it('refuses unknown event types naming eventTypes[i], bad URLs naming url, unknown stores naming storeIds: nothing saved', async () => {
      const before = await t.sql('SELECT id FROM webhook_endpoint');
      const unknown = await t.http
        .post('/v1/webhook-endpoints')
        .set(owner.auth)
        .send({ url: receiver.url(), eventTypes: ['test_thing.changed', 'customer.exploded', 'nothing.*'] });
      expect(unknown.status).toBe(422);
      expect(unknown.headers['content-type']).toMatch(PROBLEM);
      expect(unknown.body.code).toBe('webhook_endpoint.unknown_event_type');
      expect(fieldsOf(unknown.body)).toEqual(['eventTypes[1]', 'eventTypes[2]']);
      for (const url of ['not a url', 'ftp://partner.example/hook', 'https://user:pw@partner.example/hook', 'javascript:alert(1)']) {
        const res = await t.http
          .post('/v1/webhook-endpoints')
          .set(owner.auth)
          .send({ url, eventTypes: ['*'] });
        expect([res.status, res.body.code, fieldsOf(res.body)]).toEqual([422, 'webhook_endpoint.invalid_url', ['url']]);
      }
      const store = await t.http
        .post('/v1/webhook-endpoints')
        .set(owner.auth)
        .send({ url: receiver.url(), eventTypes: ['*'], storeIds: [randomUUID()] });
      expect([store.status, store.body.code, fieldsOf(store.body)]).toEqual([422, 'reference.not_found', ['storeIds']]);
      const shape = await t.http.post('/v1/webhook-endpoints').set(owner.auth).send({ url: 42, eventTypes: 'x', includePii: 'yes' });
      expect(shape.status).toBe(400);
      expect(fieldsOf(shape.body).sort()).toEqual(['eventTypes', 'includePii', 'url']);
      expect(await t.sql('SELECT id FROM webhook_endpoint')).toEqual(before);
    });

    it('is for owners and webhooks:manage keys; store-limited keys manage only endpoints of their stores', async () => {
      const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
      expect((await t.http.get('/v1/webhook-endpoints').set(manager.auth)).status).toBe(403);
      expect(
        (
          await t.http
            .post('/v1/webhook-endpoints')
            .set(manager.auth)
            .send({ url: receiver.url(), eventTypes: ['*'] })
        ).status,
      ).toBe(403);
      const reader = await createApiKey(t, { scopes: ['customers:read'] });
      expect((await t.http.get('/v1/webhook-endpoints').set(reader.auth)).status).toBe(403);

      const businessWide = await register('/keys');
      const key = await createApiKey(t, { scopes: ['webhooks:manage'] });
      expect((await t.http.get(`/v1/webhook-endpoints/${businessWide.id}`).set(key.auth)).status).toBe(200);
      const pii = await t.http
        .post('/v1/webhook-endpoints')
        .set(key.auth)
        .send({ url: receiver.url(), eventTypes: ['*'], includePii: true });
      expect([pii.status, pii.body.code, fieldsOf(pii.body)]).toEqual([403, 'webhook_endpoint.pii_not_allowed', ['includePii']]);
      const piiKey = await createApiKey(t, { scopes: ['webhooks:manage', 'customers:pii'] });
      expect(
        (
          await t.http
            .post('/v1/webhook-endpoints')
            .set(piiKey.auth)
            .send({ url: receiver.url(), eventTypes: ['*'], includePii: true })
        ).status,
      ).toBe(201);

      const limited = await createApiKey(t, { scopes: ['webhooks:manage'], storeIds: [storeA.id] });
      const wide = await t.http
        .post('/v1/webhook-endpoints')
        .set(limited.auth)
        .send({ url: receiver.url(), eventTypes: ['*'] });
      expect([wide.status, wide.body.code, fieldsOf(wide.body)]).toEqual([403, 'webhook_endpoint.stores_required', ['storeIds']]);
      const other = await t.http
        .post('/v1/webhook-endpoints')
        .set(limited.auth)
        .send({ url: receiver.url(), eventTypes: ['*'], storeIds: [storeA.id, storeB.id] });
      expect([other.status, other.body.code, fieldsOf(other.body)]).toEqual([422, 'reference.not_found', ['storeIds']]);
      const own = await t.http
        .post('/v1/webhook-endpoints')
        .set(limited.auth)
        .send({ url: receiver.url(), eventTypes: ['*'], storeIds: [storeA.id] });
      expect(own.status).toBe(201);
      // The business-wide endpoint would tell the limited key about other stores: it is not there for it.
      expect((await t.http.get(`/v1/webhook-endpoints/${businessWide.id}`).set(limited.auth)).status).toBe(404);
      const listed = await t.http.get('/v1/webhook-endpoints').set(limited.auth).expect(200);
      const ids = listed.body.data.map((e: { id: string }) => e.id);
      expect(ids).toContain(own.body.id);
      expect(ids).not.toContain(businessWide.id);
      expect(listed.body.data.every((e: { storeIds: string[] | null }) => e.storeIds?.every((id) => id === storeA.id))).toBe(true);
      expect((await t.http.post(`/v1/webhook-endpoints/${businessWide.id}/test`).set(limited.auth)).status).toBe(404);
    });

    it('changes an endpoint with If-Match (428 without, 412 stale); of two edits of one version exactly one wins', async () => {
      const endpoint = await register('/patch');
      const url = `/v1/webhook-endpoints/${endpoint.id}`;
      expect((await t.http.patch(url).set(owner.auth).send({ description: 'x' })).status).toBe(428);
      const ok = await t.http
        .patch(url)
        .set(owner.auth)
        .set('if-match', '"1"')
        .send({ description: 'v2', storeIds: [storeB.id], eventTypes: ['*'] });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ description: 'v2', storeIds: [storeB.id], eventTypes: ['*'], version: 2 });
      expect((await t.http.patch(url).set(owner.auth).set('if-match', '"1"').send({ description: 'stale' })).status).toBe(412);
      const bad = await t.http
        .patch(url)
        .set(owner.auth)
        .set('if-match', '"2"')
        .send({ eventTypes: ['nope.nope'] });
      expect([bad.status, fieldsOf(bad.body)]).toEqual([422, ['eventTypes[0]']]);

      const [first, second] = await raceOfTwo(
        t,
        () => t.http.patch(url).set(owner.auth).set('if-match', '"2"').send({ description: 'first' }),
        () => t.http.patch(url).set(owner.auth).set('if-match', '"2"').send({ description: 'second' }),
      );
      expect([first.status, second.status].sort()).toEqual([200, 412]);
      const [row] = await t.sql<{ version: number; description: string }>('SELECT version, description FROM webhook_endpoint WHERE id = $1', [endpoint.id]);
      expect(row).toEqual({ version: 3, description: first.status === 200 ? 'first' : 'second' });
    });

    it('lists the event types for any signed-in caller, and shows each payload in the OpenAPI x-webhooks', async () => {
      const beautician = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
      const types = await t.http.get('/v1/webhook-event-types').set(beautician.auth).expect(200);
      expect(types.body).toEqual(
        expect.arrayContaining([
          { type: 'test_gadget.created', description: 'A test gadget was created (tests only).', schema: 'TestGadgetDto' },
          { type: 'test_thing.changed', description: 'A test thing changed (tests only).', schema: 'TestThingDto' },
        ]),
      );
      const key = await createApiKey(t, { scopes: ['stores:read'] });
      expect((await t.http.get('/v1/webhook-event-types').set(key.auth)).status).toBe(200);
      expect((await t.http.get('/v1/webhook-event-types')).status).toBe(401);
      const document = (await t.http.get('/docs/openapi.json').expect(200)).body;
      const thing = document['x-webhooks']['test_thing.changed'].post;
      expect(thing.requestBody.content['application/json'].schema.properties.data).toEqual({ $ref: '#/components/schemas/TestThingDto' });
      expect(document.components.schemas.TestThingDto.properties.phone).toBeDefined();
      expect(thing.parameters.map((p: { name: string }) => p.name)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
      expect(document['x-webhooks']['webhook.test']).toBeDefined();
    });
  });

  describe('delivery', () => {
    it('sends each event once to each matching endpoint, signed (standardwebhooks verifies it), { type, timestamp, data } masked without includePii', async () => {
      const masked = await register('/masked');
      const full = await register('/full', { includePii: true, eventTypes: ['test_thing.changed'] });
      const all = await register('/all', { eventTypes: ['*'] });
      const gadgets = await register('/gadgets', { eventTypes: ['test_gadget.*'] });
      const thingId = randomUUID();
      const eventId = await probe.thing({ thingId, phone: '+8613812345678' });
      const [request] = await received('/masked');
      const payload = verify(masked.secret, request);
      const [{ occurred_at: occurredAt }] = await t.sql<{ occurred_at: Date }>('SELECT occurred_at FROM event WHERE id = $1', [eventId]);
      expect(payload).toEqual({ type: 'test_thing.changed', timestamp: occurredAt.toISOString(), data: { id: thingId, phone: '138****5678' } });
      expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
      expect(request.headers['content-type']).toBe('application/json');
      expect(verify(full.secret, (await received('/full'))[0]).data).toEqual({ id: thingId, phone: '+8613812345678' });
      expect(verify(all.secret, (await received('/all'))[0]).type).toBe('test_thing.changed');
      // Another endpoint's secret does not verify it.
      expect(() => verify(full.secret, request)).toThrow();
      const [message] = await waitFor(
        () => messagesOf(masked.id),
        (rows) => rows[0]?.status === 'delivered',
      );
      expect(message).toMatchObject({ attempts: 1, type: 'test_thing.changed' });
      expect(`msg_${message.id.replace(/-/g, '')}`).toBe(request.headers['webhook-id']);
      // test_gadget.* heard nothing of a thing; a gadget reaches it (and `*`), not the thing-only endpoints.
      expect(await messagesOf(gadgets.id)).toEqual([]);
      await probe.gadget(randomUUID());
      expect(verify(gadgets.secret, (await received('/gadgets'))[0]).type).toBe('test_gadget.created');
      await received('/all', 2);
      expect(receiver.at('/masked')).toHaveLength(1);
      expect(receiver.at('/full')).toHaveLength(1);
    });

    it("sends a store's resources only to endpoints of that store (or of every store); business-wide ones to all", async () => {
      const a = await register('/store-a', { storeIds: [storeA.id] });
      const b = await register('/store-b', { storeIds: [storeB.id] });
      const every = await register('/store-every');
      const inA = randomUUID();
      await probe.thing({ thingId: inA, storeIds: [storeA.id] });
      expect(verify(a.secret, (await received('/store-a'))[0]).data.id).toBe(inA);
      expect(verify(every.secret, (await received('/store-every'))[0]).data.id).toBe(inA);
      const wide = randomUUID();
      await probe.thing({ thingId: wide, storeIds: [] });
      expect(verify(b.secret, (await received('/store-b'))[0]).data.id).toBe(wide);
      await received('/store-a', 2);
      // store-b got the business-wide one only.
      expect((await messagesOf(b.id)).length).toBe(1);
      // A resource that is gone by delivery time (load answers nothing) sends nothing.
      await probe.thing({ thingId: randomUUID(), gone: true });
      await probe.thing({ thingId: randomUUID(), storeIds: [storeB.id] });
      await received('/store-b', 2);
      expect((await messagesOf(a.id)).length).toBe(2);
    });

    it('retries a failing endpoint with the same webhook-id and body until it answers 2xx; each attempt is logged', async () => {
      const endpoint = await register('/flaky');
      let calls = 0;
      const previous = receiver.answer;
      receiver.answer = (request) => (request.path === '/flaky' && ++calls <= 2 ? { status: 503, body: 'busy '.repeat(1000) } : previous(request));
      await probe.thing({ thingId: randomUUID() });
      const requests = await received('/flaky', 3);
      receiver.answer = previous;
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      for (const request of requests) expect(() => verify(endpoint.secret, request)).not.toThrow();
      const [message] = await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'delivered',
      );
      const detail = await t.http.get(`/v1/webhook-messages/${message.id}`).set(owner.auth).expect(200);
      expect(detail.body).toMatchObject({ status: 'delivered', attempts: 3, webhookId: requests[0].headers['webhook-id'], payload: JSON.parse(requests[0].body) });
      expect(detail.body.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 204]);
      expect(detail.body.attemptLog[0]).toMatchObject({ attempt: 1, succeeded: false, error: 'answered 503' });
      expect(Buffer.byteLength(detail.body.attemptLog[0].responseExcerpt)).toBe(2048);
      expect(detail.body.attemptLog[2]).toMatchObject({ succeeded: true, error: null, responseExcerpt: null });
      expect(typeof detail.body.attemptLog[0].durationMs).toBe('number');
      // The failing streak ended with the success.
      expect((await t.http.get(`/v1/webhook-endpoints/${endpoint.id}`).set(owner.auth)).body.failingSince).toBeNull();
    });

    it('marks a message failed when the schedule is spent, lists it, and a retry delivers it with the same id', async () => {
      const endpoint = await register('/down');
      let up = false;
      const previous = receiver.answer;
      receiver.answer = (request) => (request.path === '/down' && !up ? { status: 500, body: 'down' } : previous(request));
      await probe.thing({ thingId: randomUUID() });
      const [message] = await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'failed',
      );
      expect(message.attempts).toBe(3); // the first, then one per entry of WEBHOOK_RETRY_SCHEDULE
      const failed = await t.http.get(`/v1/webhook-endpoints/${endpoint.id}/messages`).query({ status: 'failed' }).set(owner.auth).expect(200);
      expect(failed.body.data.map((m: { id: string }) => m.id)).toEqual([message.id]);
      expect((await t.http.get(`/v1/webhook-endpoints/${endpoint.id}/messages`).query({ status: 'delivered' }).set(owner.auth)).body.data).toEqual([]);
      expect((await t.http.get(`/v1/webhook-endpoints/${endpoint.id}`).set(owner.auth)).body.failingSince).not.toBeNull();

      up = true;
      const retried = await t.http.post(`/v1/webhook-messages/${message.id}/retry`).set(owner.auth);
      expect(retried.status).toBe(202);
      await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'delivered',
      );
      const requests = receiver.at('/down');
      expect(requests).toHaveLength(4);
      expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
      receiver.answer = previous;
      // Only failed messages can be retried.
      const again = await t.http.post(`/v1/webhook-messages/${message.id}/retry`).set(owner.auth);
      expect([again.status, again.body.code]).toEqual([409, 'webhook_message.not_failed']);
      expect((await t.http.post(`/v1/webhook-messages/${randomUUID()}/retry`).set(owner.auth)).status).toBe(404);
    });

    it('does not follow redirects: a 3xx is a failure, and the other URL hears nothing', async () => {
      const endpoint = await register('/moved');
      const previous = receiver.answer;
      receiver.answer = (request) => (request.path === '/moved' ? { status: 302, headers: { location: receiver.url('/elsewhere') } } : previous(request));
      const sent = await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/test`).set(owner.auth).expect(202);
      await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'failed',
      );
      receiver.answer = previous;
      expect(receiver.at('/elsewhere')).toEqual([]);
      const detail = await t.http.get(`/v1/webhook-messages/${sent.body.messageId}`).set(owner.auth).expect(200);
      expect(detail.body.attemptLog[0]).toMatchObject({ statusCode: 302, succeeded: false });
      expect(detail.body.attemptLog[0].error).toContain('redirect');
    });

    it('rotates the secret: during the overlap both signatures are sent and both secrets verify', async () => {
      const endpoint = await register('/rotate');
      const rotated = await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/rotate-secret`).set(owner.auth).expect(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(endpoint.secret);
      expect(new Date(rotated.body.previousSecretValidUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
      expect(rotated.body.version).toBe(2);
      await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/test`).set(owner.auth).expect(202);
      const [request] = await received('/rotate');
      expect(String(request.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verify(rotated.body.secret, request).type).toBe('webhook.test');
      expect(verify(endpoint.secret, request).data).toEqual({ endpointId: endpoint.id, message: expect.any(String) });
      // Once the overlap is over, only the new secret signs.
      await t.sql(`UPDATE webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [endpoint.id]);
      await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/test`).set(owner.auth).expect(202);
      const [, later] = await received('/rotate', 2);
      expect(String(later.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(() => verify(rotated.body.secret, later)).not.toThrow();
      expect(() => verify(endpoint.secret, later)).toThrow();
    });

    it('replays a time range with the same ids and bodies, answering how many', async () => {
      const endpoint = await register('/replay');
      const from = new Date(Date.now() - 1000).toISOString();
      await probe.thing({ thingId: randomUUID() });
      await probe.thing({ thingId: randomUUID() });
      const first = await received('/replay', 2);
      await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows.length === 2 && rows.every((m) => m.status === 'delivered'),
      );
      const to = new Date(Date.now() + 1000).toISOString();
      const bad = await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/replay`).set(owner.auth).send({ from: to, to: from });
      expect([bad.status, fieldsOf(bad.body)]).toEqual([400, ['to']]);
      const replay = await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/replay`).set(owner.auth).send({ from, to, status: 'delivered' });
      expect([replay.status, replay.body]).toEqual([202, { replayed: 2 }]);
      const all = await received('/replay', 4);
      const byId = (requests: typeof all) => Object.fromEntries(requests.map((r) => [r.headers['webhook-id'], r.body]));
      expect(byId(all.slice(2))).toEqual(byId(first));
      expect((await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/replay`).set(owner.auth).send({ from, to, status: 'failed' })).body).toEqual({ replayed: 0 });
    });

    it('sends nothing to a disabled endpoint; after failing for WEBHOOK_DISABLE_AFTER an endpoint disables itself and says so; enabling clears it', async () => {
      const manual = await register('/manual');
      await t.http.post(`/v1/webhook-endpoints/${manual.id}/disable`).set(owner.auth).expect(200);
      const test = await t.http.post(`/v1/webhook-endpoints/${manual.id}/test`).set(owner.auth);
      expect([test.status, test.body.code]).toEqual([409, 'webhook_endpoint.disabled']);
      const witness = await register('/witness');
      await probe.thing({ thingId: randomUUID() });
      await received('/witness');
      expect(await messagesOf(manual.id)).toEqual([]);

      const failing = await register('/failing');
      const previous = receiver.answer;
      receiver.answer = (request) => (request.path === '/failing' ? { status: 500 } : previous(request));
      // It has been failing for six days already.
      await t.sql(`UPDATE webhook_endpoint SET failing_since = now() - interval '6 days' WHERE id = $1`, [failing.id]);
      await t.http.post(`/v1/webhook-endpoints/${failing.id}/test`).set(owner.auth).expect(202);
      const disabled = await waitFor(
        async () => (await t.http.get(`/v1/webhook-endpoints/${failing.id}`).set(owner.auth)).body,
        (body) => body.status === 'disabled',
      );
      receiver.answer = previous;
      expect(disabled).toMatchObject({ disabledReason: 'failing', failingSince: expect.any(String) });
      const events = await t.sql<{ payload: Record<string, string> }>(`SELECT payload FROM event WHERE name = 'webhook_endpoint.disabled'`);
      expect(events.map((e) => e.payload)).toEqual([
        { endpointId: failing.id, url: receiver.url('/failing'), reason: 'failing', failingSince: disabled.failingSince, lastFailure: 'HTTP 500' },
      ]);
      // The owners are told in-app (notifications reacts to the event by name).
      const [told] = await waitFor(
        () => t.sql<{ user_id: string; body: string }>(`SELECT user_id, body FROM staff_message WHERE key = 'webhook.endpoint_disabled'`),
        (rows) => rows.length > 0,
      );
      expect(told.user_id).toBe(owner.id);
      expect(told.body).toContain(receiver.url('/failing'));
      expect(told.body).toContain('HTTP 500');
      // Its message failed at once: a disabled endpoint is not retried.
      expect((await messagesOf(failing.id))[0]).toMatchObject({ status: 'failed', attempts: 1 });

      const enabled = await t.http.post(`/v1/webhook-endpoints/${failing.id}/enable`).set(owner.auth).expect(200);
      expect(enabled.body).toMatchObject({ status: 'enabled', disabledReason: null, failingSince: null });
      expect(witness.id).toBeDefined();
    });

    it('disables an endpoint once when several attempts fail at once past WEBHOOK_DISABLE_AFTER (one event, one audit row)', async () => {
      const endpoint = await register('/stampede');
      const previous = receiver.answer;
      receiver.answer = (request) => (request.path === '/stampede' ? { status: 500 } : previous(request));
      await t.sql(`UPDATE webhook_endpoint SET failing_since = now() - interval '6 days' WHERE id = $1`, [endpoint.id]);
      // Four messages due at once, attempted in parallel by hand (the queue's own jobs may join in: the claim lets one attempt each run).
      const ids = await t.sql<{ id: string }>(
        `INSERT INTO webhook_message (endpoint_id, type, body, occurred_at) SELECT $1, 'webhook.test', '{}', now() FROM generate_series(1, 4) RETURNING id`,
        [endpoint.id],
      );
      const deliverer = t.app.get(WebhookDeliverer);
      await Promise.all(ids.map(({ id }) => deliverer.attempt(id)));
      await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows.every((m) => m.status === 'failed'),
      );
      receiver.answer = previous;
      const events = await t.sql(`SELECT 1 FROM event WHERE name = 'webhook_endpoint.disabled' AND payload->>'endpointId' = $1`, [endpoint.id]);
      expect(events).toHaveLength(1);
      expect(await t.sql(`SELECT 1 FROM audit_event WHERE action = 'webhook_endpoint.disable' AND entity_id = $1`, [endpoint.id])).toHaveLength(1);
      expect(await t.sql('SELECT count(*)::int AS n FROM webhook_attempt a JOIN webhook_message m ON m.id = a.message_id WHERE m.endpoint_id = $1', [endpoint.id])).toEqual([
        { n: 4 },
      ]);
    });

    it('of two retries of one failed message at once, one restarts it and the other answers 409', async () => {
      const endpoint = await register('/twice');
      const [{ id }] = await t.sql<{ id: string }>(
        `INSERT INTO webhook_message (endpoint_id, type, body, occurred_at, status, attempts, next_attempt_at, finished_at)
         VALUES ($1, 'webhook.test', '{"type":"webhook.test"}', now(), 'failed', 3, NULL, now()) RETURNING id`,
        [endpoint.id],
      );
      const [first, second] = await raceOfTwo(
        t,
        () => t.http.post(`/v1/webhook-messages/${id}/retry`).set(owner.auth),
        () => t.http.post(`/v1/webhook-messages/${id}/retry`).set(owner.auth),
      );
      expect([first.status, second.status].sort()).toEqual([202, 409]);
      await received('/twice');
      const [message] = await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'delivered',
      );
      expect(message.attempts).toBe(4);
      expect(receiver.at('/twice')).toHaveLength(1);
    });

    it('deletes an endpoint with its log', async () => {
      const endpoint = await register('/deleted');
      await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/test`).set(owner.auth).expect(202);
      await received('/deleted');
      await t.http.delete(`/v1/webhook-endpoints/${endpoint.id}`).set(owner.auth).expect(204);
      expect((await t.http.get(`/v1/webhook-endpoints/${endpoint.id}`).set(owner.auth)).status).toBe(404);
      expect(await messagesOf(endpoint.id)).toEqual([]);
      expect(await t.sql(`SELECT 1 FROM audit_event WHERE action = 'webhook_endpoint.delete' AND entity_id = $1`, [endpoint.id])).toHaveLength(1);
    });

    it('deletes an endpoint while a delivery is recording its attempt (both finish, no 409)', async () => {
      const endpoint = await register('/deleted-mid-delivery');
      await t.http.post(`/v1/webhook-endpoints/${endpoint.id}/test`).set(owner.auth).expect(202);
      const [message] = await waitFor(
        () => messagesOf(endpoint.id),
        (rows) => rows[0]?.status === 'delivered',
      );
      // A delivery's record, stopped half way: its attempt written (the message row is key-share locked) …
      const delivery = new pg.Client({ connectionString: t.database.url });
      await delivery.connect();
      try {
        await delivery.query('BEGIN');
        await delivery.query(
          `INSERT INTO webhook_attempt (message_id, attempt, started_at, duration_ms, succeeded) SELECT id, 99, now(), 1, false FROM webhook_message WHERE id = $1`,
          [message.id],
        );
        const removed = t.http
          .delete(`/v1/webhook-endpoints/${endpoint.id}`)
          .set(owner.auth)
          .then((res) => res);
        await waitFor(async () => (await t.sql("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).length === 1);
        // … then its failing streak on the endpoint, while the delete waits. The delete must not hold the
        // endpoint, so this does not wait at all (had it to wait, the two would deadlock and one would be
        // undone; lock_timeout makes any wait fail here rather than show up only as a retry).
        await delivery.query(`SET LOCAL lock_timeout = '100ms'`);
        await delivery.query(`UPDATE webhook_endpoint SET failing_since = now() WHERE id = $1`, [endpoint.id]);
        await delivery.query('COMMIT');
        expect((await removed).status).toBe(204);
      } finally {
        await delivery.end();
      }
      expect(await messagesOf(endpoint.id)).toEqual([]);
      expect(await t.sql('SELECT 1 FROM webhook_endpoint WHERE id = $1', [endpoint.id])).toEqual([]);
    });

    it('keeps delivered messages WEBHOOK_RETENTION and failed ones longer', async () => {
      const endpoint = await register('/retention');
      await probe.thing({ thingId: randomUUID() });
      await probe.thing({ thingId: randomUUID() });
      await probe.thing({ thingId: randomUUID() });
      const rows = await waitFor(
        () => messagesOf(endpoint.id),
        (messages) => messages.length === 3 && messages.every((m) => m.status === 'delivered'),
      );
      // One delivered 31 days ago, one failed 31 days ago (kept: failed ones stay 90 days), one failed 91 days ago.
      await t.sql(`UPDATE webhook_message SET finished_at = now() - interval '31 days' WHERE id = $1`, [rows[0].id]);
      await t.sql(`UPDATE webhook_message SET status = 'failed', finished_at = now() - interval '31 days' WHERE id = $1`, [rows[1].id]);
      await t.sql(`UPDATE webhook_message SET status = 'failed', finished_at = now() - interval '91 days' WHERE id = $1`, [rows[2].id]);
      expect(await t.app.get(WebhookRetention).run()).toBeGreaterThanOrEqual(2);
      expect((await messagesOf(endpoint.id)).map((m) => m.id)).toEqual([rows[1].id]);
      expect(await t.sql('SELECT 1 FROM webhook_attempt WHERE message_id = ANY($1::uuid[])', [[rows[0].id, rows[2].id]])).toEqual([]);
    });
  });
});
