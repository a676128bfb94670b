/**
 * GET /v1/customers/export.csv and export.xlsx: a streamed UTF-8 CSV (BOM, RFC 4180, formulas
 * defused, phones left alone) or Excel workbook (text cells) of the customers the search filters
 * select, masked per the caller's privacy, every export audited.
 */
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { todayIn } from '../src/common/clock/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type UserRecord } from './support/factories.js';
import { fieldsOf, insertCustomer, PROBLEM } from './customer-search-support.js';
import { parseCsv } from './support/csv.js';

const HEADER = [
  'id',
  'name',
  'phone',
  'email',
  'gender',
  'birthday',
  'source',
  'homeStoreId',
  'tags',
  'smsConsent',
  'smsConsentAt',
  'emailConsent',
  'emailConsentAt',
  'wechatConsent',
  'wechatConsentAt',
  'status',
  'visitCount',
  'lastVisitAt',
  'totalSpend',
  'currency',
  'notes',
  'createdAt',
];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The body of a workbook download, as exceljs's (older) Buffer type wants it. */
const workbookBytes = (res: Response) => res.body as Parameters<ExcelJS.Xlsx['load']>[0];

describe('customer CSV export', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let beautician: UserRecord;
  let readKey: ApiKeyRecord;
  let piiKey: ApiKeyRecord;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    readKey = await createApiKey(t, { scopes: ['customers:read'] });
    piiKey = await createApiKey(t, { scopes: ['customers:read', 'customers:pii'] });
    const xiaohong = await insertCustomer(t, {
      name: '王小红',
      phone: '+8613812345678',
      email: 'xiaohong.wang@example.com',
      gender: 'female',
      birthday: '1992-05-12',
      source: 'referral',
      homeStoreId: store.id,
      tags: ['VIP', '敏感肌'],
      spendTotal: 384000,
      notes: 'Tea, no coffee; "quiet" room,\nplease',
      createdAt: '2026-02-01T00:00:00Z',
    });
    await insertCustomer(t, {
      name: "=cmd|' /C calc'!A0",
      phone: '+8613900001234',
      email: '@evil.example.com',
      tags: ['-1+1', '@SUM(A1)'],
      notes: '=HYPERLINK("http://evil.example","click")',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await insertCustomer(t, { name: '李伟', phone: '+8613700002222', gender: 'male', tags: ['新客'], createdAt: '2025-12-01T00:00:00Z' });
    await insertCustomer(t, { name: '已合并', status: 'anonymized', createdAt: '2025-11-01T00:00:00Z' });
    await t.sql(
      `UPDATE customer SET consents = '{"sms": {"granted": true, "at": "2026-03-01T02:00:00.000Z", "method": "in_store_form"}, "wechat": {"granted": false, "at": "2026-04-01T02:00:00.000Z", "method": "import"}}' WHERE id = $1`,
      [xiaohong],
    );
  });
  afterAll(() => t.close());

  const exportCsv = (query: Record<string, unknown>, auth: Record<string, string>, format: 'csv' | 'xlsx' = 'csv') =>
    t.http
      .get(`/v1/customers/export.${format}`)
      .query(query)
      .set(auth)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const rowsOf = (res: Response) => {
    const rows = parseCsv((res.body as Buffer).toString('utf8').replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(HEADER);
    return rows.slice(1).map((cells) => Object.fromEntries(HEADER.map((name, i) => [name, cells[i]])));
  };

  it('streams a UTF-8 CSV with a BOM, the header and every matching customer, newest first', async () => {
    const res = await exportCsv({}, owner.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="customers-${todayIn('Asia/Shanghai', Date.now()).replace(/-/g, '')}.csv"`);
    expect(res.headers['content-length']).toBeUndefined();
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(Buffer.from('王小红', 'utf8'))).toBe(true);

    const rows = rowsOf(res);
    expect(rows.map((r) => r.name)).toEqual(['王小红', "'=cmd|' /C calc'!A0", '李伟']);
    expect(rows[0]).toMatchObject({
      phone: '+8613812345678',
      email: 'xiaohong.wang@example.com',
      gender: 'female',
      birthday: '1992-05-12',
      source: 'referral',
      tags: 'VIP; 敏感肌',
      smsConsent: 'yes',
      smsConsentAt: '2026-03-01T02:00:00.000Z',
      emailConsent: '',
      emailConsentAt: '',
      wechatConsent: 'no',
      wechatConsentAt: '2026-04-01T02:00:00.000Z',
      status: 'active',
      visitCount: '0',
      lastVisitAt: '',
      totalSpend: '3840.00',
      currency: 'CNY',
      notes: 'Tea, no coffee; "quiet" room,\nplease',
      createdAt: '2026-02-01T00:00:00.000Z',
    });
  });

  it('prefixes cells a spreadsheet would run as formulas with a quote, but not phone numbers', async () => {
    const res = await exportCsv({ phone: '1234' }, owner.auth);
    const text = (res.body as Buffer).toString('utf8');
    expect(text).toContain(`,'=cmd|' /C calc'!A0,+8613900001234,'@evil.example.com,`);
    // Defused and quoted: the quote prefix goes inside the quotes.
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    const [row] = rowsOf(res);
    expect(row).toMatchObject({ name: "'=cmd|' /C calc'!A0", email: "'@evil.example.com", tags: "'-1+1; @SUM(A1)", notes: `'=HYPERLINK("http://evil.example","click")` });
  });

  it('applies the search filters', async () => {
    expect(rowsOf(await exportCsv({ q: '伟' }, owner.auth)).map((r) => r.name)).toEqual(['李伟']);
    expect(rowsOf(await exportCsv({ tag: 'VIP', gender: 'female' }, owner.auth)).map((r) => r.name)).toEqual(['王小红']);
    expect(rowsOf(await exportCsv({ createdFrom: '2026-01-01T08:00:00+08:00' }, manager.auth)).map((r) => r.name)).toEqual(['王小红', "'=cmd|' /C calc'!A0"]);
    expect(rowsOf(await exportCsv({ status: 'anonymized' }, owner.auth)).map((r) => r.name)).toEqual(['已合并']);
    expect(rowsOf(await exportCsv({ q: '没有' }, owner.auth))).toEqual([]);
  });

  it('answers a problem, not a file, for bad filters', async () => {
    for (const [query, field] of [
      [{ birthdayMonth: 13 }, 'birthdayMonth'],
      [{ ageMin: 50, ageMax: 20 }, 'ageMax'],
      [{ limit: 10 }, 'limit'],
      [{ createdFrom: 'soon' }, 'createdFrom'],
    ] as const) {
      const res = await t.http.get('/v1/customers/export.csv').query(query).set(owner.auth);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect([...new Set(fieldsOf(res.body))]).toEqual([field]);
    }
  });

  it('masks contact data for a key without customers:pii', async () => {
    const [row] = rowsOf(await exportCsv({ q: '王小红' }, readKey.auth));
    expect(row).toMatchObject({ name: '王小红', phone: '138****5678', email: 'x***@example.com', birthday: '' });
    expect(row.notes).toBe('Tea, no coffee; "quiet" room,\nplease');
  });

  it('refuses a key without customers:pii filters on what it sees masked, before any byte of a file', async () => {
    const exports = () => t.sql("SELECT 1 FROM audit_event WHERE action = 'customer.export' AND actor_id = $1", [readKey.id]);
    const before = (await exports()).length;
    for (const [query, field] of [
      [{ phone: '+8613812345678' }, 'phone'],
      [{ email: 'xiaohong.wang@example.com' }, 'email'],
      [{ ageMin: 18 }, 'ageMin'],
      [{ birthdayMonth: 5 }, 'birthdayMonth'],
    ] as const) {
      const res = await t.http.get('/v1/customers/export.csv').query(query).set(readKey.auth);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body).toMatchObject({ code: 'customer.filter_not_allowed', errors: [{ field }] });
    }
    expect(await exports()).toHaveLength(before);
    const [row, ...others] = rowsOf(await exportCsv({ phone: '5678' }, readKey.auth));
    expect(others).toEqual([]);
    expect(row).toMatchObject({ name: '王小红', phone: '138****5678' });
  });

  it('gives a key with customers:pii full data, audited once per export with its filters', async () => {
    const before = await t.sql("SELECT 1 FROM audit_event WHERE action = 'customer.export' AND actor_id = $1", [piiKey.id]);
    expect(before).toHaveLength(0);
    const rows = rowsOf(await exportCsv({ tag: 'VIP', phone: '5678' }, piiKey.auth));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ phone: '+8613812345678', email: 'xiaohong.wang@example.com', birthday: '1992-05-12' });
    const audits = await t.sql<{ actor_type: string; entity_type: string; after: { criteria: Record<string, unknown>; fullContact: boolean; format: string } }>(
      "SELECT actor_type, entity_type, after FROM audit_event WHERE action = 'customer.export' AND actor_id = $1",
      [piiKey.id],
    );
    expect(audits).toEqual([
      { actor_type: 'api_key', entity_type: 'customer_export', after: { criteria: { phone: '[redacted]', tag: ['VIP'] }, fullContact: true, format: 'csv' } },
    ]);
    // An export is one audit record, not one per customer.
    expect(await t.sql("SELECT 1 FROM audit_event WHERE action = 'customer.read_pii' AND actor_id = $1", [piiKey.id])).toHaveLength(0);
  });

  it('is for owners, managers and keys with a customers scope: not receptionists or beauticians', async () => {
    expect((await t.http.get('/v1/customers/export.csv').set(beautician.auth)).status).toBe(403);
    expect((await t.http.get('/v1/customers/export.csv').set(receptionist.auth)).status).toBe(403);
    const catalogKey = await createApiKey(t, { scopes: ['catalog:read'] });
    expect((await t.http.get('/v1/customers/export.csv').set(catalogKey.auth)).status).toBe(403);
    expect((await exportCsv({}, manager.auth)).status).toBe(200);
  });

  describe('as an Excel workbook', () => {
    const sheetOf = async (res: Response) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(workbookBytes(res));
      const sheet = workbook.getWorksheet('Customers')!;
      const rows = sheet.getSheetValues().slice(1) as ExcelJS.CellValue[][]; // 1-based rows of 1-based cells
      expect(rows[0].slice(1)).toEqual(HEADER);
      return { sheet, rows: rows.slice(1).map((cells) => Object.fromEntries(HEADER.map((name, i) => [name, cells[i + 1] ?? null]))) };
    };

    it('keeps phones, ids and birthdays as text cells, without the quote a CSV needs, and numbers as numbers', async () => {
      const res = await exportCsv({}, owner.auth, 'xlsx');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="customers-${todayIn('Asia/Shanghai', Date.now()).replace(/-/g, '')}.xlsx"`);
      const { sheet, rows } = await sheetOf(res);
      expect(rows.map((r) => r.name)).toEqual(['王小红', "=cmd|' /C calc'!A0", '李伟']);
      expect(rows[0]).toMatchObject({
        phone: '+8613812345678',
        birthday: '1992-05-12',
        tags: 'VIP; 敏感肌',
        smsConsent: 'yes',
        smsConsentAt: '2026-03-01T02:00:00.000Z',
        emailConsent: null,
        wechatConsent: 'no',
        visitCount: 0,
        totalSpend: 3840,
        notes: 'Tea, no coffee; "quiet" room,\nplease',
      });
      // Text cells, never formulas: the hostile name is shown, not run.
      expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getCell('B3').type).toBe(ExcelJS.ValueType.String);
      expect(rows[1]).toMatchObject({ email: '@evil.example.com', notes: '=HYPERLINK("http://evil.example","click")' });
    });

    it('masks for a key without customers:pii, and is audited with its format', async () => {
      const { rows } = await sheetOf(await exportCsv({ q: '王小红' }, readKey.auth, 'xlsx'));
      expect(rows).toEqual([expect.objectContaining({ phone: '138****5678', email: 'x***@example.com', birthday: null })]);
      const audits = await t.sql<{ after: { fullContact: boolean } }>(
        "SELECT after FROM audit_event WHERE action = 'customer.export' AND actor_id = $1 AND after->>'format' = 'xlsx'",
        [readKey.id],
      );
      expect(audits.map((a) => a.after.fullContact)).toEqual([false]);
      expect((await t.http.get('/v1/customers/export.xlsx').set(receptionist.auth)).status).toBe(403);
      const bad = await t.http.get('/v1/customers/export.xlsx').query({ birthdayMonth: 13 }).set(owner.auth);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(PROBLEM);
    });
  });

  it('streams large exports in batches, every customer exactly once, as CSV and as .xlsx', async () => {
    await t.sql(
      `INSERT INTO customer (name, phone, tags, created_at)
       SELECT '批量' || g, '+86135' || lpad(g::text, 8, '0'), '{BULK}', timestamptz '2024-01-01T00:00:00Z' + (g / 3) * interval '1 minute'
       FROM generate_series(1, 4500) AS g`,
    );
    const res = await exportCsv({ tag: 'BULK' }, owner.auth);
    expect(res.status).toBe(200);
    const names = rowsOf(res).map((r) => r.name);
    expect(names).toHaveLength(4500);
    expect(new Set(names).size).toBe(4500);
    expect(names[0]).toBe('批量4500');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(workbookBytes(await exportCsv({ tag: 'BULK' }, owner.auth, 'xlsx')));
    const sheet = workbook.getWorksheet('Customers')!;
    const phones = sheet.getColumn(3).values.slice(2) as string[];
    expect(phones).toHaveLength(4500);
    expect(new Set(phones).size).toBe(4500);
    expect(phones[0]).toBe('+8613500004500');
  });
});
