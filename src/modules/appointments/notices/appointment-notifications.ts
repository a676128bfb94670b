/**
 * What appointments tell people (issue 13 "Reminders and notices"): the customer gets a confirmation
 * of a booking, reminders before it (with links to confirm or cancel it without signing in), and a
 * notice when it moves or is cancelled; the staff involved hear of moves and cancellations; the front
 * desk hears of bookings customers made online. Customer keys are `service` messages in the
 * `reminders` category (a customer who opts out of reminders hears none of them).
 */
import { defineNotificationKey, type TemplateVariable } from '../../notifications/index.js';

const STORE = { description: 'The store, as customers know it', example: '花漾美业 静安店' };
const DATE = { description: "The appointment's day, in the store's time zone", example: '2027-03-22' };
const TIME = { description: "The appointment's start, in the store's time zone", example: '14:00' };
const SERVICES = { description: 'The services booked, in order', example: '染发 Colour · 短发 Short hair、剪发 Cut · 洗剪吹 Wash and cut' };
const STAFF = { description: 'Who serves the customer (the names customers see)', example: 'Tony 老师' };
const NUMBER = { description: "The appointment's number, as the front desk reads it", example: 'AP-20270322-0042' };
const CUSTOMER = { description: "The customer's name", example: '王小红' };
const PREVIOUS_DATE = { description: "The day it was booked for before it moved, in the store's time zone", example: '2027-03-21' };
const PREVIOUS_TIME = { description: 'The start it had before it moved', example: '10:00' };
const REASON = { description: 'Why it was cancelled (empty when no reason was given)', example: '临时有事 Something came up' };
const MOVE_REASON = { description: 'Why it moved (empty when no reason was given)', example: '顾客改期 The customer asked' };

const APPOINTMENT: Record<string, TemplateVariable> = { storeName: STORE, date: DATE, time: TIME, services: SERVICES, staff: STAFF, number: NUMBER };

export const APPOINTMENT_BOOKED = defineNotificationKey({
  key: 'appointment.booked',
  kind: 'service',
  category: 'reminders',
  description: 'An appointment was booked, by any channel: to the customer, confirming the store, day, time, services and staff',
  channels: ['sms', 'email', 'wechat'],
  variables: APPOINTMENT,
  defaults: {
    sms: {
      'zh-CN': { body: '【{{storeName}}】预约成功：{{date}} {{time}}，{{services}}（{{staff}}），预约号 {{number}}。' },
      en: { body: '{{storeName}}: you are booked for {{services}} with {{staff}} on {{date}} at {{time}} (ref. {{number}}).' },
    },
    email: {
      'zh-CN': {
        subject: '预约成功：{{date}} {{time}} {{storeName}}',
        body: '您好：\n\n您已成功预约 {{storeName}}：\n\n时间：{{date}} {{time}}\n项目：{{services}}\n服务人员：{{staff}}\n预约号：{{number}}\n\n期待您的光临。',
      },
      en: {
        subject: 'Booked: {{date}} {{time}} at {{storeName}}',
        body: 'Hello,\n\nYou are booked at {{storeName}}:\n\nWhen: {{date}} {{time}}\nServices: {{services}}\nWith: {{staff}}\nReference: {{number}}\n\nWe look forward to seeing you.',
      },
    },
    wechat: {
      'zh-CN': {
        body: '预约成功：{{storeName}} {{date}} {{time}}，{{services}}（{{staff}}）',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{staff}}' } },
      },
      en: {
        body: 'Booked: {{storeName}} {{date}} {{time}}, {{services}} with {{staff}}',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{staff}}' } },
      },
    },
  },
});

