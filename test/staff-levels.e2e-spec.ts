import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { createStaffMember } from './support/scheduling.js';
import { fieldsOf, PROBLEM } from './support/responses.js';

let sequence = 0;
/** A level body with a code and rank no other test uses (ranks 500–999 are this file's). */
const levelBody = (overrides: Record<string, unknown> = {}) => {
  sequence++;
  return { code: `lvl_${Date.now().toString(36)}_${sequence}`, name: `级别 Level ${sequence}`, rank: 500 + sequence, ...overrides };
};

describe('staff levels', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let beautician: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, auth: Record<string, string> = owner.auth) => t.http.post('/v1/staff-levels').set(auth).send(body);

  it('creates a level with a Location, reads it with its ETag, and audits it', async () => {
    const body = levelBody({ name: ' 首席 Chief stylist ' });
    const res = await create(body);
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/staff-levels/${res.body.id}`);
    expect(res.body).toMatchObject({ code: body.code, name: '首席 Chief stylist', rank: body.rank, status: 'active', version: 1 });
    const read = await t.http.get(res.headers.location).set(beautician.auth);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(res.body);
    const audit = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1', [res.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['staff_level.create']);
  });

  it('lists levels by rank, page by page, to every staff role and to keys with scheduling:read', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await create(levelBody()).expect(201)).body);
    const key = await createApiKey(t, { scopes: ['scheduling:read'] });
    for (const auth of [beautician.auth, key.auth]) {
      const ranks: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.http
          .get('/v1/staff-levels')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(auth);
        expect(page.status).toBe(200);
        ranks.push(...page.body.data.map((level: { rank: number }) => level.rank));
        cursor = page.body.nextCursor ?? undefined;
      } while (cursor);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(ranks).toEqual(expect.arrayContaining(made.map((level) => level.rank)));
    }
  });

  it('refuses a code or a rank another level has, naming the field', async () => {
    const first = (await create(levelBody()).expect(201)).body;
    const sameCode = await create(levelBody({ code: first.code }));
    expect([sameCode.status, sameCode.body.code, fieldsOf(sameCode.body)]).toEqual([409, 'staff_level.code_taken', ['code']]);
    expect(sameCode.headers['content-type']).toMatch(PROBLEM);
    const sameRank = await create(levelBody({ rank: first.rank }));
    expect([sameRank.status, sameRank.body.code, fieldsOf(sameRank.body)]).toEqual([409, 'staff_level.rank_taken', ['rank']]);
    const other = (await create(levelBody()).expect(201)).body;
    const patch = await t.http.patch(`/v1/staff-levels/${other.id}`).set(owner.auth).set('if-match', '"1"').send({ rank: first.rank });
    expect([patch.status, patch.body.code]).toEqual([409, 'staff_level.rank_taken']);
  });

  it('refuses bad input naming each field', async () => {
    const res = await create({ code: 'Senior Stylist', name: '', rank: 1001 });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body).sort()).toEqual(['code', 'name', 'rank']);
    const missing = await create({});
    expect(fieldsOf(missing.body).sort()).toEqual(['code', 'name', 'rank']);
  });

  it('changes a level with If-Match, answering 412 on a stale version and 428 without one', async () => {
    const level = (await create(levelBody()).expect(201)).body;
    const changed = await t.http.patch(`/v1/staff-levels/${level.id}`).set(owner.auth).set('if-match', '"1"').send({ name: '高级 Senior' });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ name: '高级 Senior', code: level.code, version: 2 });
    const stale = await t.http.patch(`/v1/staff-levels/${level.id}`).set(owner.auth).set('if-match', '"1"').send({ name: 'X' });
    expect([stale.status, stale.body.code]).toEqual([412, 'request.stale_version']);
    const missing = await t.http.patch(`/v1/staff-levels/${level.id}`).set(owner.auth).send({ name: 'X' });
    expect(missing.status).toBe(428);
    const [row] = await t.sql<{ name: string }>('SELECT name FROM staff_level WHERE id = $1', [level.id]);
    expect(row.name).toBe('高级 Senior');
  });

  it('archives and restores idempotently; archived levels leave the default list', async () => {
    const level = (await create(levelBody()).expect(201)).body;
    const archived = await t.http.post(`/v1/staff-levels/${level.id}/archive`).set(owner.auth);
    expect([archived.status, archived.body.status, archived.body.version]).toEqual([200, 'archived', 2]);
    const again = await t.http.post(`/v1/staff-levels/${level.id}/archive`).set(owner.auth);
    expect(again.body).toMatchObject({ status: 'archived', version: 2 });
    const active = await t.http.get('/v1/staff-levels').query({ limit: 100 }).set(owner.auth);
    expect(active.body.data.map((l: { id: string }) => l.id)).not.toContain(level.id);
    const all = await t.http.get('/v1/staff-levels').query({ limit: 100, status: 'archived' }).set(owner.auth);
    expect(all.body.data.map((l: { id: string }) => l.id)).toContain(level.id);
    const restored = await t.http.post(`/v1/staff-levels/${level.id}/restore`).set(owner.auth);
    expect(restored.body).toMatchObject({ status: 'active', version: 3 });
    const actions = await t.sql<{ action: string }>('SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [level.id]);
    expect(actions.map((a) => a.action)).toEqual(['staff_level.create', 'staff_level.archive', 'staff_level.restore']);
  });

  it('keeps an archived level on the staff who have it, and refuses to give it to anyone', async () => {
    const level = (await create(levelBody()).expect(201)).body;
    const store = await createStore(t);
    const member = await createStaffMember(t, { storeIds: [store.id], levelId: level.id });
    await t.http.post(`/v1/staff-levels/${level.id}/archive`).set(owner.auth).expect(200);
    const read = await t.http.get(`/v1/staff/${member.id}`).set(owner.auth);
    expect(read.body.level).toEqual({ id: level.id, code: level.code, name: level.name, rank: level.rank });
    const hire = await t.http
      .post('/v1/staff')
      .set(owner.auth)
      .send({ name: '新人 New', storeIds: [store.id], levelId: level.id });
    expect([hire.status, hire.body.code, fieldsOf(hire.body)]).toEqual([422, 'staff_level.archived', ['levelId']]);
  });

  it('lets only owners (and keys with scheduling:write) change levels', async () => {
    const level = (await create(levelBody()).expect(201)).body;
    for (const user of [manager, beautician]) {
      expect((await create(levelBody(), user.auth)).status).toBe(403);
      expect((await t.http.post(`/v1/staff-levels/${level.id}/archive`).set(user.auth)).status).toBe(403);
    }
    const readOnly = await createApiKey(t, { scopes: ['scheduling:read'] });
    expect((await create(levelBody(), readOnly.auth)).status).toBe(403);
    const writer = await createApiKey(t, { scopes: ['scheduling:write'] });
    expect((await create(levelBody(), writer.auth)).status).toBe(201);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await t.http.get(`/v1/staff-levels/${id}`).set(owner.auth);
      expect([res.status, res.body.code]).toEqual([404, 'staff_level.not_found']);
    }
  });
});
