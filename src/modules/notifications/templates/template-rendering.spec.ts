import type { NotificationKeyDefinition } from '../notification-contracts.js';
import { defineNotificationKey } from '../notification-keys.js';
import { renderContent, renderText, templateProblems, textToHtml } from './template-rendering.js';
import { channelProblems, definitionProblems, notReadyReason } from './template-rules.js';

const REMINDER: NotificationKeyDefinition = {
  key: 'appointment.reminder',
  kind: 'service',
  category: 'reminders',
  description: 'The day before an appointment',
  channels: ['email', 'sms', 'wechat'],
  variables: {
    customerName: { description: "The customer's name", example: '王小姐' },
    startsAt: { description: 'When it starts', example: '11月23日 14:30' },
    storeName: { description: 'The store', example: '静安店' },
    vip: { description: 'VIP label, empty for others', example: 'VIP' },
    deposit: { description: 'Deposit paid, in yuan', example: 0 },
  },
  defaults: {},
};

describe('renderText', () => {
  it('fills Chinese text with the values, numbers included, and leaves missing values empty', () => {
    expect(renderText('{{customerName}}您好，您预约的{{storeName}}服务将于{{startsAt}}开始。', { customerName: '王小姐', storeName: '静安店', startsAt: '明天 14:30' })).toBe(
      '王小姐您好，您预约的静安店服务将于明天 14:30开始。',
    );
    expect(renderText('定金 {{deposit}} 元', { deposit: 128 })).toBe('定金 128 元');
    expect(renderText('[{{customerName}}]', {})).toBe('[]');
  });

  it('shows a section only for a value that is there, and an inverted section only for one that is not (0 and empty text count as not there)', () => {
    const text = '{{#vip}}尊贵的{{vip}}会员，{{/vip}}{{^deposit}}无需定金。{{/deposit}}{{#deposit}}已付定金{{deposit}}元。{{/deposit}}';
    expect(renderText(text, { vip: 'VIP', deposit: 0 })).toBe('尊贵的VIP会员，无需定金。');
    expect(renderText(text, { vip: '', deposit: 50 })).toBe('已付定金50元。');
  });

  it('escapes values only in HTML, never in plain text', () => {
    const values = { customerName: '<b>Tom & "Jerry"</b>' };
    expect(renderText('Hi {{customerName}}', values)).toBe('Hi <b>Tom & "Jerry"</b>');
    expect(renderText('<p>Hi {{customerName}}</p>', values, { html: true })).toBe('<p>Hi &lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;&#x2F;b&gt;</p>');
  });

  it('looks values up by their own names only: nothing of Object.prototype comes through', () => {
    expect(renderText('[{{constructor}}][{{toString}}]', {})).toBe('[][]');
  });
});

describe('renderContent', () => {
  const values = { customerName: 'Tom <script>', startsAt: '14:30' };

  it('keeps subject, text and provider fields as they are, escapes only the HTML, and keeps the subject on one line', () => {
    const message = renderContent(
      { subject: '提醒：{{customerName}}\n{{startsAt}}', body: '{{customerName}}，{{startsAt}}见', html: '<p>{{customerName}}</p>' },
      values,
      'email',
      'zh-CN',
    );
    expect(message).toEqual({ subject: '提醒：Tom <script> 14:30', text: 'Tom <script>，14:30见', html: '<p>Tom &lt;script&gt;</p>' });
    const sms = renderContent({ body: '{{customerName}}', provider: { id: 'SMS_1', fields: { name: '{{customerName}}', time: '{{startsAt}}' } } }, values, 'sms', 'zh-CN');
    expect(sms).toEqual({ text: 'Tom <script>', provider: { id: 'SMS_1', fields: { name: 'Tom <script>', time: '14:30' } } });
  });

  it('makes an e-mail without HTML an HTML document from its text: escaped, paragraphs and line breaks kept', () => {
    const message = renderContent({ subject: 'x', body: '{{customerName}}您好：\n\n第一行\n第二行' }, values, 'email', 'zh-CN');
    expect(message.html).toContain('<html lang="zh-CN">');
    expect(message.html).toContain('<p>Tom &lt;script&gt;您好：</p>\n<p>第一行<br>\n第二行</p>');
    expect(message.html).not.toContain('<script>');
    // Other channels get no HTML.
    expect(renderContent({ body: 'x' }, values, 'in_app', 'en').html).toBeUndefined();
    expect(textToHtml('a\r\n\r\n\r\nb', 'en')).toContain('<p>a</p>\n<p>b</p>');
  });
});