export const APPOINTMENT_REMINDER = defineNotificationKey({
  key: 'appointment.reminder',
  kind: 'service',
  category: 'reminders',
  description:
    "Before an appointment, at each of the store's reminder offsets (24 h and 2 h by default): to the customer, with links to confirm or cancel it without signing in (good until the appointment ends)",
  channels: ['sms', 'email', 'wechat'],
  variables: {
    ...APPOINTMENT,
    confirmUrl: {
      description: 'Opens the confirmation of the appointment (a signed link, no sign-in)',
      example: 'https://book.example.com/v1/appointment-links/eyJhIjoi.../confirm',
    },
    cancelUrl: {
      description: 'Opens the cancellation of the appointment (a signed link, no sign-in)',
      example: 'https://book.example.com/v1/appointment-links/eyJhIjoi.../cancel',
    },
  },
  defaults: {
    sms: {
      'zh-CN': { body: '【{{storeName}}】预约提醒：{{date}} {{time}}，{{services}}（{{staff}}）。确认：{{confirmUrl}} 取消：{{cancelUrl}}' },
      en: { body: '{{storeName}} reminder: {{services}} with {{staff}} on {{date}} at {{time}}. Confirm: {{confirmUrl}} Cancel: {{cancelUrl}}' },
    },
    email: {
      'zh-CN': {
        subject: '预约提醒：{{date}} {{time}} {{storeName}}',
        body:
          '您好：\n\n提醒您在 {{storeName}} 的预约：\n\n时间：{{date}} {{time}}\n项目：{{services}}\n服务人员：{{staff}}\n预约号：{{number}}\n\n' +
          '确认到店：{{confirmUrl}}\n无法前来，请取消：{{cancelUrl}}',
      },
      en: {
        subject: 'Reminder: {{date}} {{time}} at {{storeName}}',
        body:
          'Hello,\n\nA reminder of your appointment at {{storeName}}:\n\nWhen: {{date}} {{time}}\nServices: {{services}}\nWith: {{staff}}\nReference: {{number}}\n\n' +
          'Confirm you are coming: {{confirmUrl}}\nCannot make it? Cancel: {{cancelUrl}}',
      },
    },
    wechat: {
      'zh-CN': {
        body: '预约提醒：{{storeName}} {{date}} {{time}}，{{services}}（{{staff}}）',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{staff}}' } },
      },
      en: {
        body: 'Reminder: {{storeName}} {{date}} {{time}}, {{services}} with {{staff}}',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{staff}}' } },
      },
    },
  },
});

export const APPOINTMENT_RESCHEDULED = defineNotificationKey({
  key: 'appointment.rescheduled',
  kind: 'service',
  category: 'reminders',
  description: 'An appointment moved to another time (or other staff): to the customer, unless they moved it themselves, with the old and the new time',
  channels: ['sms', 'email', 'wechat'],
  variables: { ...APPOINTMENT, previousDate: PREVIOUS_DATE, previousTime: PREVIOUS_TIME, reason: MOVE_REASON },
  defaults: {
    sms: {
      'zh-CN': {
        body: '【{{storeName}}】您的预约已改期：由 {{previousDate}} {{previousTime}} 改为 {{date}} {{time}}，{{services}}（{{staff}}）。{{#reason}}原因：{{reason}}。{{/reason}}',
      },
      en: {
        body: '{{storeName}}: your appointment moved from {{previousDate}} {{previousTime}} to {{date}} {{time}}: {{services}} with {{staff}}.{{#reason}} Reason: {{reason}}.{{/reason}}',
      },
    },
    email: {
      'zh-CN': {
        subject: '预约改期：{{date}} {{time}} {{storeName}}',
        body: '您好：\n\n您在 {{storeName}} 的预约（{{number}}）已改期：\n\n原时间：{{previousDate}} {{previousTime}}\n新时间：{{date}} {{time}}\n项目：{{services}}\n服务人员：{{staff}}{{#reason}}\n原因：{{reason}}{{/reason}}',
      },
      en: {
        subject: 'Appointment moved: {{date}} {{time}} at {{storeName}}',
        body: 'Hello,\n\nYour appointment at {{storeName}} ({{number}}) has moved:\n\nWas: {{previousDate}} {{previousTime}}\nNow: {{date}} {{time}}\nServices: {{services}}\nWith: {{staff}}{{#reason}}\nReason: {{reason}}{{/reason}}',
      },
    },
    wechat: {
      'zh-CN': {
        body: '预约改期：{{storeName}} {{date}} {{time}}（原 {{previousDate}} {{previousTime}}）',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', time3: '{{previousDate}} {{previousTime}}', thing4: '{{storeName}}' } },
      },
      en: {
        body: 'Moved: {{storeName}} {{date}} {{time}} (was {{previousDate}} {{previousTime}})',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', time3: '{{previousDate}} {{previousTime}}', thing4: '{{storeName}}' } },
      },
    },
  },
});

export const APPOINTMENT_CANCELLED = defineNotificationKey({
  key: 'appointment.cancelled',
  kind: 'service',
  category: 'reminders',
  description: 'An appointment was cancelled: to the customer, unless they cancelled it themselves',
  channels: ['sms', 'email', 'wechat'],
  variables: { ...APPOINTMENT, reason: REASON },
  defaults: {
    sms: {
      'zh-CN': { body: '【{{storeName}}】您 {{date}} {{time}} 的预约（{{services}}）已取消。{{#reason}}原因：{{reason}}。{{/reason}}如需重新预约请联系门店。' },
      en: {
        body: '{{storeName}}: your appointment on {{date}} at {{time}} ({{services}}) is cancelled.{{#reason}} Reason: {{reason}}.{{/reason}} Contact the store to book again.',
      },
    },
    email: {
      'zh-CN': {
        subject: '预约已取消：{{date}} {{time}} {{storeName}}',
        body: '您好：\n\n您在 {{storeName}} 的预约（{{number}}）已取消：\n\n时间：{{date}} {{time}}\n项目：{{services}}{{#reason}}\n原因：{{reason}}{{/reason}}\n\n如需重新预约，请联系门店。',
      },
      en: {
        subject: 'Appointment cancelled: {{date}} {{time}} at {{storeName}}',
        body: 'Hello,\n\nYour appointment at {{storeName}} ({{number}}) is cancelled:\n\nWhen: {{date}} {{time}}\nServices: {{services}}{{#reason}}\nReason: {{reason}}{{/reason}}\n\nContact the store to book again.',
      },
    },
    wechat: {
      'zh-CN': {
        body: '预约已取消：{{storeName}} {{date}} {{time}}，{{services}}',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{reason}}' } },
      },
      en: {
        body: 'Cancelled: {{storeName}} {{date}} {{time}}, {{services}}',
        provider: { id: '', fields: { thing1: '{{services}}', time2: '{{date}} {{time}}', thing3: '{{storeName}}', thing4: '{{reason}}' } },
      },
    },
  },
});

