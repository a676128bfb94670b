/**
 * What the fuzz suite runs against: seeded data (two stores and their staff, customers, a service
 * with variations, a product, a segment, a closure, an import), the callers, the ids it knows (and
 * learns from 201s), and a fingerprint of every table to prove refused requests wrote nothing.
 */
import { createHash } from 'node:crypto';
import type { TestApp } from '../support/app.js';
import { categoryId, productBody, serviceBody } from '../support/catalog-bodies.js';
import { createApiKey, createStore, createUser } from '../support/factories.js';
import { customerBody } from '../customer-support.js';
import { insertAppointment, insertBareCustomer, insertHold } from '../support/appointments.js';
import { createPublishableKey, signInCustomer } from '../support/customer-apps.js';
import type { CallerName } from './cases.js';
import { ID_KINDS, type IdKind } from './values.js';

interface Known {
  id: string;
  /** The id of the resource it lives under (a variation's service, a closure's store). */
  parent?: string;
}

export interface Write {
  id: number;
  table: string;
  operation: string;
  /** md5 of the row written (or deleted). */
  row: string;
  /** Its first 300 characters as JSON, for the report. */
  text: string;
  at: number;
}

/**
 * What a list of writes left behind: a row inserted and deleted again (an idempotency key's
 * in-flight marker of a request that failed) leaves nothing.
 */
export function netWrites(writes: Write[]): Write[] {
  const left = [...writes];
  for (const deleted of writes.filter((write) => write.operation === 'DELETE')) {
    const inserted = left.findIndex((write) => write.operation === 'INSERT' && write.table === deleted.table && write.row === deleted.row);
    if (inserted >= 0) {
      left.splice(left.indexOf(deleted), 1);
      left.splice(inserted, 1);
    }
  }
  return left;
}

export class World {
  readonly ids = new Map<IdKind, Known[]>(ID_KINDS.map((kind) => [kind, []]));
  readonly callers = new Map<CallerName, Record<string, string>>();
  /** A user who signs in (not a caller: the fuzz may lock them out). */
  login = { email: '', password: '' };

  constructor(readonly t: TestApp) {}

  add(kind: IdKind, id: string, parent?: string): void {
    const list = this.ids.get(kind)!;
    if (!list.some((known) => known.id === id)) list.push({ id, parent });
  }

  /** An id of `kind`, under `parent` when one is known there. */
  pick(kind: IdKind, at: number, parent?: string): string | undefined {
    const all = this.ids.get(kind)!;
    const under = parent ? all.filter((known) => known.parent === parent) : [];
    const list = under.length ? under : all;
    return list.length ? list[Math.floor(at * list.length)].id : undefined;
  }