describe('templateProblems', () => {
  it('accepts variables and sections over the declared variables, and comments', () => {
    expect(templateProblems({ subject: '{{customerName}}', body: '{{! 备注 }}{{#vip}}{{vip}}{{/vip}}{{^deposit}}-{{/deposit}}' }, REMINDER)).toEqual([]);
  });

  it('names the field and the unknown variable, and lists the variables there are', () => {
    const problems = templateProblems({ body: '{{fullName}} {{fullName}} {{#member}}x{{/member}}', provider: { id: 'x', fields: { thing1: '{{phone}}' } } }, REMINDER);
    expect(problems).toEqual([
      {
        field: 'body',
        message: 'uses {{fullName}}, which notification appointment.reminder does not have: its variables are {{customerName}}, {{startsAt}}, {{storeName}}, {{vip}}, {{deposit}}',
      },
      { field: 'body', message: expect.stringMatching(/^uses \{\{#member\}\}, which notification appointment.reminder does not have/) },
      { field: 'provider.fields.thing1', message: expect.stringMatching(/^uses \{\{phone\}\}/) },
    ]);
    // Dotted names and the implicit iterator are not variables either.
    expect(templateProblems({ body: '{{customerName.length}}{{.}}' }, REMINDER).map((p) => p.message)).toEqual([
      expect.stringMatching(/^uses \{\{customerName.length\}\}/),
      expect.stringMatching(/^uses \{\{\.\}\}/),
    ]);
  });

  it('says where the syntax is broken, in lines and characters (a Chinese character is one)', () => {
    expect(templateProblems({ body: '您好\n王小姐{{customerName' }, REMINDER)).toEqual([
      { field: 'body', message: 'has invalid syntax at line 2, column 4: a tag opened with {{ is not closed with }}' },
    ]);
    expect(templateProblems({ body: '{{#vip}}尊贵的会员' }, REMINDER)[0].message).toBe(
      'has invalid syntax at line 1, column 1: the section {{#vip}} is not closed with {{/vip}} before the end',
    );
    expect(templateProblems({ subject: 'a{{/vip}}', body: 'x' }, REMINDER)).toEqual([
      { field: 'subject', message: 'has invalid syntax at line 1, column 2: {{/vip}} closes a section that was not opened' },
    ]);
  });

  it('refuses partials, unescaped output and delimiter changes, which would let an edit inject raw HTML', () => {
    const refused = (html: string) => templateProblems({ body: 'x', html }, REMINDER).map((problem) => `${problem.field}: ${problem.message}`);
    expect(refused('<p>{{>footer}}</p>')).toEqual(['html: includes a partial ({{>…}}), which templates may not use (at line 1, column 4)']);
    expect(refused('{{{customerName}}}')).toEqual([expect.stringMatching(/^html: uses unescaped output/)]);
    expect(refused('{{&customerName}}')).toEqual([expect.stringMatching(/^html: uses unescaped output/)]);
    expect(refused('{{=<% %>=}}<%{customerName}%>')).toEqual([expect.stringMatching(/^html: changes the delimiters/), expect.stringMatching(/^html: uses unescaped output/)]);
    expect(refused('{{= x =}}')).toEqual([expect.stringMatching(/^html: has invalid syntax at line 1, column 1: changes the delimiters/)]);
  });
});

describe('channel rules', () => {
  it('asks e-mail for a subject, refuses a subject or HTML on SMS, and requires a WeChat template id in an edit but not in a default', () => {
    expect(channelProblems('email', { body: 'x' })).toEqual([{ field: 'subject', message: 'is required: e-mail messages need a subject' }]);
    expect(channelProblems('sms', { subject: 's', body: 'x', html: '<p>x</p>' }).map((p) => p.field)).toEqual(['subject', 'html']);
    expect(channelProblems('in_app', { body: '  ' })).toEqual([{ field: 'body', message: 'must not be empty' }]);
    const wechat = { body: 'x', provider: { id: '', fields: { thing1: '{{customerName}}' } } };
    expect(channelProblems('wechat', wechat).map((p) => p.field)).toEqual(['provider.id']);
    expect(channelProblems('wechat', wechat, { shipped: true })).toEqual([]);
    expect(channelProblems('wechat', { body: 'x' }).map((p) => p.field)).toEqual(['provider']);
    expect(channelProblems('wechat', { body: 'x', provider: { id: 't', fields: { 'bad name': 'x' } } }).map((p) => p.field)).toEqual(['provider.fields.bad name']);
    expect(notReadyReason('appointment.reminder', 'wechat', wechat)).toMatch(/no WeChat subscription-message template id yet/);
    expect(notReadyReason('appointment.reminder', 'wechat', { ...wechat, provider: { id: 'tpl', fields: {} } })).toBeUndefined();
  });

  it('finds what is wrong with a key definition: defaults with unknown variables, channels without a default, defaults for other channels', () => {
    const problems = definitionProblems({
      ...REMINDER,
      variables: { ...REMINDER.variables, 'bad-name': { description: 'x', example: 'x' } },
      channels: ['email', 'sms'],
      defaults: { email: { 'zh-CN': { subject: '提醒', body: '{{fullName}}' } }, in_app: { en: { body: 'x' } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^variable "bad-name"/),
      expect.stringMatching(/^its email zh-CN default: body uses \{\{fullName\}\}/),
      'it has a default for in_app, which is not one of its channels',
      'it has no default template for sms, one of its channels',
    ]);
  });

  it('refuses to define a key whose default uses an unknown variable, at import time', () => {
    expect(() => defineNotificationKey({ ...REMINDER, key: 'spec.broken_default', channels: ['sms'], defaults: { sms: { en: { body: 'Hi {{fullName}}' } } } })).toThrow(
      /notification key spec.broken_default is not valid: its sms en default: body uses \{\{fullName\}\}/,
    );
  });
});
