import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REDIS } from '../src/common/redis/redis.module.js';
import { RefreshTokenPurger } from '../src/modules/identity/refresh-token-purger.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, createApiKey, type UserRecord } from './support/factories.js';
import { PROBLEM } from './support/responses.js';
import { login } from './support/sessions.js';

/** The problem minus what differs between any two requests. */
const stable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined });

describe('auth: sign-in, sessions, own password', () => {
  let t: TestApp;
  let storeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    storeId = (await createStore(t)).id;
  });
  afterAll(() => t.close());

  describe('login', () => {
    it('signs in by e-mail and answers tokens and the user, never the hash', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      const res = await t.http.post('/v1/auth/login').send({ login: user.email.toUpperCase(), password: user.password });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { id: user.id, email: user.email, role: 'receptionist', storeIds: [storeId], allStores: false, status: 'active' },
      });
      expect(Date.parse(res.body.refreshExpiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|password_hash/);

      const me = await t.http.get('/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(user.id);
      const [row] = await t.sql<{ last_login_at: Date | null }>('SELECT last_login_at FROM staff_user WHERE id = $1', [user.id]);
      expect(row.last_login_at).not.toBeNull();
    });

    it('signs in by phone, written the way people write it', async () => {
      const user = await createUser(t, { role: 'beautician', storeIds: [storeId] });
      await t.sql(`UPDATE staff_user SET phone = '+8613912345678' WHERE id = $1`, [user.id]);
      for (const written of ['139 1234 5678', '+86 139-1234-5678', '13912345678']) {
        const res = await t.http.post('/v1/auth/login').send({ login: written, password: user.password });
        expect(res.status).toBe(200);
        expect(res.body.user).toMatchObject({ id: user.id, phone: '+8613912345678' });
      }
    });

    it('stores a fresh argon2id hash with the current parameters when the old one used others', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      const hashOf = async () => (await t.sql<{ password_hash: string }>('SELECT password_hash FROM staff_user WHERE id = $1', [user.id]))[0].password_hash;
      expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=4096,/);
      await login(t, user);
      expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      await login(t, user);
    });

    it('answers a wrong password and an unknown login the same 401', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      const wrong = await t.http.post('/v1/auth/login').send({ login: user.email, password: 'not-the-password-1' });
      const unknown = await t.http.post('/v1/auth/login').send({ login: 'nobody@example.test', password: 'not-the-password-1' });
      const gibberish = await t.http.post('/v1/auth/login').send({ login: 'not a login', password: 'not-the-password-1' });
      for (const res of [wrong, unknown, gibberish]) {
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.code).toBe('auth.invalid_credentials');
      }
      expect(stable(unknown.body)).toEqual(stable(wrong.body));
    });

    it('refuses a disabled user, even with the right password', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE id = $1`, [user.id]);
      const res = await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.account_disabled');
      const wrong = await t.http.post('/v1/auth/login').send({ login: user.email, password: 'not-the-password-1' });
      expect(wrong.body.code).toBe('auth.invalid_credentials');
    });

    it('validates the body', async () => {
      const res = await t.http.post('/v1/auth/login').send({ login: 'a@b.c' });
      expect(res.status).toBe(400);
      expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['password']));
    });
  });

  describe('refresh tokens', () => {
    let user: UserRecord;
    beforeAll(async () => {
      user = await createUser(t, { role: 'manager', storeIds: [storeId] });
    });
    const refresh = (refreshToken: string) => t.http.post('/v1/auth/refresh').send({ refreshToken });

    it('stores only a SHA-256 hash of each refresh token', async () => {
      const session = await login(t, user);
      const rows = await t.sql<{ token_hash: string }>('SELECT token_hash FROM refresh_token WHERE user_id = $1', [user.id]);
      expect(rows.map((row) => row.token_hash)).toContain(createHash('sha256').update(session.refreshToken).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
    });

    it('rotates: each token works once and the next one carries on the same session', async () => {
      const session = await login(t, user);
      const first = await refresh(session.refreshToken);
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(session.refreshToken);
      expect(first.body.refreshExpiresAt).toBe(session.refreshExpiresAt);
      expect((await t.http.get('/v1/auth/me').set('authorization', `Bearer ${first.body.accessToken}`)).status).toBe(200);

      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      const families = await t.sql<{ n: string }>('SELECT count(DISTINCT family_id) AS n FROM refresh_token WHERE token_hash = ANY($1)', [
        [session.refreshToken, first.body.refreshToken, second.body.refreshToken].map((token) => createHash('sha256').update(token).digest('hex')),
      ]);
      expect(Number(families[0].n)).toBe(1);
    });

    /** As if the token had been used longer ago than REFRESH_REUSE_GRACE. */
    const ageUse = (refreshToken: string) =>
      t.sql(`UPDATE refresh_token SET used_at = used_at - $2 * interval '1 millisecond' - interval '1 second' WHERE token_hash = $1`, [
        createHash('sha256').update(refreshToken).digest('hex'),
        t.config.REFRESH_REUSE_GRACE,
      ]);

    it('revokes the whole session when a used token comes back after the grace, the newest token included', async () => {
      const session = await login(t, user);
      const next = await refresh(session.refreshToken);
      expect(next.status).toBe(200);
      await ageUse(session.refreshToken);

      const replay = await refresh(session.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('auth.refresh_reused');
      expect(replay.headers['www-authenticate']).toMatch(/^Bearer realm="bloom"/);

      const newest = await refresh(next.body.refreshToken);
      expect(newest.status).toBe(401);
      expect(newest.body.code).toBe('auth.refresh_invalid');
      expect(newest.headers['www-authenticate']).toMatch(/^Bearer realm="bloom"/);
      expect((await t.http.get('/v1/auth/me').set('authorization', `Bearer ${next.body.accessToken}`)).status).toBe(401);
    });

    it('answers ten parallel refreshes of one token with the same next token, and the session goes on', async () => {
      const session = await login(t, user);
      const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(session.refreshToken)));
      expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
      const nextTokens = new Set(answers.map((res) => res.body.refreshToken as string));
      expect(nextTokens.size).toBe(1);
      const [next] = nextTokens;
      expect(next).not.toBe(session.refreshToken);
      // One new token in the family, not ten.
      const [{ n }] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM refresh_token WHERE family_id = (SELECT family_id FROM refresh_token WHERE token_hash = $1)', [
        createHash('sha256').update(session.refreshToken).digest('hex'),
      ]);
      expect(Number(n)).toBe(2);
      // Every answer's access token works, and the winner's refresh token carries on.
      for (const res of answers) expect((await t.http.get('/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`)).status).toBe(200);
      const after = await refresh(next);
      expect(after.status).toBe(200);
      expect((await t.http.get('/v1/auth/me').set('authorization', `Bearer ${after.body.accessToken}`)).status).toBe(200);
    });

    it('answers a replay within the grace with the same next token; a logged-out session gets nothing', async () => {
      const session = await login(t, user);
      const first = await refresh(session.refreshToken);
      const again = await refresh(session.refreshToken);
      expect(again.status).toBe(200);
      expect(again.body.refreshToken).toBe(first.body.refreshToken);
      expect(again.body.refreshExpiresAt).toBe(session.refreshExpiresAt);

      expect((await t.http.post('/v1/auth/logout').send({ refreshToken: first.body.refreshToken })).status).toBe(204);
      const afterLogout = await refresh(session.refreshToken);
      expect(afterLogout.status).toBe(401);
      expect(afterLogout.body.code).toBe('auth.refresh_invalid');
    });

    it('revokes the session when parallel refreshes come back after the grace', async () => {
      const session = await login(t, user);
      const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
      expect(answers.map((res) => res.status)).toEqual(Array(5).fill(200));
      await ageUse(session.refreshToken);
      const late = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)));
      for (const res of late) expect(['auth.refresh_reused', 'auth.refresh_invalid']).toContain(res.body.code);
      expect(late.filter((res) => res.body.code === 'auth.refresh_reused').length).toBeGreaterThanOrEqual(1);
      const newest = await refresh(answers[0].body.refreshToken);
      expect(newest.status).toBe(401);
      expect(newest.body.code).toBe('auth.refresh_invalid');
    });

    it('refuses an expired token and an unknown one', async () => {
      const session = await login(t, user);
      await t.sql(`UPDATE refresh_token SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [createHash('sha256').update(session.refreshToken).digest('hex')]);
      const expired = await refresh(session.refreshToken);
      expect(expired.status).toBe(401);
      expect(expired.body.code).toBe('auth.refresh_expired');
      expect(expired.headers['www-authenticate']).toMatch(/^Bearer realm="bloom"/);
      const unknown = await refresh('made-up-token');
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('auth.refresh_invalid');
      expect(unknown.headers['www-authenticate']).toMatch(/^Bearer realm="bloom"/);
    });

    it('purges the tokens of sessions that ended over a week ago, whole families; newer ones still answer "expired"', async () => {
      const hash = (token: string) => createHash('sha256').update(token).digest('hex');
      const familyOf = async (token: string) => (await t.sql<{ family_id: string }>('SELECT family_id FROM refresh_token WHERE token_hash = $1', [hash(token)]))[0]?.family_id;
      const endSession = (familyId: string, ago: string) => t.sql(`UPDATE refresh_token SET expires_at = now() - $2::interval WHERE family_id = $1`, [familyId, ago]);
      const old = await login(t, user);
      const rotated = await refresh(old.refreshToken); // two rows in the old family
      const recent = await login(t, user);
      const live = await login(t, user);
      const oldFamily = await familyOf(old.refreshToken);
      await endSession(oldFamily, '8 days');
      await endSession(await familyOf(recent.refreshToken), '6 days');

      expect(await t.app.get(RefreshTokenPurger).run()).toBe(2);
      expect(await t.sql('SELECT 1 FROM refresh_token WHERE family_id = $1', [oldFamily])).toHaveLength(0);
      expect((await refresh(rotated.body.refreshToken)).body.code).toBe('auth.refresh_invalid');
      expect((await refresh(recent.refreshToken)).body.code).toBe('auth.refresh_expired');
      expect((await refresh(live.refreshToken)).status).toBe(200);
    });

    it("logs out: the session's refresh tokens stop working; logging out again is harmless", async () => {
      const session = await login(t, user);
      const next = await refresh(session.refreshToken);
      const out = await t.http.post('/v1/auth/logout').send({ refreshToken: next.body.refreshToken });
      expect(out.status).toBe(204);
      expect((await refresh(next.body.refreshToken)).status).toBe(401);
      expect((await t.http.post('/v1/auth/logout').send({ refreshToken: next.body.refreshToken })).status).toBe(204);
      expect((await t.http.post('/v1/auth/logout').send({ refreshToken: 'never-issued' })).status).toBe(204);
    });
  });

  describe('GET /v1/auth/me', () => {
    it('answers every staff role with their stores', async () => {
      const other = await createStore(t);
      for (const role of ['owner', 'manager', 'receptionist', 'beautician'] as const) {
        const user = await createUser(t, { role, storeIds: [storeId, other.id] });
        const res = await t.http.get('/v1/auth/me').set(user.auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: user.id, role, allStores: role === 'owner' });
        expect(res.body.storeIds.sort()).toEqual(role === 'owner' ? [] : [storeId, other.id].sort());
        expect(res.headers.etag).toBe('"1"');
      }
    });

    it("answers 401 with a Bearer challenge when the account is gone or disabled behind the token's back", async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      // Straight in the database, as an operator might: no revocation is recorded, the token itself is still valid.
      await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE id = $1`, [user.id]);
      const res = await t.http.get('/v1/auth/me').set(user.auth);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('auth.invalid_token');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="bloom", error="invalid_token"');
    });

    it('is for staff: an API key is refused', async () => {
      const key = await createApiKey(t, { scopes: ['stores:read'] });
      const res = await t.http.get('/v1/auth/me').set(key.auth);
      expect(res.status).toBe(403);
    });
  });

  describe('POST /v1/auth/password', () => {
    it('changes the password with the current one and ends the other sessions only', async () => {
      const user = await createUser(t, { role: 'beautician', storeIds: [storeId] });
      const mine = await login(t, user);
      const other = await login(t, user);
      const res = await t.http
        .post('/v1/auth/password')
        .set('authorization', `Bearer ${mine.accessToken}`)
        .send({ currentPassword: user.password, newPassword: 'a-new-password-2027' });
      expect(res.status).toBe(204);

      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: mine.refreshToken })).status).toBe(200);
      expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password })).status).toBe(401);
      await login(t, { email: user.email, password: 'a-new-password-2027' });

      const [audit] = await t.sql<{ actor_id: string; after: Record<string, unknown> }>(
        `SELECT actor_id, after FROM audit_event WHERE action = 'user.password_change' AND entity_id = $1`,
        [user.id],
      );
      expect(audit).toMatchObject({ actor_id: user.id, after: { sessionsEnded: 1 } });
      expect(JSON.stringify(audit)).not.toMatch(/argon2|a-new-password/);
    });

    it('refuses a wrong current password and a weak new one', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
      const wrong = await t.http.post('/v1/auth/password').set(user.auth).send({ currentPassword: 'not-it-at-all-1', newPassword: 'a-new-password-2027' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('auth.current_password_wrong');
      const weak = await t.http.post('/v1/auth/password').set(user.auth).send({ currentPassword: user.password, newPassword: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('user.weak_password');
      expect(weak.body.errors[0].field).toBe('newPassword');
      await login(t, user);
    });
  });
});

