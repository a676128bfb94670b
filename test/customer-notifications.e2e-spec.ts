/**
 * The customers side of notifications and webhooks: contact preferences (round trip, validation,
 * masking, unique openid, anonymization, merge), the contact resolver notifications asks, the durable
 * events every change publishes, and the webhook event types' payloads.
 */
import { randomUUID } from 'node:crypto';
import type { DeliveredEvent, DurableEventName } from '../src/common/events/index.js';
import { NotificationRecipients } from '../src/modules/notifications/index.js';
import { webhookEventType } from '../src/modules/webhooks/webhook-events.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createApiKey, createStore, createUser, type ApiKeyRecord, type StoreRecord, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { CustomerImportProcessor } from '../src/modules/customers/imports/jobs/customer-import.processor.js';
import { createCustomer, fieldsOf, freshPhone, PROBLEM } from './customer-support.js';
import { csvFile, waitForImport } from './fixtures/customer-import-files.js';
import { waitFor } from './support/wait.js';
import { verify, WebhookReceiver } from './support/webhook-receiver.js';

let openIds = 0;
/** A fresh openid shaped like WeChat's (28 characters). */
const freshOpenId = () => `oUpF8uMuAJO_${String(++openIds).padStart(4, '0')}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('customers: notifications and webhooks', () => {
  let t: TestApp;
  let owner: UserRecord;
  let manager: UserRecord;
  let front: UserRecord;
  let beautician: UserRecord;
  let partner: ApiKeyRecord;
  let store: StoreRecord;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    // The webhook receiver listens on 127.0.0.1, which only development and tests may allow.
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    receiver = await WebhookReceiver.start();
    store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    front = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    beautician = await createUser(t, { role: 'beautician', storeIds: [store.id] });
    partner = await createApiKey(t, { scopes: ['customers:read'] });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const patch = (id: string, version: number, body: Record<string, unknown>, auth: Record<string, string> = front.auth) =>
    t.http.patch(`/v1/customers/${id}`).set(auth).set('if-match', `"${version}"`).send(body);
  /** The durable events naming this customer, oldest first. */
  const eventsOf = (customerId: string) =>
    t.sql<{ name: string; payload: Record<string, string> }>(
      `SELECT name, payload FROM event WHERE payload->>'customerId' = $1 OR payload->>'survivorId' = $1 OR payload->>'mergedId' = $1 ORDER BY occurred_at, name`,
      [customerId],
    );
  const contacts = (ids: string[]) => t.app.get(NotificationRecipients).customers.contacts(ids);

  describe('contact preferences', () => {
    it('are registered, read back, changed and cleared; opt-outs are kept once each, in the documented order', async () => {
      const openId = freshOpenId();
      const created = await createCustomer(t, front.auth, {
        locale: 'en',
        preferredChannel: 'wechat',
        wechatOpenId: openId,
        notificationOptOuts: ['promotions', 'reminders', 'promotions'],
      });
      expect(created).toMatchObject({ locale: 'en', preferredChannel: 'wechat', wechatOpenId: openId, notificationOptOuts: ['reminders', 'promotions'] });
      const read = await t.http.get(`/v1/customers/${created.id}`).set(manager.auth).expect(200);
      expect(read.body).toEqual(created);

      const changed = await patch(created.id, 1, { locale: 'zh-CN', preferredChannel: 'sms', notificationOptOuts: ['surveys'] }).expect(200);
      expect(changed.body).toMatchObject({ locale: 'zh-CN', preferredChannel: 'sms', wechatOpenId: openId, notificationOptOuts: ['surveys'], version: 2 });
      const cleared = await patch(created.id, 2, { preferredChannel: null, wechatOpenId: null, notificationOptOuts: [] }).expect(200);
      expect(cleared.body).toMatchObject({ locale: 'zh-CN', preferredChannel: null, wechatOpenId: null, notificationOptOuts: [] });

      // Left out: Chinese, no preference, no openid, no opt-outs.
      const plain = await createCustomer(t, front.auth);
      expect(plain).toMatchObject({ locale: 'zh-CN', preferredChannel: null, wechatOpenId: null, notificationOptOuts: [] });
    });

    it('answer 400 naming the field for a value outside their lists, and nothing is written', async () => {
      const phone = freshPhone();
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ locale: 'fr' }, 'locale'],
        [{ locale: null }, 'locale'],
        [{ preferredChannel: 'in_app' }, 'preferredChannel'],
        [{ wechatOpenId: 'not an openid!' }, 'wechatOpenId'],
        [{ wechatOpenId: 12345678 }, 'wechatOpenId'],
        [{ notificationOptOuts: ['spam'] }, 'notificationOptOuts'],
        [{ notificationOptOuts: 'promotions' }, 'notificationOptOuts'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http
          .post('/v1/customers')
          .set(front.auth)
          .send({ name: '王小红', phone, ...body });
        expect([res.status, res.headers['content-type'], fieldsOf(res.body)]).toEqual([400, expect.stringMatching(PROBLEM), [field]]);
      }
      expect(await t.sql('SELECT id FROM customer WHERE phone = $1', [phone])).toEqual([]);

      const customer = await createCustomer(t, front.auth);
      const res = await patch(customer.id, 1, { preferredChannel: 'fax' });
      expect([res.status, fieldsOf(res.body)]).toEqual([400, ['preferredChannel']]);
    });

    it('show the openid masked to a beautician and to a key without customers:pii, in full to the front desk', async () => {
      const customer = await createCustomer(t, front.auth, { wechatOpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o', notificationOptOuts: ['birthday'] });
      for (const auth of [beautician.auth, partner.auth]) {
        const res = await t.http.get(`/v1/customers/${customer.id}`).set(auth).expect(200);
        expect(res.body).toMatchObject({ masked: true, wechatOpenId: 'oUpF****eS6o', notificationOptOuts: ['birthday'] });
      }
      const full = await t.http.get(`/v1/customers/${customer.id}`).set(front.auth).expect(200);
      expect(full.body.wechatOpenId).toBe('oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    });

    it('refuse an openid another customer holds with 409 naming the field, on create, on change, and for two at once', async () => {
      const openId = freshOpenId();
      const holder = await createCustomer(t, front.auth, { wechatOpenId: openId });
      const phone = freshPhone();
      const taken = await t.http.post('/v1/customers').set(front.auth).send({ name: '李雷', phone, wechatOpenId: openId });
      expect([taken.status, taken.body.code, fieldsOf(taken.body)]).toEqual([409, 'customer.wechat_open_id_taken', ['wechatOpenId']]);
      expect(await t.sql('SELECT id FROM customer WHERE phone = $1', [phone])).toEqual([]);

      const other = await createCustomer(t, front.auth);
      const changed = await patch(other.id, 1, { wechatOpenId: openId, locale: 'en' });
      expect([changed.status, changed.body.code, fieldsOf(changed.body)]).toEqual([409, 'customer.wechat_open_id_taken', ['wechatOpenId']]);
      expect(await t.sql('SELECT locale, version FROM customer WHERE id = $1', [other.id])).toEqual([{ locale: 'zh-CN', version: 1 }]);

      // Two customers registered at once with one openid: the unique key lets exactly one in.
      const racing = freshOpenId();
      const [first, second] = await raceOfTwo(
        t,
        () => t.http.post('/v1/customers').set(front.auth).send({ name: 'A', phone: freshPhone(), wechatOpenId: racing }),
        () => t.http.post('/v1/customers').set(front.auth).send({ name: 'B', phone: freshPhone(), wechatOpenId: racing }),
      );
      expect([first.status, second.status].sort()).toEqual([201, 409]);
      expect(await t.sql('SELECT count(*)::int AS n FROM customer WHERE wechat_open_id = $1', [racing])).toEqual([{ n: 1 }]);
      expect(holder.wechatOpenId).toBe(openId);
    });

    it('are audited as other fields: names always, values only when not personal', async () => {
      const customer = await createCustomer(t, front.auth);
      const openId = freshOpenId();
      await patch(customer.id, 1, { wechatOpenId: openId, locale: 'en', notificationOptOuts: ['promotions'] }).expect(200);
      const [audit] = await t.sql<{ after: Record<string, unknown> }>(`SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'customer.update'`, [customer.id]);
      expect(audit.after).toMatchObject({ fields: ['locale', 'wechatOpenId', 'notificationOptOuts'], locale: 'en', notificationOptOuts: ['promotions'] });
      expect(JSON.stringify(audit.after)).not.toContain(openId);
      const timeline = await t.http.get(`/v1/customers/${customer.id}/timeline`).set(front.auth).expect(200);
      expect(JSON.stringify(timeline.body)).toContain('wechatOpenId');
    });

    it('are erased by anonymization (the openid can be given to someone else again)', async () => {
      const openId = freshOpenId();
      const customer = await createCustomer(t, front.auth, { locale: 'en', preferredChannel: 'email', wechatOpenId: openId, notificationOptOuts: ['promotions'] });
      const res = await t.http.post(`/v1/customers/${customer.id}/anonymize`).set(manager.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'anonymized', locale: 'zh-CN', preferredChannel: null, wechatOpenId: null, notificationOptOuts: [] });
      expect(await t.sql('SELECT wechat_open_id, notification_opt_outs FROM customer WHERE id = $1', [customer.id])).toEqual([{ wechat_open_id: null, notification_opt_outs: [] }]);
      await createCustomer(t, front.auth, { wechatOpenId: openId });
    });

    it("are kept through a merge: the survivor's stand, gaps filled from the duplicate, opt-outs united", async () => {
      const openId = freshOpenId();
      const survivor = await createCustomer(t, front.auth, { locale: 'en', notificationOptOuts: ['surveys'] });
      const duplicate = await createCustomer(t, front.auth, { locale: 'zh-CN', preferredChannel: 'sms', wechatOpenId: openId, notificationOptOuts: ['promotions'] });
      const res = await t.http.post(`/v1/customers/${survivor.id}/merge`).set(manager.auth).send({ duplicateId: duplicate.id }).expect(200);
      expect(res.body).toMatchObject({ locale: 'en', preferredChannel: 'sms', wechatOpenId: openId, notificationOptOuts: ['promotions', 'surveys'] });
      expect(await t.sql('SELECT wechat_open_id FROM customer WHERE id = $1', [duplicate.id])).toEqual([{ wechat_open_id: null }]);

      // A survivor with its own openid keeps it; the duplicate's stays on the merged record.
      const [kept, other] = [freshOpenId(), freshOpenId()];
      const a = await createCustomer(t, front.auth, { wechatOpenId: kept, preferredChannel: 'email' });
      const b = await createCustomer(t, front.auth, { wechatOpenId: other, preferredChannel: 'wechat' });
      const merged = await t.http.post(`/v1/customers/${a.id}/merge`).set(manager.auth).send({ duplicateId: b.id }).expect(200);
      expect(merged.body).toMatchObject({ wechatOpenId: kept, preferredChannel: 'email' });
      expect(await t.sql('SELECT wechat_open_id FROM customer WHERE id = $1', [b.id])).toEqual([{ wechat_open_id: other }]);
    });
  });

  describe('the contact resolver', () => {
    it('answers, in one call for many ids, what the customers say: channel, language, consents, opt-outs, home store, reachability', async () => {
      const openId = freshOpenId();
      const reachable = await createCustomer(t, front.auth, {
        homeStoreId: store.id,
        locale: 'en',
        preferredChannel: 'wechat',
        wechatOpenId: openId,
        notificationOptOuts: ['promotions'],
        consents: { sms: { granted: true, method: 'in_store_form' }, email: { granted: false, method: 'verbal' } },
      });
      const blocked = await createCustomer(t, front.auth, { consents: {} });
      await t.http.post(`/v1/customers/${blocked.id}/block`).set(manager.auth).send({ reason: 'unpaid bill' }).expect(200);
      const erased = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${erased.id}/anonymize`).set(manager.auth).expect(200);
      const survivor = await createCustomer(t, front.auth);
      const gone = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${survivor.id}/merge`).set(manager.auth).send({ duplicateId: gone.id }).expect(200);
      const unknown = randomUUID();

      const found = await contacts([reachable.id, blocked.id, erased.id, gone.id, unknown, 'not-a-uuid']);
      expect([...found.keys()].sort()).toEqual([reachable.id, blocked.id, erased.id, gone.id].sort());
      expect(found.get(reachable.id)).toEqual({
        customerId: reachable.id,
        name: '王小红',
        phone: reachable.phone,
        email: 'xiaohong.wang@example.com',
        wechatOpenId: openId,
        locale: 'en',
        preferredChannel: 'wechat',
        marketingConsent: { sms: true, email: false, wechat: false },
        optedOut: ['promotions'],
        homeStoreId: store.id,
        reachable: true,
      });
      expect(found.get(blocked.id)).toMatchObject({
        reachable: true,
        locale: 'zh-CN',
        preferredChannel: null,
        marketingConsent: { sms: false, email: false, wechat: false },
        optedOut: [],
      });
      expect(found.get(erased.id)).toMatchObject({ reachable: false, phone: null, email: null, wechatOpenId: null });
      expect(found.get(gone.id)).toMatchObject({ reachable: false });
      expect((await contacts([])).size).toBe(0);
    });
  });

  describe('durable events', () => {
    it('one customer.created per registration, one customer.updated per change (consents, tags, preferences, block), none for a refused one', async () => {
      const customer = await createCustomer(t, front.auth);
      expect(await eventsOf(customer.id)).toEqual([{ name: 'customer.created', payload: { customerId: customer.id } }]);

      await patch(customer.id, 1, { tags: ['新客'], consents: { email: { granted: true, method: 'verbal' } }, locale: 'en' }).expect(200);
      await patch(customer.id, 1, { tags: ['stale'] }).expect(412);
      await t.http.post(`/v1/customers/${customer.id}/block`).set(manager.auth).send({ reason: 'no-shows' }).expect(200);
      // Blocking again changes nothing: no event.
      await t.http.post(`/v1/customers/${customer.id}/block`).set(manager.auth).send({ reason: 'again' }).expect(200);
      // A note is not part of the customer as the API answers it.
      await t.http.post(`/v1/customers/${customer.id}/notes`).set(front.auth).send({ body: 'likes tea' }).expect(201);
      expect(await eventsOf(customer.id)).toEqual([
        { name: 'customer.created', payload: { customerId: customer.id } },
        { name: 'customer.updated', payload: { customerId: customer.id } },
        { name: 'customer.updated', payload: { customerId: customer.id } },
      ]);
    });

    it('a merge: customer.merged, and customer.updated for the survivor and for the customers it referred', async () => {
      const survivor = await createCustomer(t, front.auth);
      const duplicate = await createCustomer(t, front.auth);
      const referred = await createCustomer(t, front.auth, { referredById: duplicate.id });
      await t.http.post(`/v1/customers/${survivor.id}/merge`).set(manager.auth).send({ duplicateId: duplicate.id }).expect(200);
      const names = async (id: string) => (await eventsOf(id)).map((e) => e.name);
      expect(await names(survivor.id)).toEqual(['customer.created', 'customer.merged', 'customer.updated']);
      expect(await names(referred.id)).toEqual(['customer.created', 'customer.updated']);
      expect(await names(duplicate.id)).toEqual(['customer.created', 'customer.merged']);
    });

    it('an import publishes one event per customer it creates or changes, none for rows it skips or leaves as they were', async () => {
      const existing = await createCustomer(t, front.auth, { name: '老客户' });
      const unchanged = await createCustomer(t, front.auth, { name: '不变', email: 'same@example.com', tags: ['VIP'], notes: null });
      const fresh = Array.from({ length: 30 }, () => freshPhone());
      const rows = [
        ...fresh.map((phone, i) => ({ 姓名: `新客户${i}`, 手机号: phone, 邮箱: '', 标签: '' })),
        { 姓名: '老客户 改名', 手机号: existing.phone as string, 邮箱: '', 标签: '' },
        { 姓名: '不变', 手机号: unchanged.phone as string, 邮箱: 'same@example.com', 标签: 'VIP' },
        { 姓名: '', 手机号: freshPhone(), 邮箱: '', 标签: '' },
      ];
      const before = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE name IN ('customer.created', 'customer.updated')");
      const res = await t.http
        .post('/v1/customer-imports')
        .query({ fileName: 'events.csv', onDuplicate: 'update' })
        .set(owner.auth)
        .set('content-type', 'text/csv')
        .send(Buffer.from(csvFile(rows)))
        .expect(202);
      const done = await waitForImport(t, owner, res.body.id);
      expect(done.counts).toEqual({ created: 30, updated: 1, skipped: 1, errors: 1 });

      const created = await t.sql<{ id: string }>('SELECT id FROM customer WHERE phone = ANY($1) ORDER BY id', [fresh]);
      const published = await t.sql<{ name: string; id: string; n: number }>(
        `SELECT name, payload->>'customerId' AS id, count(*)::int AS n FROM event
          WHERE name IN ('customer.created', 'customer.updated') AND occurred_at >= (SELECT created_at FROM customer_import WHERE id = $1)
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [res.body.id],
      );
      expect(published).toEqual([...created.map(({ id }) => ({ name: 'customer.created', id, n: 1 })), { name: 'customer.updated', id: existing.id, n: 1 }]);
      const after = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM event WHERE name IN ('customer.created', 'customer.updated')");
      expect(after[0].n - before[0].n).toBe(31);
    });
  });

  describe('webhook event types', () => {
    const load = async <N extends DurableEventName>(type: string, name: N, payload: DeliveredEvent<N>['payload']) => {
      const definition = webhookEventType(type);
      expect(definition?.event).toBe(name);
      return definition!.load({ id: randomUUID(), name, payload, occurredAt: new Date() });
    };
    const asApi = async (id: string, auth: Record<string, string>) => (await t.http.get(`/v1/customers/${id}`).set(auth).expect(200)).body as Record<string, unknown>;

    it('customer.created and customer.updated: the customer as the API answers it, in full and as a key without customers:pii sees it', async () => {
      const customer = await createCustomer(t, front.auth, { homeStoreId: store.id, wechatOpenId: freshOpenId(), notificationOptOuts: ['surveys'] });
      for (const type of ['customer.created', 'customer.updated'] as const) {
        const loaded = await load(type, type, { customerId: customer.id });
        expect(loaded).toEqual({ data: await asApi(customer.id, owner.auth), masked: await asApi(customer.id, partner.auth), storeIds: [store.id] });
        expect(loaded!.masked).toMatchObject({ masked: true, birthday: null, addresses: [], careNotes: null });
      }
      const homeless = await createCustomer(t, front.auth);
      expect((await load('customer.updated', 'customer.updated', { customerId: homeless.id }))!.storeIds).toEqual([]);
      expect(await load('customer.updated', 'customer.updated', { customerId: randomUUID() })).toBeUndefined();
    });

    it('customer.merged: the survivor with mergedId; customer.anonymized: its id and status only', async () => {
      const survivor = await createCustomer(t, front.auth, { homeStoreId: store.id });
      const duplicate = await createCustomer(t, front.auth);
      await t.http.post(`/v1/customers/${survivor.id}/merge`).set(manager.auth).send({ duplicateId: duplicate.id }).expect(200);
      const merged = await load('customer.merged', 'customer.merged', { survivorId: survivor.id, mergedId: duplicate.id });
      expect(merged).toEqual({
        data: { ...(await asApi(survivor.id, owner.auth)), mergedId: duplicate.id },
        masked: { ...(await asApi(survivor.id, partner.auth)), mergedId: duplicate.id },
        storeIds: [store.id],
      });

      await t.http.post(`/v1/customers/${survivor.id}/anonymize`).set(manager.auth).expect(200);
      expect(await load('customer.anonymized', 'customer.anonymized', { customerId: survivor.id })).toEqual({
        data: { id: survivor.id, status: 'anonymized' },
        storeIds: [store.id],
      });
    });

    it("reach partners' endpoints signed: the customer in full where personal data is allowed, masked elsewhere, only for the customer's store", async () => {
      const endpoint = async (path: string, body: Record<string, unknown>) =>
        (
          await t.http
            .post('/v1/webhook-endpoints')
            .set(owner.auth)
            .send({ url: receiver.url(path), eventTypes: ['customer.*'], ...body })
            .expect(201)
        ).body as { secret: string };
      const full = await endpoint('/customers-full', { includePii: true, storeIds: [store.id] });
      const masked = await endpoint('/customers-masked', { storeIds: [store.id] });
      await endpoint('/customers-elsewhere', { storeIds: [(await createStore(t)).id] });

      const customer = await createCustomer(t, front.auth, { homeStoreId: store.id, wechatOpenId: freshOpenId() });
      // Events of earlier tests may still be on their way: pick this customer's.
      const createdAt = async (path: string, secret: string) =>
        (
          await waitFor(
            () => receiver.at(path).map((request) => verify(secret, request)),
            (payloads) => payloads.some((p) => p.type === 'customer.created' && p.data.id === customer.id),
          )
        ).filter((p) => p.type === 'customer.created' && p.data.id === customer.id);
      expect((await createdAt('/customers-full', full.secret)).map((p) => p.data)).toEqual([await asApi(customer.id, owner.auth)]);
      expect((await createdAt('/customers-masked', masked.secret)).map((p) => p.data)).toEqual([await asApi(customer.id, partner.auth)]);
      // One delivery of the event wrote both messages; the endpoint of another store got none.
      const messages = await t.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_message m JOIN event e ON e.id = m.event_id WHERE e.name = 'customer.created' AND e.payload->>'customerId' = $1`,
        [customer.id],
      );
      expect(messages).toEqual([{ n: 2 }]);
      expect(receiver.at('/customers-elsewhere')).toEqual([]);
    });
  });

  describe('an import that ends', () => {
    const upload = (rows: Array<Record<string, string>>, auth: Record<string, string>, fileName?: string) =>
      t.http
        .post('/v1/customer-imports')
        .query(fileName ? { fileName } : {})
        .set(auth)
        .set('content-type', 'text/csv')
        .send(Buffer.from(csvFile(rows)))
        .expect(202);
    const inbox = async (auth: Record<string, string>) =>
      (await t.http.get('/v1/me/notifications').set(auth).expect(200)).body as { data: Array<{ key: string; title: string; body: string }>; unreadCount: number };
    const rowsOf = (count: number) => Array.from({ length: count }, (_, i) => ({ 姓名: `导入${i}`, 手机号: freshPhone(), 邮箱: '', 标签: '' }));

    it('tells its uploader in-app, in their language, with the counts', async () => {
      const before = (await inbox(owner.auth)).unreadCount;
      const res = await upload([...rowsOf(3), { 姓名: '', 手机号: freshPhone(), 邮箱: '', 标签: '' }], owner.auth, '老客户名单.csv');
      expect(await waitForImport(t, owner, res.body.id)).toMatchObject({ status: 'completed', counts: { created: 3, updated: 0, skipped: 0, errors: 1 } });
      const mine = await waitFor(
        () => inbox(owner.auth),
        (box) => box.unreadCount > before,
      );
      expect(mine.unreadCount).toBe(before + 1);
      expect(mine.data[0]).toMatchObject({
        key: 'customer_import.finished',
        title: '客户导入完成：老客户名单.csv',
        body: '新建客户 3 位，更新 0 位，1 行有误未导入，详见导入报告。',
      });

      await t.sql(`UPDATE staff_user SET locale = 'en' WHERE id = $1`, [manager.id]);
      const other = await upload(rowsOf(2), manager.auth);
      await waitForImport(t, manager, other.body.id);
      const [message] = (
        await waitFor(
          () => inbox(manager.auth),
          (box) => box.data.length > 0,
        )
      ).data;
      expect(message).toMatchObject({ title: 'Customer import completed', body: '2 customers created, 0 updated.' });
      // The uploader only: nobody else heard of the manager's import.
      expect((await inbox(owner.auth)).unreadCount).toBe(before + 1);
    });

    it('tells its uploader when it fails, once however often the end is attempted, and nobody for an API key', async () => {
      const processor = t.app.get(CustomerImportProcessor);
      const [stalled] = await t.sql<{ id: string }>(
        `INSERT INTO customer_import (on_duplicate, file_name, content, total_rows, ignored_columns, created_by_id, status, processed_rows, created_count)
         VALUES ('skip', 'stalled.csv', '', 10, '{}', $1, 'running', 4, 4) RETURNING id`,
        [front.id],
      );
      expect(await processor.fail(stalled.id, 'The stored file could not be read again. Upload it once more.')).toBe(true);
      expect(await processor.fail(stalled.id, 'again')).toBe(false);
      const box = await inbox(front.auth);
      expect(box.data.filter((m) => m.key === 'customer_import.finished')).toEqual([
        expect.objectContaining({ title: '客户导入中断：stalled.csv', body: '导入未能完成，之前已导入的客户保留。新建客户 4 位，更新 0 位。' }),
      ]);
      expect(await t.sql(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE $1`, [`customer_import:${stalled.id}:%`])).toEqual([{ n: 1 }]);

      const writer = await createApiKey(t, { scopes: ['customers:write', 'customers:read'] });
      const res = await upload(rowsOf(1), writer.auth);
      await waitForImport(t, owner, res.body.id);
      expect(await t.sql(`SELECT count(*)::int AS n FROM notification WHERE dedupe_key LIKE $1`, [`customer_import:${res.body.id}:%`])).toEqual([{ n: 0 }]);
    });
  });
});
