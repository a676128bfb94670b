/**
 * Access ends when it should: access tokens (and the queue dashboard cookie) stop working as soon as
 * the user is disabled, their role, stores or password change, or their session is logged out or
 * revoked for refresh-token reuse, on every API instance, without a Redis call per request.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RevocationPurger } from '../src/common/auth/revocations.js';
import { REDIS } from '../src/common/redis/redis.module.js';
import { freePort, startRedisServer, type RunningService } from '../src/dev/infra.js';
import { startOwnRedis, type OwnRedis } from './fixtures/own-redis.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { PROBLEM } from './support/responses.js';
import { login } from './support/sessions.js';

const NEW_PASSWORD = 'autumn-2027-bloom';

interface Session {
  accessToken: string;
  refreshToken: string;
  bearer: { authorization: string };
}

async function refresh(t: TestApp, refreshToken: string): Promise<Session> {
  const res = await t.http.post('/v1/auth/refresh').send({ refreshToken });
  expect(res.status).toBe(200);
  return { accessToken: res.body.accessToken, refreshToken: res.body.refreshToken, bearer: { authorization: `Bearer ${res.body.accessToken}` } };
}

function expectRevoked(res: { status: number; headers: Record<string, string>; body: { code: string } }): void {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body.code).toBe('auth.invalid_token');
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="bloom", error="invalid_token"/);
}

/** Polls until `probe` answers `status` (another instance learns through pub/sub, within moments). */
async function eventually(probe: () => Promise<{ status: number }>, status: number, withinMs = 3000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await probe();
    if (res.status === status || Date.now() - started > withinMs) return res.status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('revocation of access', () => {
  let t: TestApp;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    [storeA, storeB] = [await createStore(t), await createStore(t)];
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  const patchUser = async (id: string, body: Record<string, unknown>) => {
    const current = await t.http.get(`/v1/users/${id}`).set(owner.auth);
    return t.http.patch(`/v1/users/${id}`).set(owner.auth).set('if-match', current.headers.etag).send(body);
  };

  it("a disabled manager's tokens stop reading stores and creating users at once", async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const session = await login(t, manager);
    // Both tokens are in use (and so in the verified-token cache) before the change.
    for (const auth of [manager.auth, session.bearer]) expect((await t.http.get(`/v1/stores/${storeA.id}`).set(auth)).status).toBe(200);

    expect((await t.http.post(`/v1/users/${manager.id}/disable`).set(owner.auth)).status).toBe(200);

    for (const auth of [manager.auth, session.bearer]) {
      expectRevoked(await t.http.get(`/v1/stores/${storeA.id}`).set(auth));
      const created = await t.http
        .post('/v1/users')
        .set(auth)
        .send({ name: 'Sneaky', email: `sneaky-${Date.now()}@example.test`, role: 'beautician', storeIds: [storeA.id], password: NEW_PASSWORD });
      expectRevoked(created);
    }
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM staff_user WHERE name = 'Sneaky'`);
    expect(n).toBe('0');
  });

  it('tokens issued after re-enabling work', async () => {
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    expect((await t.http.post(`/v1/users/${receptionist.id}/disable`).set(owner.auth)).status).toBe(200);
    expect((await t.http.post(`/v1/users/${receptionist.id}/enable`).set(owner.auth)).status).toBe(200);
    expectRevoked(await t.http.get('/v1/auth/me').set(receptionist.auth));
    const session = await login(t, receptionist);
    expect((await t.http.get('/v1/auth/me').set(session.bearer)).status).toBe(200);
  });

  it('an owner demoted to beautician can no longer list API keys; a refreshed token carries the new role', async () => {
    const other = await createUser(t, { role: 'owner' });
    const session = await login(t, other);
    expect((await t.http.get('/v1/api-keys').set(session.bearer)).status).toBe(200);

    const demoted = await patchUser(other.id, { role: 'beautician', storeIds: [storeA.id] });
    expect(demoted.status).toBe(200);

    expectRevoked(await t.http.get('/v1/api-keys').set(session.bearer));
    expectRevoked(await t.http.get('/v1/api-keys').set(other.auth));
    const refreshed = await refresh(t, session.refreshToken);
    const asBeautician = await t.http.get('/v1/api-keys').set(refreshed.bearer);
    expect(asBeautician.status).toBe(403);
    expect(asBeautician.body.code).toBe('auth.forbidden');
  });

  it('a manager moved to another store loses the old one at once', async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    const session = await login(t, manager);
    expect((await t.http.get(`/v1/stores/${storeA.id}`).set(session.bearer)).status).toBe(200);

    expect((await patchUser(manager.id, { storeIds: [storeB.id] })).status).toBe(200);

    expectRevoked(await t.http.get(`/v1/stores/${storeA.id}`).set(session.bearer));
    const refreshed = await refresh(t, session.refreshToken);
    expect((await t.http.get(`/v1/stores/${storeA.id}`).set(refreshed.bearer)).status).toBe(404);
    expect((await t.http.get(`/v1/stores/${storeB.id}`).set(refreshed.bearer)).status).toBe(200);
  });

  it('a change of name only leaves the tokens alone', async () => {
    const manager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
    expect((await patchUser(manager.id, { name: 'Renamed Manager' })).status).toBe(200);
    expect((await t.http.get(`/v1/stores/${storeA.id}`).set(manager.auth)).status).toBe(200);
  });

  it('logout ends the access tokens of that session only', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    const [ending, other] = [await login(t, user), await login(t, user)];
    const rotated = await refresh(t, ending.refreshToken);
    for (const session of [ending, rotated, other]) expect((await t.http.get('/v1/auth/me').set(session.bearer)).status).toBe(200);

    expect((await t.http.post('/v1/auth/logout').send({ refreshToken: rotated.refreshToken })).status).toBe(204);

    expectRevoked(await t.http.get('/v1/auth/me').set(ending.bearer));
    expectRevoked(await t.http.get('/v1/auth/me').set(rotated.bearer));
    expect((await t.http.get('/v1/auth/me').set(other.bearer)).status).toBe(200);
  });

  it('refresh-token reuse ends the access tokens of that session', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    const [stolen, other] = [await login(t, user), await login(t, user)];
    const rotated = await refresh(t, stolen.refreshToken);
    // Replayed later than REFRESH_REUSE_GRACE after its use (within it, the replay answers the same next token).
    await t.sql(`UPDATE refresh_token SET used_at = used_at - interval '1 hour' WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [stolen.refreshToken]);
    const replay = await t.http.post('/v1/auth/refresh').send({ refreshToken: stolen.refreshToken });
    expect(replay.body.code).toBe('auth.refresh_reused');

    expectRevoked(await t.http.get('/v1/auth/me').set(stolen.bearer));
    expectRevoked(await t.http.get('/v1/auth/me').set(rotated.bearer));
    expect((await t.http.get('/v1/auth/me').set(other.bearer)).status).toBe(200);
  });

  it('a password reset ends every access token of the user', async () => {
    const user = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
    const session = await login(t, user);
    expect((await t.http.post(`/v1/users/${user.id}/password`).set(owner.auth).send({ password: NEW_PASSWORD })).status).toBe(204);
    expectRevoked(await t.http.get('/v1/auth/me').set(session.bearer));
    expectRevoked(await t.http.get('/v1/auth/me').set(user.auth));
    const fresh = await login(t, { email: user.email, password: NEW_PASSWORD });
    expect((await t.http.get('/v1/auth/me').set(fresh.bearer)).status).toBe(200);
  });

  it('a password change ends every access token issued before it; the caller refreshes to go on', async () => {
    const user = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
    const [mine, other] = [await login(t, user), await login(t, user)];
    const changed = await t.http.post('/v1/auth/password').set(mine.bearer).send({ currentPassword: user.password, newPassword: NEW_PASSWORD });
    expect(changed.status).toBe(204);
    expectRevoked(await t.http.get('/v1/auth/me').set(other.bearer));
    expectRevoked(await t.http.get('/v1/auth/me').set(mine.bearer));
    const refreshed = await refresh(t, mine.refreshToken);
    expect((await t.http.get('/v1/auth/me').set(refreshed.bearer)).status).toBe(200);
  });

  it('an owner demoted or logged out can no longer open the queue dashboard with the cookie', async () => {
    const openCookie = async (auth: { authorization: string }) => {
      const res = await t.http.post('/v1/admin/queue-dashboard-session').set(auth);
      expect(res.status).toBe(204);
      return String(res.headers['set-cookie'][0]).split(';')[0];
    };
    const demotedOwner = await createUser(t, { role: 'owner' });
    const session = await login(t, demotedOwner);
    const cookie = await openCookie(session.bearer);
    expect((await t.http.get('/admin/queues').set('cookie', cookie)).status).toBe(200);
    expect((await patchUser(demotedOwner.id, { role: 'beautician', storeIds: [storeA.id] })).status).toBe(200);
    const refused = await t.http.get('/admin/queues').set('cookie', cookie);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.invalid_token');

    const leavingOwner = await createUser(t, { role: 'owner' });
    const leaving = await login(t, leavingOwner);
    const staying = await login(t, leavingOwner);
    const [leavingCookie, stayingCookie] = [await openCookie(leaving.bearer), await openCookie(staying.bearer)];
    expect((await t.http.post('/v1/auth/logout').send({ refreshToken: leaving.refreshToken })).status).toBe(204);
    expect((await t.http.get('/admin/queues/api/queues').set('cookie', leavingCookie)).status).toBe(401);
    expect((await t.http.get('/admin/queues/api/queues').set('cookie', stayingCookie)).status).toBe(200);
  });

  it('records revocations in PostgreSQL with the change; Redis keeps no list, it only spreads them', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    const session = await login(t, user);
    const before = Date.now();
    expect((await t.http.post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
    expect((await t.http.post(`/v1/users/${user.id}/disable`).set(owner.auth)).status).toBe(200);
    const rows = await t.sql<{ kind: string; subject_id: string; revoked_at: Date }>(
      `SELECT kind, subject_id, revoked_at FROM access_revocation WHERE subject_id = $1
          OR subject_id = (SELECT family_id FROM refresh_token WHERE token_hash = encode(sha256(convert_to($2, 'UTF8')), 'hex'))
        ORDER BY kind`,
      [user.id, session.refreshToken],
    );
    expect(rows.map((row) => row.kind)).toEqual(['session', 'user']);
    for (const row of rows) expect(row.revoked_at.getTime()).toBeGreaterThanOrEqual(before);
    expect(await t.app.get<Redis>(REDIS).keys(`${t.config.REDIS_PREFIX}:auth:*`)).toEqual([]);
  });

  it('purges the revocations no access token can outlive any more', async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    await t.sql(
      `INSERT INTO access_revocation (kind, subject_id, revoked_at) VALUES
         ('session', $1, now() - $3 * interval '1 millisecond' - interval '2 minutes'), ('session', $2, now() - interval '1 minute')`,
      [old, recent, t.config.JWT_ACCESS_TTL],
    );
    expect(await t.app.get(RevocationPurger).run()).toBeGreaterThanOrEqual(1);
    const left = await t.sql<{ subject_id: string }>('SELECT subject_id FROM access_revocation WHERE subject_id = ANY($1)', [[old, recent]]);
    expect(left.map((row) => row.subject_id)).toEqual([recent]);
  });
});