describe('auth: login rate limit (Redis)', () => {
  let t: TestApp;
  let storeId: string;
  // Per account from one address, per account from everywhere, per address over all accounts.
  const LIMIT = 3;
  const ACCOUNT_LIMIT = 8;
  const IP_LIMIT = 6;
  beforeAll(async () => {
    // TRUST_PROXY lets the test speak from many client addresses via X-Forwarded-For.
    t = await startTestApp({
      env: {
        LOGIN_RATE_LIMIT: String(LIMIT),
        LOGIN_ACCOUNT_RATE_LIMIT: String(ACCOUNT_LIMIT),
        LOGIN_IP_RATE_LIMIT: String(IP_LIMIT),
        LOGIN_RATE_WINDOW: '60s',
        TRUST_PROXY: 'true',
      },
    });
    storeId = (await createStore(t)).id;
  });
  afterAll(() => t.close());

  const attempt = (ip: string, loginName: string, password: string) => t.http.post('/v1/auth/login').set('x-forwarded-for', ip).send({ login: loginName, password });

  function expectTooMany(res: { status: number; headers: Record<string, string>; body: { code: string } }) {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body.code).toBe('auth.too_many_attempts');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('stops guessing an account from one address, even when the guess is right, with Retry-After', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    const guesser = '198.51.100.1';
    for (let i = 0; i < LIMIT; i++) expect((await attempt(guesser, user.email, `wrong-password-${i}`)).status).toBe(401);
    expectTooMany(await attempt(guesser, user.email, user.password));
    // The same account written another way is the same account.
    expectTooMany(await attempt(guesser, user.email.toUpperCase(), user.password));
    // The owner, at their own address, is not locked out by the guesser.
    expect((await attempt('198.51.100.50', user.email, user.password)).status).toBe(200);
  });

  it('does not lock the owner out because strangers failed on the account from elsewhere', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    for (let i = 0; i < ACCOUNT_LIMIT - 1; i++) expect((await attempt(`198.51.101.${i + 1}`, user.email, 'wrong-password-1')).status).toBe(401);
    expect((await attempt('198.51.101.200', user.email, user.password)).status).toBe(200);
  });

  it('locks the account for everyone once failures from all addresses reach the account-wide ceiling', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await attempt(`198.51.102.${i + 1}`, user.email, 'wrong-password-1')).status).toBe(401);
    expectTooMany(await attempt('198.51.102.200', user.email, user.password));
  });

  it('lets a salon whose staff share one address make a few typos each', async () => {
    const salon = '203.0.113.7';
    const staff = await Promise.all(Array.from({ length: IP_LIMIT - 1 }, () => createUser(t, { role: 'beautician', storeIds: [storeId] })));
    // More failures from the address than the per-account limit, spread over its staff…
    for (const member of staff) expect((await attempt(salon, member.email, 'wrong-password-1')).status).toBe(401);
    // …and each of them still signs in (a success gives back only its own attempt).
    for (const member of staff) expect((await attempt(salon, member.email, member.password)).status).toBe(200);
  });

  it("past the address's ceiling, failures from it answer 429, but the owner's right password still signs in", async () => {
    const salon = '203.0.113.20';
    const owner = await createUser(t, { role: 'owner' });
    const locked = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    // Many failures from the salon's one address: typos, a locked colleague, people who are not staff.
    for (let i = 0; i < LIMIT; i++) expect((await attempt(salon, locked.email, `wrong-password-${i}`)).status).toBe(401);
    for (let i = LIMIT; i < IP_LIMIT; i++) expect((await attempt(salon, `nobody-${i}@example.test`, 'wrong-password-1')).status).toBe(401);
    for (let i = 0; i < 2 * IP_LIMIT; i++) expectTooMany(await attempt(salon, `nobody-more-${i}@example.test`, 'wrong-password-1'));
    expectTooMany(await attempt(salon, owner.email, 'wrong-password-1'));

    // The owner is not locked: the right password signs in, from the same address, several times.
    for (let i = 0; i < 3; i++) expect((await attempt(salon, owner.email, owner.password)).status).toBe(200);
    // The account that is itself locked stays locked, right password or not.
    expectTooMany(await attempt(salon, locked.email, locked.password));
    // Another address is not affected.
    expect((await attempt('203.0.113.21', locked.email, locked.password)).status).toBe(200);
  });

  it('limits a flood of unknown logins from one address, with Retry-After, and the same answer for a known login', async () => {
    const flooder = '203.0.113.30';
    const answers = [];
    for (let i = 0; i < IP_LIMIT + 4; i++) answers.push(await attempt(flooder, `ghost-${i}@example.test`, 'wrong-password-1'));
    expect(answers.slice(0, IP_LIMIT).map((res) => res.status)).toEqual(Array(IP_LIMIT).fill(401));
    for (const res of answers.slice(IP_LIMIT)) expectTooMany(res);
    // A wrong password on a real account gets the same answer: the flood cannot tell which logins exist.
    const known = await createUser(t, { role: 'beautician', storeIds: [storeId] });
    expectTooMany(await attempt(flooder, known.email, 'wrong-password-1'));
    // A parallel burst from the address is refused too (its checks run one at a time, the rest wait or are refused)…
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(flooder, `ghost-burst-${i}@example.test`, 'wrong-password-1')));
    for (const res of burst) expectTooMany(res);
    // …and a right password from it still signs in.
    expect((await attempt(flooder, known.email, known.password)).status).toBe(200);
  });

  it('counts an account once, whether its failures came by e-mail or by phone', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    const phone = `+86139${String(Date.now()).slice(-8)}`;
    await t.sql('UPDATE staff_user SET phone = $2 WHERE id = $1', [user.id, phone]);
    const guesser = '198.51.103.1';
    for (let i = 0; i < LIMIT; i++) expect((await attempt(guesser, i % 2 === 0 ? user.email : phone, `wrong-password-${i}`)).status).toBe(401);
    expectTooMany(await attempt(guesser, phone, user.password));
    expectTooMany(await attempt(guesser, user.email, user.password));
  });

  it('does not let a burst of parallel guesses outrun the counters', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    const fromOne = await Promise.all(Array.from({ length: 10 }, () => attempt('192.0.2.1', user.email, 'wrong-password-1')));
    expect(fromOne.filter((res) => res.status === 401)).toHaveLength(LIMIT);
    expect(fromOne.filter((res) => res.status === 429)).toHaveLength(10 - LIMIT);

    const other = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    const fromMany = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`192.0.2.${i + 10}`, other.email, 'wrong-password-1')));
    expect(fromMany.filter((res) => res.status === 401)).toHaveLength(ACCOUNT_LIMIT);
    expect(fromMany.filter((res) => res.status === 429)).toHaveLength(20 - ACCOUNT_LIMIT);
  });

  it('keeps its counters under REDIS_PREFIX, without e-mails in the keys', async () => {
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${t.config.REDIS_PREFIX}:ratelimit:login:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/@/);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });
});
