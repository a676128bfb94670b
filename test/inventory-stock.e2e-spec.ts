/**
 * The stock ledger (issue 14, first part) on the real PostgreSQL: receipts make batches, sales and
 * consumption take the batch that expires first and never an expired one, stock never goes below zero
 * or below what is held for orders under any concurrency, value follows the moving weighted average,
 * and every level equals the sum of its movements and of its batches.
 */
import { spawn } from 'node:child_process';
import { FixedClock } from '../src/common/clock/index.js';
import { Db } from '../src/common/database/index.js';
import { DurableEvents } from '../src/common/events/index.js';
import type { Actor } from '../src/common/http/request-context.js';
import { ReservationSweeper, StockMovements, StockReservations, type MovedBy } from '../src/modules/inventory/index.js';
import { BackBarConsumption } from '../src/modules/inventory/listeners/back-bar-consumption.js';
import { startTestApp, type TestApp } from './support/app.js';
import { categoryId, dyeBody, productBody, serviceBody } from './support/catalog-bodies.js';
import { waitFor } from './support/wait.js';
import { createStore, createUser, type StoreRecord, type UserRecord } from './support/factories.js';

const NOW = new Date('2027-05-10T04:00:00Z'); // noon in Shanghai, 10 May
const SYSTEM: MovedBy = { type: 'system', id: null };