describe('revocation across API instances', () => {
  let first: TestApp;
  let second: TestApp;
  let storeId: string;
  let owner: UserRecord;
  beforeAll(async () => {
    first = await startTestApp();
    // No reload within these tests: what the second instance learns, it learns through pub/sub.
    second = await startTestApp({ env: { REVOCATION_RELOAD_INTERVAL: '10m' }, reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
    storeId = (await createStore(first)).id;
    owner = await createUser(first, { role: 'owner' });
  });
  afterAll(async () => {
    await second.close({ keepDatabase: true });
    await first.close();
  });

  it('a user disabled on one instance is refused by the other at once (pub/sub), cached token or not', async () => {
    const manager = await createUser(first, { role: 'manager', storeIds: [storeId] });
    const session = await login(first, manager);
    for (const auth of [manager.auth, session.bearer]) expect((await second.http.get(`/v1/stores/${storeId}`).set(auth)).status).toBe(200);

    expect((await first.http.post(`/v1/users/${manager.id}/disable`).set(owner.auth)).status).toBe(200);

    for (const auth of [manager.auth, session.bearer]) {
      expect(await eventually(() => second.http.get(`/v1/stores/${storeId}`).set(auth), 401, 500)).toBe(401);
    }
  });

  it('a session logged out on one instance ends on the other', async () => {
    const user = await createUser(first, { role: 'receptionist', storeIds: [storeId] });
    const session = await login(second, user);
    expect((await second.http.get('/v1/auth/me').set(session.bearer)).status).toBe(200);
    expect((await first.http.post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
    expect(await eventually(() => second.http.get('/v1/auth/me').set(session.bearer), 401, 500)).toBe(401);
  });

  it('an instance that missed the message learns it on its next reload', async () => {
    const third = await startTestApp({ env: { REVOCATION_RELOAD_INTERVAL: '500ms' }, reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
    try {
      const user = await createUser(first, { role: 'receptionist', storeIds: [storeId] });
      expect((await third.http.get('/v1/auth/me').set(user.auth)).status).toBe(200);
      // What a change leaves when its message is lost: the record, without the message.
      await first.sql(`INSERT INTO access_revocation (kind, subject_id, revoked_at) VALUES ('user', $1, now())`, [user.id]);
      expect(await eventually(() => third.http.get('/v1/auth/me').set(user.auth), 401, 3000)).toBe(401);
      // The second instance reloads every 10 minutes and got no message: it still lets the token in.
      expect((await second.http.get('/v1/auth/me').set(user.auth)).status).toBe(200);
    } finally {
      await third.close({ keepDatabase: true });
    }
  });

  it('an instance that boots later loads the list before serving', async () => {
    const user = await createUser(first, { role: 'receptionist', storeIds: [storeId] });
    expect((await first.http.post(`/v1/users/${user.id}/disable`).set(owner.auth)).status).toBe(200);
    const third = await startTestApp({ reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
    try {
      expectRevoked(await third.http.get('/v1/auth/me').set(user.auth));
      expect((await third.http.get('/v1/auth/me').set(owner.auth)).status).toBe(200);
    } finally {
      await third.close({ keepDatabase: true });
    }
  });
});

describe('revocation while Redis is down', () => {
  // A Redis of this test's own, so stopping it disturbs nobody else.
  let dir: string;
  let port: number;
  let redis: RunningService;
  let first: TestApp;
  let second: TestApp;
  let storeId: string;
  let owner: UserRecord;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bloom-revocation-redis-'));
    port = await freePort();
    redis = await startRedisServer({ dir, port });
    const env = { REDIS_URL: redis.url, REVOCATION_RELOAD_INTERVAL: '500ms' };
    first = await startTestApp({ env });
    second = await startTestApp({ env, reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
    storeId = (await createStore(first)).id;
    owner = await createUser(first, { role: 'owner' });
  });
  afterAll(async () => {
    await second?.close({ keepDatabase: true });
    await first?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving signed-in users, applies a revocation at once where it was made, and shares it when Redis is back', async () => {
    const manager = await createUser(first, { role: 'manager', storeIds: [storeId] });
    for (const app of [first, second]) expect((await app.http.get(`/v1/stores/${storeId}`).set(manager.auth)).status).toBe(200);

    await redis.stop();
    // Checking a token needs no Redis: a Redis outage does not sign everyone out.
    expect((await first.http.get(`/v1/stores/${storeId}`).set(owner.auth)).status).toBe(200);
    const started = Date.now();
    const disabled = await first.http.post(`/v1/users/${manager.id}/disable`).set(owner.auth);
    expect(disabled.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expectRevoked(await first.http.get(`/v1/stores/${storeId}`).set(manager.auth));

    // The other instance reads it from PostgreSQL on its next reload, Redis or not.
    expect(await eventually(() => second.http.get(`/v1/stores/${storeId}`).set(manager.auth), 401, 5_000)).toBe(401);

    redis = await startRedisServer({ dir, port });
    const manager2 = await createUser(first, { role: 'manager', storeIds: [storeId] });
    expect((await second.http.get(`/v1/stores/${storeId}`).set(manager2.auth)).status).toBe(200);
    expect((await first.http.post(`/v1/users/${manager2.id}/disable`).set(owner.auth)).status).toBe(200);
    expect(await eventually(() => second.http.get(`/v1/stores/${storeId}`).set(manager2.auth), 401, 15_000)).toBe(401);
  });
});

describe('revocation after Redis lost its data', () => {
  let redis: OwnRedis;
  let first: TestApp;
  let storeId: string;
  let owner: UserRecord;
  beforeAll(async () => {
    redis = await startOwnRedis();
    first = await startTestApp({ env: { REDIS_URL: redis.url } });
    storeId = (await createStore(first)).id;
    owner = await createUser(first, { role: 'owner' });
  });
  afterAll(async () => {
    await first?.close();
    await redis?.stop();
  });

  it('an instance started after a FLUSHALL refuses the tokens of logged-out sessions, disabled, demoted and re-passworded users', async () => {
    const [disabled, loggedOut, demoted, reset, untouched] = [
      await createUser(first, { role: 'manager', storeIds: [storeId] }),
      await createUser(first, { role: 'receptionist', storeIds: [storeId] }),
      await createUser(first, { role: 'owner' }),
      await createUser(first, { role: 'beautician', storeIds: [storeId] }),
      await createUser(first, { role: 'receptionist', storeIds: [storeId] }),
    ];
    const session = await login(first, loggedOut);
    const current = await first.http.get(`/v1/users/${demoted.id}`).set(owner.auth);

    expect((await first.http.post(`/v1/users/${disabled.id}/disable`).set(owner.auth)).status).toBe(200);
    expect((await first.http.post('/v1/auth/logout').send({ refreshToken: session.refreshToken })).status).toBe(204);
    const demotion = await first.http
      .patch(`/v1/users/${demoted.id}`)
      .set(owner.auth)
      .set('if-match', current.headers.etag)
      .send({ role: 'beautician', storeIds: [storeId] });
    expect(demotion.status).toBe(200);
    expect((await first.http.post(`/v1/users/${reset.id}/password`).set(owner.auth).send({ password: NEW_PASSWORD })).status).toBe(204);

    const client = new Redis(redis.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }

    const fresh = await startTestApp({ env: { REDIS_URL: redis.url }, reuse: { database: first.database, redisPrefix: first.config.REDIS_PREFIX } });
    try {
      for (const auth of [disabled.auth, session.bearer, demoted.auth, reset.auth]) expectRevoked(await fresh.http.get('/v1/auth/me').set(auth));
      expect((await fresh.http.get('/v1/auth/me').set(untouched.auth)).status).toBe(200);
      expect((await fresh.http.get('/v1/auth/me').set(owner.auth)).status).toBe(200);
    } finally {
      await fresh.close({ keepDatabase: true });
    }
  });
});
