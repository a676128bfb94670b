import { randomUUID } from 'node:crypto';
import { requestFingerprint } from '../src/common/http/idempotency/fingerprint.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { waitFor } from './support/wait.js';
import { IDEMPOTENCY_PROBE_TABLE, IdempotencyProbeModule, IdempotencyProbeService } from './fixtures/idempotency-probe.module.js';
import { PROBLEM } from './support/responses.js';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let alice: UserRecord;
  let bob: UserRecord;

  const effects = async (name: string) => (await t.sql('SELECT id FROM test_effect WHERE name = $1', [name])).length;
  const post = (path: string, user: UserRecord | undefined, key: string | undefined, body: object) => {
    const req = t.http.post(`/test-idempotency/${path}`);
    if (user) req.set(user.auth);
    if (key !== undefined) req.set('idempotency-key', key);
    return req.send(body);
  };

  beforeAll(async () => {
    t = await startTestApp({ imports: [IdempotencyProbeModule] });
    await t.sql(IDEMPOTENCY_PROBE_TABLE);
    alice = await createUser(t, { role: 'owner' });
    bob = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('replays the first response (status, body, Location) with Idempotent-Replayed, without a second effect', async () => {
    const key = randomUUID();
    const first = await post('effects', alice, key, { name: 'replay' });
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(first.headers.location).toBe(`/test-idempotency/effects/${first.body.id}`);

    const again = await post('effects', alice, key, { name: 'replay' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.text).toBe(first.text);
    expect(await effects('replay')).toBe(1);
  });

  it('treats the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const first = await post('effects', alice, key, { name: 'reordered', holdMs: 0 });
    const again = await post('effects', alice, key, { holdMs: 0, name: 'reordered' });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await effects('reordered')).toBe(1);
  });

  it('answers 422 idempotency.key_reused for the same key with another body', async () => {
    const key = randomUUID();
    expect((await post('effects', alice, key, { name: 'reused-a' })).status).toBe(201);
    const other = await post('effects', alice, key, { name: 'reused-b' });
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(PROBLEM);
    expect(other.body).toMatchObject({ status: 422, code: 'idempotency.key_reused', type: 'urn:bloom:problem:idempotency.key_reused' });
    expect(await effects('reused-b')).toBe(0);
  });

  it('20 parallel requests with one key: exactly one effect; the others get 409 in_flight or the replay', async () => {
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('effects', alice, key, { name: 'parallel', holdMs: 300 })));
    const statuses = responses.map((res) => res.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const originals = responses.filter((res) => res.status === 201 && res.headers['idempotent-replayed'] === undefined);
    expect(originals).toHaveLength(1);
    for (const replay of responses.filter((res) => res.status === 201)) expect(replay.body).toEqual(originals[0].body);
    const conflicts = responses.filter((res) => res.status === 409);
    expect(conflicts.length).toBeGreaterThan(0);
    for (const conflict of conflicts) {
      expect(conflict.body.code).toBe('idempotency.in_flight');
      expect(Number(conflict.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(await effects('parallel')).toBe(1);
    // Once the first has finished, a retry gets its response.
    const later = await post('effects', alice, key, { name: 'parallel', holdMs: 300 });
    expect(later.status).toBe(201);
    expect(later.headers['idempotent-replayed']).toBe('true');
    expect(later.body).toEqual(originals[0].body);
  });

  it('keeps the keys of two callers apart', async () => {
    const key = randomUUID();
    const fromAlice = await post('effects', alice, key, { name: 'alice-thing' });
    const fromBob = await post('effects', bob, key, { name: 'bob-thing' });
    expect(fromAlice.status).toBe(201);
    expect(fromBob.status).toBe(201);
    expect(fromBob.headers['idempotent-replayed']).toBeUndefined();
    expect(fromBob.body.id).not.toBe(fromAlice.body.id);
    const bobAgain = await post('effects', bob, key, { name: 'bob-thing' });
    expect(bobAgain.body).toEqual(fromBob.body);
    expect(await effects('alice-thing')).toBe(1);
    expect(await effects('bob-thing')).toBe(1);
  });

  it('lets a failed first attempt be retried with the same key (nothing was remembered, nothing was written)', async () => {
    const key = randomUUID();
    t.app.get(IdempotencyProbeService).failNext = 1;
    const failed = await post('effects', alice, key, { name: 'retry-after-failure' });
    expect(failed.status).toBe(503);
    expect(await effects('retry-after-failure')).toBe(0);
    const retried = await post('effects', alice, key, { name: 'retry-after-failure' });
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(await effects('retry-after-failure')).toBe(1);
  });

  it('does not remember a 4xx answer: after a validation error the key can carry the corrected request', async () => {
    const key = randomUUID();
    const invalid = await post('effects', alice, key, { name: 7 });
    expect(invalid.status).toBe(400);
    const corrected = await post('effects', alice, key, { name: 'corrected' });
    expect(corrected.status).toBe(201);
    expect(corrected.headers['idempotent-replayed']).toBeUndefined();
  });

  it('answers 409 while a live request holds the key, and takes over a key whose holder died', async () => {
    const body = { name: 'abandoned' };
    const fingerprint = requestFingerprint('POST', '/test-idempotency/effects', body);
    const insert = (key: string, lockedUntil: string) =>
      t.sql(
        `INSERT INTO idempotency_key (scope, key, fingerprint, method, path, lock_token, locked_until)
         VALUES ($1, $2, $3, 'POST', '/test-idempotency/effects', gen_random_uuid(), now() + $4::interval)`,
        [`user:${alice.id}`, key, fingerprint, lockedUntil],
      );
    const live = randomUUID();
    await insert(live, '1 minute');
    const busy = await post('effects', alice, live, body);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('idempotency.in_flight');
    expect(busy.headers['retry-after']).toBe('1');

    const dead = randomUUID();
    await insert(dead, '-1 second');
    const takenOver = await post('effects', alice, dead, body);
    expect(takenOver.status).toBe(201);
    expect(await effects('abandoned')).toBe(1);
  });

  it('refuses a malformed key with 400 idempotency.key_invalid', async () => {
    const res = await post('effects', alice, 'k'.repeat(256), { name: 'bad-key' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('idempotency.key_invalid');
    expect(await effects('bad-key')).toBe(0);
  });

  it('runs normally without a key, and refuses a missing key where the route requires one', async () => {
    expect((await post('effects', alice, undefined, { name: 'no-key' })).status).toBe(201);
    expect((await post('effects', alice, undefined, { name: 'no-key' })).status).toBe(201);
    expect(await effects('no-key')).toBe(2);
    const missing = await post('keyed-effects', alice, undefined, { name: 'needs-key' });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('idempotency.key_required');
  });

  it('ignores the header on routes that did not opt in', async () => {
    const key = randomUUID();
    await post('plain-effects', alice, key, { name: 'plain' });
    const second = await post('plain-effects', alice, key, { name: 'plain' });
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(await effects('plain')).toBe(2);
  });

  it('scopes keys on public routes to all public callers together', async () => {
    const key = randomUUID();
    const first = await post('public-effects', undefined, key, { name: 'public' });
    const again = await post('public-effects', undefined, key, { name: 'public' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await effects('public')).toBe(1);
  });

  it('documents the header and the 409/422 problems in OpenAPI for opted-in routes only', async () => {
    const spec = (await t.http.get('/docs/openapi.json')).body;
    const keyed = spec.paths['/test-idempotency/effects'].post;
    expect(keyed.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]));
    expect(keyed.responses['409'].description).toMatch(/idempotency\.in_flight/);
    expect(keyed.responses['422'].description).toMatch(/idempotency\.key_reused/);
    const required = spec.paths['/test-idempotency/keyed-effects'].post;
    expect(required.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', required: true })]));
    const plain = spec.paths['/test-idempotency/plain-effects'].post;
    expect((plain.parameters ?? []).some((p: { name: string }) => p.name === 'Idempotency-Key')).toBe(false);
  });
});

describe('Idempotency-Key retention and lock timeout', () => {
  let t: TestApp;
  let user: UserRecord;

  beforeAll(async () => {
    t = await startTestApp({
      imports: [IdempotencyProbeModule],
      env: { IDEMPOTENCY_TTL: '3s', IDEMPOTENCY_PURGE_INTERVAL: '200ms', IDEMPOTENCY_LOCK_TIMEOUT: '300ms' },
    });
    await t.sql(IDEMPOTENCY_PROBE_TABLE);
    user = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  it('purges keys older than IDEMPOTENCY_TTL; the key is then free for a new request', async () => {
    const key = randomUUID();
    const keyRows = () => t.sql('SELECT 1 FROM idempotency_key WHERE key = $1', [key]);
    const first = await t.http.post('/test-idempotency/effects').set(user.auth).set('idempotency-key', key).send({ name: 'kept-for-a-while' });
    expect(first.status).toBe(201);
    expect(await keyRows()).toHaveLength(1);

    await waitFor(keyRows, (rows) => rows.length === 0);

    const reused = await t.http.post('/test-idempotency/effects').set(user.auth).set('idempotency-key', key).send({ name: 'a new request' });
    expect(reused.status).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a request that outlives its lock is undone when a retry took the key over: the effect and the remembered response commit together', async () => {
    const key = randomUUID();
    const send = (holdMs: number) => t.http.post('/test-idempotency/effects').set(user.auth).set('idempotency-key', key).send({ name: 'slow', holdMs });
    const slow = send(1200).then((res) => res); // then() sends it now
    // Past IDEMPOTENCY_LOCK_TIMEOUT by PostgreSQL's clock: the slow one looks dead.
    await waitFor(
      () => t.sql<{ expired: boolean }>('SELECT locked_until <= now() AS expired FROM idempotency_key WHERE key = $1', [key]),
      ([row]) => row?.expired === true,
    );
    const retry = await send(1200);
    const first = await slow;
    expect(retry.status).toBe(201);
    expect(first.status).toBe(409);
    expect(first.body.code).toBe('idempotency.in_flight');
    // The slow request wrote its row too, but in the transaction that could not store its response.
    expect(await t.sql('SELECT id FROM test_effect WHERE name = $1', ['slow'])).toHaveLength(1);
    const replay = await send(1200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(retry.body);
  });
});
