/**
 * What the waitlist tells a customer: a slot they wait for has freed up and is held for them (and a
 * few others next in line) until a time; the first to say yes to the salon gets it.
 */
import { defineNotificationKey } from '../../notifications/index.js';

export const WAITLIST_OFFER = defineNotificationKey({
  key: 'waitlist.offer',
  kind: 'service',
  category: 'bookings',
  description: 'A slot a waiting customer asked for has freed up: it is held for them and the next few in line; the first to accept (by calling or replying to the store) books it',
  channels: ['sms', 'email'],
  variables: {
    storeName: { description: 'The store', example: '花漾美业 徐汇店 Bloom Xuhui' },
    services: { description: 'The services of the slot', example: '染发 Colour' },
    start: { description: "When the slot starts, in the store's local time", example: '2027-03-22 14:00' },
    expiresAt: { description: "Until when it is held, in the store's local time", example: '2027-03-20 09:30' },
  },
  defaults: {
    sms: {
      'zh-CN': { body: '【{{storeName}}】您候补的{{services}}有空位了：{{start}}。已为您保留至{{expiresAt}}，先确认者得，请致电或回复门店确认。' },
      en: {
        body: '{{storeName}}: a slot you are waiting for is free: {{services}} at {{start}}. Held until {{expiresAt}}; first to confirm gets it. Call or reply to the store to book it.',
      },
    },
    email: {
      'zh-CN': {
        subject: '{{storeName}}：您候补的时段有空位了（{{start}}）',
        body:
          '您好：\n\n您在 {{storeName}} 候补的{{services}}有空位了：{{start}}。\n\n' +
          '该时段已为您保留至 {{expiresAt}}，同时也通知了排在您之后的几位顾客，先确认者得。请致电门店或回复本邮件确认预约。',
      },
      en: {
        subject: '{{storeName}}: a slot you are waiting for is free ({{start}})',
        body:
          'Hello,\n\nA slot you are waiting for at {{storeName}} has freed up: {{services}} at {{start}}.\n\n' +
          'It is held until {{expiresAt}} for you and the next few customers in line: the first to confirm gets it. Call the store or reply to this e-mail to book it.',
      },
    },
  },
});
