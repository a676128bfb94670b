/**
 * Customer CSV import end to end: upload over HTTP, the Bull job writing rows in chunks, the report.
 */
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { readImportText } from '../src/modules/customers/customer-csv.js';
import { PhoneIndex } from '../src/modules/customers/jobs/customer-import-rows.js';
import { CUSTOMER_IMPORT_QUEUE } from '../src/modules/customers/jobs/customer-import-queue.js';
import { CustomerImportProcessor } from '../src/modules/customers/jobs/customer-import.processor.js';
import { CustomerImportRecovery } from '../src/modules/customers/jobs/customer-import-recovery.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { csvFile, phoneOf, waitForImport } from './fixtures/customer-import-files.js';

const PROBLEM = /^application\/problem\+json/;

describe('customer imports', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  const upload = (body: string | Buffer, query: Record<string, string> = {}, auth: Record<string, string> = owner.auth) =>
    t.http.post('/v1/customer-imports').query(query).set(auth).set('content-type', 'text/csv').send(Buffer.isBuffer(body) ? body : Buffer.from(body));
  const finished = (id: string) => waitForImport(t, owner, id);
  const customersWithPhones = (phones: string[]) =>
    t.sql<{ phone: string; name: string; email: string | null; tags: string[]; version: number }>(
      'SELECT phone, name, email, tags, version FROM customer WHERE phone = ANY($1) ORDER BY phone',
      [phones],
    );

  it('imports 10,000 rows in the background, reporting each bad row with its spreadsheet row number and column', async () => {
    const store = await createStore(t);
    // Row i of the data is spreadsheet row i + 2 (header = row 1); a blank line after data row 5000 shifts the rest by one.
    const bad = new Map<number, Record<string, string>>([
      [100, { 手机号: '12345' }],
      [500, { 邮箱: 'not-an-email' }],
      [1000, { 生日: '2999-01-01' }],
      [2500, { 性别: 'robot' }],
      [4000, { 姓名: '' }],
      [6000, { 手机号: phoneOf(10) }],
      [7777, { sms_consent: 'maybe' }],
      [9000, { 邮箱: 'a@b', 生日: '1992-02-30' }],
      [9999, { home_store_id: randomUUID() }],
    ]);
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      姓名: `客户${i}`,
      手机号: i % 3 === 0 ? phoneOf(i).replace('+86', '') : phoneOf(i),
      邮箱: `c${i}@example.com`,
      性别: i % 2 ? '女' : '男',
      生日: '1990/1/15',
      标签: 'VIP;老客户',
      sms_consent: i % 10 === 0 ? '是' : '',
      home_store_id: i % 100 === 0 ? store.id : '',
      会员等级: '金卡',
      ...bad.get(i),
    }));
    const started = Date.now();
    const res = await upload(csvFile(rows, { blankLineAfter: 5000 }), { fileName: '老客户名单.csv' });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(`/v1/customer-imports/${res.body.id}`);
    expect(res.body).toMatchObject({ status: 'queued', totalRows: 10_000, fileName: '老客户名单.csv', onDuplicate: 'skip', ignoredColumns: ['会员等级'] });

    const done = await finished(res.body.id);
    const seconds = (Date.now() - started) / 1000;
    console.log(`customer import: 10,000 rows in ${seconds.toFixed(1)} s`);
    const rowOf = (i: number) => i + 2 + (i > 5000 ? 1 : 0);
    expect(done).toMatchObject({ status: 'completed', totalRows: 10_000, processedRows: 10_000, progress: 1, failure: null });
    expect(done.counts).toEqual({ created: 10_000 - bad.size, updated: 0, skipped: 0, errors: bad.size });
    expect(done.errors.map((e) => [e.rowNumber, e.field])).toEqual([
      [rowOf(100), 'phone'],
      [rowOf(500), 'email'],
      [rowOf(1000), 'birthday'],
      [rowOf(2500), 'gender'],
      [rowOf(4000), 'name'],
      [rowOf(6000), 'phone'],
      [rowOf(7777), 'sms_consent'],
      [rowOf(9000), 'email'],
      [rowOf(9000), 'birthday'],
      [rowOf(9999), 'home_store_id'],
    ]);
    const messages = Object.fromEntries(done.errors.map((e) => [`${e.rowNumber}:${e.field}`, e.message]));
    expect(messages[`${rowOf(1000)}:birthday`]).toBe('must not be in the future');
    expect(messages[`${rowOf(6000)}:phone`]).toBe(`repeats the phone of row ${rowOf(10)}`);
    expect(messages[`${rowOf(9999)}:home_store_id`]).toBe('names no store');
    expect(done.moreErrors).toBe(false);

    // Bad rows wrote nothing; good rows were written whole, normalised as the API would.
    const [{ count }] = await t.sql<{ count: string }>('SELECT count(*) FROM customer');
    expect(Number(count)).toBe(10_000 - bad.size);
    expect(await customersWithPhones([phoneOf(500), phoneOf(1000), phoneOf(4000), phoneOf(9999)])).toEqual([]);
    const [first] = await t.sql<{ name: string; gender: string; birthday: string; tags: string[]; home_store_id: string; consents: { sms: { granted: boolean; method: string } } }>(
      "SELECT name, gender, to_char(birthday, 'YYYY-MM-DD') AS birthday, tags, home_store_id, consents FROM customer WHERE phone = $1",
      [phoneOf(0)],
    );
    expect(first).toMatchObject({ name: '客户0', gender: 'male', birthday: '1990-01-15', tags: ['VIP', '老客户'], home_store_id: store.id, consents: { sms: { granted: true, method: 'import' } } });
    const [events] = await t.sql<{ count: string }>("SELECT count(*) FROM customer_consent_event WHERE method = 'import' AND channel = 'sms' AND granted AND actor_id = $1", [owner.id]);
    // Every tenth row said yes; the bad ones among them (rows 100, 500, 1000, 2500, 4000, 6000, 9000) recorded nothing.
    expect(Number(events.count)).toBe(1000 - [...bad.keys()].filter((i) => i % 10 === 0).length);

    // One audit event for the whole run, the file dropped once done.
    const audit = await t.sql<{ action: string; after: { created: number } }>('SELECT action, after FROM audit_event WHERE entity_id = $1 ORDER BY created_at', [res.body.id]);
    expect(audit.map((a) => a.action)).toEqual(['customer_import.create', 'customer_import.complete']);
    expect(audit[1].after.created).toBe(10_000 - bad.size);
    const [stored] = await t.sql<{ content: string | null }>('SELECT content FROM customer_import WHERE id = $1', [res.body.id]);
    expect(stored.content).toBeNull();

    // The full report, a page at a time.
    const page1 = await t.http.get(`/v1/customer-imports/${res.body.id}/errors`).query({ limit: 4 }).set(owner.auth);
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((e: { rowNumber: number }) => e.rowNumber)).toEqual([rowOf(100), rowOf(500), rowOf(1000), rowOf(2500)]);
    const rest: Array<{ rowNumber: number; field: string }> = [];
    for (let cursor = page1.body.nextCursor as string | null; cursor; ) {
      const page = await t.http.get(`/v1/customer-imports/${res.body.id}/errors`).query({ limit: 4, cursor }).set(owner.auth);
      rest.push(...page.body.data);
      cursor = page.body.nextCursor;
    }
    expect([...page1.body.data, ...rest]).toEqual(done.errors);
    const list = await t.http.get('/v1/customer-imports').set(owner.auth);
    expect(list.body.data[0]).toMatchObject({ id: res.body.id, status: 'completed', counts: done.counts });
    expect(list.body.data[0]).not.toHaveProperty('errors');
  });

  describe('duplicates by phone', () => {
    const header = ['name', 'phone', 'email', 'tags', 'sms_consent'];
    const a = phoneOf(20_001);
    const b = phoneOf(20_002);
    const file = `${header.join(',')}\r\nNew Name,${a},,B,yes\r\nBrand New,${b},new@example.com,,\r\n`;

    it('skips existing phones, or updates the fields a row gives; the same file again changes nothing', async () => {
      await t.sql("INSERT INTO customer (name, phone, email, tags) VALUES ('Old Name', $1, 'old@example.com', '{A}')", [a]);

      const skip = await finished((await upload(file)).body.id);
      expect(skip.counts).toEqual({ created: 1, updated: 0, skipped: 1, errors: 0 });
      expect(await customersWithPhones([a, b])).toEqual([
        { phone: a, name: 'Old Name', email: 'old@example.com', tags: ['A'], version: 1 },
        { phone: b, name: 'Brand New', email: 'new@example.com', tags: [], version: 1 },
      ]);

      const update = await finished((await upload(file, { onDuplicate: 'update' })).body.id);
      expect(update).toMatchObject({ onDuplicate: 'update', counts: { created: 0, updated: 1, skipped: 1, errors: 0 } });
      // Empty cells leave a field as it was; given ones replace it.
      expect(await customersWithPhones([a, b])).toEqual([
        { phone: a, name: 'New Name', email: 'old@example.com', tags: ['B'], version: 2 },
        { phone: b, name: 'Brand New', email: 'new@example.com', tags: [], version: 1 },
      ]);
      const consents = await t.sql('SELECT channel, granted FROM customer_consent_event e JOIN customer c ON c.id = e.customer_id WHERE c.phone = $1', [a]);
      expect(consents).toEqual([{ channel: 'sms', granted: true }]);

      for (const onDuplicate of ['update', 'skip']) {
        const again = await finished((await upload(file, { onDuplicate })).body.id);
        expect(again.counts).toEqual({ created: 0, updated: 0, skipped: 2, errors: 0 });
      }
      expect((await customersWithPhones([a, b])).map((c) => c.version)).toEqual([2, 1]);
      expect(await t.sql('SELECT 1 FROM customer_consent_event e JOIN customer c ON c.id = e.customer_id WHERE c.phone = $1', [a])).toHaveLength(1);
    });

    it('replays the first answer for a retried upload with the same Idempotency-Key', async () => {
      const key = randomUUID();
      const first = await upload(file).set('idempotency-key', key);
      const retry = await upload(file).set('idempotency-key', key);
      expect(retry.status).toBe(202);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body.id).toBe(first.body.id);
      expect((await upload(`${file}Other,${phoneOf(20_003)},,,\r\n`).set('idempotency-key', key)).status).toBe(422);
    });

    it('never duplicates a customer the API creates while the import runs', async () => {
      const rows = Array.from({ length: 3000 }, (_, i) => ({ name: `Race ${i}`, phone: phoneOf(30_000 + i) }));
      const res = await upload(csvFile(rows));
      const racing = await Promise.all(
        Array.from({ length: 40 }, (_, k) => t.http.post('/v1/customers').set(owner.auth).send({ name: `API ${k}`, phone: phoneOf(30_000 + k * 70) })),
      );
      expect(racing.map((r) => r.status).filter((status) => status !== 201 && status !== 409)).toEqual([]);
      const done = await finished(res.body.id);
      const apiCreated = racing.filter((r) => r.status === 201).length;
      expect(done.counts).toEqual({ created: 3000 - apiCreated, updated: 0, skipped: apiCreated, errors: 0 });
      const [{ count }] = await t.sql<{ count: string }>("SELECT count(*) FROM customer WHERE name LIKE 'Race %' OR name LIKE 'API %'");
      expect(Number(count)).toBe(3000);
    });
  });

  describe('refuses a file it cannot read, at once and with a clear problem', () => {
    const importsNow = async () => Number((await t.sql<{ count: string }>('SELECT count(*) FROM customer_import'))[0].count);

    it('a file in GBK (Excel\'s default in China) or UTF-16: save it as "CSV UTF-8"', async () => {
      const before = await importsNow();
      // "姓名,手机号\n王小红,13812345678" as Excel saves it in GBK
      const gbk = Buffer.from('d0d5c3fb2ccad6bbfabac50acdf5d0a1baec2c31333831323334353637380a', 'hex');
      for (const body of [gbk, Buffer.from('name,phone\nA,13812345678\n', 'utf16le')]) {
        const res = await upload(body);
        expect(res.status).toBe(415);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body).toMatchObject({ code: 'customer_import.bad_encoding' });
        expect(res.body.detail).toContain('CSV UTF-8');
      }
      expect(await importsNow()).toBe(before);
    });

    it('missing required columns, naming them', async () => {
      const res = await upload('姓名,邮箱\n王小红,a@example.com\n');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'customer_import.missing_columns', missingColumns: ['phone'], errors: [{ field: 'phone', message: 'column is required' }] });
    });

    it('more than 50,000 rows, and more than 20 MB', async () => {
      const rows = Array.from({ length: 50_001 }, (_, i) => `c${i},${phoneOf(i)}`);
      const res = await upload(`name,phone\n${rows.join('\n')}\n`);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ code: 'customer_import.too_many_rows', rows: 50_001, maxRows: 50_000 });
      const huge = await upload(Buffer.alloc(21 * 1024 * 1024, 'a'));
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('request.body_too_large');
    });

    it('an empty file, a header alone, an unclosed quote, a JSON body', async () => {
      expect((await upload('')).body.code).toBe('customer_import.empty_file');
      expect((await upload('\uFEFFname,phone\r\n')).body.code).toBe('customer_import.empty_file');
      expect((await upload('name,phone\n"Wang,13812345678\n')).body).toMatchObject({ status: 400, code: 'customer_import.malformed_csv', rowNumber: 2 });
      const json = await t.http.post('/v1/customer-imports').set(owner.auth).send({ csv: 'name,phone' });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('request.unsupported_media_type');
      const bad = await upload('name,phone\nA,13812345678\n', { onDuplicate: 'merge' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'onDuplicate' })]);
    });

    it('a CSV body on any other route, as before', async () => {
      const res = await t.http.post('/v1/customers').set(owner.auth).set('content-type', 'text/csv').send('name,phone\n');
      expect(res.status).toBe(415);
    });
  });

  it('reads back the customers export (formula-protected phones, semicolon tags, unknown columns)', async () => {
    const phone = phoneOf(40_000);
    const file = `\uFEFFid,name,phone,email,gender,birthday,source,homeStoreId,tags,status,visitCount\r\n${randomUUID()},"Li, Na",'${phone},,female,1988-03-04,referral,,VIP; colour-regular,active,3\r\n`;
    const done = await finished((await upload(file)).body.id);
    expect(done).toMatchObject({ counts: { created: 1, errors: 0 }, ignoredColumns: ['id', 'status', 'visitCount'] });
    expect(await customersWithPhones([phone])).toEqual([{ phone, name: 'Li, Na', email: null, tags: ['VIP', 'colour-regular'], version: 1 }]);
  });

  it('is for owners, managers and customers:write keys only', async () => {
    const store = await createStore(t);
    const file = `name,phone\nAccess,${phoneOf(41_000)}\n`;
    const manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const writer = await createApiKey(t, { scopes: ['customers:write'] });
    const reader = await createApiKey(t, { scopes: ['customers:read'] });
    const byManager = await upload(file, {}, manager.auth);
    expect(byManager.status).toBe(202);
    expect((await upload(file, {}, writer.auth)).status).toBe(202);
    expect((await upload(file, {}, receptionist.auth)).status).toBe(403);
    expect((await upload(file, {}, reader.auth)).status).toBe(403);
    expect((await t.http.get(`/v1/customer-imports/${byManager.body.id}`).set(receptionist.auth)).status).toBe(403);
    expect((await t.http.get(`/v1/customer-imports/${byManager.body.id}`).set(writer.auth)).status).toBe(200);
    expect((await t.http.get(`/v1/customer-imports/${randomUUID()}`).set(owner.auth)).body.code).toBe('customer_import.not_found');
  });

  it('queue: the job id is the import id, and a finished job leaves nothing in Redis', async () => {
    const res = await upload(`name,phone\nQueue,${phoneOf(42_000)}\n`);
    await finished(res.body.id);
    const queue = t.app.get<Queue>(getQueueToken(CUSTOMER_IMPORT_QUEUE));
    expect(await queue.getJob(res.body.id)).toBeNull();
  });

  it('writes each chunk once when the same import runs several times at once (Bull delivers at least once)', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => ({ name: `Twice ${i}`, phone: phoneOf(60_000 + i), sms_consent: 'yes' }));
    const res = await upload(csvFile(rows));
    const processor = t.app.get(CustomerImportProcessor);
    // With the queue's own worker, three runs at once; whichever ends it completes it, the others find it done.
    const outcomes = await Promise.all([processor.run(res.body.id), processor.run(res.body.id)]);
    expect(outcomes.filter((outcome) => outcome !== 'completed' && outcome !== 'not_running')).toEqual([]);
    const done = await finished(res.body.id);
    expect(done.counts).toEqual({ created: 4000, updated: 0, skipped: 0, errors: 0 });
    const [counted] = await t.sql<{ customers: string; events: string }>(
      "SELECT (SELECT count(*) FROM customer WHERE name LIKE 'Twice %') AS customers, (SELECT count(*) FROM customer_consent_event e JOIN customer c ON c.id = e.customer_id WHERE c.name LIKE 'Twice %') AS events",
    );
    expect(counted).toEqual({ customers: '4000', events: '4000' });
    expect(await t.sql("SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'customer_import.complete'", [res.body.id])).toHaveLength(1);
  });

  it('recovery: an import whose job Redis lost is enqueued again and resumes after its last committed chunk', async () => {
    const api = await startTestApp({ env: { BLOOM_ROLE: 'api' } });
    let worker: TestApp | undefined;
    try {
      const apiOwner = await createUser(api, { role: 'owner' });
      const rows = Array.from({ length: 1200 }, (_, i) => ({ name: `Resumed ${i}`, phone: phoneOf(50_000 + i), email: i === 700 ? 'nope' : '' }));
      const res = await api.http.post('/v1/customer-imports').set(apiOwner.auth).set('content-type', 'text/csv').send(Buffer.from(csvFile(rows)));
      expect(res.status).toBe(202);
      const id = res.body.id as string;

      // A worker took it, committed its first chunk of 500 rows and died; then Redis lost the job.
      const processor = api.app.get(CustomerImportProcessor);
      const claimed = await processor.claim(id);
      const file = readImportText(claimed!.content!);
      expect(await processor.importChunk(id, file, new PhoneIndex(file))).toBe('more');
      const queue = api.app.get<Queue>(getQueueToken(CUSTOMER_IMPORT_QUEUE));
      await (await queue.getJob(id))!.remove();
      const stuck = await api.http.get(`/v1/customer-imports/${id}`).set(apiOwner.auth);
      expect(stuck.body).toMatchObject({ status: 'running', processedRows: 500, progress: 0.4167, counts: { created: 500 } });

      // Another import whose job failed for good without the import being told: recovery ends it as failed.
      const other = await api.http.post('/v1/customer-imports').set(apiOwner.auth).set('content-type', 'text/csv').send(Buffer.from(`name,phone\nX,${phoneOf(59_999)}\n`));
      const taken = await queue.getNextJob(); // as a worker would, then it fails for good
      expect(taken?.id).toBe(other.body.id);
      taken!.discard();
      await taken!.moveToFailed({ message: 'boom' });
      const report = await api.app.get(CustomerImportRecovery).run();
      expect(report).toEqual({ enqueued: [id], failed: [other.body.id] });
      await (await queue.getJob(id))!.remove(); // the api role does not process it: lose it again for the worker's recovery
      const failed = await api.http.get(`/v1/customer-imports/${other.body.id}`).set(apiOwner.auth);
      expect(failed.body).toMatchObject({ status: 'failed', failure: expect.stringContaining('upload the file again') });
      expect((await api.sql<{ content: string | null }>('SELECT content FROM customer_import WHERE id = $1', [other.body.id]))[0].content).toBeNull();

      // The api role never processes; a worker's recovery (at boot, then every 30 s) finds the import and resumes it.
      worker = await startTestApp({ env: { BLOOM_ROLE: 'worker' }, reuse: { database: api.database, redisPrefix: api.config.REDIS_PREFIX } });
      const done = await waitForImport(api, apiOwner, id);
      expect(done).toMatchObject({ status: 'completed', processedRows: 1200, counts: { created: 1199, updated: 0, skipped: 0, errors: 1 } });
      expect(done.errors).toEqual([{ rowNumber: 702, field: 'email', message: 'must be an e-mail address such as name@example.com' }]);
      const [{ count }] = await api.sql<{ count: string }>("SELECT count(*) FROM customer WHERE name LIKE 'Resumed %'");
      expect(Number(count)).toBe(1199);
    } finally {
      await worker?.close({ keepDatabase: true });
      await api.close();
    }
  });
});