describe('inventory: the stock ledger', () => {
  let t: TestApp;
  let owner: UserRecord;
  let store: StoreRecord;
  let other: StoreRecord;
  let actor: Actor;
  let keys = 0;
  const key = (what: string) => `test:${what}:${keys++}`;
  const stock = () => t.app.get(StockMovements);
  const product = async (body: Record<string, unknown> = {}) => {
    const res = await t.http.post('/v1/products').set(owner.auth).send(productBody(body));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const level = async (productId: string, storeId = store.id) =>
    (
      await t.sql<{ on_hand: string; reserved: string; value_amount: string; units_per_piece: string }>(
        'SELECT on_hand::text, reserved::text, value_amount::text, units_per_piece::text FROM stock_level WHERE store_id = $1 AND product_id = $2',
        [storeId, productId],
      )
    ).map((row) => ({ onHand: Number(row.on_hand), reserved: Number(row.reserved), value: Number(row.value_amount), perPiece: Number(row.units_per_piece) }))[0];
  const receive = (productId: string, units: number, extra: Record<string, unknown> = {}) =>
    stock().bringIn(actor, SYSTEM, { storeId: store.id, productId, units, kind: 'receipt', sourceKey: key('receipt'), unitCostAmount: 1000, ...extra });
  const sell = (productId: string, units: number, extra: Record<string, unknown> = {}) =>
    stock().takeOut(actor, SYSTEM, { storeId: store.id, productId, units, kind: 'sale', sourceKey: key('sale'), ...extra });

  beforeAll(async () => {
    t = await startTestApp({ clock: new FixedClock(NOW) });
    store = await createStore(t);
    other = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    actor = { kind: 'user', id: owner.id, role: 'owner', storeIds: 'all' };
  });
  afterAll(() => t.close());

  it('receives into batches dated by shelf life, and sells the batch that expires first, never an expired one', async () => {
    const shampoo = await product({ specification: { size: 1, unit: 'pcs' }, shelfLifeDays: 365 });
    await receive(shampoo, 4, { producedOn: '2026-12-01', expiresOn: '2027-06-30', lotCode: 'LATE' });
    await receive(shampoo, 3, { producedOn: '2026-01-01', expiresOn: '2027-05-31', lotCode: 'EARLY' });
    await receive(shampoo, 5, { producedOn: '2026-01-01', expiresOn: '2027-05-09', lotCode: 'EXPIRED' }); // yesterday in Shanghai
    const dated = await receive(shampoo, 2, { producedOn: '2027-05-01' });
    expect((await t.sql('SELECT expires_on::text FROM stock_batch WHERE movement_id = $1', [dated.movementId]))[0]).toEqual({ expires_on: '2028-04-30' });

    const sold = await sell(shampoo, 5);
    expect(
      await t.sql('SELECT b.lot_code, mb.units::int FROM stock_movement_batch mb JOIN stock_batch b ON b.id = mb.batch_id WHERE mb.movement_id = $1 ORDER BY b.expires_on', [
        sold.movementId,
      ]),
    ).toEqual([
      { lot_code: 'EARLY', units: 3 },
      { lot_code: 'LATE', units: 2 },
    ]);
    // 14 on hand, 5 of them expired: 9 − 5 sold = 4 sellable.
    await expect(sell(shampoo, 5)).rejects.toMatchObject({ code: 'inventory.insufficient_stock', status: 409, options: { extensions: { requested: 5, available: 4 } } });
    // A write-off takes the expired batch.
    const written = await stock().takeOut(actor, SYSTEM, {
      storeId: store.id,
      productId: shampoo,
      units: 5,
      kind: 'write_off',
      reason: 'expired',
      sourceKey: key('expired'),
      includeExpired: true,
    });
    expect(await t.sql('SELECT b.lot_code FROM stock_movement_batch mb JOIN stock_batch b ON b.id = mb.batch_id WHERE mb.movement_id = $1', [written.movementId])).toEqual([
      { lot_code: 'EXPIRED' },
    ]);
    expect(await level(shampoo)).toMatchObject({ onHand: 4 });
    expect(await stock().mismatches()).toEqual([]);
  });

  it('posts a source key once: a replay changes nothing and answers the first movement', async () => {
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    const first = await receive(serum, 5, { sourceKey: 'test:po-1:line:1' });
    const again = await receive(serum, 5, { sourceKey: 'test:po-1:line:1' });
    expect(again).toEqual({ movementId: first.movementId, onHand: 5, replayed: true });
    const sale = await sell(serum, 2, { sourceKey: 'test:order-1:line:1' });
    expect(await sell(serum, 2, { sourceKey: 'test:order-1:line:1' })).toMatchObject({ movementId: sale.movementId, replayed: true });
    expect(await level(serum)).toMatchObject({ onHand: 3 });
    expect(await t.sql('SELECT count(*)::int AS n FROM stock_batch WHERE product_id = $1', [serum])).toEqual([{ n: 1 }]);
  });

  it('values stock at the moving weighted average, kept on each movement', async () => {
    const mask = await product({ specification: { size: 1, unit: 'pcs' } });
    await receive(mask, 10, { unitCostAmount: 1000 });
    await receive(mask, 10, { unitCostAmount: 2000 });
    expect(await level(mask)).toMatchObject({ onHand: 20, value: 30000 });
    const sold = await sell(mask, 5);
    expect(await t.sql('SELECT unit_cost_amount::int AS cost, value_delta::int AS value FROM stock_movement WHERE id = $1', [sold.movementId])).toEqual([
      { cost: 1500, value: -7500 },
    ]);
    // Found stock, with no cost given, comes in at the average.
    await stock().bringIn(actor, SYSTEM, { storeId: store.id, productId: mask, units: 1, kind: 'adjustment', reason: 'found behind the counter', sourceKey: key('found') });
    expect(await level(mask)).toMatchObject({ onHand: 16, value: 24000 });
    await sell(mask, 16);
    expect(await level(mask)).toMatchObject({ onHand: 0, value: 0 });
  });

  it('counts a measured product in its measure: a service uses part of a tube, and the opened tube is tracked until empty', async () => {
    const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' }, shelfLifeDays: null }));
    await receive(dye, 3 * 60_000);
    expect(await level(dye)).toMatchObject({ onHand: 180_000, perPiece: 60_000 });
    await stock().takeOut(actor, SYSTEM, { storeId: store.id, productId: dye, units: 30_500, kind: 'consumption', sourceKey: key('colour') });
    const { onHand, perPiece } = await level(dye);
    expect({ pieces: Math.floor(onHand / perPiece), opened: (onHand % perPiece) / 1000 }).toEqual({ pieces: 2, opened: 29.5 });
  });

  it('refuses an unknown product, a store the actor cannot see, and a movement of nothing, writing nothing', async () => {
    const lipstick = await product({ specification: { size: 1, unit: 'pcs' } });
    await expect(receive('00000000-0000-4000-8000-00000000abcd', 1)).rejects.toMatchObject({ code: 'inventory.unknown_product', status: 422 });
    const manager: Actor = { kind: 'user', id: owner.id, role: 'manager', storeIds: [other.id] };
    await expect(stock().bringIn(manager, SYSTEM, { storeId: store.id, productId: lipstick, units: 1, kind: 'receipt', sourceKey: key('r') })).rejects.toMatchObject({
      code: 'store.not_found',
    });
    await expect(receive(lipstick, 0)).rejects.toThrow(RangeError);
    await expect(receive(lipstick, 1.5)).rejects.toThrow(RangeError);
    expect(await level(lipstick)).toBeUndefined();
  });

  it('50 parallel sales of 1 against 10 in stock: exactly 10 succeed, and stock held for orders is not sold', async () => {
    const toner = await product({ specification: { size: 1, unit: 'pcs' } });
    await receive(toner, 12);
    await t.sql('UPDATE stock_level SET reserved = 2 WHERE store_id = $1 AND product_id = $2', [store.id, toner]);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => sell(toner, 1)));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(new Set(refused.map((r) => (r.reason as { code?: string }).code))).toEqual(new Set(['inventory.insufficient_stock']));
    expect(await level(toner)).toMatchObject({ onHand: 2, reserved: 2 });
    // Turning the reservation into a sale takes the held units.
    await sell(toner, 2, { fromReserved: 2 });
    expect(await level(toner)).toMatchObject({ onHand: 0, reserved: 0 });
    expect(await stock().mismatches()).toEqual([]);
  });

  describe('reservations for orders', () => {
    const reservations = () => t.app.get(StockReservations);
    const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);
    const reserve = (reference: string, lines: Array<{ productId: string; units: number }>, expiresAt = hours(2)) =>
      reservations().reserve(actor, { storeId: store.id, reference, expiresAt, lines: lines.map((line, i) => ({ ...line, field: `lines[${i}].quantity` })) });

    it('50 parallel reservations of 1 unit against 10 in stock: exactly 10 succeed, the rest are told what is missing', async () => {
      const cream = await product({ specification: { size: 1, unit: 'pcs' } });
      await receive(cream, 10);
      const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => reserve(`order:race-${i}`, [{ productId: cream, units: 1 }])));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as { code: string; options: { extensions: { shortLines: unknown[] } } }] : []));
      expect(refused).toHaveLength(40);
      expect(refused[0]).toMatchObject({
        code: 'inventory.insufficient_stock',
        options: { extensions: { shortLines: [{ field: 'lines[0].quantity', productId: cream, requested: 1, available: 0, missing: 1 }] } },
      });
      expect(await level(cream)).toMatchObject({ onHand: 10, reserved: 10 });
      // Held stock is not sold at the counter.
      await expect(sell(cream, 1)).rejects.toMatchObject({ code: 'inventory.insufficient_stock' });
    });

    it('holds all lines or none, names every short line, and commits into sale movements once', async () => {
      const [gel, wax] = [await product({ specification: { size: 1, unit: 'pcs' } }), await product({ specification: { size: 1, unit: 'pcs' } })];
      await receive(gel, 5);
      await receive(wax, 1);
      await expect(
        reserve('order:big', [
          { productId: gel, units: 3 },
          { productId: wax, units: 2 },
        ]),
      ).rejects.toMatchObject({
        code: 'inventory.insufficient_stock',
        options: { errors: [{ field: 'lines[1].quantity', message: 'only 1 units available, 1 missing' }] },
      });
      expect([await level(gel), await level(wax)]).toMatchObject([{ reserved: 0 }, { reserved: 0 }]);
      expect(await t.sql(`SELECT 1 FROM stock_reservation WHERE reference = 'order:big'`)).toEqual([]);

      const held = await reserve('order:ok', [
        { productId: gel, units: 3 },
        { productId: wax, units: 1 },
      ]);
      expect(held.map((r) => [r.productId, r.units])).toEqual([
        [gel, 3],
        [wax, 1],
      ]);
      const moved = await reservations().commit(actor, SYSTEM, 'order:ok', { type: 'order', id: 'SO-1' });
      expect(moved).toHaveLength(2);
      expect(await reservations().commit(actor, SYSTEM, 'order:ok', { type: 'order', id: 'SO-1' })).toEqual([]);
      expect([await level(gel), await level(wax)]).toMatchObject([
        { onHand: 2, reserved: 0 },
        { onHand: 0, reserved: 0 },
      ]);
      expect(await t.sql(`SELECT kind, document_type, document_id FROM stock_movement WHERE id = ANY($1::uuid[])`, [moved])).toEqual([
        { kind: 'sale', document_type: 'order', document_id: 'SO-1' },
        { kind: 'sale', document_type: 'order', document_id: 'SO-1' },
      ]);
      expect(await stock().mismatches()).toEqual([]);
    });

    it('releases what a cancelled order held, and the sweep releases what outlived its order', async () => {
      const oil = await product({ specification: { size: 1, unit: 'pcs' } });
      await receive(oil, 4);
      await reserve('order:cancelled', [{ productId: oil, units: 2 }]);
      await reserve('order:crashed', [{ productId: oil, units: 1 }], hours(-1));
      await reserve('order:alive', [{ productId: oil, units: 1 }], hours(1));
      expect(await level(oil)).toMatchObject({ reserved: 4 });
      expect(await reservations().release('order:cancelled')).toBe(1);
      expect(await reservations().release('order:cancelled')).toBe(0);
      expect(await level(oil)).toMatchObject({ reserved: 2 });
      expect(await t.app.get(ReservationSweeper).run()).toBeGreaterThanOrEqual(1);
      expect(await level(oil)).toMatchObject({ onHand: 4, reserved: 1 });
      expect(await t.sql(`SELECT reference, status FROM stock_reservation WHERE product_id = $1 ORDER BY reference`, [oil])).toEqual([
        { reference: 'order:alive', status: 'active' },
        { reference: 'order:cancelled', status: 'released' },
        { reference: 'order:crashed', status: 'released' },
      ]);
    });
  });

  describe('back-bar consumption', () => {
    /** A colour service whose short-hair variation uses 30.5 g of dye and one mask. */
    const colourService = async (dye: string, mask: string) => {
      const service = await t.http
        .post('/v1/services')
        .set(owner.auth)
        .send(serviceBody(await categoryId(t, 'hair_colour')));
      expect(service.status).toBe(201);
      const variationId = service.body.variations[0].id as string;
      await t.http
        .put(`/v1/services/${service.body.id}/variations/${variationId}/consumption`)
        .set(owner.auth)
        .send({
          items: [
            { productId: dye, quantity: 30.5 },
            { productId: mask, quantity: 1 },
          ],
        })
        .expect(200);
      return variationId;
    };
    const completed = (appointmentId: string, variationIds: string[]) =>
      t.app.get(Db).transaction(() =>
        t.app.get(DurableEvents).publish('appointment.completed', {
          appointmentId,
          number: `AP-20270510-${String(keys++).padStart(4, '0')}`,
          storeId: store.id,
          customerId: '00000000-0000-4000-8000-00000000c0de',
          status: 'completed',
          channel: 'walk_in',
          startsAt: '2027-05-10T02:00:00.000Z',
          endsAt: '2027-05-10T03:30:00.000Z',
          staffMemberIds: [],
          variationIds,
          change: null,
          previousStartsAt: null,
        }),
      );
    const delivered = (eventId: string) =>
      waitFor(
        () => t.sql<{ status: string }>(`SELECT status FROM event_delivery WHERE event_id = $1 AND subscriber = 'inventory.back-bar-consumption'`, [eventId]),
        (rows) => rows.length === 1 && rows[0].status === 'delivered',
      );

    it('deducts what a completed appointment’s services use from its store, once even when the event comes twice', async () => {
      const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' } }));
      const mask = await product(dyeBody({ specification: { size: 1, unit: 'pcs' } }));
      await receive(dye, 2 * 60_000);
      await receive(mask, 5);
      const variationId = await colourService(dye, mask);
      const appointmentId = '6f1d2c3b-4a59-4e87-9d6c-5b4a3f2e1d0c';
      const eventId = await completed(appointmentId, [variationId, variationId]); // the same service twice (two customers' parallel services)
      await delivered(eventId);
      expect(await level(dye)).toMatchObject({ onHand: 120_000 - 61_000 });
      expect(await level(mask)).toMatchObject({ onHand: 3 });
      expect(await t.sql(`SELECT kind, document_type FROM stock_movement WHERE source_key LIKE $1 ORDER BY kind`, [`appointment:${appointmentId}:consume:%`])).toEqual([
        { kind: 'consumption', document_type: 'appointment' },
        { kind: 'consumption', document_type: 'appointment' },
      ]);
      // Delivered again (a redelivery after a crash): nothing moves twice.
      const [event] = await t.sql<{ id: string; name: string; payload: never; occurred_at: Date }>('SELECT id, name, payload, occurred_at FROM event WHERE id = $1', [eventId]);
      await t.app
        .get(Db)
        .transaction(() => t.app.get(BackBarConsumption).onCompleted({ id: event.id, name: 'appointment.completed', payload: event.payload, occurredAt: event.occurred_at }));
      expect([await level(dye), await level(mask)]).toMatchObject([{ onHand: 59_000 }, { onHand: 3 }]);
    });

    it('never takes stock below zero: what is there is used, the rest kept as a shortfall for the manager', async () => {
      const dye = await product(dyeBody({ specification: { size: 60, unit: 'g' } }));
      const mask = await product(dyeBody({ specification: { size: 1, unit: 'pcs' } }));
      await receive(dye, 20_000); // 20 g left, 30.5 g needed
      const variationId = await colourService(dye, mask); // and no mask at all
      const appointmentId = '7a2e3d4c-5b6a-4f98-8e7d-6c5b4a3f2e1d';
      await delivered(await completed(appointmentId, [variationId]));
      expect([await level(dye), await level(mask)]).toMatchObject([{ onHand: 0 }, { onHand: 0 }]);
      expect(
        await t.sql(`SELECT product_id, units_missing::int AS missing, document_type FROM stock_shortfall WHERE source_key LIKE $1 ORDER BY units_missing`, [
          `appointment:${appointmentId}:consume:%`,
        ]),
      ).toEqual([
        { product_id: mask, missing: 1, document_type: 'appointment' },
        { product_id: dye, missing: 10_500, document_type: 'appointment' },
      ]);
      expect(await stock().mismatches()).toEqual([]);
    });
  });

  it('after a mixed parallel workload of receipts, sales, returns, transfers, consumption and adjustments in two stores, every level equals its movements and its batches (checked in SQL)', async () => {
    const products = [await product({ specification: { size: 1, unit: 'pcs' } }), await product(dyeBody({ specification: { size: 100, unit: 'ml' } }))];
    for (const id of products)
      for (const where of [store, other]) await stock().bringIn(actor, SYSTEM, { storeId: where.id, productId: id, units: 50_000, kind: 'receipt', sourceKey: key('seed') });
    const work = Array.from({ length: 90 }, async (_, i) => {
      const [from, to] = i % 2 === 0 ? [store, other] : [other, store];
      const productId = products[i % products.length];
      const base = { storeId: from.id, productId, sourceKey: key(`mixed-${i}`) };
      switch (i % 6) {
        case 0:
          return stock().bringIn(actor, SYSTEM, { ...base, units: 700 + i, kind: 'receipt', unitCostAmount: 100 + i });
        case 1:
          return stock().takeOut(actor, SYSTEM, { ...base, units: 900 + i, kind: 'sale' });
        case 2:
          return stock().takeOut(actor, SYSTEM, { ...base, units: 1500 + i, kind: 'consumption' });
        case 3:
          return stock().bringIn(actor, SYSTEM, { ...base, units: 40 + i, kind: 'return', reason: 'unopened, receipt shown' });
        case 4: {
          // A transfer: out of one store, into the other.
          await stock().takeOut(actor, SYSTEM, { ...base, units: 300 + i, kind: 'transfer_out', documentType: 'transfer', documentId: `T-${i}` });
          return stock().bringIn(actor, SYSTEM, {
            ...base,
            storeId: to.id,
            sourceKey: key(`mixed-in-${i}`),
            units: 300 + i,
            kind: 'transfer_in',
            documentType: 'transfer',
            documentId: `T-${i}`,
          });
        }
        default:
          return stock().bringIn(actor, SYSTEM, { ...base, units: 10 + i, kind: 'adjustment', reason: 'recount' });
      }
    });
    const results = await Promise.allSettled(work);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason))).toEqual([]);
    expect(await stock().mismatches()).toEqual([]);
    expect(await t.sql('SELECT count(*)::int AS n FROM stock_level WHERE on_hand < 0 OR reserved > on_hand OR value_amount < 0')).toEqual([{ n: 0 }]);
  });
  it('check-stock (the ops command) says every level adds up, and names a level that does not', async () => {
    const checkStock = () =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=source', '--import', '@swc-node/register/esm-register', 'src/cli.ts', 'check-stock'], {
          env: { ...process.env, DATABASE_URL: t.database.url, REDIS_URL: t.config.REDIS_URL, REDIS_PREFIX: t.config.REDIS_PREFIX, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      });
    const serum = await product({ specification: { size: 1, unit: 'pcs' } });
    await receive(serum, 5);
    const good = await checkStock();
    expect(good.output).toMatch(/All \d+ stock levels equal their movements and their batches/);
    expect(good.code).toBe(0);
    // A level changed behind the ledger's back (a hand-written UPDATE): the command names it.
    await t.sql('UPDATE stock_level SET on_hand = on_hand + 1 WHERE store_id = $1 AND product_id = $2', [store.id, serum]);
    try {
      const bad = await checkStock();
      expect(bad.output).toContain(`store ${store.id} product ${serum}: on hand 6, movements 5, batches 5`);
      expect(bad.code).toBe(1);
    } finally {
      await t.sql('UPDATE stock_level SET on_hand = on_hand - 1 WHERE store_id = $1 AND product_id = $2', [store.id, serum]);
    }
  }, 60_000);
});
