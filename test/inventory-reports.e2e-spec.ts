/**
 * Inventory reports (issue 14): what a manager reads of their stores' stock — value on hand, the
 * movement history, slow movers, expiring batches and turnover — as JSON pages and as CSV files of
 * every row, for owners, managers and inventory:read keys of their own stores only.
 */
import { FixedClock } from '../src/common/clock/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { StockMovements } from '../src/modules/inventory/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { dyeBody, productBody } from './support/catalog-bodies.js';
import { csvRows, download } from './support/csv.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type StoreRecord, type UserRecord } from './support/factories.js';

/** Noon on 10 May 2027 in Shanghai. */
const NOW = new Date('2027-05-10T04:00:00Z');
const PROBLEM = /^application\/problem\+json/;
const REPORTS = '/v1/inventory/reports';
/** A name a CSV must quote: a comma and a double quote. */
const SHAMPOO_NAME = '洗发水, Bain "Satin" 250';

describe('inventory reports', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let otherKey: ApiKeyRecord;
  let shampoo: string;
  let dye: string;
  let serum: string;
  let keys = 0;

  const product = async (body: Record<string, unknown>) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** Posts a movement through the ledger, then dates it as if it had happened at `at`. */
  const post = async (at: string, move: (stock: StockMovements, actor: Actor, sourceKey: string) => Promise<{ movementId: string }>) => {
    const actor: Actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
    const { movementId } = await move(t.app.get(StockMovements), actor, `reports-test:${keys++}`);
    await t.sql('UPDATE stock_movement SET created_at = $2 WHERE id = $1', [movementId, at]);
    return movementId;
  };
  const receive = (at: string, storeId: string, productId: string, units: number, unitCostAmount: number, batch: { expiresOn?: string; lotCode?: string; reason?: string } = {}) =>
    post(at, (stock, actor, sourceKey) =>
      stock.bringIn(actor, { type: 'user', id: owner.id }, { storeId, productId, units, unitCostAmount, kind: 'receipt', sourceKey, ...batch }),
    );
  const takeOut = (at: string, kind: 'sale' | 'consumption', productId: string, units: number, documentId: string) =>
    post(at, (stock, actor, sourceKey) =>
      stock.takeOut(
        actor,
        { type: 'user', id: manager.id },
        { storeId: store.id, productId, units, kind, sourceKey, documentType: kind === 'sale' ? 'order' : 'appointment', documentId },
      ),
    );
  const get = (path: string, query: Record<string, unknown> = {}, auth: Record<string, string> = manager.auth) => t.http.get(`${REPORTS}/${path}`).query(query).set(auth);

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    otherKey = await createApiKey(t, { scopes: ['inventory:read'], storeIds: [other.id] });
    shampoo = await product(productBody({ name: SHAMPOO_NAME, specification: { size: 1, unit: 'pcs' }, category: 'Hair Care' }));
    dye = await product(dyeBody({ specification: { size: 1000, unit: 'ml' } }));
    serum = await product(productBody({ specification: { size: 1, unit: 'pcs' }, category: 'skin care' }));

    // Shampoo: 10 at ¥98, 2 sold, 5 more at ¥110, 3 sold (at the moving average: ¥102.615 → 30785 fen).
    await receive('2027-03-01T02:00:00Z', store.id, shampoo, 10, 9800);
    await takeOut('2027-04-20T02:00:00Z', 'sale', shampoo, 2, 'SO-20270420-0001');
    await receive('2027-04-25T02:00:00Z', store.id, shampoo, 5, 11000);
    await takeOut('2027-05-05T02:00:00Z', 'sale', shampoo, 3, 'SO-20270505-0007');
    // Dye: two 1000 ml bottles at ¥60 expiring on 20 May; 30 ml used by a service. Never sold.
    await receive('2027-01-05T02:00:00Z', store.id, dye, 2_000_000, 6000, { expiresOn: '2027-05-20', lotCode: 'L-DYE-1' });
    await takeOut('2027-04-30T02:00:00Z', 'consumption', dye, 30_000, 'appt-1');
    // Serum: 4 at ¥50 that expired on 1 May; a receipt whose reason a spreadsheet would run as a formula.
    await receive('2027-02-01T02:00:00Z', store.id, serum, 4, 5000, { expiresOn: '2027-05-01', lotCode: 'L-OLD', reason: '=HYPERLINK("http://x")' });
    // The other store's stock, which store A's manager never sees.
    await receive('2027-03-01T02:00:00Z', other.id, shampoo, 4, 9800);
  });
  afterAll(() => t.close());

  it("shows stock on hand with its average cost and value, and each store's total", async () => {
    const res = await get('stock-on-hand').expect(200);
    const byProduct = new Map(res.body.data.map((row: { productId: string }) => [row.productId, row]));
    expect(res.body.data.map((row: { storeId: string }) => row.storeId)).toEqual([store.id, store.id, store.id]);
    expect(byProduct.get(shampoo)).toMatchObject({
      name: SHAMPOO_NAME,
      category: 'Hair Care',
      unit: 'pcs',
      onHand: { pieces: 10 },
      reserved: { pieces: 0 },
      available: { pieces: 10 },
      averageUnitCost: { amount: 10262, currency: 'CNY' },
      value: { amount: 102615, currency: 'CNY' },
    });
    expect(byProduct.get(dye)).toMatchObject({ unit: 'ml', onHand: { pieces: 1, measure: 1970 }, averageUnitCost: { amount: 6000 }, value: { amount: 11820 } });
    expect(byProduct.get(serum)).toMatchObject({ onHand: { pieces: 4 }, value: { amount: 20000 } });
    expect(res.body.totals).toEqual([{ storeId: store.id, products: 3, value: { amount: 134435, currency: 'CNY' } }]);

    // A category, any case; totals follow the filter.
    const hair = await get('stock-on-hand', { category: 'hair care' }).expect(200);
    expect(hair.body.data.map((row: { productId: string }) => row.productId)).toEqual([shampoo]);
    expect(hair.body.totals).toEqual([{ storeId: store.id, products: 1, value: { amount: 102615, currency: 'CNY' } }]);

    // The owner sees both stores, a total each; the totals cover every page.
    const first = await get('stock-on-hand', { limit: 2 }, owner.auth).expect(200);
    expect(first.body.totals.map((total: { storeId: string; value: { amount: number } }) => [total.storeId, total.value.amount]).sort()).toEqual(
      [
        [store.id, 134435],
        [other.id, 39200],
      ].sort(),
    );
    const rest = await get('stock-on-hand', { limit: 2, cursor: first.body.nextCursor }, owner.auth).expect(200);
    expect(first.body.data.length + rest.body.data.length).toBe(4);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('lists movements newest first, filtered by kinds, time and document, with who, why and the value', async () => {
    const res = await t.http.get(`${REPORTS}/movements?kind=sale&kind=consumption&storeId=${store.id}`).set(manager.auth).expect(200);
    expect(res.body.data.map((row: { kind: string; productId: string; valueChange: { amount: number } }) => [row.kind, row.productId, row.valueChange.amount])).toEqual([
      ['sale', shampoo, -30785],
      ['consumption', dye, -180],
      ['sale', shampoo, -19600],
    ]);
    expect(res.body.data[0]).toMatchObject({
      sku: expect.any(String),
      name: SHAMPOO_NAME,
      direction: 'out',
      quantity: { pieces: 3 },
      unitCost: { amount: 10262, currency: 'CNY' },
      documentType: 'order',
      documentId: 'SO-20270505-0007',
      actor: { type: 'user', id: manager.id },
      createdAt: '2027-05-05T10:00:00+08:00',
    });
    expect(res.body.data[1]).toMatchObject({ unit: 'ml', quantity: { measure: 30 } });

    const window = await get('movements', { from: '2027-04-21T00:00:00+08:00', to: '2027-05-01T00:00:00+08:00' }).expect(200);
    expect(window.body.data.map((row: { kind: string }) => row.kind)).toEqual(['consumption', 'receipt']);
    const document = await get('movements', { documentType: 'order', documentId: 'SO-20270420-0001' }).expect(200);
    expect(document.body.data.map((row: { quantity: { pieces: number } }) => row.quantity.pieces)).toEqual([2]);

    // Seven movements in store A, three pages of three, none twice.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get('movements', { limit: 3, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...page.body.data.map((row: { id: string }) => row.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
  });

  it('finds slow movers: stock on hand and no sale in the last `days` days of the store, with the last sale', async () => {
    const slow = async (query: Record<string, unknown>) => {
      const res = await get('slow-movers', query).expect(200);
      return new Map(res.body.data.map((row: { productId: string }) => [row.productId, row]));
    };
    // 90 days by default: the dye and the serum were never sold; the shampoo sold on 5 May.
    const byDefault = await slow({});
    expect([...byDefault.keys()].sort()).toEqual([dye, serum].sort());
    expect(byDefault.get(dye)).toMatchObject({ lastSaleAt: null, daysSinceLastSale: null, onHand: { measure: 1970 }, value: { amount: 11820 } });
    // The sale was on 5 May (Shanghai): 6 days back from 10 May reaches it, 5 do not.
    expect((await slow({ days: 6 })).has(shampoo)).toBe(false);
    expect((await slow({ days: 5 })).get(shampoo)).toMatchObject({
      lastSaleAt: '2027-05-05T10:00:00+08:00',
      daysSinceLastSale: 5,
      onHand: { pieces: 10 },
      value: { amount: 102615 },
    });
  });

  it('lists batches expiring within `days` days, soonest first, expired ones marked', async () => {
    const res = await get('expiring').expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        productId: serum,
        lotCode: 'L-OLD',
        expiresOn: '2027-05-01',
        daysLeft: -9,
        expired: true,
        remaining: expect.objectContaining({ pieces: 4 }),
        value: { amount: 20000, currency: 'CNY' },
      }),
      expect.objectContaining({
        productId: dye,
        lotCode: 'L-DYE-1',
        expiresOn: '2027-05-20',
        daysLeft: 10,
        expired: false,
        remaining: expect.objectContaining({ measure: 1970 }),
        unitCost: { amount: 6000, currency: 'CNY' },
        value: { amount: 11820, currency: 'CNY' },
      }),
    ]);
    // Expired batches show whatever the horizon; the dye's is 10 days away.
    const soon = await get('expiring', { days: 9 }).expect(200);
    expect(soon.body.data.map((row: { productId: string }) => row.productId)).toEqual([serum]);
  });

  it('computes turnover over the last 30 days from the ledger: units out, cost of goods out, average value, days of cover', async () => {
    const res = await get('turnover').expect(200);
    const byProduct = new Map(res.body.data.map((row: { productId: string }) => [row.productId, row]));
    // Shampoo: ¥980 at the start (11 April), ¥1026.15 at the end; ¥196 + ¥307.85 out.
    expect(byProduct.get(shampoo)).toMatchObject({
      from: '2027-04-11',
      to: '2027-05-10',
      sold: { pieces: 5 },
      consumed: { pieces: 0 },
      costOfGoodsOut: { amount: 50385 },
      openingValue: { amount: 98000 },
      closingValue: { amount: 102615 },
      // Weighted by time from 11 April 00:00 to now (10 May 12:00, 29.5 days): ¥980 + (−¥196 × 20.08 + ¥550 × 15.08 − ¥307.85 × 5.08 days) / 29.5.
      averageValue: { amount: 107473 },
      turnover: 0.47,
      daysOfCover: 61.1,
    });
    expect(byProduct.get(dye)).toMatchObject({
      sold: { measure: 0 },
      consumed: { measure: 30 },
      costOfGoodsOut: { amount: 180 },
      averageValue: { amount: 11938 },
      turnover: 0.02,
      daysOfCover: 1970,
    });
    // A period that is over ends at its last day's midnight: ¥120 less ¥1.80 for the 14 hours after the service, of 20 days.
    const april = await get('turnover', { productId: dye, from: '2027-04-11', to: '2027-04-30' }).expect(200);
    expect(april.body.data[0]).toMatchObject({ from: '2027-04-11', to: '2027-04-30', closingValue: { amount: 11820 }, averageValue: { amount: 11995 } });
    // Nothing went out of the serum: no days of cover to speak of.
    expect(byProduct.get(serum)).toMatchObject({ costOfGoodsOut: { amount: 0 }, turnover: 0, daysOfCover: null });

    // From 21 April: the first sale falls outside, the stock then was worth ¥784.
    const late = await get('turnover', { productId: shampoo, from: '2027-04-21', to: '2027-05-10' }).expect(200);
    expect(late.body.data).toEqual([
      expect.objectContaining({
        sold: expect.objectContaining({ pieces: 3 }),
        costOfGoodsOut: { amount: 30785, currency: 'CNY' },
        openingValue: { amount: 78400, currency: 'CNY' },
      }),
    ]);
    // A period before anything was stocked lists nothing.
    expect((await get('turnover', { from: '2026-01-01', to: '2026-01-31' }).expect(200)).body.data).toEqual([]);
  });

  it('downloads every report as CSV: BOM, header, the same rows, quoted names, money in yuan with its currency', async () => {
    const res = await download(t, `${REPORTS}/stock-on-hand.csv`, {}, manager.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="inventory-stock-on-hand-20270510.csv"');
    // The name with a comma and quotes arrives quoted, quotes doubled.
    expect((res.body as Buffer).toString('utf8')).toContain('"洗发水, Bain ""Satin"" 250"');
    const [header, ...rows] = csvRows(res);
    expect(header).toEqual(['storeId', 'productId', 'sku', 'name', 'category', 'unit', 'onHand', 'reserved', 'available', 'averageUnitCost', 'value', 'currency']);
    const row = (productId: string) => Object.fromEntries(header.map((name, i) => [name, rows.find((cells) => cells[1] === productId)?.[i]]));
    expect(rows).toHaveLength(3);
    expect(row(shampoo)).toMatchObject({ name: SHAMPOO_NAME, category: 'Hair Care', unit: 'pcs', onHand: '10', averageUnitCost: '102.62', value: '1026.15', currency: 'CNY' });
    expect(row(dye)).toMatchObject({ unit: 'ml', onHand: '1970', value: '118.20' });

    // Movements: all seven, money out negative (a number, not defused), the formula-like reason made text.
    const movements = csvRows(await download(t, `${REPORTS}/movements.csv`, { storeId: store.id }, manager.auth));
    expect(movements).toHaveLength(8);
    const columns = movements[0];
    const newest = Object.fromEntries(columns.map((name, i) => [name, movements[1][i]]));
    expect(newest).toMatchObject({
      createdAt: '2027-05-05T10:00:00+08:00',
      kind: 'sale',
      quantity: '3',
      unitCost: '102.62',
      value: '-307.85',
      currency: 'CNY',
      documentId: 'SO-20270505-0007',
    });
    expect(movements.map((cells) => cells[columns.indexOf('reason')])).toContain(`'=HYPERLINK("http://x")`);

    const expiring = csvRows(await download(t, `${REPORTS}/expiring.csv`, {}, manager.auth));
    expect(expiring.slice(1).map((cells) => [cells[5], cells[6], cells[7], cells[8], cells[12]])).toEqual([
      ['L-OLD', '2027-05-01', '-9', 'yes', '200.00'],
      ['L-DYE-1', '2027-05-20', '10', 'no', '118.20'],
    ]);
    const slow = csvRows(await download(t, `${REPORTS}/slow-movers.csv`, { days: 5 }, manager.auth));
    expect(slow.slice(1)).toHaveLength(3);
    expect(slow.find((cells) => cells[1] === shampoo)?.slice(-4)).toEqual(['1026.15', 'CNY', '2027-05-05T10:00:00+08:00', '5']);
    const turnover = csvRows(await download(t, `${REPORTS}/turnover.csv`, { productId: shampoo }, manager.auth));
    expect(turnover[0].slice(-3)).toEqual(['currency', 'turnover', 'daysOfCover']);
    expect(turnover[1].slice(-9)).toEqual(['5', '0', '503.85', '980.00', '1026.15', '1074.73', 'CNY', '0.47', '61.1']);
  });

  it('keeps reports to owners, managers and inventory:read keys, each of their own stores', async () => {
    const receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    const beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    const writer = await createApiKey(t, { scopes: ['inventory:write'], storeIds: [store.id] });
    for (const path of [
      'stock-on-hand',
      'stock-on-hand.csv',
      'movements',
      'movements.csv',
      'slow-movers',
      'slow-movers.csv',
      'expiring',
      'expiring.csv',
      'turnover',
      'turnover.csv',
    ]) {
      for (const auth of [receptionist.auth, beautician.auth, writer.auth]) {
        const res = await get(path, {}, auth);
        expect([path, res.status]).toEqual([path, 403]);
      }
    }
    // Store B's key sees B's stock only, and store A as if it did not exist.
    const theirs = await get('stock-on-hand', {}, otherKey.auth).expect(200);
    expect(theirs.body.data.map((row: { storeId: string }) => row.storeId)).toEqual([other.id]);
    expect(theirs.body.totals.map((total: { storeId: string }) => total.storeId)).toEqual([other.id]);
    for (const path of ['movements', 'slow-movers', 'expiring', 'turnover']) {
      const rows = (await get(path, {}, otherKey.auth).expect(200)).body.data as Array<{ storeId: string }>;
      expect([path, rows.filter((row) => row.storeId !== other.id)]).toEqual([path, []]);
    }
    expect(
      csvRows(await download(t, `${REPORTS}/movements.csv`, {}, otherKey.auth))
        .slice(1)
        .every((cells) => cells.includes(other.id)),
    ).toBe(true);
    for (const path of ['stock-on-hand', 'movements.csv', 'expiring']) {
      const res = await get(path, { storeId: store.id }, otherKey.auth);
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'store.not_found']);
    }
  });

  it('answers bad parameters 400, naming the parameter', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['slow-movers', { days: 0 }, 'days'],
      ['slow-movers.csv', { days: 3651 }, 'days'],
      ['expiring', { days: 'soon' }, 'days'],
      ['expiring', { days: 1.5 }, 'days'],
      ['stock-on-hand', { storeId: 'store-1' }, 'storeId'],
      ['stock-on-hand.csv', { productId: '42' }, 'productId'],
      ['stock-on-hand', { cursor: 'not-a-cursor' }, 'cursor'],
      ['movements', { kind: 'theft' }, 'kind'],
      ['movements', { from: '2027-05-01' }, 'from'],
      ['movements', { from: '2027-05-02T00:00:00Z', to: '2027-05-01T00:00:00Z' }, 'to'],
      ['movements.csv', { to: 'yesterday' }, 'to'],
      ['turnover', { from: '2027-02-30' }, 'from'],
      ['turnover', { from: '2027-05-10', to: '2027-05-01' }, 'to'],
      ['turnover.csv', { from: '2000-01-01', to: '2027-05-01' }, 'from'],
      ['turnover', { limit: 101 }, 'limit'],
    ];
    for (const [path, query, field] of cases) {
      const res = await get(path, query);
      expect([path, query, res.status, res.body.code]).toEqual([path, query, 400, 'request.validation_failed']);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
  });
});