  async seed(): Promise<void> {
    const t = this.t;
    const [storeA, storeB] = [await createStore(t), await createStore(t)];
    const owner = await createUser(t, { role: 'owner' });
    const users = {
      owner,
      managerA: await createUser(t, { role: 'manager', storeIds: [storeA.id] }),
      managerB: await createUser(t, { role: 'manager', storeIds: [storeB.id] }),
      beautician: await createUser(t, { role: 'beautician', storeIds: [storeA.id] }),
      receptionist: await createUser(t, { role: 'receptionist', storeIds: [storeA.id] }),
    };
    for (const [name, user] of Object.entries(users)) this.callers.set(name as CallerName, user.auth);
    this.callers.set('keyFew', (await createApiKey(t, { scopes: ['catalog:read'] })).auth);
    this.callers.set(
      'keyAll',
      (
        await createApiKey(t, {
          scopes: [
            'stores:read',
            'stores:write',
            'audit:read',
            'catalog:read',
            'catalog:write',
            'customers:read',
            'customers:write',
            'customers:pii',
            'scheduling:read',
            'scheduling:write',
            'appointments:read',
            'appointments:write',
          ],
        })
      ).auth,
    );
    this.callers.set('none', {});
    this.callers.set('badToken', { authorization: `${owner.auth.authorization.slice(0, -4)}AAAA` });
    this.callers.set('badKey', { 'x-api-key': 'bk_not-a-real-key' });
    // Customers' apps: store A's publishable key, and a customer signed in through it.
    const appKey = await createPublishableKey(t, owner.auth, { storeId: storeA.id });
    this.add('publishableKey', appKey.id);
    this.callers.set('app', appKey.auth);
    this.callers.set('customer', (await signInCustomer(t, appKey)).auth);

    for (const store of [storeA, storeB]) this.add('store', store.id);
    // Targets for user and key actions: never the callers themselves, so a disabled caller cannot end the run.
    for (const role of ['manager', 'receptionist', 'beautician'] as const) this.add('user', (await createUser(t, { role, storeIds: [storeA.id] })).id);
    this.add('apiKey', (await createApiKey(t, { scopes: ['stores:read'] })).id);
    const signer = await createUser(t, { role: 'receptionist', storeIds: [storeA.id] });
    this.login = { email: signer.email, password: signer.password };

    const post = async (path: string, body: object) => {
      const res = await t.http.post(path).set(owner.auth).send(body);
      if (res.status !== 201) throw new Error(`seed ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; variations?: Array<{ id: string }> };
    };
    const customers: string[] = [];
    for (let i = 0; i < 3; i++) customers.push((await post('/v1/customers', customerBody({ homeStoreId: i === 2 ? storeB.id : storeA.id }))).id);
    for (const id of customers) this.add('customer', id);
    const firstCustomer = customers[0];
    for (const row of await t.sql<{ id: string }>('SELECT id FROM service_category')) this.add('category', row.id);
    let firstVariation = '';
    for (let i = 0; i < 2; i++) {
      const service = await post('/v1/services', serviceBody(await categoryId(t, 'hair_colour')));
      firstVariation ||= service.variations![0].id;
      this.add('service', service.id);
      for (const variation of service.variations ?? []) this.add('variation', variation.id, service.id);
    }
    const products: string[] = [];
    for (let i = 0; i < 2; i++) products.push((await post('/v1/products', productBody())).id);
    for (const id of products) this.add('product', id);
    // Purchasing: a supplier, and store A's purchase orders: a draft, and one ordered (so receipts can arrive).
    const supplier = await post('/v1/suppliers', { name: '欧莱雅专业 Fuzz supplier' });
    this.add('supplier', supplier.id);
    for (const steps of [[], ['approve', 'order']]) {
      const order = await post('/v1/purchase-orders', {
        storeId: storeA.id,
        supplierId: supplier.id,
        lines: [{ productId: products[0], quantity: 50, unitCost: { amount: 9800, currency: 'CNY' } }],
      });
      for (const step of steps) await t.http.post(`/v1/purchase-orders/${order.id}/${step}`).set(owner.auth).send({}).expect(200);
      this.add('purchaseOrder', order.id);
    }
    // Back-bar shortfalls of store A (the manager's tasks), as a completed appointment's consumption leaves them.
    for (let i = 0; i < 2; i++) {
      const [shortfall] = await t.sql<{ id: string }>(
        `INSERT INTO stock_shortfall (store_id, product_id, units_missing, source_key, document_type, document_id) VALUES ($1, $2, 1, $3, 'appointment', $4) RETURNING id`,
        [storeA.id, products[0], `fuzz:shortfall:${i}`, `AP-20270210-000${i}`],
      );
      this.add('shortfall', shortfall.id);
    }
    this.add('segment', (await post('/v1/segments', { name: `VIP ${Date.now()}`, criteria: { tag: ['VIP'] } })).id);
    const closure = await post(`/v1/stores/${storeA.id}/closures`, { date: '2027-02-06', kind: 'closed', reason: 'Spring Festival' });
    this.add('closure', closure.id, storeA.id);
    // Scheduling: a level, a staff member in each store (A's with a template, a shift, time off, a stretch at work), a resource with a block.
    const level = await post('/v1/staff-levels', { code: 'fuzz_senior', name: '高级技师 Senior', rank: 30 });
    this.add('level', level.id);
    for (const store of [storeA, storeB]) {
      const member = await post('/v1/staff', { name: `Fuzz ${store.code}`, storeIds: [store.id], levelId: level.id, skills: [{ skill: 'hair_colour', proficiency: 3 }] });
      this.add('staff', member.id);
      const resource = await post('/v1/resources', { storeId: store.id, name: 'Room 1', type: 'room' });
      this.add('resource', resource.id);
      this.add(
        'block',
        (await post(`/v1/resources/${resource.id}/blocks`, { start: '2027-04-01T10:00:00+08:00', end: '2027-04-01T12:00:00+08:00', reason: '检修 Repair' })).id,
        resource.id,
      );
      // Appointments for the life cycle in each store: three ahead, one started an hour ago (a no-show to mark).
      for (const hours of [48, 72, 96, -1]) {
        const segment = { variationId: this.pick('variation', 0)!, staffMemberId: member.id, start: new Date(Date.now() + hours * 3_600_000), blocks: { active: 30 } };
        this.add('appointment', await insertAppointment(t, { storeId: store.id, customerId: await insertBareCustomer(t), segments: [segment] }));
      }
      if (store !== storeA) continue;
      this.add(
        'template',
        (await post(`/v1/staff/${member.id}/templates`, { storeId: store.id, validFrom: '2027-01-04', week: { tuesday: { start: '10:00', end: '19:00' } } })).id,
        member.id,
      );
      this.add('shift', (await post(`/v1/staff/${member.id}/shifts`, { storeId: store.id, date: '2027-01-06', start: '10:00', end: '19:00' })).id, member.id);
      this.add('timeOff', (await post(`/v1/staff/${member.id}/time-off`, { type: 'annual', startDate: '2027-05-03', endDate: '2027-05-04' })).id, member.id);
      this.add('attendance', (await post(`/v1/staff/${member.id}/attendance/clock-in`, { storeId: store.id })).id, member.id);
      // Appointments: one booked for the member (the fixture writes what booking writes), and a live hold.
      const segment = { variationId: firstVariation, staffMemberId: member.id, blocks: { active: 60 } };
      this.add('appointment', await insertAppointment(t, { storeId: store.id, customerId: firstCustomer, segments: [{ ...segment, start: '2027-01-06T11:00:00+08:00' }] }));
      this.add('hold', await insertHold(t, { storeId: store.id, expiresAt: new Date(Date.now() + 86_400_000), segments: [{ ...segment, start: '2027-01-06T14:00:00+08:00' }] }));
      // A recurring series of one occurrence so far (the first names the series).
      const first = await insertAppointment(t, { storeId: store.id, customerId: firstCustomer, segments: [{ ...segment, start: '2027-01-06T16:00:00+08:00' }] });
      await t.sql('UPDATE appointment SET series_id = id WHERE id = $1', [first]);
      this.add('series', first);
    }
    // The waitlist: a customer of A waiting for the first service's first variation.
    this.add(
      'waitlistEntry',
      (await post('/v1/waitlist', { storeId: storeA.id, customerId: firstCustomer, variationIds: [firstVariation], dateFrom: '2027-03-01', dateTo: '2027-03-31' })).id,
    );
    // Transfers from A to B: one requested, one approved (to ship, when A has stock, or not).
    const transferBody = { fromStoreId: storeA.id, toStoreId: storeB.id, lines: [{ productId: this.pick('product', 0)!, quantity: 1 }] };
    this.add('transfer', (await post('/v1/transfers', transferBody)).id);
    const approved = (await post('/v1/transfers', transferBody)).id;
    await t.http.post(`/v1/transfers/${approved}/approve`).set(owner.auth).expect(200);
    this.add('transfer', approved);
    // Stocktakes of A: one of its hair care, counting, with an entry (to correct); one of a category of its own (a product is in one open
    // stocktake at a time), submitted (to read the variances of and approve).
    const counted = await post('/v1/products', productBody({ category: 'fuzz count' }));
    for (const [category, productId, submitted] of [
      ['hair care', this.pick('product', 0)!, false],
      ['fuzz count', counted.id, true],
    ] as const) {
      const stocktake = await post('/v1/stocktakes', { storeId: storeA.id, categories: [category] });
      this.add('stocktake', stocktake.id);
      const entry = await t.http
        .post(`/v1/stocktakes/${stocktake.id}/counts`)
        .set(owner.auth)
        .send({ lines: [{ productId, quantity: 250 }] })
        .expect(201);
      this.add('stocktakeCount', entry.body.data[0].id, stocktake.id);
      if (submitted) await t.http.post(`/v1/stocktakes/${stocktake.id}/submit`).set(owner.auth).expect(200);
    }
    // Orders of A, pending confirmation (A has no stock: a confirmation answers its documented 409), one of them for a service.
    for (const line of [{ productId: products[0] }, { variationId: firstVariation }]) {
      this.add('order', (await post('/v1/orders', { storeId: storeA.id, channel: 'phone', customerId: firstCustomer, lines: [{ ...line, quantity: 1 }] })).id);
    }
    // Payments of the first order: one in cash (to refund from), one cash on delivery still pending (to collect).
    const paid = this.pick('order', 0)!;
    for (const method of ['cash', 'cod']) {
      this.add('payment', (await post(`/v1/orders/${paid}/payments`, { method, amount: { amount: 100, currency: 'CNY' } })).id, paid);
    }
    // A refund of the cash one (to query: an ended refund answers as it is).
    const cash = this.ids.get('payment')![0].id;
    this.add('refund', (await post(`/v1/orders/${paid}/refunds`, { paymentId: cash, amount: { amount: 10, currency: 'CNY' }, reason: '退差价' })).id, paid);
    // A parcel of A's product order (written as shipping would: A has no stock to ship), with a tracking event and an open exception.
    const [parcel] = await t.sql<{ id: string; order_id: string }>(
      `INSERT INTO shipment (order_id, store_id, carrier, tracking_number, created_by_type) SELECT id, store_id, 'shunfeng', 'SF-FUZZ-1', 'system' FROM "order"
        WHERE id = $1 RETURNING id, order_id`,
      [this.ids.get('order')![0].id],
    );
    await t.sql(`INSERT INTO shipment_line (shipment_id, order_id, line_number, quantity) VALUES ($1, $2, 1, 1)`, [parcel.id, parcel.order_id]);
    this.add('shipment', parcel.id);
    const [exception] = await t.sql<{ id: string }>(
      `INSERT INTO shipment_exception (shipment_id, order_id, store_id, kind, description) SELECT id, order_id, store_id, 'delayed', '延误' FROM shipment WHERE id = $1 RETURNING id`,
      [parcel.id],
    );
    this.add('shipmentException', exception.id);
    const csv = await t.http.post('/v1/customer-imports').set(owner.auth).set('content-type', 'text/csv').send('name,phone\n张三,+8613700000001\n');
    if (csv.status !== 202) throw new Error(`seed import: ${csv.status} ${JSON.stringify(csv.body)}`);
    this.add('import', csv.body.id);
    await this.settle();
  }

  /** Learns the ids a successful request created, so later cases can use them. */
  learn(kindOfPath: IdKind | undefined, body: unknown, parent?: string): void {
    if (!kindOfPath || !body || typeof body !== 'object') return;
    const record = body as { id?: unknown; variations?: Array<{ id?: unknown }> };
    if (typeof record.id === 'string') this.add(kindOfPath, record.id, parent);
    if (kindOfPath === 'service') for (const v of record.variations ?? []) if (typeof v.id === 'string') this.add('variation', v.id, record.id as string);
  }

  /**
   * Waits until background work a request started has finished writing: an import, and the
   * subscribers of the durable events it published (a merge moves appointments, sessions and
   * waitlist places to the survivor a moment after its 200).
   */
  async settle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [row] = await this.t.sql<{ n: number }>(
        `SELECT ((SELECT count(*) FROM customer_import WHERE status IN ('queued', 'running'))
              + (SELECT count(*) FROM event_delivery WHERE status = 'pending' AND next_attempt_at <= now() + interval '1 second'))::int AS n`,
      );
      if (row.n === 0) return;
      if (Date.now() > deadline) throw new Error('background work (an import, or deliveries of durable events) is still running after 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Records every row written from now on in `fuzz_write` (a trigger per table, in this test's own
   * database): rows of a rolled-back transaction vanish with it, so what is left was committed.
   * Left out: tables workers write on their own clock, an API key's `last_used_at` (bookkeeping
   * of who knocked, refused or not), and what workers do after a request: updates of notifications
   * (their sending) and of event deliveries, and the subscribers' inbox of durable events.
   */
  async installWriteLog(): Promise<void> {
    const tables = await this.t.sql<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('migrations', 'outbox_message', 'deadline', 'notification_sms_counter', 'event_inbox')`,
    );
    await this.t.sql(`
      CREATE TABLE fuzz_write (id bigserial PRIMARY KEY, table_name text NOT NULL, operation text NOT NULL, row_hash text NOT NULL, row_text text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp());
      CREATE FUNCTION fuzz_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          INSERT INTO fuzz_write (table_name, operation, row_hash, row_text)
            SELECT TG_TABLE_NAME, TG_OP, md5(r::text), left(r::text, 300)
              FROM (SELECT CASE TG_OP WHEN 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END AS r) AS written;
          RETURN NULL;
        END $$`);
    for (const { name } of tables) {
      const when = name === 'api_key' ? ` WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))` : '';
      if (name === 'notification' || name === 'event_delivery') {
        await this.t.sql(`CREATE TRIGGER fuzz_log AFTER INSERT OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_log_write()`);
      } else if (when) {
        await this.t.sql(`CREATE TRIGGER fuzz_log_update AFTER UPDATE ON "${name}" FOR EACH ROW${when} EXECUTE FUNCTION fuzz_log_write()`);
        await this.t.sql(`CREATE TRIGGER fuzz_log AFTER INSERT OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_log_write()`);
      } else {
        await this.t.sql(`CREATE TRIGGER fuzz_log AFTER INSERT OR UPDATE OR DELETE ON "${name}" FOR EACH ROW EXECUTE FUNCTION fuzz_log_write()`);
      }
    }
  }

  async lastWrite(): Promise<number> {
    const [row] = await this.t.sql<{ id: string | null }>('SELECT max(id) AS id FROM fuzz_write');
    return Number(row.id ?? 0);
  }

  /** Writes logged after write `since`, with when they happened, and the database's clock now (ms since the epoch). */
  async writesSince(since: number): Promise<{ writes: Write[]; at: number }> {
    const rows = await this.t.sql<{ id: string | null; table_name: string; operation: string; row_hash: string; row_text: string; at: number }>(
      `SELECT id, table_name, operation, row_hash, row_text, extract(epoch FROM at) * 1000 AS at FROM fuzz_write WHERE id > $1
       UNION ALL SELECT NULL, '', '', '', '', extract(epoch FROM clock_timestamp()) * 1000 ORDER BY id NULLS LAST`,
      [since],
    );
    const clock = rows.pop()!;
    const writes = rows.map((row) => ({ id: Number(row.id), table: row.table_name, operation: row.operation, row: row.row_hash, text: row.row_text, at: Number(row.at) }));
    return { writes, at: Number(clock.at) };
  }
}

/** A stable per-operation seed, so one operation's cases replay alone (FUZZ_OPS) as in the whole run. */
export function seedFor(seed: number, operationId: string): number {
  return (seed ^ createHash('sha1').update(operationId).digest().readInt32LE(0)) | 0;
}
