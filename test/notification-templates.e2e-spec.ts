/**
 * /v1/notification-templates and /v1/notification-keys: the catalog, the templates in effect,
 * owners' edits (If-Match, 412, 428, 422 naming the field, audited), reset, preview, and what
 * NotificationTemplates.render() sends once an owner has edited a template.
 */
import { defineNotificationKey } from '../src/modules/notifications/index.js';
import { NotificationTemplates } from '../src/modules/notifications/templates/notification-templates.service.js';
import { TemplateNotReadyError } from '../src/modules/notifications/templates/notification-templates.errors.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createStore, createUser, type UserRecord } from './support/factories.js';
import { raceOfTwo } from './support/race.js';
import { fieldsOf, PROBLEM } from './support/responses.js';

// A key with a Chinese default only: its English recipients get the Chinese text.
defineNotificationKey({
  key: 'spec_templates.only_chinese',
  kind: 'staff',
  category: 'staff',
  description: 'A test key with one locale',
  channels: ['in_app'],
  variables: { name: { description: 'A name', example: '小美' } },
  defaults: { in_app: { 'zh-CN': { subject: '你好', body: '你好，{{name}}' } } },
});

const TEST_EMAIL = '/v1/notification-templates/notification.test/email/zh-CN';

describe('notification templates', () => {
  let t: TestApp;
  let owner: UserRecord;
  let otherOwner: UserRecord;
  let manager: UserRecord;
  let receptionist: UserRecord;
  let templates: NotificationTemplates;

  beforeAll(async () => {
    t = await startTestApp();
    const store = await createStore(t);
    owner = await createUser(t, { role: 'owner' });
    otherOwner = await createUser(t, { role: 'owner' });
    manager = await createUser(t, { role: 'manager', storeIds: [store.id] });
    receptionist = await createUser(t, { role: 'receptionist', storeIds: [store.id] });
    templates = t.app.get(NotificationTemplates);
  });
  afterAll(() => t.close());

  const audits = (entityId: string) =>
    t.sql<{ action: string; actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }>(
      "SELECT action, actor_id, before, after FROM audit_event WHERE entity_type = 'notification_template' AND entity_id = $1 ORDER BY created_at",
      [entityId],
    );
  const stored = (key: string, channel: string, locale: string) =>
    t.sql<{ body: string; version: number }>('SELECT body, version FROM notification_template WHERE key = $1 AND channel = $2 AND locale = $3', [key, channel, locale]);
  const reset = (path: string) => t.http.delete(path).set(owner.auth);

  it('lists the catalog of keys with their channels and variables, to owners and managers only', async () => {
    const res = await t.http.get('/v1/notification-keys?limit=100').set(manager.auth).expect(200);
    const test = res.body.data.find((item: { key: string }) => item.key === 'notification.test');
    expect(test).toEqual({
      key: 'notification.test',
      kind: 'service',
      category: 'system',
      description: expect.stringContaining('POST /v1/notifications/test'),
      channels: ['email', 'sms', 'wechat', 'in_app'],
      variables: [
        { name: 'businessName', description: expect.any(String), example: '花漾美业' },
        { name: 'sentAt', description: expect.any(String), example: '2026-11-22 10:30' },
      ],
    });
    expect(res.body.data.map((item: { key: string }) => item.key)).toEqual(expect.arrayContaining(['notification.sms_budget_warning', 'webhook.endpoint_disabled']));
    await t.http.get('/v1/notification-keys').set(receptionist.auth).expect(403);
  });

  it("lists every key's templates per channel and locale, defaults first, pages with a cursor, and says which cannot be sent yet", async () => {
    const res = await t.http.get('/v1/notification-templates?key=notification.test').set(manager.auth).expect(200);
    expect(res.body.data.map((item: { channel: string; locale: string }) => `${item.channel}/${item.locale}`)).toEqual([
      'email/zh-CN',
      'email/en',
      'sms/zh-CN',
      'sms/en',
      'wechat/zh-CN',
      'wechat/en',
      'in_app/zh-CN',
      'in_app/en',
    ]);
    expect(res.body.data.every((item: { customized: boolean; version: number }) => !item.customized && item.version === 0)).toBe(true);
    const wechat = res.body.data.find((item: { channel: string }) => item.channel === 'wechat');
    expect(wechat).toMatchObject({ ready: false, provider: { id: '', fields: { thing1: '{{businessName}}' } } });
    expect(wechat.notReadyReason).toMatch(/template id/);
    const email = res.body.data[0];
    expect(email).toMatchObject({ subject: '{{businessName}}：邮件通知测试', ready: true, fallbackLocale: null, updatedBy: null });
    expect(email.variables.map((variable: { name: string }) => variable.name)).toEqual(['businessName', 'sentAt']);

    const first = await t.http.get('/v1/notification-templates?key=notification.test&limit=3').set(manager.auth).expect(200);
    const second = await t.http
      .get(`/v1/notification-templates?key=notification.test&limit=3&cursor=${first.body.nextCursor as string}`)
      .set(manager.auth)
      .expect(200);
    expect([...first.body.data, ...second.body.data].map((item: { channel: string; locale: string }) => `${item.channel}/${item.locale}`)).toEqual([
      'email/zh-CN',
      'email/en',
      'sms/zh-CN',
      'sms/en',
      'wechat/zh-CN',
      'wechat/en',
    ]);
    const bad = await t.http.get('/v1/notification-templates?channel=fax').set(manager.auth).expect(400);
    expect(fieldsOf(bad.body)).toEqual(['channel']);
    await t.http.get('/v1/notification-templates').set(receptionist.auth).expect(403);
  });

  it('answers 404 for an unknown key, channel or locale, and 422 for a channel the key does not go out on', async () => {
    const read = await t.http.get(TEST_EMAIL).set(manager.auth).expect(200);
    expect(read.headers.etag).toBe('"0"');
    const unknownKey = await t.http.get('/v1/notification-templates/nothing.here/email/zh-CN').set(manager.auth).expect(404);
    expect(unknownKey.headers['content-type']).toMatch(PROBLEM);
    expect(unknownKey.body.code).toBe('notification_key.not_found');
    expect((await t.http.get('/v1/notification-templates/notification.test/fax/zh-CN').set(manager.auth).expect(404)).body.code).toBe('notification_template.not_found');
    expect((await t.http.get('/v1/notification-templates/notification.test/email/fr').set(manager.auth).expect(404)).body.code).toBe('notification_template.not_found');
    const notUsed = await t.http.put('/v1/notification-templates/notification.sms_budget_warning/sms/zh-CN').set(owner.auth).send({ body: '短信' }).expect(422);
    expect(notUsed.body.code).toBe('notification_template.channel_not_used');
    expect(fieldsOf(notUsed.body)).toEqual(['channel']);
  });

  it('lets an owner edit a template (audited); a manager cannot; render() then sends the edit', async () => {
    const body = { subject: '{{businessName}} 测试', body: '{{businessName}} 于 {{sentAt}} 发出的测试。', html: '<p><b>{{businessName}}</b> 测试</p>' };
    await t.http.put(TEST_EMAIL).set(manager.auth).send(body).expect(403);
    expect(await stored('notification.test', 'email', 'zh-CN')).toEqual([]);

    const res = await t.http.put(TEST_EMAIL).set(owner.auth).send(body).expect(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({ ...body, customized: true, version: 1, updatedBy: owner.id });

    const list = await t.http.get('/v1/notification-templates?key=notification.test&channel=email').set(manager.auth).expect(200);
    expect(list.body.data.map((item: { locale: string; customized: boolean }) => [item.locale, item.customized])).toEqual([
      ['zh-CN', true],
      ['en', false],
    ]);
    expect(await audits('notification.test/email/zh-CN')).toEqual([
      {
        action: 'notification_template.update',
        actor_id: owner.id,
        before: expect.objectContaining({ subject: '{{businessName}}：邮件通知测试', version: 0 }),
        after: expect.objectContaining({ body: body.body, version: 1 }),
      },
    ]);

    const message = await templates.render('notification.test', 'email', 'zh-CN', { businessName: '花 & 美 <b>', sentAt: '10:30' });
    expect(message).toEqual({ subject: '花 & 美 <b> 测试', text: '花 & 美 <b> 于 10:30 发出的测试。', html: '<p><b>花 &amp; 美 &lt;b&gt;</b> 测试</p>' });
    // The English template is still the default.
    expect((await templates.render('notification.test', 'email', 'en', { businessName: 'Bloom', sentAt: '10:30' })).subject).toBe('Bloom: test e-mail');
    await reset(TEST_EMAIL).expect(200);
  });

  it('needs If-Match once a template has an edit, and answers 412 to a stale one', async () => {
    const path = '/v1/notification-templates/notification.test/sms/zh-CN';
    await t.http.put(path).set(owner.auth).set('If-Match', '"3"').send({ body: '【{{businessName}}】测试' }).expect(412);
    await t.http.put(path).set(owner.auth).set('If-Match', '"0"').send({ body: '【{{businessName}}】测试一' }).expect(200);
    const missing = await t.http.put(path).set(owner.auth).send({ body: '【{{businessName}}】测试二' }).expect(428);
    expect(missing.body.code).toBe('request.if_match_required');
    await t.http.put(path).set(otherOwner.auth).set('If-Match', '"1"').send({ body: '【{{businessName}}】测试二' }).expect(200);
    const stale = await t.http.put(path).set(owner.auth).set('If-Match', '"1"').send({ body: '【{{businessName}}】测试三' }).expect(412);
    expect(stale.body.code).toBe('request.stale_version');
    expect(await stored('notification.test', 'sms', 'zh-CN')).toEqual([{ body: '【{{businessName}}】测试二', version: 2 }]);
    await t.http.delete(path).set(owner.auth).set('If-Match', '"1"').expect(412);
    await t.http.delete(path).set(owner.auth).set('If-Match', '"2"').expect(200);
  });

  it('refuses an unknown variable, bad syntax, a refused tag or a part the channel lacks with 422 naming the field, and saves nothing', async () => {
    const put = (path: string, body: object) => t.http.put(path).set(owner.auth).send(body).expect(422);
    const unknown = await put(TEST_EMAIL, { subject: '测试', body: '{{fullName}}您好' });
    expect(unknown.body.code).toBe('notification_template.invalid');
    expect(unknown.body.errors).toEqual([
      { field: 'body', message: 'uses {{fullName}}, which notification notification.test does not have: its variables are {{businessName}}, {{sentAt}}' },
    ]);
    const syntax = await put(TEST_EMAIL, { subject: '测试', body: 'x', html: '<p>\n  {{#businessName}}{{businessName}}</p>' });
    expect(syntax.body.errors).toEqual([
      { field: 'html', message: expect.stringMatching(/^has invalid syntax at line 2, column 3: the section \{\{#businessName\}\} is not closed/) },
    ]);
    const triple = await put(TEST_EMAIL, { subject: '{{{businessName}}}', body: 'x' });
    expect(triple.body.errors).toEqual([{ field: 'subject', message: expect.stringMatching(/unescaped output/) }]);
    const partial = await put(TEST_EMAIL, { subject: 's', body: '{{>footer}}' });
    expect(fieldsOf(partial.body)).toEqual(['body']);
    const parts = await put('/v1/notification-templates/notification.test/sms/en', { subject: 'Hi', body: 'x', html: '<p>x</p>' });
    expect(fieldsOf(parts.body)).toEqual(['subject', 'html']);
    const wechat = await put('/v1/notification-templates/notification.test/wechat/zh-CN', { body: 'x', provider: { id: '', fields: { thing1: '{{shop}}' } } });
    expect(fieldsOf(wechat.body)).toEqual(['provider.id', 'provider.fields.thing1']);
    const invalidInput = await t.http.put(TEST_EMAIL).set(owner.auth).send({ subject: 'x', body: '' }).expect(400);
    expect(fieldsOf(invalidInput.body)).toEqual(['body']);
    expect(await t.sql('SELECT 1 FROM notification_template')).toEqual([]);
  });

  it('goes back to the default on DELETE (audited), and a template without an edit stays as it is', async () => {
    const path = '/v1/notification-templates/notification.test/in_app/en';
    await t.http.put(path).set(owner.auth).send({ subject: 'Hello', body: 'Hello from {{businessName}}' }).expect(200);
    await t.http.delete(path).set(manager.auth).expect(403);
    const res = await reset(path).expect(200);
    expect(res.body).toMatchObject({ subject: 'Test notification', customized: false, version: 0 });
    expect(await stored('notification.test', 'in_app', 'en')).toEqual([]);
    expect((await audits('notification.test/in_app/en')).map((audit) => audit.action)).toEqual(['notification_template.update', 'notification_template.reset']);
    expect((await templates.render('notification.test', 'in_app', 'en', { businessName: 'Bloom', sentAt: '10:30' })).text).toBe(
      'This is a test message sent at 10:30: in-app notifications for Bloom work.',
    );
    await reset(path).expect(200);
    expect(await audits('notification.test/in_app/en')).toHaveLength(2);
  });

  it('previews the stored template or a draft with sample values, for owners and managers, saving nothing', async () => {
    const stored = await t.http
      .post('/v1/notification-templates/preview')
      .set(manager.auth)
      .send({ key: 'notification.test', channel: 'email', locale: 'zh-CN', variables: { businessName: '花漾 <静安>' } })
      .expect(200);
    expect(stored.body).toMatchObject({ subject: '花漾 <静安>：邮件通知测试', stored: true, ready: true, variables: { businessName: '花漾 <静安>', sentAt: '2026-11-22 10:30' } });
    expect(stored.body.text).toContain('这是 花漾 <静安> 通过 Bloom 发送的一封测试邮件，发送时间 2026-11-22 10:30。');
    expect(stored.body.html).toContain('这是 花漾 &lt;静安&gt; 通过 Bloom');

    const draft = await t.http
      .post('/v1/notification-templates/preview')
      .set(owner.auth)
      .send({ key: 'notification.sms_budget_warning', channel: 'in_app', locale: 'en', content: { subject: '{{percent}}% used', body: '{{used}}/{{budget}}' } })
      .expect(200);
    expect(draft.body).toEqual({
      subject: '82% used',
      text: '820/1000',
      html: null,
      provider: null,
      variables: { used: 820, budget: 1000, percent: 82, date: '2026-11-22' },
      stored: false,
      ready: true,
      notReadyReason: null,
    });

    const wechat = await t.http.post('/v1/notification-templates/preview').set(manager.auth).send({ key: 'notification.test', channel: 'wechat', locale: 'zh-CN' }).expect(200);
    expect(wechat.body).toMatchObject({ ready: false, provider: { id: '', fields: { thing1: '花漾美业', time2: '2026-11-22 10:30', thing3: '微信通知设置成功' } } });

    const badDraft = await t.http
      .post('/v1/notification-templates/preview')
      .set(manager.auth)
      .send({ key: 'notification.test', channel: 'email', locale: 'en', content: { subject: 'x', body: '{{nope}}' }, variables: { shop: 'x' } })
      .expect(422);
    expect(fieldsOf(badDraft.body)).toEqual(['variables.shop']);
    const badContent = await t.http
      .post('/v1/notification-templates/preview')
      .set(manager.auth)
      .send({ key: 'notification.test', channel: 'email', locale: 'en', content: { subject: 'x', body: '{{nope}}' } })
      .expect(422);
    expect(fieldsOf(badContent.body)).toEqual(['content.body']);
    const unknownKey = await t.http.post('/v1/notification-templates/preview').set(manager.auth).send({ key: 'no.such', channel: 'email', locale: 'en' }).expect(422);
    expect(fieldsOf(unknownKey.body)).toEqual(['key']);
    await t.http.post('/v1/notification-templates/preview').set(receptionist.auth).send({ key: 'notification.test', channel: 'email', locale: 'en' }).expect(403);
    expect(await t.sql('SELECT 1 FROM notification_template')).toEqual([]);
  });

  it("refuses to render WeChat until an owner sets the mini-program's template id, then sends its fields", async () => {
    await expect(templates.render('notification.test', 'wechat', 'zh-CN', { businessName: '花漾', sentAt: '10:30' })).rejects.toThrow(TemplateNotReadyError);
    const path = '/v1/notification-templates/notification.test/wechat/zh-CN';
    await t.http
      .put(path)
      .set(owner.auth)
      .send({ body: '{{businessName}} 测试', provider: { id: 'tmpl-8Kq2x', fields: { thing1: '{{businessName}}', time2: '{{sentAt}}' } } })
      .expect(200);
    expect(await templates.render('notification.test', 'wechat', 'zh-CN', { businessName: '花漾 & Co', sentAt: '10:30' })).toEqual({
      text: '花漾 & Co 测试',
      provider: { id: 'tmpl-8Kq2x', fields: { thing1: '花漾 & Co', time2: '10:30' } },
    });
    await reset(path).expect(200);
  });

  it("falls back to the other locale's template, and says so; a channel the key lacks is a wiring error", async () => {
    expect(await templates.render('spec_templates.only_chinese', 'in_app', 'en', { name: 'Mei' })).toEqual({ subject: '你好', text: '你好，Mei' });
    const en = await t.http.get('/v1/notification-templates/spec_templates.only_chinese/in_app/en').set(manager.auth).expect(200);
    expect(en.body).toMatchObject({ body: '你好，{{name}}', fallbackLocale: 'zh-CN', customized: false });
    await expect(templates.render('spec_templates.only_chinese', 'sms', 'en', {})).rejects.toThrow('notification spec_templates.only_chinese has no template for sms');
    await expect(templates.render('no.such_key', 'sms', 'en', {})).rejects.toThrow(/not defined/);
  });

  it('lets one of two owners win when both save the same template at once: first edits, then edits of one version', async () => {
    const path = '/v1/notification-templates/notification.sms_budget_warning/email/en';
    const save = (who: UserRecord, text: string, ifMatch?: string) => {
      const request = t.http.put(path).set(who.auth);
      if (ifMatch) void request.set('If-Match', ifMatch);
      return request.send({ subject: 'SMS budget', body: `${text}: {{percent}}%` });
    };
    const first = await raceOfTwo(
      t,
      () => save(owner, 'first'),
      () => save(otherOwner, 'second'),
    );
    expect(first.map((res) => res.status)).toEqual([200, 412]);
    const edited = await raceOfTwo(
      t,
      () => save(owner, 'third', '"1"'),
      () => save(otherOwner, 'fourth', '"1"'),
    );
    expect(edited.map((res) => res.status)).toEqual([200, 412]);
    expect(await stored('notification.sms_budget_warning', 'email', 'en')).toEqual([{ body: 'third: {{percent}}%', version: 2 }]);
    await reset(path).expect(200);
  });
});
