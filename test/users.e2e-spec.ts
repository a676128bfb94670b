import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';

const ROOT = join(import.meta.dirname, '..');
let sequence = 0;
const email = () => `staff-${Date.now().toString(36)}-${sequence++}@example.test`;
const PASSWORD = 'spring-2027-bloom';

describe('users', () => {
  let t: TestApp;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let owner: UserRecord;
  let managerA: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    [storeA, storeB] = [await createStore(t), await createStore(t)];
    owner = await createUser(t, { role: 'owner' });
    managerA = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
  });
  afterAll(() => t.close());

  const create = (caller: UserRecord, body: Record<string, unknown>) =>
    t.http
      .post('/v1/users')
      .set(caller.auth)
      .send({ name: 'Staff', email: email(), password: PASSWORD, ...body });

  describe('create', () => {
    it('lets an owner create a manager, who can then sign in; the answer never holds the hash', async () => {
      const address = email();
      const res = await create(owner, { name: '李娜 Li Na', email: address, phone: '138 0013 8000', role: 'manager', storeIds: [storeA.id, storeB.id] });
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({ name: '李娜 Li Na', email: address, phone: '+8613800138000', role: 'manager', status: 'active', allStores: false, version: 1 });
      expect(res.body.storeIds.sort()).toEqual([storeA.id, storeB.id].sort());
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|password/i);
      const signIn = await t.http.post('/v1/auth/login').send({ login: '13800138000', password: PASSWORD });
      expect(signIn.status).toBe(200);
      expect(signIn.body.user.id).toBe(res.body.id);

      const [audit] = await t.sql<{ actor_id: string; after: Record<string, unknown> }>(`SELECT actor_id, after FROM audit_event WHERE action = 'user.create' AND entity_id = $1`, [
        res.body.id,
      ]);
      expect(audit.actor_id).toBe(owner.id);
      expect(audit.after).toMatchObject({ email: '[redacted]', phone: '[redacted]', role: 'manager' });
      expect(JSON.stringify(audit)).not.toMatch(/argon2|spring-2027|example\.test|138/);
    });

    it('creates owners without a store list, and everyone else with one', async () => {
      const anOwner = await create(owner, { role: 'owner' });
      expect(anOwner.status).toBe(201);
      expect(anOwner.body).toMatchObject({ storeIds: [], allStores: true });
      const ownerWithStores = await create(owner, { role: 'owner', storeIds: [storeA.id] });
      expect(ownerWithStores.status).toBe(400);
      expect(ownerWithStores.body.code).toBe('user.owner_has_no_stores');
      const storeless = await create(owner, { role: 'beautician' });
      expect(storeless.status).toBe(400);
      expect(storeless.body).toMatchObject({ code: 'user.stores_required', errors: [{ field: 'storeIds' }] });
    });

    it('refuses a store that does not exist with a 422 naming storeIds', async () => {
      const res = await create(owner, { role: 'beautician', storeIds: [randomUUID()] });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('reference.not_found');
      expect(res.body.errors[0].field).toBe('storeIds');
    });

    it('refuses a duplicate e-mail or phone with a 409 naming the field', async () => {
      const first = await create(owner, { role: 'receptionist', storeIds: [storeA.id], phone: '13700137000' });
      expect(first.status).toBe(201);
      const sameEmail = await create(owner, { role: 'receptionist', storeIds: [storeA.id], email: first.body.email.toUpperCase() });
      expect(sameEmail.status).toBe(409);
      expect(sameEmail.body).toMatchObject({ code: 'user.email_taken', errors: [{ field: 'email' }] });
      const samePhone = await create(owner, { role: 'receptionist', storeIds: [storeA.id], phone: '+86 137-0013-7000' });
      expect(samePhone.status).toBe(409);
      expect(samePhone.body).toMatchObject({ code: 'user.phone_taken', errors: [{ field: 'phone' }] });
    });

    it('refuses weak passwords, bad phones and a user with no way to sign in', async () => {
      const weak = await create(owner, { role: 'receptionist', storeIds: [storeA.id], password: 'aaaaaaaaaaaa' });
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'user.weak_password', errors: [{ field: 'password' }] });
      const badPhone = await create(owner, { role: 'receptionist', storeIds: [storeA.id], phone: '12345' });
      expect(badPhone.status).toBe(400);
      expect(badPhone.body.errors).toEqual([expect.objectContaining({ field: 'phone' })]);
      const noLogin = await t.http
        .post('/v1/users')
        .set(owner.auth)
        .send({ name: 'Nobody', role: 'receptionist', storeIds: [storeA.id], password: PASSWORD });
      expect(noLogin.status).toBe(400);
      expect(noLogin.body.code).toBe('user.login_required');
    });

    it('lets a manager create receptionists and beauticians of their own stores only', async () => {
      const ok = await create(managerA, { role: 'beautician', storeIds: [storeA.id] });
      expect(ok.status).toBe(201);
      const otherStore = await create(managerA, { role: 'beautician', storeIds: [storeB.id] });
      expect(otherStore.status).toBe(422);
      expect(otherStore.body).toMatchObject({ code: 'reference.not_found', errors: [{ field: 'storeIds' }] });
      const aManager = await create(managerA, { role: 'manager', storeIds: [storeA.id] });
      expect(aManager.status).toBe(403);
      expect(aManager.body.code).toBe('user.role_not_allowed');
    });

    it('is for owners and managers only', async () => {
      const receptionist = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      expect((await create(receptionist, { role: 'beautician', storeIds: [storeA.id] })).status).toBe(403);
      expect((await t.http.get('/v1/users').set(receptionist.auth)).status).toBe(403);
    });
  });

  describe('list and get', () => {
    let inA: UserRecord;
    let inB: UserRecord;
    let inBoth: UserRecord;
    beforeAll(async () => {
      inA = await createUser(t, { role: 'receptionist', storeIds: [storeA.id], name: 'Zhou Receptionist' });
      inB = await createUser(t, { role: 'beautician', storeIds: [storeB.id], name: 'Qian Beautician' });
      inBoth = await createUser(t, { role: 'beautician', storeIds: [storeA.id, storeB.id] });
    });

    async function listAll(caller: UserRecord, query: Record<string, string> = {}): Promise<Array<{ id: string; storeIds: string[] }>> {
      const items: Array<{ id: string; storeIds: string[] }> = [];
      let cursor: string | null = null;
      do {
        const res = await t.http
          .get('/v1/users')
          .set(caller.auth)
          .query({ ...query, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        items.push(...res.body.data);
        cursor = res.body.nextCursor;
      } while (cursor);
      return items;
    }

    it('shows owners everyone, page by page, without repeats', async () => {
      const ids = (await listAll(owner)).map((user) => user.id);
      expect(new Set(ids).size).toBe(ids.length);
      const [{ n }] = await t.sql<{ n: string }>('SELECT count(*) AS n FROM staff_user');
      expect(ids).toHaveLength(Number(n));
    });

    it('shows managers only the users of their stores', async () => {
      const ids = (await listAll(managerA)).map((user) => user.id);
      expect(ids).toEqual(expect.arrayContaining([inA.id, inBoth.id, managerA.id]));
      expect(ids).not.toContain(inB.id);
      expect(ids).not.toContain(owner.id);
      const storeIds = (await listAll(managerA)).flatMap((user) => user.storeIds);
      expect(storeIds).toContain(storeA.id);
    });

    it('filters by role, store, status and a piece of name, e-mail or phone', async () => {
      expect((await listAll(owner, { role: 'beautician', storeId: storeB.id })).map((u) => u.id).sort()).toEqual([inB.id, inBoth.id].sort());
      expect((await listAll(owner, { q: 'zhou recep' })).map((u) => u.id)).toEqual([inA.id]);
      expect((await listAll(owner, { q: inB.email.slice(0, 12) })).map((u) => u.id)).toContain(inB.id);
      expect((await listAll(owner, { q: '100%_' })).length).toBe(0);
      expect((await listAll(owner, { status: 'disabled', q: 'zhou' })).length).toBe(0);
      const bad = await t.http.get('/v1/users').set(owner.auth).query({ role: 'king' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('role');
    });

    it('shows a manager only the ids of stores they can see, never the other stores of a colleague', async () => {
      const read = await t.http.get(`/v1/users/${inBoth.id}`).set(managerA.auth);
      expect(read.status).toBe(200);
      expect(read.body.storeIds).toEqual([storeA.id]);
      const listed = (await listAll(managerA)).find((user) => user.id === inBoth.id);
      expect(listed?.storeIds).toEqual([storeA.id]);
      expect((await listAll(managerA)).flatMap((user) => user.storeIds)).not.toContain(storeB.id);
      // Owners see every store.
      const asOwner = await t.http.get(`/v1/users/${inBoth.id}`).set(owner.auth);
      expect(asOwner.body.storeIds.sort()).toEqual([storeA.id, storeB.id].sort());
    });

    it('answers a manager filtering by a store they cannot see with an empty page, as the audit log does', async () => {
      const users = await t.http.get('/v1/users').set(managerA.auth).query({ storeId: storeB.id });
      expect(users.status).toBe(200);
      expect(users.body).toEqual({ data: [], nextCursor: null });
      const audit = await t.http.get('/v1/audit-events').set(managerA.auth).query({ storeId: storeB.id });
      expect(audit.status).toBe(200);
      expect(audit.body.data).toEqual([]);
      // Their own store filters as before.
      for (const storeId of [storeA.id, storeA.id.toUpperCase()]) {
        expect((await listAll(managerA, { storeId })).map((user) => user.id)).toEqual(expect.arrayContaining([inA.id, inBoth.id]));
      }
      expect((await t.http.get('/v1/users').set(managerA.auth).query({ storeId: storeB.id.toUpperCase() })).body.data).toEqual([]);
    });

    it('answers a user of another store with 404 to a manager', async () => {
      const res = await t.http.get(`/v1/users/${inB.id}`).set(managerA.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('user.not_found');
      expect((await t.http.get(`/v1/users/${owner.id}`).set(managerA.auth)).status).toBe(404);
      expect((await t.http.get(`/v1/users/${inB.id}`).set(owner.auth)).status).toBe(200);
      const mine = await t.http.get(`/v1/users/${inA.id}`).set(managerA.auth);
      expect(mine.status).toBe(200);
      expect(mine.headers.etag).toBe('"1"');
      expect((await t.http.get('/v1/users/not-a-uuid').set(owner.auth)).status).toBe(404);
      expect((await t.http.get(`/v1/users/${randomUUID()}`).set(owner.auth)).status).toBe(404);
    });
  });

  describe('update', () => {
    const patch = (caller: UserRecord, id: string, body: Record<string, unknown>, ifMatch?: string) => {
      const request = t.http.patch(`/v1/users/${id}`).set(caller.auth);
      return (ifMatch === undefined ? request : request.set('if-match', ifMatch)).send(body);
    };

    it('changes fields with If-Match, answers the new version; 428 without it, 412 when stale', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const missing = await patch(owner, user.id, { name: 'New' });
      expect(missing.status).toBe(428);
      expect(missing.body.code).toBe('request.if_match_required');

      const ok = await patch(owner, user.id, { name: '  Zhao Li ', phone: '13600136000', role: 'beautician', storeIds: [storeB.id] }, '"1"');
      expect(ok.status).toBe(200);
      expect(ok.headers.etag).toBe('"2"');
      expect(ok.body).toMatchObject({ name: 'Zhao Li', phone: '+8613600136000', role: 'beautician', storeIds: [storeB.id], version: 2, email: user.email });

      const stale = await patch(owner, user.id, { name: 'Late' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('request.stale_version');
      expect((await t.http.get(`/v1/users/${user.id}`).set(owner.auth)).body.name).toBe('Zhao Li');

      const [audit] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
        `SELECT before, after FROM audit_event WHERE action = 'user.update' AND entity_id = $1`,
        [user.id],
      );
      expect(audit.before).toMatchObject({ role: 'receptionist', storeIds: [storeA.id], version: 1 });
      expect(audit.after).toMatchObject({ role: 'beautician', storeIds: [storeB.id], version: 2, phone: '[redacted]' });
    });

    it('lets exactly one of two parallel edits of the same version win', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const answers = await raceOfTwo(
        t,
        () => patch(owner, user.id, { name: 'One' }, '"1"'),
        () => patch(owner, user.id, { name: 'Two' }, '"1"'),
      );
      expect(answers.map((res) => res.status)).toEqual([200, 412]);
    });

    it('keeps managers to their stores and front-line roles', async () => {
      const mine = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
      const elsewhere = await createUser(t, { role: 'beautician', storeIds: [storeB.id] });
      const fellowManager = await createUser(t, { role: 'manager', storeIds: [storeA.id] });
      expect((await patch(managerA, mine.id, { name: 'Renamed' }, '"1"')).status).toBe(200);
      expect((await patch(managerA, elsewhere.id, { name: 'Renamed' }, '"1"')).status).toBe(404);
      const manager = await patch(managerA, fellowManager.id, { name: 'Renamed' }, '"1"');
      expect(manager.status).toBe(403);
      expect(manager.body.code).toBe('user.not_manageable');
      const promote = await patch(managerA, mine.id, { role: 'manager' }, '"2"');
      expect(promote.status).toBe(403);
      const move = await patch(managerA, mine.id, { storeIds: [storeB.id] }, '"2"');
      expect(move.status).toBe(422);
      expect(move.body.code).toBe('reference.not_found');
    });

    it('refuses a duplicate e-mail with 409 and removing the last way to sign in with 400', async () => {
      const one = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const two = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const dup = await patch(owner, two.id, { email: one.email }, '"1"');
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ code: 'user.email_taken', errors: [{ field: 'email' }] });
      const none = await patch(owner, two.id, { email: null }, '"1"');
      expect(none.status).toBe(400);
      expect(none.body.code).toBe('user.login_required');
    });
  });

  describe('disable, enable, password reset', () => {
    it('disables a user: their sessions end and they cannot sign in until enabled', async () => {
      const user = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
      const session = await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password });
      const res = await t.http.post(`/v1/users/${user.id}/disable`).set(managerA.auth);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'disabled', version: 2 });
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
      expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password })).body.code).toBe('auth.account_disabled');
      expect((await t.http.get('/v1/users').set(owner.auth).query({ status: 'disabled' })).body.data.map((u: { id: string }) => u.id)).toContain(user.id);

      const enabled = await t.http.post(`/v1/users/${user.id}/enable`).set(managerA.auth);
      expect(enabled.status).toBe(200);
      expect(enabled.body.status).toBe('active');
      expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password })).status).toBe(200);
      const actions = await t.sql<{ action: string }>(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at`, [user.id]);
      expect(actions.map((row) => row.action)).toEqual(['user.disable', 'user.enable']);
    });

    it("answers another store's user with 404 to a manager", async () => {
      const elsewhere = await createUser(t, { role: 'receptionist', storeIds: [storeB.id] });
      expect((await t.http.post(`/v1/users/${elsewhere.id}/disable`).set(managerA.auth)).status).toBe(404);
      expect((await t.http.post(`/v1/users/${elsewhere.id}/password`).set(managerA.auth).send({ password: PASSWORD })).status).toBe(404);
    });

    it('never lets someone disable themselves, nor the last active owner go', async () => {
      const self = await t.http.post(`/v1/users/${owner.id}/disable`).set(owner.auth);
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('user.cannot_disable_self');

      // Leave a single active owner, then try to remove them another way.
      const others = await t.sql<{ id: string }>(`SELECT id FROM staff_user WHERE role = 'owner' AND status = 'active' AND id <> $1`, [owner.id]);
      for (const other of others) expect((await t.http.post(`/v1/users/${other.id}/disable`).set(owner.auth)).status).toBe(200);
      const [{ version }] = await t.sql<{ version: number }>('SELECT version FROM staff_user WHERE id = $1', [owner.id]);
      const demote = await t.http
        .patch(`/v1/users/${owner.id}`)
        .set(owner.auth)
        .set('if-match', `"${version}"`)
        .send({ role: 'manager', storeIds: [storeA.id] });
      expect(demote.status).toBe(409);
      expect(demote.body.code).toBe('user.last_owner');
    });

    it('lets only one of two owners disabling each other at once succeed', async () => {
      const one = await createUser(t, { role: 'owner' });
      const two = await createUser(t, { role: 'owner' });
      await t.sql(`UPDATE staff_user SET status = 'disabled' WHERE role = 'owner' AND id NOT IN ($1, $2)`, [one.id, two.id]);
      const answers = await Promise.all([t.http.post(`/v1/users/${two.id}/disable`).set(one.auth), t.http.post(`/v1/users/${one.id}/disable`).set(two.auth)]);
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
      const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM staff_user WHERE role = 'owner' AND status = 'active'`);
      expect(Number(n)).toBe(1);
      await t.sql(`UPDATE staff_user SET status = 'active' WHERE id = $1`, [owner.id]);
    });

    it('resets a password: the old one and every session stop working', async () => {
      const user = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
      const session = await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password });
      const weak = await t.http.post(`/v1/users/${user.id}/password`).set(managerA.auth).send({ password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('user.weak_password');
      const res = await t.http.post(`/v1/users/${user.id}/password`).set(managerA.auth).send({ password: 'autumn-2027-bloom' });
      expect(res.status).toBe(204);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.body.refreshToken })).status).toBe(401);
      expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: user.password })).status).toBe(401);
      expect((await t.http.post('/v1/auth/login').send({ login: user.email, password: 'autumn-2027-bloom' })).status).toBe(200);
    });
  });

  describe('CLI create-owner', () => {
    function cli(...args: string[]): Promise<{ code: number | null; output: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'src/cli.ts', 'create-owner', ...args], {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: t.database.url, REDIS_URL: t.config.REDIS_URL, REDIS_PREFIX: t.config.REDIS_PREFIX, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      });
    }

    it('creates an owner who can sign in; a second run says it exists, exits non-zero and changes nothing', async () => {
      const address = `founder-${Date.now()}@example.test`;
      const first = await cli('--email', address, '--password', 'first-owner-2027', '--name', 'Founder');
      expect(first.output).toMatch(/Created owner Founder/);
      expect(first.code).toBe(0);
      const signIn = await t.http.post('/v1/auth/login').send({ login: address, password: 'first-owner-2027' });
      expect(signIn.status).toBe(200);
      expect(signIn.body.user).toMatchObject({ role: 'owner', name: 'Founder', allStores: true });

      const before = await t.sql('SELECT id, password_hash, version FROM staff_user WHERE email = $1', [address]);
      const second = await cli('--email', address.toUpperCase(), '--password', 'another-owner-2027');
      expect(second.code).not.toBe(0);
      expect(second.output).toMatch(/already exists/);
      expect(await t.sql('SELECT id, password_hash, version FROM staff_user WHERE email = $1', [address])).toEqual(before);

      const weak = await cli('--email', `weak-${address}`, '--password', 'short');
      expect(weak.code).not.toBe(0);
      expect(weak.output).toMatch(/too weak/);
      expect(await t.sql('SELECT id FROM staff_user WHERE email = $1', [`weak-${address}`])).toEqual([]);
    }, 60_000);
  });
});
