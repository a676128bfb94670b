/**
 * /v1/segments: saved customer searches with a live count and member list, CRUD with If-Match,
 * criteria validated like the search's query (errors name `criteria.<field>`), and the service
 * promotions will call.
 */
import { SegmentsService } from '../src/modules/customers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type UserRecord } from './support/factories.js';
import { birthdayFor, fieldsOf, insertCustomer, PROBLEM } from './customer-search-support.js';
import { raceOfTwo } from './support/race.js';

describe('segments', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let beautician: UserRecord;
  let readKey: ApiKeyRecord;
  let writeKey: ApiKeyRecord;
  let piiKey: ApiKeyRecord;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    readKey = await createApiKey(t, { scopes: ['customers:read'] });
    writeKey = await createApiKey(t, { scopes: ['customers:write'] });
    piiKey = await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] });
    // Three VIP women aged 30, one aged 50, a VIP man, a blocked VIP woman, a merged one.
    for (const [i, name] of ['甲', '乙', '丙'].entries()) {
      await insertCustomer(t, {
        name: `VIP女${name}`,
        phone: `+861380000${1000 + i}`,
        gender: 'female',
        birthday: birthdayFor(30, 6),
        tags: ['VIP'],
        createdAt: `2026-0${i + 1}-01T00:00:00Z`,
      });
    }
    await insertCustomer(t, { name: 'VIP女丁', gender: 'female', birthday: birthdayFor(50, 6), tags: ['VIP'] });
    await insertCustomer(t, { name: 'VIP男', gender: 'male', birthday: birthdayFor(30, 6), tags: ['VIP'] });
    await insertCustomer(t, { name: 'VIP女 blocked', gender: 'female', birthday: birthdayFor(30, 6), tags: ['VIP'], status: 'blocked' });
  });
  afterAll(() => t.close());

  const VIP_WOMEN_25_35 = { tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 35 };
  let nameCounter = 0;
  const create = (body: Record<string, unknown>, auth: Record<string, string> = manager.auth) =>
    t.http
      .post('/v1/segments')
      .set(auth)
      .send({ name: `segment ${nameCounter++}`, criteria: VIP_WOMEN_25_35, ...body });
  const countOf = async (id: string) => {
    const res = await t.http.get(`/v1/segments/${id}/count`).set(receptionist.auth);
    expect(res.status).toBe(200);
    return res.body.count as number;
  };

  it('saves a segment with normalised criteria, audited, readable by all staff', async () => {
    const res = await create({
      name: '  春季 VIP  ',
      description: 'Spring campaign',
      criteria: { tag: 'VIP', gender: 'female', ageMin: '25', ageMax: 35, phone: '138 0000 1000' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      name: '春季 VIP',
      description: 'Spring campaign',
      version: 1,
      criteria: { phone: '+8613800001000', tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 35 },
    });
    expect(Object.keys(res.body.criteria)).toEqual(['phone', 'tag', 'gender', 'ageMin', 'ageMax']);

    const read = await t.http.get(`/v1/segments/${res.body.id}`).set(beautician.auth);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    // A beautician sees customers masked, and so the contact data in a segment's criteria.
    expect(read.body.criteria).toMatchObject({ phone: '138****1000', tag: ['VIP'] });
    expect((await t.http.get(`/v1/segments/${res.body.id}`).set(owner.auth)).body).toEqual(res.body);

    const [audit] = await t.sql<{ action: string; actor_id: string }>('SELECT action, actor_id FROM audit_event WHERE entity_id = $1', [res.body.id]);
    expect(audit).toEqual({ action: 'segment.create', actor_id: manager.id });
  });

  it('counts and lists its members live, newest first, as the customer book changes', async () => {
    const { body: segment } = await create({});
    // Blocked customers count, as in the search: only merged and anonymized records are left out unless asked.
    expect(await countOf(segment.id)).toBe(4);
    const members = await t.http.get(`/v1/segments/${segment.id}/customers`).set(owner.auth);
    expect(members.status).toBe(200);
    expect(members.body.data.map((c: { name: string }) => c.name)).toEqual(['VIP女 blocked', 'VIP女丙', 'VIP女乙', 'VIP女甲']);

    const newcomer = await insertCustomer(t, { name: 'VIP女戊', gender: 'female', birthday: birthdayFor(28, 1), tags: ['VIP', '新客'] });
    expect(await countOf(segment.id)).toBe(5);
    await t.sql("UPDATE customer SET status = 'anonymized' WHERE id = $1", [newcomer]);
    expect(await countOf(segment.id)).toBe(4);

    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = await t.http
        .get(`/v1/segments/${segment.id}/customers`)
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .set(owner.auth);
      paged.push(...res.body.data.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(members.body.data.map((c: { id: string }) => c.id));
  });

  it('lists members with the privacy of the search, auditing full reads by keys', async () => {
    const { body: segment } = await create({ criteria: { tag: ['VIP'], gender: 'female' } });
    const masked = await t.http.get(`/v1/segments/${segment.id}/customers`).set(beautician.auth);
    expect(masked.body.data[0]).toMatchObject({ masked: true, birthday: null, phone: expect.stringContaining('****') });
    const keyMasked = await t.http.get(`/v1/segments/${segment.id}/customers`).set(readKey.auth);
    expect(keyMasked.body.data[0]).toMatchObject({ masked: true, careNotes: null });

    const full = await t.http.get(`/v1/segments/${segment.id}/customers`).set(piiKey.auth);
    expect(full.body.data[0]).toMatchObject({ masked: false, phone: expect.stringMatching(/^\+86/) });
    const audits = await t.sql<{ entity_id: string; after: { segmentId: string } }>(
      "SELECT entity_id, after FROM audit_event WHERE action = 'customer.read_pii' AND actor_id = $1",
      [piiKey.id],
    );
    expect(audits.map((a) => a.entity_id).sort()).toEqual(full.body.data.map((c: { id: string }) => c.id).sort());
    expect(audits.every((a) => a.after.segmentId === segment.id)).toBe(true);
  });

  it('refuses beauticians and keys without customers:pii the members and count of a segment filtering by what they see masked', async () => {
    const { body: ages } = await create({});
    const { body: phone } = await create({ criteria: { phone: '+8613800001000' } });
    const { body: month } = await create({ criteria: { birthdayMonth: 6, tag: ['vip'] } });
    for (const auth of [beautician.auth, readKey.auth]) {
      for (const [segment, fields] of [
        [ages, ['criteria.ageMin', 'criteria.ageMax']],
        [phone, ['criteria.phone']],
        [month, ['criteria.birthdayMonth']],
      ] as const) {
        for (const path of ['customers', 'count']) {
          const res = await t.http.get(`/v1/segments/${segment.id}/${path}`).set(auth);
          expect(res.status).toBe(403);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(res.body.code).toBe('customer.filter_not_allowed');
          expect(fieldsOf(res.body)).toEqual(fields);
          expect(res.body.detail).toMatch(/^This segment filters by personal data you cannot see/);
        }
      }
      // The segment itself stays readable, its phone masked.
      const read = await t.http.get(`/v1/segments/${phone.id}`).set(auth);
      expect(read.status).toBe(200);
      expect(read.body.criteria.phone).toContain('****');
    }
    for (const auth of [receptionist.auth, piiKey.auth]) {
      const members = await t.http.get(`/v1/segments/${ages.id}/customers`).set(auth);
      expect(members.status).toBe(200);
      expect(members.body.data).toHaveLength(4);
      expect((await t.http.get(`/v1/segments/${phone.id}/customers`).set(auth)).body.data).toHaveLength(1);
      expect((await t.http.get(`/v1/segments/${month.id}/count`).set(auth)).body.count).toBe(6);
    }
  });

  it('changes name and criteria with If-Match; 428 without, 412 when stale', async () => {
    const { body: segment } = await create({});
    const missing = await t.http.patch(`/v1/segments/${segment.id}`).set(manager.auth).send({ name: 'x' });
    expect(missing.status).toBe(428);
    const changed = await t.http
      .patch(`/v1/segments/${segment.id}`)
      .set(manager.auth)
      .set('if-match', '"1"')
      .send({ name: 'VIP 女性 25-55', criteria: { tag: ['VIP'], gender: 'female', ageMax: 55 } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ name: 'VIP 女性 25-55', version: 2, criteria: { tag: ['VIP'], gender: 'female', ageMax: 55 } });
    expect(changed.body.criteria.ageMin).toBeUndefined();
    expect(await countOf(segment.id)).toBe(5);

    const stale = await t.http.patch(`/v1/segments/${segment.id}`).set(manager.auth).set('if-match', '"1"').send({ name: 'late' });
    expect(stale.status).toBe(412);
    expect(stale.headers['content-type']).toMatch(PROBLEM);
    expect(stale.body.code).toBe('request.stale_version');
    const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM segment WHERE id = $1', [segment.id]);
    expect(row).toEqual({ name: 'VIP 女性 25-55', version: 2 });
    const [audit] = await t.sql<{ before: { name: string }; after: { name: string } }>("SELECT before, after FROM audit_event WHERE entity_id = $1 AND action = 'segment.update'", [
      segment.id,
    ]);
    expect(audit).toMatchObject({ before: { name: segment.name }, after: { name: 'VIP 女性 25-55' } });
  });

  it('lets exactly one of two concurrent PATCHes with the same version win', async () => {
    for (let round = 0; round < 4; round++) {
      const { body: segment } = await create({});
      const send = (name: string) => t.http.patch(`/v1/segments/${segment.id}`).set(manager.auth).set('if-match', '"1"').send({ name });
      // The first is held in its transaction until the second has read version 1 and waits on the row.
      const results = await raceOfTwo(
        t,
        () => send(`first ${round}`),
        () => send(`second ${round}`),
      );
      expect(results.map((r) => r.status)).toEqual([200, 412]);
      const [row] = await t.sql<{ name: string; version: number }>('SELECT name, version FROM segment WHERE id = $1', [segment.id]);
      expect(row).toEqual({ name: results.find((r) => r.status === 200)!.body.name, version: 2 });
    }
  });

  it('keeps names unique regardless of case, also under concurrent creates', async () => {
    await create({ name: 'Birthday May' }).expect(201);
    const taken = await create({ name: 'BIRTHDAY may' });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'segment.name_taken' });
    expect(fieldsOf(taken.body)).toEqual(['name']);

    const results = await Promise.all([create({ name: 'Race' }), create({ name: 'race' }), create({ name: 'RACE' })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  describe('criteria are validated like the search, errors naming criteria.<field>', () => {
    const cases: Array<[unknown, string]> = [
      [{ birthdayMonth: 13 }, 'criteria.birthdayMonth'],
      [{ ageMin: 40, ageMax: 30 }, 'criteria.ageMax'],
      [{ status: ['gone'] }, 'criteria.status'],
      [{ createdFrom: 'last week' }, 'criteria.createdFrom'],
      [{ phone: '12' }, 'criteria.phone'],
      [{ q: '' }, 'criteria.q'],
      [{ limit: 5 }, 'criteria.limit'],
      [{ cursor: 'x' }, 'criteria.cursor'],
      [{ favouriteColour: 'red' }, 'criteria.favouriteColour'],
      ['VIP', 'criteria'],
      [['VIP'], 'criteria'],
      [null, 'criteria'],
    ];
    it.each(cases)('%j → %s', async (criteria, field) => {
      const res = await create({ criteria });
      expect(res.status).toBe(400);
      // An array is also refused element by element (`criteria[0]`): the first error names the field.
      expect(fieldsOf(res.body)[0]).toBe(field);
      expect(fieldsOf(res.body).every((name) => name.startsWith(field))).toBe(true);
    });

    it('on PATCH too, and without criteria or name on create', async () => {
      const { body: segment } = await create({});
      const res = await t.http
        .patch(`/v1/segments/${segment.id}`)
        .set(manager.auth)
        .set('if-match', '"1"')
        .send({ criteria: { birthdayMonth: 0 } });
      expect(res.status).toBe(400);
      expect([...new Set(fieldsOf(res.body))]).toEqual(['criteria.birthdayMonth']);
      const bare = await t.http.post('/v1/segments').set(manager.auth).send({});
      expect([...new Set(fieldsOf(bare.body))].sort()).toEqual(['criteria', 'name']);
    });
  });

  it('deletes a segment: gone afterwards, audited', async () => {
    const { body: segment } = await create({});
    expect((await t.http.delete(`/v1/segments/${segment.id}`).set(manager.auth)).status).toBe(204);
    for (const path of ['', '/count', '/customers']) {
      const res = await t.http.get(`/v1/segments/${segment.id}${path}`).set(owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('segment.not_found');
    }
    expect((await t.http.delete(`/v1/segments/${segment.id}`).set(manager.auth)).status).toBe(404);
    expect((await t.http.get('/v1/segments/not-a-uuid').set(owner.auth)).status).toBe(404);
    const audits = await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'segment.delete'", [segment.id]);
    expect(audits).toHaveLength(1);
  });

  it('lists segments newest first, filtered by name', async () => {
    await create({ name: 'Lapsed clients' }).expect(201);
    const res = await t.http.get('/v1/segments').query({ q: 'lapsed' }).set(beautician.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((s: { name: string }) => s.name)).toEqual(['Lapsed clients']);
    const all = await t.http.get('/v1/segments').query({ limit: 100 }).set(readKey.auth);
    const created = all.body.data.map((s: { createdAt: string }) => s.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('lets managers and write keys change segments, not receptionists, beauticians or read keys', async () => {
    expect((await create({}, owner.auth)).status).toBe(201);
    expect((await create({}, writeKey.auth)).status).toBe(201);
    expect((await create({}, receptionist.auth)).status).toBe(403);
    expect((await create({}, beautician.auth)).status).toBe(403);
    expect((await create({}, readKey.auth)).status).toBe(403);
    const { body: segment } = await create({});
    expect((await t.http.delete(`/v1/segments/${segment.id}`).set(receptionist.auth)).status).toBe(403);
  });

  it('answers promotions through SegmentsService: member ids, membership, count', async () => {
    const { body: segment } = await create({});
    const service = t.app.get(SegmentsService);
    expect(await service.count(segment.id)).toBe(4);
    const first = await service.memberIds(segment.id, { limit: 2 });
    expect(first.ids).toHaveLength(2);
    const second = await service.memberIds(segment.id, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    const members = [...first.ids, ...second.ids];
    expect(new Set(members).size).toBe(4);
    expect(await service.isMember(segment.id, members[0])).toBe(true);
    const [man] = await t.sql<{ id: string }>("SELECT id FROM customer WHERE name = 'VIP男'");
    expect(await service.isMember(segment.id, man.id)).toBe(false);
    await expect(service.count('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'segment.not_found' });
  });
});
