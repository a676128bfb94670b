/**
 * Pinyin search keys are written with the name on every write path (create, update, import,
 * anonymization clears them) and back-filled for rows written without them.
 */
import { backfillNameKeys } from '../src/modules/customers/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createUser, type UserRecord } from './support/factories.js';
import { csvFile, waitForImport } from './fixtures/customer-import-files.js';
import { createCustomer, freshPhone } from './customer-support.js';

describe('customer pinyin keys', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t.close());

  const idsFor = async (q: string): Promise<string[]> => {
    const res = await t.http.get('/v1/customers').query({ q, limit: 100 }).set(owner.auth);
    expect(res.status).toBe(200);
    return res.body.data.map((c: { id: string }) => c.id);
  };
  const keysOf = (id: string) => t.sql<{ name_pinyin: string | null; name_initials: string | null }>('SELECT name_pinyin, name_initials FROM customer WHERE id = $1', [id]);
  const importCsv = async (rows: Array<Record<string, string>>, onDuplicate: 'skip' | 'update') => {
    const res = await t.http
      .post('/v1/customer-imports')
      .query({ onDuplicate })
      .set(owner.auth)
      .set('content-type', 'text/csv')
      .send(Buffer.from(csvFile(rows)));
    expect(res.status).toBe(202);
    const done = await waitForImport(t, owner, res.body.id);
    expect(done).toMatchObject({ status: 'completed', failure: null });
    return done;
  };

  it('finds a created customer by pinyin, polyphonic surname included, and follows a rename', async () => {
    const created = await createCustomer(t, owner.auth, { name: '单雄信' });
    for (const q of ['shan', 'shanxiong', 'Shan Xiong Xin', 'sxx', 'sx']) expect(await idsFor(q)).toEqual([created.id]);
    expect(await idsFor('dan')).toEqual([]);

    const renamed = await t.http.patch(`/v1/customers/${created.id}`).set(owner.auth).set('if-match', `"${created.version}"`).send({ name: '曾小贤' });
    expect(renamed.status).toBe(200);
    expect(await idsFor('zengxiao')).toEqual([created.id]);
    expect(await idsFor('zxx')).toEqual([created.id]);
    expect(await idsFor('shan')).toEqual([]);
  });

  it('writes the keys of imported rows, new and updated', async () => {
    const phone = freshPhone();
    await importCsv(
      [
        { 姓名: '解晓东', 手机号: phone },
        { 姓名: '仇海', 手机号: freshPhone() },
      ],
      'skip',
    );
    const [xie] = await idsFor('xiexiaodong');
    expect(xie).toBeDefined();
    expect(await idsFor('qiuhai')).toHaveLength(1);

    await importCsv([{ 姓名: '区志强', 手机号: phone }], 'update');
    expect(await idsFor('ouzhiqiang')).toEqual([xie]);
    expect(await idsFor('xxd')).toEqual([]);
  });

  it('clears the keys when a customer is anonymized', async () => {
    const customer = await createCustomer(t, owner.auth, { name: '欧阳娜娜' });
    expect(await keysOf(customer.id)).toEqual([{ name_pinyin: 'ouyangnana', name_initials: 'oynn' }]);
    expect((await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(owner.auth)).status).toBe(200);
    expect(await keysOf(customer.id)).toEqual([{ name_pinyin: null, name_initials: null }]);
    const res = await t.http.get('/v1/customers').query({ q: 'ouyang', status: 'anonymized' }).set(owner.auth);
    expect(res.body.data).toEqual([]);
  });

  it('back-fills customers written without keys, once', async () => {
    const [row] = await t.sql<{ id: string }>("INSERT INTO customer (name, phone) VALUES ('吕欣怡', $1) RETURNING id", [freshPhone()]);
    const [grace] = await t.sql<{ id: string }>("INSERT INTO customer (name, phone) VALUES ('Grace Lin', $1) RETURNING id", [freshPhone()]);
    await t.sql("INSERT INTO customer (name, phone) VALUES ('Анна', $1)", [freshPhone()]);
    expect(await idsFor('lvxinyi')).toEqual([]);
    expect(await backfillNameKeys((sql, parameters) => t.sql(sql, parameters))).toBe(2);
    expect(await idsFor('lvxinyi')).toEqual([row.id]);
    expect(await idsFor('lxy')).toEqual([row.id]);
    expect(await idsFor('gracel')).toEqual([grace.id]);
    expect(await idsFor('Анн')).toHaveLength(1);
    expect(await backfillNameKeys((sql, parameters) => t.sql(sql, parameters))).toBe(0);
  });
});
