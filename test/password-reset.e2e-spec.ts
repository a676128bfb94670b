import type { Redis } from 'ioredis';
import { REDIS } from '../src/common/redis/redis.module.js';
import { PasswordResetCodes } from '../src/modules/identity/password-reset-codes.js';
import { startTestApp, type TestApp } from './support/app.js';
import { parseMail, startFakeSmtp, startFakeTwilio, type FakeSmtp, type FakeTwilio } from './support/fake-providers.js';
import { providerEnv, TWILIO } from './support/notifications.js';
import { waitFor } from './support/wait.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';
import { login } from './support/sessions.js';

/** The problem minus what differs between any two requests. */
const stable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined, instance: undefined });
const NEW_PASSWORD = 'autumn-2027-bloom';

describe('password reset by code: the code rules', () => {
  let t: TestApp;
  let storeId: string;
  beforeAll(async () => {
    // Many confirmations from one address: the per-address limit has its own test.
    t = await startTestApp({ env: { PASSWORD_RESET_IP_PER_HOUR: '1000' } });
    storeId = (await createStore(t)).id;
  });
  afterAll(() => t.close());

  const issue = (userId: string) => t.app.get(PasswordResetCodes).issue(userId);
  const confirm = (body: Record<string, unknown>) => t.http.post('/v1/auth/password-reset/confirm').send(body);
  const canSignIn = async (user: UserRecord, password: string) => (await t.http.post('/v1/auth/login').send({ login: user.email, password })).status === 200;
  const wrongCodeOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const staff = () => createUser(t, { role: 'receptionist', storeIds: [storeId] });

  it('stores only a keyed hash of a 6-digit code', async () => {
    const user = await staff();
    const code = (await issue(user.id))!;
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await t.sql<{ code_hash: string; attempts: number; used_at: Date | null }>('SELECT code_hash, attempts, used_at FROM password_reset_code WHERE user_id = $1', [
      user.id,
    ]);
    expect(row).toMatchObject({ attempts: 0, used_at: null });
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.code_hash).not.toContain(code);
  });

  it('sets the new password with the right code, once: every session ends and it is audited', async () => {
    const user = await staff();
    const session = await login(t, user);
    const code = (await issue(user.id))!;

    const res = await confirm({ login: user.email.toUpperCase(), code, newPassword: NEW_PASSWORD });
    expect(res.status).toBe(204);
    expect(await canSignIn(user, user.password)).toBe(false);
    expect(await canSignIn(user, NEW_PASSWORD)).toBe(true);
    // The session opened before the reset is over: its access token and its refresh token.
    expect((await t.http.get('/v1/auth/me').set(session.bearer)).status).toBe(401);
    expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    const audit = await t.sql<{ action: string; store_id: string; after: { sessionsEnded: number } }>('SELECT action, store_id, after FROM audit_event WHERE entity_id = $1', [
      user.id,
    ]);
    expect(audit).toEqual([expect.objectContaining({ action: 'user.password_reset_by_code', store_id: storeId, after: { sessionsEnded: 1 } })]);

    const again = await confirm({ login: user.email, code, newPassword: 'winter-2027-bloom' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('auth.reset_code_invalid');
    expect(await canSignIn(user, NEW_PASSWORD)).toBe(true);
  });

  it('answers a wrong code, an expired code, a used code, no code and an unknown login with one and the same 400', async () => {
    const wrong = await staff();
    const wrongCode = (await issue(wrong.id))!;
    const expired = await staff();
    const expiredCode = (await issue(expired.id))!;
    await t.sql(`UPDATE password_reset_code SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [expired.id]);
    const used = await staff();
    const usedCode = (await issue(used.id))!;
    expect((await confirm({ login: used.email, code: usedCode, newPassword: NEW_PASSWORD })).status).toBe(204);
    const never = await staff();

    const answers = [
      await confirm({ login: wrong.email, code: wrongCodeOf(wrongCode), newPassword: NEW_PASSWORD }),
      await confirm({ login: expired.email, code: expiredCode, newPassword: NEW_PASSWORD }),
      await confirm({ login: used.email, code: usedCode, newPassword: NEW_PASSWORD }),
      await confirm({ login: never.email, code: '123456', newPassword: NEW_PASSWORD }),
      await confirm({ login: 'nobody@example.test', code: '123456', newPassword: NEW_PASSWORD }),
      await confirm({ login: 'not a login', code: '123456', newPassword: NEW_PASSWORD }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(stable(res.body)).toEqual(stable(answers[0].body));
    }
    expect(answers[0].body).toMatchObject({ code: 'auth.reset_code_invalid', errors: [{ field: 'code' }] });
    expect(await canSignIn(expired, expired.password)).toBe(true);
  });

  it('burns a code on its fifth wrong try; four wrong tries leave the right code working', async () => {
    const burnt = await staff();
    const burntCode = (await issue(burnt.id))!;
    for (let i = 0; i < 5; i++) {
      const res = await confirm({ login: burnt.email, code: wrongCodeOf(burntCode), newPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
    }
    expect((await confirm({ login: burnt.email, code: burntCode, newPassword: NEW_PASSWORD })).status).toBe(400);
    expect(await canSignIn(burnt, burnt.password)).toBe(true);

    const lucky = await staff();
    const luckyCode = (await issue(lucky.id))!;
    for (let i = 0; i < 4; i++) await confirm({ login: lucky.email, code: wrongCodeOf(luckyCode), newPassword: NEW_PASSWORD });
    expect((await confirm({ login: lucky.email, code: luckyCode, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('replaces the earlier code with a new one, tries and all', async () => {
    const user = await staff();
    const first = (await issue(user.id))!;
    for (let i = 0; i < 4; i++) await confirm({ login: user.email, code: wrongCodeOf(first), newPassword: NEW_PASSWORD });
    let second = (await issue(user.id))!;
    // One draw in a million repeats the code: draw again, so the test says what it means.
    while (second === first) second = (await issue(user.id))!;
    expect((await confirm({ login: user.email, code: first, newPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await confirm({ login: user.email, code: second, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('gives no code to a disabled user or an unknown id', async () => {
    const user = await staff();
    await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE id = $1`, [user.id]);
    expect(await issue(user.id)).toBeUndefined();
    expect(await issue('00000000-0000-4000-8000-000000000000')).toBeUndefined();
    expect(await t.sql('SELECT 1 FROM password_reset_code WHERE user_id = $1', [user.id])).toEqual([]);
  });

  it('refuses a weak new password with a 400 naming newPassword (as the other password routes), and the code still works', async () => {
    const user = await staff();
    await t.sql(`UPDATE staff_user SET phone = '+8613955556666' WHERE id = $1`, [user.id]);
    const code = (await issue(user.id))!;
    // The last is the user's own phone, written otherwise: refused only once the code is known right.
    for (const newPassword of ['short', 'aaaaaaaaaaaaaaaa', user.email, '+86 139-5555-6666']) {
      const res = await confirm({ login: user.email, code, newPassword });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('user.weak_password');
      expect(fieldsOf(res.body)).toContain('newPassword');
    }
    const [row] = await t.sql<{ attempts: number }>('SELECT attempts FROM password_reset_code WHERE user_id = $1', [user.id]);
    expect(row.attempts).toBe(0);
    expect((await confirm({ login: user.email, code, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('validates the body, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ code: '123456', newPassword: NEW_PASSWORD }, 'login'],
      [{ login: 'a@b.example', code: '12345', newPassword: NEW_PASSWORD }, 'code'],
      [{ login: 'a@b.example', code: 123456, newPassword: NEW_PASSWORD }, 'code'],
      [{ login: 'a@b.example', code: '123456' }, 'newPassword'],
    ];
    for (const [body, field] of cases) {
      const res = await confirm(body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
  });

  it('lets exactly one of two confirmations with the same code win', async () => {
    const user = await staff();
    const code = (await issue(user.id))!;
    const [a, b] = await raceOfTwo(
      t,
      () => confirm({ login: user.email, code, newPassword: 'first-racer-2027' }),
      () => confirm({ login: user.email, code, newPassword: 'second-racer-2027' }),
    );
    expect([a.status, b.status].sort()).toEqual([204, 400]);
    const winner = a.status === 204 ? 'first-racer-2027' : 'second-racer-2027';
    expect(await canSignIn(user, winner)).toBe(true);
    const audits = await t.sql('SELECT 1 FROM audit_event WHERE entity_id = $1', [user.id]);
    expect(audits).toHaveLength(1);
  });
});

describe('password reset by code: asking for a code', () => {
  let t: TestApp;
  let smtp: FakeSmtp;
  let twilio: FakeTwilio;
  let storeId: string;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    twilio = await startFakeTwilio(TWILIO);
    t = await startTestApp({ env: { ...providerEnv(twilio.url, smtp.url), OUTBOX_RELAY_INTERVAL: '300ms' } });
    storeId = (await createStore(t)).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await twilio.close();
  });

  const ask = (login: string) => t.http.post('/v1/auth/password-reset').send({ login });
  const confirm = (body: Record<string, unknown>) => t.http.post('/v1/auth/password-reset/confirm').send(body);
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address)).map((mail) => parseMail(mail.raw));
  const smsTo = (phone: string) => twilio.requests.filter((request) => request.form.To === phone).map((request) => request.form);
  const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)![1];
  let phones = 0;
  /** A member of staff who signs in by phone only (each with a phone of their own: the per-phone SMS limit is not under test). */
  const byPhoneOnly = async (locale: 'zh-CN' | 'en') => {
    const user = await createUser(t, { role: 'beautician', storeIds: [storeId] });
    const phone = `+86139${String(10_000_000 + ++phones)}`;
    await t.sql('UPDATE staff_user SET email = NULL, phone = $2, locale = $3 WHERE id = $1', [user.id, phone, locale]);
    return { ...user, phone };
  };

  it('e-mails a code in Chinese to a user with an e-mail; the code from the mail sets the new password', async () => {
    const user = await createUser(t, { role: 'manager', storeIds: [storeId], name: '周静 Zhou Jing' });
    const res = await ask(user.email);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ message: expect.stringContaining('15 minutes'), codeValidForMinutes: 15 });

    const [mail] = await waitFor(
      () => mailsTo(user.email),
      (mails) => mails.length === 1,
    );
    expect(mail.subject).toMatch(/^Bloom 密码重置验证码：\d{6}$/);
    const code = codeIn(mail.subject);
    const text = mail.parts.find((part) => part.contentType === 'text/plain')!.text;
    expect(text).toContain(`周静 Zhou Jing，您好`);
    expect(text).toContain(`您的密码重置验证码是 ${code}，15 分钟内有效`);
    // Once sent, the live code is no longer in the notification's stored variables.
    const [sent] = await waitFor(
      () =>
        t.sql<{ key: string; channel: string; urgent: boolean; staff_user_id: string; status: string; variables: Record<string, unknown> }>(
          `SELECT key, channel, urgent, staff_user_id, status, variables FROM notification WHERE staff_user_id = $1`,
          [user.id],
        ),
      (rows) => rows[0]?.status === 'sent',
    );
    expect(sent).toEqual({
      key: 'auth.password_reset_code',
      channel: 'email',
      urgent: true,
      staff_user_id: user.id,
      status: 'sent',
      variables: { minutes: 15, name: '周静 Zhou Jing' },
    });

    expect((await confirm({ login: user.email, code, newPassword: NEW_PASSWORD })).status).toBe(204);
    expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: NEW_PASSWORD })).status).toBe(200);
    const audit = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [user.id]);
    expect(audit.map((row) => row.action)).toEqual(['user.password_reset_request', 'user.password_reset_by_code']);
  });

  it('texts the code to a user without an e-mail, in their language; a second request replaces the first code', async () => {
    const user = await byPhoneOnly('en');
    const written = `${user.phone.slice(3, 6)} ${user.phone.slice(6, 10)} ${user.phone.slice(10)}`;
    expect((await ask(written)).status).toBe(202);
    const [first] = await waitFor(
      () => smsTo(user.phone),
      (sms) => sms.length === 1,
    );
    expect(first.Body).toMatch(/^Bloom password reset code: \d{6}, valid for 15 minutes\./);

    expect((await ask(user.phone)).status).toBe(202);
    const [, second] = await waitFor(
      () => smsTo(user.phone),
      (sms) => sms.length === 2,
    );
    const [firstCode, secondCode] = [codeIn(first.Body), codeIn(second.Body)];
    if (firstCode !== secondCode) expect((await confirm({ login: user.phone, code: firstCode, newPassword: NEW_PASSWORD })).status).toBe(400);
    expect((await confirm({ login: user.phone, code: secondCode, newPassword: NEW_PASSWORD })).status).toBe(204);
  });

  it('answers an unknown login, a disabled user and garbage the same 202 as a real one, and sends them nothing', async () => {
    const real = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    const disabled = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE id = $1`, [disabled.id]);
    const answers = [await ask(real.email), await ask('nobody@example.test'), await ask(disabled.email), await ask('not a login'), await ask('+86 139 0000 0000')];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.body).toEqual(answers[0].body);
    }
    // The notification and the code are written in the request's transaction: what is not there now never will be.
    expect(await t.sql('SELECT 1 FROM notification WHERE staff_user_id = $1', [disabled.id])).toEqual([]);
    expect(await t.sql('SELECT 1 FROM password_reset_code WHERE user_id = $1', [disabled.id])).toEqual([]);
    expect(await t.sql('SELECT staff_user_id FROM notification WHERE staff_user_id = $1', [real.id])).toHaveLength(1);
  });

  it('answers a known login no sooner than an unknown one: both wait out PASSWORD_RESET_ANSWER_TIME', async () => {
    const user = await createUser(t, { role: 'receptionist', storeIds: [storeId] });
    for (const login of [user.email, 'someone.else@example.test']) {
      const started = performance.now();
      expect((await ask(login)).status).toBe(202);
      // Timers may fire a millisecond early by the clock measuring them.
      expect(performance.now() - started).toBeGreaterThanOrEqual(t.config.PASSWORD_RESET_ANSWER_TIME - 5);
    }
    expect(t.config.PASSWORD_RESET_ANSWER_TIME).toBe(250);
  });

  it('takes PASSWORD_RESET_PER_HOUR requests an hour per account, its e-mail and phone together, and counts unknown logins alike', async () => {
    const user = await createUser(t, { role: 'beautician', storeIds: [storeId] });
    const phone = `+86139${String(20_000_000 + ++phones)}`;
    await t.sql('UPDATE staff_user SET phone = $2 WHERE id = $1', [user.id, phone]);
    for (const login of [user.email, phone, user.email.toUpperCase()]) expect((await ask(login)).status).toBe(202);
    const limited = await ask(phone);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.too_many_reset_requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    expect(await t.sql('SELECT 1 FROM notification WHERE staff_user_id = $1', [user.id])).toHaveLength(3);

    for (let i = 0; i < 3; i++) expect((await ask('stranger@example.test')).status).toBe(202);
    expect((await ask('stranger@example.test')).status).toBe(429);
  });
});

describe('password reset by code: the per-address limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PASSWORD_RESET_IP_PER_HOUR: '3' } });
  });
  afterAll(() => t.close());

  it('answers requests past PASSWORD_RESET_IP_PER_HOUR with 429, whichever accounts they name', async () => {
    for (const login of ['a@example.test', 'b@example.test', 'c@example.test']) expect((await t.http.post('/v1/auth/password-reset').send({ login })).status).toBe(202);
    const limited = await t.http.post('/v1/auth/password-reset').send({ login: 'd@example.test' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.too_many_reset_requests');
    // Confirmations share the address's count.
    expect((await t.http.post('/v1/auth/password-reset/confirm').send({ login: 'a@example.test', code: '000000', newPassword: NEW_PASSWORD })).status).toBe(429);
  });

  it('answers confirmations past PASSWORD_RESET_IP_PER_HOUR with 429 and Retry-After, even for the right code', async () => {
    // A fresh hour for this address: forget the counts of the test before (this app's keys only).
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys(`${t.config.REDIS_PREFIX}:ratelimit:password-reset:*`);
    if (keys.length > 0) await redis.del(...keys);
    const store = await createStore(t);
    const user = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const code = (await t.app.get(PasswordResetCodes).issue(user.id))!;
    for (let i = 0; i < 3; i++) {
      const res = await t.http.post('/v1/auth/password-reset/confirm').send({ login: 'nobody@example.test', code: '000000', newPassword: NEW_PASSWORD });
      expect(res.status).toBe(400);
    }
    const limited = await t.http.post('/v1/auth/password-reset/confirm').send({ login: user.email, code, newPassword: NEW_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.too_many_reset_requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(3000);
    // Refused before the code was looked at: it is untouched.
    const [row] = await t.sql<{ attempts: number }>('SELECT attempts FROM password_reset_code WHERE user_id = $1', [user.id]);
    expect(row.attempts).toBe(0);
  });
});
