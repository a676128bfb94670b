/**
 * GET /v1/customers: each filter alone selects exactly the right customers, filters combine with
 * AND, pages never repeat or skip, bad values answer 400 naming the field, and privacy is applied.
 */
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type StoreRecord, type UserRecord } from './support/factories.js';
import { birthdayFor, birthdayInDays, fieldsOf, insertCustomer, monthFromNow, PROBLEM } from './customer-search-support.js';

describe('customer search', () => {
  let t: TestApp;
  let owner: UserRecord;
  let beautician: UserRecord;
  let storeA: StoreRecord;
  let storeB: StoreRecord;
  let readKey: ApiKeyRecord;
  let piiKey: ApiKeyRecord;
  const ids: Record<string, string> = {};
  const month = monthFromNow(6);

  beforeAll(async () => {
    t = await startTestApp();
    storeA = await createStore(t);
    storeB = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    beautician = await createUser(t, { role: 'beautician', storeIds: [storeA.id] });
    readKey = await createApiKey(t, { scopes: ['customers:read'] });
    piiKey = await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] });

    const add = async (key: string, row: Parameters<typeof insertCustomer>[1]) => {
      ids[key] = await insertCustomer(t, row);
    };
    await add('xiaohong', {
      name: '王小红',
      phone: '+8613812345678',
      email: 'xiaohong.wang@example.com',
      gender: 'female',
      birthday: birthdayFor(30, month),
      source: 'referral',
      homeStoreId: storeA.id,
      tags: ['VIP', '敏感肌'],
      createdAt: '2026-01-10T02:00:00Z',
      careNotes: { skinType: 'dry', hairType: null, allergies: ['PPD'], other: null },
    });
    await add('wangwei', {
      name: '王伟',
      phone: '+8613900001234',
      gender: 'male',
      birthday: birthdayFor(40, month),
      source: 'walk_in',
      homeStoreId: storeB.id,
      tags: ['VIP'],
      createdAt: '2025-06-01T02:00:00Z',
    });
    await add('lixiaohong', {
      name: '李小红',
      phone: '+8613700005678',
      gender: 'female',
      birthday: birthdayInDays(25, 0),
      source: 'online',
      homeStoreId: storeA.id,
      tags: ['新客'],
      createdAt: '2026-03-01T02:00:00Z',
    });
    // Created at midnight 1 January 2025 in Shanghai: the createdFrom/createdTo boundary.
    await add('zhangwei', { name: '张伟', phone: '+8618600002222', gender: 'female', source: 'app', createdAt: '2024-12-31T16:00:00Z' });
    await add('emily', {
      name: 'Emily Chen',
      phone: '+8613600003333',
      email: 'emily@example.com',
      gender: 'female',
      birthday: birthdayInDays(35, 1),
      source: 'partner',
      tags: ['VIP'],
      createdAt: '2025-09-09T02:00:00Z',
    });
    await add('chenxiao', {
      name: '陈晓',
      phone: '+8613500004444',
      gender: 'female',
      birthday: birthdayFor(20, monthFromNow(3)),
      source: 'campaign',
      status: 'blocked',
      createdAt: '2025-02-02T02:00:00Z',
    });
    await add('tom', { name: 'Tom_Lee', phone: '+8613400005555', gender: 'undisclosed', source: 'phone', createdAt: '2024-08-08T02:00:00Z' });
    await add('merged', { name: '赵敏', status: 'merged', mergedIntoId: ids.xiaohong, createdAt: '2024-05-05T02:00:00Z' });
    await add('anonymized', { name: '已匿名', status: 'anonymized', createdAt: '2024-04-04T02:00:00Z' });
  });
  afterAll(() => t.close());

  const search = (query: Record<string, unknown>, auth: Record<string, string> = owner.auth) =>
    t.http
      .get('/v1/customers')
      .query({ limit: 100, ...query })
      .set(auth);
  const namesOf = async (query: Record<string, unknown>) => {
    const res = await search(query);
    expect(res.status).toBe(200);
    return (res.body.data as Array<{ name: string }>).map((c) => c.name).sort();
  };
  const sorted = (...names: string[]) => [...names].sort();

  it('lists active and blocked customers, newest first, without filters', async () => {
    const res = await search({});
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data.map((c: { name: string }) => c.name)).toEqual(['李小红', '王小红', 'Emily Chen', '王伟', '陈晓', '张伟', 'Tom_Lee']);
  });

  describe('each filter alone', () => {
    it('q: a name fragment, any case, % and _ taken literally', async () => {
      expect(await namesOf({ q: '王' })).toEqual(sorted('王小红', '王伟'));
      expect(await namesOf({ q: '小红' })).toEqual(sorted('王小红', '李小红'));
      expect(await namesOf({ q: '伟' })).toEqual(sorted('王伟', '张伟'));
      // Letters also match the pinyin of Chinese names: 陈晓 is chenxiao.
      expect(await namesOf({ q: 'CHEN' })).toEqual(sorted('Emily Chen', '陈晓'));
      expect(await namesOf({ q: 'ily c' })).toEqual(['Emily Chen']);
      expect(await namesOf({ q: '_' })).toEqual(['Tom_Lee']);
      expect(await namesOf({ q: '%' })).toEqual([]);
      expect(await namesOf({ q: '王红' })).toEqual([]);
      expect(await namesOf({ q: ' 晓 ' })).toEqual(['陈晓']);
    });

    it('phone: the last 4 digits, or the whole number in any usual writing', async () => {
      expect(await namesOf({ phone: '5678' })).toEqual(sorted('王小红', '李小红'));
      expect(await namesOf({ phone: '138 1234 5678' })).toEqual(['王小红']);
      expect(await namesOf({ phone: '+86 139-0000-1234' })).toEqual(['王伟']);
      expect(await namesOf({ phone: '1234' })).toEqual(['王伟']);
      expect(await namesOf({ phone: '13812340000' })).toEqual([]);
    });

    it('email: exact, any case', async () => {
      expect(await namesOf({ email: 'XIAOHONG.wang@example.COM' })).toEqual(['王小红']);
      expect(await namesOf({ email: 'xiaohong@example.com' })).toEqual([]);
    });

    it('tag: every tag given must be present, in any case', async () => {
      expect(await namesOf({ tag: 'VIP' })).toEqual(sorted('王小红', '王伟', 'Emily Chen'));
      expect(
        await t.http
          .get('/v1/customers?tag=VIP&tag=敏感肌')
          .set(owner.auth)
          .then((r) => r.body.data.map((c: { name: string }) => c.name)),
      ).toEqual(['王小红']);
      expect(await namesOf({ tag: 'vip' })).toEqual(sorted('王小红', '王伟', 'Emily Chen'));
      expect(
        await t.http
          .get('/v1/customers?tag=Vip&tag=敏感肌')
          .set(owner.auth)
          .then((r) => r.body.data.map((c: { name: string }) => c.name)),
      ).toEqual(['王小红']);
      expect(await namesOf({ tag: 'VI' })).toEqual([]);
    });

    it('tag: the lower-cased tag index answers it', async () => {
      // Too few rows for the planner to choose the index by cost: forbid sequential scans to see that it can.
      const plan = await t.dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        return manager.query('EXPLAIN (FORMAT JSON) SELECT id FROM customer WHERE customer_tag_keys(tags) @> customer_tag_keys($1::text[])', [['vip']]);
      });
      expect(JSON.stringify(plan)).toContain('ix_customer_tag_keys');
    });

    it('q: pinyin of Chinese names, spaced or not, and their initials', async () => {
      expect(await namesOf({ q: 'wang' })).toEqual(sorted('王小红', '王伟'));
      expect(await namesOf({ q: 'xiaoh' })).toEqual(sorted('王小红', '李小红'));
      expect(await namesOf({ q: 'wangxiaohong' })).toEqual(['王小红']);
      expect(await namesOf({ q: 'Wang Xiao Hong' })).toEqual(['王小红']);
      expect(await namesOf({ q: 'xiao hong' })).toEqual(sorted('王小红', '李小红'));
      expect(await namesOf({ q: 'wxh' })).toEqual(['王小红']);
      expect(await namesOf({ q: 'LXH' })).toEqual(['李小红']);
      // One or two letters: the start of the initials or of the pinyin.
      expect(await namesOf({ q: 'wx' })).toEqual(['王小红']);
      expect(await namesOf({ q: 'zw' })).toEqual(['张伟']);
      expect(await namesOf({ q: 'xh' })).toEqual([]);
      expect(await namesOf({ q: 'wangxh' })).toEqual([]);
    });

    it('gender', async () => {
      expect(await namesOf({ gender: 'male' })).toEqual(['王伟']);
      expect(await namesOf({ gender: 'female' })).toEqual(sorted('王小红', '李小红', '张伟', 'Emily Chen', '陈晓'));
      expect(await namesOf({ gender: 'undisclosed' })).toEqual(['Tom_Lee']);
    });

    it('ageMin and ageMax: full years today in Asia/Shanghai, birthdays today counted, tomorrow not yet', async () => {
      // Ages: 王小红 30, 王伟 40, 李小红 25 (birthday today), Emily 34 (35 tomorrow), 陈晓 20; 张伟 and Tom have no birthday.
      expect(await namesOf({ ageMin: 30 })).toEqual(sorted('王小红', '王伟', 'Emily Chen'));
      expect(await namesOf({ ageMin: 35 })).toEqual(['王伟']);
      expect(await namesOf({ ageMin: 34, ageMax: 34 })).toEqual(['Emily Chen']);
      expect(await namesOf({ ageMin: 25, ageMax: 25 })).toEqual(['李小红']);
      expect(await namesOf({ ageMax: 24 })).toEqual(['陈晓']);
      expect(await namesOf({ ageMax: 25 })).toEqual(sorted('陈晓', '李小红'));
      expect(await namesOf({ ageMin: 0 })).toEqual(sorted('王小红', '王伟', '李小红', 'Emily Chen', '陈晓'));
    });

    it('birthdayMonth', async () => {
      expect(await namesOf({ birthdayMonth: month })).toEqual(sorted('王小红', '王伟'));
      expect(await namesOf({ birthdayMonth: monthFromNow(3) })).toEqual(['陈晓']);
    });

    it('source and homeStoreId', async () => {
      expect(await namesOf({ source: 'referral' })).toEqual(['王小红']);
      expect(await namesOf({ source: 'campaign' })).toEqual(['陈晓']);
      expect(await namesOf({ homeStoreId: storeA.id })).toEqual(sorted('王小红', '李小红'));
      expect(await namesOf({ homeStoreId: storeB.id })).toEqual(['王伟']);
    });

    it('createdFrom (inclusive) and createdTo (exclusive), any offset', async () => {
      expect(await namesOf({ createdFrom: '2025-01-01T00:00:00+08:00' })).toEqual(sorted('王小红', '王伟', '李小红', '张伟', 'Emily Chen', '陈晓'));
      expect(await namesOf({ createdTo: '2025-01-01T00:00:00+08:00' })).toEqual(['Tom_Lee']);
      expect(await namesOf({ createdFrom: '2025-06-01T02:00:00Z', createdTo: '2026-01-10T02:00:00.000Z' })).toEqual(sorted('王伟', 'Emily Chen'));
    });

    it('status: merged and anonymized records only when asked', async () => {
      expect(await namesOf({ status: 'merged' })).toEqual(['赵敏']);
      expect(await namesOf({ status: 'blocked' })).toEqual(['陈晓']);
      expect(
        await t.http
          .get('/v1/customers?status=merged&status=anonymized')
          .set(owner.auth)
          .then((r) => r.body.data.map((c: { name: string }) => c.name).sort()),
      ).toEqual(sorted('赵敏', '已匿名'));
      expect(await namesOf({ q: '赵' })).toEqual([]);
    });
  });

  it('combines filters with AND', async () => {
    expect(await namesOf({ q: '小红', phone: '5678', gender: 'female' })).toEqual(sorted('王小红', '李小红'));
    expect(await namesOf({ q: '小红', phone: '5678', tag: 'VIP' })).toEqual(['王小红']);
    expect(await namesOf({ q: '王', homeStoreId: storeB.id })).toEqual(['王伟']);
    expect(await namesOf({ tag: 'VIP', gender: 'female', ageMin: 18 })).toEqual(sorted('王小红', 'Emily Chen'));
    expect(await namesOf({ tag: 'VIP', gender: 'female', ageMin: 18, ageMax: 33, birthdayMonth: month, source: 'referral', createdFrom: '2026-01-01T00:00:00+08:00' })).toEqual([
      '王小红',
    ]);
    expect(await namesOf({ q: '伟', createdFrom: '2025-01-01T00:00:00+08:00', createdTo: '2025-01-02T00:00:00+08:00' })).toEqual(['张伟']);
    expect(await namesOf({ q: '王', gender: 'female', source: 'walk_in' })).toEqual([]);
  });

  it('pages through matches without repeats or gaps, ties on created_at included', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Groups of 5 share a creation instant: the id breaks the tie.
      expected.push(await insertCustomer(t, { name: `分页${i}`, tags: ['PAGE'], createdAt: new Date(Date.UTC(2023, 0, 1 + Math.floor(i / 5))).toISOString() }));
    }
    await insertCustomer(t, { name: '分页 blocked', tags: ['PAGE'], status: 'blocked', createdAt: '2023-01-03T00:00:00Z' }).then((id) => expected.push(id));
    const seen: string[] = [];
    const created: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await t.http
        .get('/v1/customers')
        .query({ tag: 'PAGE', limit: 5, ...(cursor ? { cursor } : {}) })
        .set(owner.auth);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(5);
      seen.push(...res.body.data.map((c: { id: string }) => c.id));
      created.push(...res.body.data.map((c: { createdAt: string; id: string }) => `${c.createdAt}|${c.id}`));
      cursor = res.body.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...expected].sort());
    expect(created).toEqual([...created].sort().reverse());

    const bad = await t.http.get('/v1/customers').query({ cursor: 'not-a-cursor' }).set(owner.auth);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['cursor']);
  });

  describe('bad filter values answer 400 naming the field', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ageMin: 40, ageMax: 30 }, 'ageMax'],
      [{ ageMin: -1 }, 'ageMin'],
      [{ ageMax: 121 }, 'ageMax'],
      [{ ageMin: 'thirty' }, 'ageMin'],
      [{ ageMin: '' }, 'ageMin'],
      [{ birthdayMonth: 13 }, 'birthdayMonth'],
      [{ birthdayMonth: 0 }, 'birthdayMonth'],
      [{ birthdayMonth: '5.5' }, 'birthdayMonth'],
      [{ createdFrom: 'yesterday' }, 'createdFrom'],
      [{ createdFrom: '2026-13-01T00:00:00Z' }, 'createdFrom'],
      [{ createdFrom: '2026-02-30T00:00:00+08:00' }, 'createdFrom'],
      [{ createdFrom: '2026-01-01' }, 'createdFrom'],
      [{ createdTo: '2026-01-01T00:00:00' }, 'createdTo'],
      [{ createdFrom: '2026-02-01T00:00:00Z', createdTo: '2026-01-01T00:00:00Z' }, 'createdTo'],
      [{ status: 'deleted' }, 'status'],
      [{ gender: 'f' }, 'gender'],
      [{ source: 'tiktok' }, 'source'],
      [{ homeStoreId: 'not-a-uuid' }, 'homeStoreId'],
      [{ phone: '123' }, 'phone'],
      [{ phone: '12345' }, 'phone'],
      [{ phone: 'call me' }, 'phone'],
      [{ email: 'not-an-email' }, 'email'],
      [{ q: '' }, 'q'],
      [{ q: 'x'.repeat(51) }, 'q'],
      [{ tag: 'x'.repeat(41) }, 'tag'],
      [{ limit: 101 }, 'limit'],
      [{ colour: 'red' }, 'colour'],
    ];
    it.each(cases)('%j → %s', async (query, field) => {
      const res = await t.http.get('/v1/customers').query(query).set(owner.auth);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.code).toBe('request.validation_failed');
      expect([...new Set(fieldsOf(res.body))]).toEqual([field]);
    });
  });

  describe('privacy', () => {
    const find = (body: { data: Array<Record<string, any>> }) => body.data.find((c) => c.id === ids.xiaohong)!;
    const readAudits = () => t.sql<{ entity_id: string; actor_id: string }>("SELECT entity_id, actor_id FROM audit_event WHERE action = 'customer.read_pii'");

    it('shows owners everything, unaudited', async () => {
      const res = await search({ q: '王小红' });
      expect(find(res.body)).toMatchObject({ phone: '+8613812345678', email: 'xiaohong.wang@example.com', masked: false, careNotes: { allergies: ['PPD'] } });
      expect(find(res.body).birthday).toMatch(/^\d{4}-\d{2}-15$/);
    });

    it('masks contact data for beauticians, keeping the care notes', async () => {
      const res = await search({ q: '王小红' }, beautician.auth);
      expect(res.status).toBe(200);
      expect(find(res.body)).toMatchObject({ phone: '138****5678', email: 'x***@example.com', birthday: null, addresses: [], masked: true, careNotes: { allergies: ['PPD'] } });
    });

    it('masks contact data and hides care notes for a key without customers:pii, unaudited', async () => {
      const before = (await readAudits()).length;
      const res = await search({ phone: '5678' }, readKey.auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(2);
      for (const customer of res.body.data) expect(customer).toMatchObject({ phone: expect.stringMatching(/^\d{3}\*{4}5678$/), masked: true, careNotes: null, birthday: null });
      expect(await readAudits()).toHaveLength(before);
    });

    it('shows a key with customers:pii everything and audits one customer.read_pii per customer returned', async () => {
      const res = await search({ phone: '5678' }, piiKey.auth);
      expect(res.status).toBe(200);
      expect(find(res.body)).toMatchObject({ phone: '+8613812345678', masked: false });
      const audits = (await readAudits()).filter((a) => a.actor_id === piiKey.id);
      expect(audits.map((a) => a.entity_id).sort()).toEqual([ids.xiaohong, ids.lixiaohong].sort());
    });

    it('refuses beauticians and keys without customers:pii what would confirm a masked value, saying what they may use', async () => {
      for (const auth of [beautician.auth, readKey.auth]) {
        for (const [query, field] of [
          [{ phone: '+8613812345678' }, 'phone'],
          [{ phone: '138 1234 5678' }, 'phone'],
          [{ email: 'xiaohong.wang@example.com' }, 'email'],
          [{ ageMin: 30 }, 'ageMin'],
          [{ ageMax: 30 }, 'ageMax'],
          [{ birthdayMonth: month }, 'birthdayMonth'],
        ] as const) {
          const res = await search(query, auth);
          expect(res.status).toBe(403);
          expect(res.headers['content-type']).toMatch(PROBLEM);
          expect(res.body).toMatchObject({ code: 'customer.filter_not_allowed', errors: [{ field }] });
          expect(res.body.detail).toContain('the last 4 digits of the phone');
          expect(JSON.stringify(res.body)).not.toContain('王小红');
        }
        // What they see anyway stays searchable.
        const allowed = await search({ phone: '5678', q: '小红', tag: 'vip', gender: 'female' }, auth);
        expect(allowed.status).toBe(200);
        expect(allowed.body.data.map((c: { id: string }) => c.id)).toEqual([ids.xiaohong]);
      }
      // Owners and keys with customers:pii keep every filter.
      for (const auth of [owner.auth, piiKey.auth]) {
        const res = await search({ phone: '+8613812345678', email: 'xiaohong.wang@example.com', birthdayMonth: month, ageMin: 29, ageMax: 31 }, auth);
        expect(res.status).toBe(200);
        expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([ids.xiaohong]);
      }
    });

    it('q matches names only, never phone numbers or e-mail addresses', async () => {
      for (const q of ['13812345678', '12345678', 'xiaohong.wang@example.com', 'example.com', 'emily@']) {
        expect(await namesOf({ q })).toEqual([]);
        const res = await search({ q }, beautician.auth);
        expect(res.status).toBe(200);
        expect(res.body.data).toEqual([]);
      }
    });

    it('refuses callers without a read scope', async () => {
      const key = await createApiKey(t, { scopes: ['catalog:read'] });
      expect((await search({}, key.auth)).status).toBe(403);
      expect((await t.http.get('/v1/customers')).status).toBe(401);
    });
  });
});
