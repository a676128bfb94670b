/**
 * Customer CSV import end to end: upload over HTTP, the Bull job writing rows in chunks, the report.
 */
import { randomUUID } from 'node:crypto';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readImportText } from '../src/modules/customers/imports/customer-csv.js';
import { PhoneIndex } from '../src/modules/customers/imports/jobs/customer-import-rows.js';
import { CUSTOMER_IMPORT_QUEUE, CustomerImportQueue } from '../src/modules/customers/imports/jobs/customer-import-queue.js';
import { CustomerImportProcessor } from '../src/modules/customers/imports/jobs/customer-import.processor.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type UserRecord } from './support/factories.js';
import { csvFile, phoneOf, waitForImport, XLSX_TYPE, xlsxFile } from './fixtures/customer-import-files.js';
import { PROBLEM } from './support/responses.js';

describe('customer imports', () => {
  let t: TestApp;
  let owner: UserRecord;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await createUser(t, { role: 'owner' });
  });
  afterAll(() => t?.close());

  const upload = (body: string | Buffer, query: Record<string, string> = {}, auth: Record<string, string> = owner.auth, contentType = 'text/csv') =>
    t.http
      .post('/v1/customer-imports')
      .query(query)
      .set(auth)
      .set('content-type', contentType)
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
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
    expect(first).toMatchObject({
      name: '客户0',
      gender: 'male',
      birthday: '1990-01-15',
      tags: ['VIP', '老客户'],
      home_store_id: store.id,
      consents: { sms: { granted: true, method: 'import' } },
    });
    const [events] = await t.sql<{ count: string }>("SELECT count(*) FROM customer_consent_event WHERE method = 'import' AND channel = 'sms' AND granted AND actor_id = $1", [
      owner.id,
    ]);
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
    for (let cursor = page1.body.nextCursor as string | null; cursor;) {
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

    it('audits each imported customer as the API does, for the user who uploaded, without personal values', async () => {
      const c = phoneOf(20_011);
      const d = phoneOf(20_012);
      const lines = (name: string, email: string) => `name,phone,email,tags,sms_consent\r\n${name},${c},${email},VIP,yes\r\nSecond,${d},,,\r\n`;
      const created = await finished((await upload(lines('Audit Person', 'audit.person@example.com'))).body.id);
      expect(created.counts).toMatchObject({ created: 2 });
      const [{ id }] = await t.sql<{ id: string }>('SELECT id FROM customer WHERE phone = $1', [c]);
      const timeline = async () => (await t.http.get(`/v1/customers/${id}/timeline`).set(owner.auth).expect(200)).body.data as Array<Record<string, any>>;
      expect(await timeline()).toContainEqual(
        expect.objectContaining({
          type: 'profile.created',
          actor: expect.objectContaining({ id: owner.id }),
          data: expect.objectContaining({ fields: ['name', 'phone', 'email', 'tags', 'consents'] }),
        }),
      );

      const updated = await finished((await upload(lines('Audit Renamed', 'audit.renamed@example.com'), { onDuplicate: 'update' })).body.id);
      expect(updated.counts).toMatchObject({ updated: 1, skipped: 1 });
      const profile = (await timeline()).filter((entry) => entry.source === 'profile');
      expect(profile.map((entry) => [entry.type, entry.data.fields])).toEqual([
        ['profile.updated', ['name', 'email']],
        ['profile.created', ['name', 'phone', 'email', 'tags', 'consents']],
      ]);

      const audit = await t.sql<{ actor_type: string; actor_id: string; action: string; after: Record<string, unknown> }>(
        "SELECT actor_type, actor_id, action, after FROM audit_event WHERE entity_type = 'customer' AND entity_id = $1 ORDER BY created_at",
        [id],
      );
      expect(audit).toEqual([
        { actor_type: 'user', actor_id: owner.id, action: 'customer.create', after: expect.objectContaining({ importId: created.id, rowNumber: 2, version: 1 }) },
        { actor_type: 'user', actor_id: owner.id, action: 'customer.update', after: expect.objectContaining({ importId: updated.id, rowNumber: 2, version: 2 }) },
      ]);
      // One row per customer written (the unchanged one is not), and nothing a person could be found by.
      const rows = await t.sql<{ row: string }>("SELECT row_to_json(a)::text AS row FROM audit_event a WHERE action LIKE 'customer.%' AND after->>'importId' = ANY($1)", [
        [created.id, updated.id],
      ]);
      expect(rows).toHaveLength(3);
      for (const personal of ['Audit', 'audit.person', 'audit.renamed', c, c.slice(-8), d.slice(-8), 'VIP', 'Second']) {
        expect(rows.filter(({ row }) => row.includes(personal))).toEqual([]);
      }
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
        Array.from({ length: 40 }, (_, k) =>
          t.http
            .post('/v1/customers')
            .set(owner.auth)
            .send({ name: `API ${k}`, phone: phoneOf(30_000 + k * 70) }),
        ),
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

    it('UTF-16 without a byte-order mark: save it as "CSV UTF-8"', async () => {
      const before = await importsNow();
      const res = await upload(Buffer.from('name,phone\nA,13812345678\n', 'utf16le'));
      expect(res.status).toBe(415);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'customer_import.bad_encoding' });
      expect(res.body.detail).toContain('CSV UTF-8');
      expect(await importsNow()).toBe(before);
    });

    it('a body that is neither CSV nor .xlsx: 415 naming both, after sign-in and permissions are checked', async () => {
      const bodies: Array<[string | undefined, string | Buffer]> = [
        ['application/octet-stream', Buffer.from('name,phone\nA,13812345678\n')],
        ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nname,phone\r\n--x--\r\n'],
        ['text/plain', 'name,phone\nA,13812345678\n'],
        ['application/json', JSON.stringify({ csv: 'name,phone' })],
        [undefined, ''],
      ];
      for (const [contentType, body] of bodies) {
        const request = t.http.post('/v1/customer-imports').set(owner.auth);
        const res = await (contentType ? request.set('content-type', contentType) : request).send(body);
        expect([contentType, res.status]).toEqual([contentType, 415]);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.code).toBe('request.unsupported_media_type');
        expect(res.body.accepted).toEqual(expect.arrayContaining(['text/csv', XLSX_TYPE]));
        expect(res.body.detail).toContain('text/csv');
        expect(res.body.detail).toContain(XLSX_TYPE);
      }
      const anonymous = await t.http.post('/v1/customer-imports').set('content-type', 'application/octet-stream').send(Buffer.from('x'));
      expect(anonymous.status).toBe(401);
    });

    it('a file with the .xlsx content type that is not a workbook', async () => {
      const res = await upload('name,phone\nA,13812345678\n', {}, owner.auth, XLSX_TYPE);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'customer_import.bad_xlsx' });
      const truncated = await upload(
        (
          await xlsxFile([
            ['name', 'phone'],
            ['A', '13812345678'],
          ])
        ).subarray(0, 200),
        {},
        owner.auth,
        XLSX_TYPE,
      );
      expect(truncated.body).toMatchObject({ status: 400, code: 'customer_import.bad_xlsx' });
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

    it('an empty file, a header alone, an unclosed quote, an unknown onDuplicate', async () => {
      expect((await upload('')).body.code).toBe('customer_import.empty_file');
      expect((await upload('\uFEFFname,phone\r\n')).body.code).toBe('customer_import.empty_file');
      expect((await upload('name,phone\n"Wang,13812345678\n')).body).toMatchObject({ status: 400, code: 'customer_import.malformed_csv', rowNumber: 2 });
      const bad = await upload('name,phone\nA,13812345678\n', { onDuplicate: 'merge' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'onDuplicate' })]);
    });

    it('a CSV body on any other route, as before', async () => {
      const res = await t.http.post('/v1/customers').set(owner.auth).set('content-type', 'text/csv').send('name,phone\n');
      expect(res.status).toBe(415);
    });
  });

  describe('reads the files salons have', () => {
    it('a CSV that Excel on Chinese Windows saved in GB18030 (GBK), Chinese headers and names included', async () => {
      const phones = [phoneOf(43_000), phoneOf(43_001), phoneOf(43_002)];
      // 𠮷 is outside GBK: GB18030 writes it in four bytes.
      const text = `姓名,手机号,性别,生日,标签,备注\r\n王小红,${phones[0]},女,1992/5/12,老客户;VIP,喜欢安静\r\n𠮷祥,${phones[1]},男,1988年3月4日,,\r\n李娜,${phones[2]},女,1990.1.2,,\r\n`;
      const gb18030 = iconv.encode(text, 'gb18030');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gb18030)).toThrow();
      const res = await upload(gb18030, { fileName: '会员.csv' });
      expect(res.status).toBe(202);
      const done = await finished(res.body.id);
      expect(done).toMatchObject({ status: 'completed', counts: { created: 3, errors: 0 }, ignoredColumns: [] });
      const stored = await t.sql<{ name: string; gender: string; birthday: string; tags: string[]; notes: string | null }>(
        "SELECT name, gender, to_char(birthday, 'YYYY-MM-DD') AS birthday, tags, notes FROM customer WHERE phone = ANY($1) ORDER BY phone",
        [phones],
      );
      expect(stored).toEqual([
        { name: '王小红', gender: 'female', birthday: '1992-05-12', tags: ['老客户', 'VIP'], notes: '喜欢安静' },
        { name: '𠮷祥', gender: 'male', birthday: '1988-03-04', tags: [], notes: null },
        { name: '李娜', gender: 'female', birthday: '1990-01-02', tags: [], notes: null },
      ]);
    });

    it('a CSV in UTF-16 with a byte-order mark (Excel\'s "Unicode text", tab-separated)', async () => {
      const phone = phoneOf(43_100);
      const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`姓名\t手机号\r\n张伟\t${phone}\r\n`, 'utf16le')]);
      const done = await finished((await upload(body)).body.id);
      expect(done.counts).toMatchObject({ created: 1, errors: 0 });
      expect((await customersWithPhones([phone])).map((c) => c.name)).toEqual(['张伟']);
    });

    it('birthdays as salons type them, and a message naming those formats for the rest', async () => {
      const rows = ['1992-05-12', '1992/5/12', '1992.5.12', '1992年5月12日', '12/05/1992', '1992/2/30'].map((birthday, i) => ({
        name: `Birthday ${i}`,
        phone: phoneOf(43_200 + i),
        birthday,
      }));
      const done = await finished((await upload(csvFile(rows))).body.id);
      expect(done.counts).toMatchObject({ created: 4, errors: 2 });
      expect(done.errors).toEqual([
        { rowNumber: 6, field: 'birthday', message: 'must be a date written as 1992-05-12, 1992/5/12, 1992.5.12 or 1992年5月12日' },
        { rowNumber: 7, field: 'birthday', message: 'is not a real date (no such month or day)' },
      ]);
      const birthdays = await t.sql<{ birthday: string }>("SELECT to_char(birthday, 'YYYY-MM-DD') AS birthday FROM customer WHERE name LIKE 'Birthday %'");
      expect(birthdays.map((b) => b.birthday)).toEqual(['1992-05-12', '1992-05-12', '1992-05-12', '1992-05-12']);
    });

    it('an Excel workbook: numbers and date cells as Excel stores them, row numbers as Excel shows them', async () => {
      const [a, b, c] = [phoneOf(43_300), phoneOf(43_301), phoneOf(43_302)];
      const file = await xlsxFile([
        ['姓名', '手机号', '生日', '邮箱', 'sms_consent', '会员等级'],
        // A phone typed into Excel is a number; a birthday a date cell; a consent a TRUE/FALSE cell.
        ['王小红', Number(a.replace('+86', '')), new Date(Date.UTC(1992, 4, 12)), { text: 'xh@example.com', hyperlink: 'mailto:xh@example.com' }, true, 5],
        null,
        ['李伟', b, '1990/1/2', 'not-an-email', false, null],
        [{ richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, c, null, null, null, null],
      ]);
      const res = await upload(file, { fileName: '客户.xlsx' }, owner.auth, XLSX_TYPE);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ totalRows: 3, fileName: '客户.xlsx', ignoredColumns: ['会员等级'] });
      const done = await finished(res.body.id);
      expect(done.counts).toEqual({ created: 2, updated: 0, skipped: 0, errors: 1 });
      expect(done.errors).toEqual([{ rowNumber: 4, field: 'email', message: 'must be an e-mail address such as name@example.com' }]);
      const stored = await t.sql<{ name: string; phone: string; birthday: string | null; email: string | null; sms: boolean | null }>(
        "SELECT name, phone, to_char(birthday, 'YYYY-MM-DD') AS birthday, email, (consents->'sms'->>'granted')::boolean AS sms FROM customer WHERE phone = ANY($1) ORDER BY phone",
        [[a, b, c]],
      );
      expect(stored).toEqual([
        { name: '王小红', phone: a, birthday: '1992-05-12', email: 'xh@example.com', sms: true },
        { name: '张三', phone: c, birthday: null, email: null, sms: null },
      ]);
    });

    it('the customers .xlsx export, read back unchanged (phones as text, not numbers)', async () => {
      const exported = await t.http
        .get('/v1/customers/export.xlsx')
        .query({ q: '王小红' })
        .set(owner.auth)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(exported.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(exported.body as Parameters<ExcelJS.Xlsx['load']>[0]);
      const exportedRows = workbook.getWorksheet('Customers')!.rowCount - 1;
      expect(exportedRows).toBeGreaterThanOrEqual(2);
      const done = await finished((await upload(exported.body as Buffer, {}, owner.auth, XLSX_TYPE)).body.id);
      // Every customer is found again by phone (skipped), none refused or created twice.
      expect(done.counts).toEqual({ created: 0, updated: 0, skipped: exportedRows, errors: 0 });
      expect(done.ignoredColumns).toEqual(expect.arrayContaining(['id', 'smsConsentAt', 'status', 'totalSpend']));
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
      const res = await api.http
        .post('/v1/customer-imports')
        .set(apiOwner.auth)
        .set('content-type', 'text/csv')
        .send(Buffer.from(csvFile(rows)));
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
      const other = await api.http
        .post('/v1/customer-imports')
        .set(apiOwner.auth)
        .set('content-type', 'text/csv')
        .send(Buffer.from(`name,phone\nX,${phoneOf(59_999)}\n`));
      const taken = await queue.getNextJob(); // as a worker would, then it fails for good
      expect(taken?.id).toBe(other.body.id);
      await taken!.discard();
      await taken!.moveToFailed({ message: 'boom' });
      const report = await api.app.get(CustomerImportQueue).runRecovery();
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
