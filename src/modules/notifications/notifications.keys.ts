/**
 * The messages notifications sends on its own behalf (imported by NotificationTemplatesModule, so
 * they are registered whenever notifications is).
 */
import { defineNotificationKey } from './notification-keys.js';

const BUSINESS_NAME = { description: "The business's name, as its customers know it", example: '花漾美业' };

/**
 * `POST /v1/notifications/test`: an owner checks a channel's settings. WeChat's default cannot know
 * the business's subscription-message template (each mini-program chooses its own in the WeChat
 * console, with its own id and fields): it ships with an empty id and typical fields, and a test on
 * WeChat fails with a message saying so until the owner sets them.
 */
export const NOTIFICATION_TEST = defineNotificationKey({
  key: 'notification.test',
  kind: 'service',
  category: 'system',
  description: "A test message an owner sends to check a channel's settings (POST /v1/notifications/test)",
  channels: ['email', 'sms', 'wechat', 'in_app'],
  variables: {
    businessName: BUSINESS_NAME,
    sentAt: { description: "When the test was sent, in the store's local time", example: '2026-11-22 10:30' },
  },
  defaults: {
    email: {
      'zh-CN': {
        subject: '{{businessName}}：邮件通知测试',
        body:
          '您好：\n\n这是 {{businessName}} 通过 Bloom 发送的一封测试邮件，发送时间 {{sentAt}}。\n\n' +
          '能看到这封邮件，说明邮件通知已经设置好了，顾客和同事将能按时收到预约提醒和各类通知。本邮件无需回复。',
      },
      en: {
        subject: '{{businessName}}: test e-mail',
        body:
          'Hello,\n\nThis is a test e-mail from {{businessName}}, sent through Bloom at {{sentAt}}.\n\n' +
          'If you can read it, e-mail notifications are set up: your clients and team will get their reminders and updates. No need to reply.',
      },
    },
    sms: {
      'zh-CN': { body: '【{{businessName}}】这是一条测试短信（{{sentAt}}），收到即表示短信通知设置成功，无需回复。' },
      en: { body: '{{businessName}}: test text message sent at {{sentAt}}. If you got it, SMS notifications are set up. No need to reply.' },
    },
    wechat: {
      'zh-CN': {
        body: '{{businessName}} 测试消息（{{sentAt}}）：微信订阅消息设置成功。',
        provider: { id: '', fields: { thing1: '{{businessName}}', time2: '{{sentAt}}', thing3: '微信通知设置成功' } },
      },
      en: {
        body: '{{businessName}} test message ({{sentAt}}): WeChat subscription messages are set up.',
        provider: { id: '', fields: { thing1: '{{businessName}}', time2: '{{sentAt}}', thing3: 'Messages work' } },
      },
    },
    in_app: {
      'zh-CN': { subject: '通知测试', body: '这是一条测试消息（{{sentAt}}）：{{businessName}} 的站内通知工作正常。' },
      en: { subject: 'Test notification', body: 'This is a test message sent at {{sentAt}}: in-app notifications for {{businessName}} work.' },
    },
  },
});

/** To owners when the business has used 80 % of its daily SMS budget. */
export const SMS_BUDGET_WARNING = defineNotificationKey({
  key: 'notification.sms_budget_warning',
  kind: 'staff',
  category: 'staff',
  description: "The business has used most of its daily SMS budget (sent at 80 %): raise it or expect the day's further SMS to be held back",
  channels: ['in_app', 'email'],
  variables: {
    used: { description: 'SMS sent so far today', example: 820 },
    budget: { description: 'The daily SMS budget', example: 1000 },
    percent: { description: 'How much of the budget is used, in per cent', example: 82 },
    date: { description: 'The day, in the business time zone', example: '2026-11-22' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: '今日短信已用 {{percent}}%', body: '{{date}} 已发送短信 {{used}} 条，达到每日预算 {{budget}} 条的 {{percent}}%。预算用完后，当天的短信将无法继续发送。' },
      en: {
        subject: "{{percent}}% of today's SMS budget used",
        body: '{{used}} of the {{budget}} SMS budgeted for {{date}} are sent ({{percent}}%). Once the budget is used up, no more SMS go out today.',
      },
    },
    email: {
      'zh-CN': {
        subject: '短信用量提醒：{{date}} 已用 {{percent}}%',
        body:
          '您好：\n\n截至目前，{{date}} 已发送短信 {{used}} 条，达到每日短信预算 {{budget}} 条的 {{percent}}%。\n\n' +
          '预算用完后，当天的短信（包括预约提醒）将无法继续发送。如果今天客流较多，请及时在设置中提高每日短信预算。',
      },
      en: {
        subject: 'SMS budget: {{percent}}% used on {{date}}',
        body:
          'Hello,\n\n{{used}} text messages have been sent on {{date}}: {{percent}}% of the daily SMS budget of {{budget}}.\n\n' +
          'Once the budget is used up, no more text messages (appointment reminders included) go out today. If today is busy, raise the daily SMS budget in the settings.',
      },
    },
  },
});

/** To owners when a webhook endpoint was disabled after failing for days. */
export const WEBHOOK_ENDPOINT_DISABLED = defineNotificationKey({
  key: 'webhook.endpoint_disabled',
  kind: 'staff',
  category: 'staff',
  description: 'A webhook endpoint kept failing and was disabled: the partner receives no more events until an owner enables it again',
  channels: ['in_app', 'email'],
  variables: {
    url: { description: "The endpoint's URL", example: 'https://partner.example.com/bloom/webhooks' },
    reason: { description: 'Why its deliveries failed, from the last attempt', example: 'HTTP 503 Service Unavailable' },
    failingSince: { description: 'When its deliveries started failing', example: '2026-11-17 09:12' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: 'Webhook 已自动停用', body: '推送到 {{url}} 的事件自 {{failingSince}} 起一直失败（{{reason}}），该 Webhook 已停用。请确认对方服务恢复后重新启用。' },
      en: {
        subject: 'Webhook disabled',
        body: 'Events sent to {{url}} have failed since {{failingSince}} ({{reason}}), so the endpoint was disabled. Enable it again once the receiver works.',
      },
    },
    email: {
      'zh-CN': {
        subject: 'Webhook 已自动停用：{{url}}',
        body:
          '您好：\n\n自 {{failingSince}} 起，推送到 {{url}} 的事件一直失败，最近一次的原因是：{{reason}}。\n\n' +
          '为避免无效推送，该 Webhook 已被自动停用，合作方将不再收到新的事件。请联系合作方确认服务恢复后，在 Webhook 设置中重新启用；停用期间的事件可以按时间段重新推送。',
      },
      en: {
        subject: 'Webhook disabled: {{url}}',
        body:
          'Hello,\n\nEvents sent to {{url}} have failed since {{failingSince}}; the last attempt failed with: {{reason}}.\n\n' +
          'The endpoint was disabled, so the partner receives no new events. Once they confirm their service works again, enable it in the webhook settings; ' +
          'the events of the meantime can be replayed by time range.',
      },
    },
  },
});