/** Staff messages: in-app (the inbox and its live stream) and by SMS, the phone a stylist has on them. */
const STAFF_CHANNELS = ['in_app', 'sms'] as const;

export const APPOINTMENT_STAFF_RESCHEDULED = defineNotificationKey({
  key: 'appointment.staff_rescheduled',
  kind: 'staff',
  category: 'staff',
  description: 'An appointment moved: to every staff member serving it before or after the move, except whoever moved it',
  channels: STAFF_CHANNELS,
  variables: { ...APPOINTMENT, customerName: CUSTOMER, previousDate: PREVIOUS_DATE, previousTime: PREVIOUS_TIME, reason: MOVE_REASON },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: '预约改期：{{customerName}} {{date}} {{time}}',
        body: '{{customerName}} 的预约 {{number}}（{{services}}，{{staff}}）由 {{previousDate}} {{previousTime}} 改为 {{date}} {{time}}。',
      },
      en: {
        subject: 'Moved: {{customerName}} {{date}} {{time}}',
        body: "{{customerName}}'s appointment {{number}} ({{services}}, {{staff}}) moved from {{previousDate}} {{previousTime}} to {{date}} {{time}}.{{#reason}} Reason: {{reason}}{{/reason}}",
      },
    },
    sms: {
      'zh-CN': { body: '【{{storeName}}】预约改期：{{customerName}} {{services}}，{{previousDate}} {{previousTime}} → {{date}} {{time}}（{{staff}}）。' },
      en: { body: '{{storeName}}: {{customerName}} ({{services}}) moved {{previousDate}} {{previousTime}} -> {{date}} {{time}} ({{staff}}).' },
    },
  },
});

export const APPOINTMENT_STAFF_CANCELLED = defineNotificationKey({
  key: 'appointment.staff_cancelled',
  kind: 'staff',
  category: 'staff',
  description: 'An appointment was cancelled: to every staff member serving it, except whoever cancelled it',
  channels: STAFF_CHANNELS,
  variables: { ...APPOINTMENT, customerName: CUSTOMER, reason: REASON },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: '预约取消：{{customerName}} {{date}} {{time}}',
        body: '{{customerName}} 的预约 {{number}}（{{date}} {{time}}，{{services}}）已取消。{{#reason}}原因：{{reason}}{{/reason}}',
      },
      en: {
        subject: 'Cancelled: {{customerName}} {{date}} {{time}}',
        body: "{{customerName}}'s appointment {{number}} ({{date}} {{time}}, {{services}}) is cancelled.{{#reason}} Reason: {{reason}}{{/reason}}",
      },
    },
    sms: {
      'zh-CN': { body: '【{{storeName}}】预约取消：{{customerName}} {{date}} {{time}} {{services}}。' },
      en: { body: '{{storeName}}: {{customerName}} cancelled {{date}} {{time}} ({{services}}).' },
    },
  },
});

export const APPOINTMENT_BOOKED_ONLINE = defineNotificationKey({
  key: 'appointment.booked_online',
  kind: 'staff',
  category: 'staff',
  description: "A customer booked online (booking page, app, mini-program): in-app to the store's receptionists and managers, the front desk's live stream",
  channels: ['in_app'],
  variables: { ...APPOINTMENT, customerName: CUSTOMER, channel: { description: 'Where it was booked: online, app or mini_program', example: 'mini_program' } },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: '新的线上预约：{{customerName}} {{date}} {{time}}',
        body: '{{customerName}} 通过线上（{{channel}}）预约了 {{date}} {{time}} 的 {{services}}（{{staff}}），预约号 {{number}}。',
      },
      en: {
        subject: 'New online booking: {{customerName}} {{date}} {{time}}',
        body: '{{customerName}} booked {{services}} with {{staff}} for {{date}} {{time}} online ({{channel}}), ref. {{number}}.',
      },
    },
  },
});
