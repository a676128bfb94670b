/**
 * Stocktakes (issue 14) on the real PostgreSQL: a manager opens a count, two counters count (one by a
 * scanned barcode), a sale during the count is no variance, the report values the variances at the
 * moving average cost, approval posts the corrections (levels still equal the ledger), and a second
 * approval is a 409. Counters never see the books; another store's staff cannot count; bad lines are
 * refused field by field and record nothing; of concurrent approvals exactly one posts.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements, type MovedBy } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { waitFor } from './support/wait.js';
import { dyeBody, productBody } from './support/catalog-bodies.js';
import { createApiKey, createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, 10 May
const SYSTEM: MovedBy = { type: 'system', id: null };

interface ReportLine {
  sku: string;
  status: string;
  expectedQuantity: number;
  countedQuantity: number | null;
  varianceQuantity: number | null;
  unitCost: { amount: number };
  varianceValue: { amount: number } | null;
}

describe('inventory: stocktakes', () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let elsewhere: StoreRecord;
  let manager: UserRecord;
  let desk: UserRecord;
  let beautician: UserRecord;
  let outsider: UserRecord;
  let actor: Actor;
  let keys = 0;
  let categories = 0;
  const stock = () => t.app.get(StockMovements);
  const product = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(productBody(body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const onHand = async (productId: string) =>
    Number((await t.sql<{ n: string }>('SELECT on_hand::text AS n FROM stock_level WHERE store_id = $1 AND product_id = $2', [store.id, productId]))[0]?.n ?? 0);
  const receive = (productId: string, units: number, unitCostAmount: number) =>
    stock().bringIn(actor, SYSTEM, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: `test:receipt:${keys++}`, unitCostAmount });
  const sell = (productId: string, units: number) => stock().takeOut(actor, SYSTEM, { storeId: store.id, productId, units, kind: 'sale', sourceKey: `test:sale:${keys++}` });
  const count = (id: string, by: UserRecord | { auth: Record<string, string> }, lines: Array<Record<string, unknown>>) =>
    t.http.post(`/v1/stocktakes/${id}/counts`).set(by.auth).send({ lines });
  const entries = async (id: string) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM stocktake_count WHERE stocktake_id = $1', [id]))[0].n;
  /** A category of its own, with one piece product stocked: a small stocktake to open. */
  const smallCount = async (pieces = 5) => {
    const category = `盘点 stocktake ${categories++}`;
    const serum = await product({ category, specification: { size: 1, unit: 'pcs' } });
    await receive(serum, pieces, 1000);
    const opened = await t.http
      .post('/v1/stocktakes')
      .set(manager.auth)
      .send({ storeId: store.id, categories: [category] });
    expect(opened.status).toBe(201);
    return { id: opened.body.id as string, serum, category };
  };

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    elsewhere = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    desk = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    outsider = await createUser(t, { role: 'receptionist', storeIds: [elsewhere.id] });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('counts with two counters and a scanner, ignores a sale during the count, values the variances and posts them once on approval', async () => {
    const category = '盘点 done-when';
    const serum = await product({ category, barcode: `69${Date.now()}1`, specification: { size: 1, unit: 'pcs' } });
    const barcode = `69${Date.now()}2`;
    const mask = await product({ category, barcode, specification: { size: 1, unit: 'pcs' } });
    const dye = await product(dyeBody({ category, specification: { size: 60, unit: 'g' }, shelfLifeDays: null }));
    const untouched = await product({ category, specification: { size: 1, unit: 'pcs' } });
    const otherCategory = await product({ category: 'not counted here', specification: { size: 1, unit: 'pcs' } });
    await receive(serum, 10, 1000);
    await receive(mask, 5, 2000);
    await receive(dye, 4 * 60_000, 3000);
    await receive(untouched, 3, 500);
    await receive(otherCategory, 2, 500);
    // A partner listening for approved stocktakes.
    const endpoint = await t.http
      .post('/v1/webhook-endpoints')
      .set(owner.auth)
      .send({ url: 'https://hooks.example.com/stocktakes', eventTypes: ['stocktake.approved'] });
    expect(endpoint.status).toBe(201);

    const opened = await t.http
      .post('/v1/stocktakes')
      .set(manager.auth)
      .set('idempotency-key', 'stocktake-open-1')
      .send({ storeId: store.id, categories: [category] });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect(opened.headers.location).toBe(`/v1/stocktakes/${id}`);
    expect(opened.body).toMatchObject({ status: 'counting', storeId: store.id, categories: [category], productCount: 4, countedCount: 0 });
    expect(opened.body.number).toMatch(new RegExp(`^ST-${store.code}-20270510-\\d{4}$`));
    expect(opened.body.lines.map((line: { productId: string }) => line.productId).sort()).toEqual([serum, mask, dye, untouched].sort());
    // While it is open, no other count of the store may take these products (each difference would be posted twice).
    const overlapping = await t.http.post('/v1/stocktakes').set(owner.auth).send({ storeId: store.id });
    expect([overlapping.status, overlapping.body.code, overlapping.body.errors]).toEqual([
      409,
      'stocktake.scope_overlap',
      [{ field: 'storeId', message: expect.stringContaining(opened.body.number) }],
    ]);

    // Two serums sold before anyone counted them: 8 on the shelves, 8 expected.
    await sell(serum, 2);
    expect((await count(id, desk, [{ productId: serum, quantity: 5 }])).status).toBe(201);
    const scanned = await count(id, desk, [
      { barcode, quantity: 3 },
      { productId: dye, quantity: 250 },
    ]);
    expect(scanned.status).toBe(201);
    expect(scanned.body.data).toEqual([
      expect.objectContaining({ productId: mask, quantity: 3, unit: 'pcs', barcode, countedBy: { type: 'user', id: desk.id }, replacesId: null }),
      expect.objectContaining({ productId: dye, quantity: 250, unit: 'g', barcode: null }),
    ]);
    // The second counter counts the other shelf of serums: entries of a product add up.
    expect((await count(id, beautician, [{ productId: serum, quantity: 3 }])).status).toBe(201);
    // A serum sold after both shelves were counted is not a variance either.
    await sell(serum, 1);
    // The desk miscounted the masks: only they may correct their entry.
    const maskEntry = scanned.body.data[0].id as string;
    const notTheirs = await t.http.post(`/v1/stocktakes/${id}/counts/${maskEntry}/correct`).set(beautician.auth).send({ quantity: 9 });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.code).toBe('stocktake.not_your_count');
    const corrected = await t.http.post(`/v1/stocktakes/${id}/counts/${maskEntry}/correct`).set(desk.auth).send({ quantity: 4 });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ productId: mask, quantity: 4, replacesId: maskEntry });
    expect((await t.http.post(`/v1/stocktakes/${id}/counts/${maskEntry}/correct`).set(desk.auth).send({ quantity: 5 })).body.code).toBe('stocktake.count_replaced');

    // Blind: what counters read never holds the books' figures.
    const seen = await t.http.get(`/v1/stocktakes/${id}`).set(beautician.auth);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toMatch(/expected|variance|onHand/i);
    expect(seen.body.lines.find((line: { productId: string }) => line.productId === serum)).toMatchObject({ countedQuantity: 8, entries: 2 });
    expect(seen.body.lines.find((line: { productId: string }) => line.productId === untouched)).toMatchObject({ countedQuantity: null, entries: 0 });
    const mine = await t.http.get(`/v1/stocktakes/${id}/counts`).set(beautician.auth);
    expect(mine.body.data.map((entry: { productId: string; quantity: number }) => [entry.productId, entry.quantity])).toEqual([[serum, 3]]);
    expect(JSON.stringify(mine.body)).not.toMatch(/expected|variance|onHand/i);
    expect((await t.http.get(`/v1/stocktakes/${id}/counts`).set(manager.auth)).body.data).toHaveLength(4);
    expect((await t.http.get(`/v1/stocktakes/${id}/variances`).set(desk.auth)).status).toBe(403);
    expect((await t.http.get(`/v1/stocktakes/${id}/variances`).set(manager.auth)).body.code).toBe('stocktake.still_counting');
    expect((await t.http.post(`/v1/stocktakes/${id}/approve`).set(manager.auth)).body).toMatchObject({
      status: 409,
      code: 'stocktake.invalid_transition',
      currentState: 'counting',
    });

    expect((await t.http.post(`/v1/stocktakes/${id}/submit`).set(manager.auth)).body.status).toBe('submitted');
    const late = await count(id, desk, [{ productId: untouched, quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('stocktake.not_counting');

    const report = await t.http.get(`/v1/stocktakes/${id}/variances`).set(manager.auth);
    expect(report.status).toBe(200);
    const bySku = (lines: ReportLine[], productId: string) => lines.find((line) => (line as unknown as { productId: string }).productId === productId)!;
    const expectReport = (lines: ReportLine[]) => {
      // 8 serums at the count (10 − 2 sold before), 8 counted on two shelves: no variance, although 7 are on hand now.
      expect(bySku(lines, serum)).toMatchObject({ status: 'counted', expectedQuantity: 8, countedQuantity: 8, varianceQuantity: 0, varianceValue: { amount: 0 } });
      expect(bySku(lines, mask)).toMatchObject({ expectedQuantity: 5, countedQuantity: 4, varianceQuantity: -1, unitCost: { amount: 2000 }, varianceValue: { amount: -2000 } });
      // 10 g more than the 240 g of four tubes, at 3000 a 60 g tube: 500.
      expect(bySku(lines, dye)).toMatchObject({ expectedQuantity: 240, countedQuantity: 250, varianceQuantity: 10, unitCost: { amount: 3000 }, varianceValue: { amount: 500 } });
      expect(bySku(lines, untouched)).toMatchObject({ status: 'not_counted', expectedQuantity: 3, countedQuantity: null, varianceQuantity: null, varianceValue: null });
    };
    expectReport(report.body.lines);
    expect(report.body.totals).toEqual({
      shortageValue: { amount: 2000, currency: 'CNY' },
      surplusValue: { amount: 500, currency: 'CNY' },
      netValue: { amount: -1500, currency: 'CNY' },
      counted: 3,
      notCounted: 1,
      withVariance: 2,
    });

    // A receptionist may not approve; the manager does.
    expect((await t.http.post(`/v1/stocktakes/${id}/approve`).set(desk.auth)).status).toBe(403);
    const approved = await t.http.post(`/v1/stocktakes/${id}/approve`).set(manager.auth);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expectReport(approved.body.lines);
    expect(approved.body.totals.netValue).toEqual({ amount: -1500, currency: 'CNY' });
    // Corrections onto the levels as they are: the serum sold after the count stays sold; the uncounted product is unchanged.
    expect(await onHand(serum)).toBe(7);
    expect(await onHand(mask)).toBe(4);
    expect(await onHand(dye)).toBe(250_000);
    expect(await onHand(untouched)).toBe(3);
    expect(await onHand(otherCategory)).toBe(2);
    const posted = await t.sql(
      `SELECT product_id AS "productId", kind, delta::int, value_delta::int AS value, document_id AS doc FROM stock_movement WHERE document_type = 'stocktake' ORDER BY delta`,
    );
    expect(posted).toEqual([
      { productId: mask, kind: 'stocktake', delta: -1, value: -2000, doc: opened.body.number },
      { productId: dye, kind: 'stocktake', delta: 10_000, value: 500, doc: opened.body.number },
    ]);
    expect(await stock().mismatches()).toEqual([]);

    // Approving twice is a 409 and posts nothing more.
    const twice = await t.http.post(`/v1/stocktakes/${id}/approve`).set(manager.auth);
    expect(twice.status).toBe(409);
    expect(twice.headers['content-type']).toContain('application/problem+json');
    expect(twice.body).toMatchObject({ code: 'stocktake.invalid_transition', currentState: 'approved' });
    // Approved, it counts those products no more: a new count of the store may take them.
    const next = await t.http
      .post('/v1/stocktakes')
      .set(owner.auth)
      .send({ storeId: store.id, categories: [category] });
    expect(next.status).toBe(201);
    expect((await t.http.post(`/v1/stocktakes/${next.body.id}/cancel`).set(owner.auth).send({})).status).toBe(200);
    expect(await t.sql(`SELECT count(*)::int AS n FROM stock_movement WHERE document_type = 'stocktake'`)).toEqual([{ n: 2 }]);
    // The report stays what was posted, although stock moves on.
    await sell(mask, 1);
    expectReport((await t.http.get(`/v1/stocktakes/${id}/variances`).set(owner.auth)).body.lines);
    const history = await t.http.get(`/v1/stocktakes/${id}/history`).set(desk.auth);
    expect(history.body.data.map((change: { fromStatus: string; toStatus: string }) => `${change.fromStatus}→${change.toStatus}`)).toEqual([
      'counting→submitted',
      'submitted→approved',
    ]);
    expect(await t.sql(`SELECT payload->>'stocktakeId' AS id, (payload->>'movements')::int AS movements FROM event WHERE name = 'stocktake.approved'`)).toEqual([
      { id, movements: 2 },
    ]);
    const [message] = await waitFor(
      () => t.sql<{ type: string; body: string }>('SELECT type, body FROM webhook_message WHERE endpoint_id = $1', [endpoint.body.id]),
      (rows) => rows.length > 0,
    );
    expect(JSON.parse(message.body)).toMatchObject({ type: 'stocktake.approved', data: { id, number: opened.body.number, status: 'approved', storeId: store.id } });
    expect(await t.sql(`SELECT action FROM audit_event WHERE entity_id = $1 AND action = 'stocktake.approve'`, [id])).toHaveLength(1);
    const listed = await t.http.get('/v1/stocktakes').query({ storeId: store.id, status: 'approved' }).set(beautician.auth);
    expect(listed.body.data.map((row: { id: string }) => row.id)).toContain(id);
  });

  it('leaves counting to the store’s staff and approving to its managers', async () => {
    const { id, serum } = await smallCount();
    // Another store's staff do not see it, let alone count.
    const foreign = await count(id, outsider, [{ productId: serum, quantity: 1 }]);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('stocktake.not_found');
    expect((await t.http.get(`/v1/stocktakes/${id}`).set(outsider.auth)).status).toBe(404);
    const foreignKey = await createApiKey(t, { scopes: ['inventory:write'], storeIds: [elsewhere.id] });
    expect((await count(id, foreignKey, [{ productId: serum, quantity: 1 }])).body.code).toBe('stocktake.not_found');
    // A reading key does not count; a writing key of the store does.
    const reader = await createApiKey(t, { scopes: ['inventory:read'] });
    expect((await count(id, reader, [{ productId: serum, quantity: 1 }])).status).toBe(403);
    const scanner = await createApiKey(t, { scopes: ['inventory:write'], storeIds: [store.id] });
    expect((await count(id, scanner, [{ productId: serum, quantity: 5 }])).status).toBe(201);
    // Staff below manager neither open, submit nor approve; a key never approves.
    expect((await t.http.post('/v1/stocktakes').set(desk.auth).send({ storeId: store.id })).status).toBe(403);
    expect((await t.http.post(`/v1/stocktakes/${id}/submit`).set(beautician.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/stocktakes/${id}/submit`).set(manager.auth)).status).toBe(200);
    expect((await t.http.post(`/v1/stocktakes/${id}/approve`).set(beautician.auth)).status).toBe(403);
    expect((await t.http.post(`/v1/stocktakes/${id}/approve`).set(scanner.auth)).status).toBe(403);
    expect((await t.http.get(`/v1/stocktakes/${id}`).set(owner.auth)).body.status).toBe('submitted');
    // Cancelled before approval: nothing was posted, and it approves no more.
    expect((await t.http.post(`/v1/stocktakes/${id}/cancel`).set(manager.auth).send({ reason: '重新盘点 Count again' })).body.status).toBe('cancelled');
    expect((await t.http.post(`/v1/stocktakes/${id}/approve`).set(manager.auth)).body.code).toBe('stocktake.invalid_transition');
    expect(await t.sql(`SELECT count(*)::int AS n FROM stock_movement WHERE source_key LIKE $1`, [`stocktake:${id}:%`])).toEqual([{ n: 0 }]);
  });

  it('refuses bad lines field by field and records none of them', async () => {
    const { id, serum } = await smallCount();
    const dye = await product(dyeBody({ category: 'colour only', specification: { size: 60, unit: 'g' } }));
    const bad = async (lines: Array<Record<string, unknown>>, status: number, code: string, fields: string[]) => {
      const res = await count(id, desk, lines);
      expect([res.status, res.body.code, res.body.errors?.map((error: { field: string }) => error.field)]).toEqual([status, code, fields]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    };
    await bad([{ productId: serum, quantity: -1 }], 400, 'request.validation_failed', ['lines[0].quantity']);
    await bad([{ productId: serum, quantity: 1.5 }], 400, 'request.validation_failed', ['lines[0].quantity']);
    await bad([{ productId: serum, quantity: 1.0005 }], 400, 'request.validation_failed', ['lines[0].quantity']);
    // A tiny number prints as 1e-7: checked as a number, it is a 400 like the rest.
    await bad([{ productId: serum, quantity: 1e-7 }], 400, 'request.validation_failed', ['lines[0].quantity']);
    await bad([{ productId: serum, quantity: '3' }], 400, 'request.validation_failed', ['lines[0].quantity']);
    await bad([{ productId: serum, barcode: '123', quantity: 1 }], 400, 'request.validation_failed', ['lines[0].productId']);
    await bad([{ quantity: 1 }], 400, 'request.validation_failed', ['lines[0].productId']);
    await bad([{ productId: 'not-an-id', quantity: 1 }], 400, 'request.validation_failed', ['lines[0].productId']);
    await bad([], 400, 'request.validation_failed', ['lines']);
    await bad(
      [
        { productId: serum, quantity: 2 },
        { barcode: 'NO-SUCH-CODE', quantity: 1 },
        { productId: dye, quantity: 30 },
      ],
      422,
      'stocktake.not_in_scope',
      ['lines[1].barcode', 'lines[2].productId'],
    );
    expect(await entries(id)).toBe(0);
    const fine = await count(id, desk, [{ productId: serum, quantity: 0 }]);
    expect(fine.status).toBe(201);
    expect(await entries(id)).toBe(1);
    // Opening: an empty category list, a category with nothing in it.
    const empty = await t.http.post('/v1/stocktakes').set(manager.auth).send({ storeId: store.id, categories: [] });
    expect([empty.status, empty.body.errors?.map((error: { field: string }) => error.field)]).toEqual([400, ['categories']]);
    const nothing = await t.http
      .post('/v1/stocktakes')
      .set(manager.auth)
      .send({ storeId: store.id, categories: ['no such category'] });
    expect([nothing.status, nothing.body.code, nothing.body.errors?.map((error: { field: string }) => error.field)]).toEqual([422, 'stocktake.empty_scope', ['categories']]);
    expect((await t.http.post('/v1/stocktakes').set(manager.auth).send({ storeId: elsewhere.id })).body.code).toBe('store.not_found');
  });

  it('posts once when approvals come at once', async () => {
    const { id, serum } = await smallCount(6);
    expect((await count(id, desk, [{ productId: serum, quantity: 4 }])).status).toBe(201);
    expect((await t.http.post(`/v1/stocktakes/${id}/submit`).set(manager.auth)).status).toBe(200);
    const answers = await Promise.all([manager, owner, manager].map((by) => t.http.post(`/v1/stocktakes/${id}/approve`).set(by.auth)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409]);
    expect(answers.filter((res) => res.status === 409).map((res) => res.body.code)).toEqual(['stocktake.invalid_transition', 'stocktake.invalid_transition']);
    expect(await onHand(serum)).toBe(4);
    expect(await t.sql(`SELECT delta::int FROM stock_movement WHERE source_key LIKE $1`, [`stocktake:${id}:%`])).toEqual([{ delta: -2 }]);
    expect(await stock().mismatches()).toEqual([]);
  });
});
