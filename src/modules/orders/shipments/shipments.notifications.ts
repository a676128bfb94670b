/** What shipping tells people: the customer hears of a parcel gone wrong; the store's managers get the task. */
import { defineNotificationKey } from '../../notifications/index.js';

const NUMBER = { description: "The order's number", example: 'SO-20270510-0042' };
const CARRIER = { description: 'The carrier and tracking number', example: 'shunfeng SF1234567890' };
const PROBLEM = { description: 'What went wrong, in words (延误 delayed, 丢失 lost, 破损 damaged, 退回 returned, 拒签 refused)', example: '延误 delayed' };
const DETAIL = { description: "The carrier's own words (may be empty)", example: '快件延误，预计晚一天送达' };

export const SHIPMENT_EXCEPTION_CUSTOMER = defineNotificationKey({
  key: 'shipment.exception',
  kind: 'service',
  category: 'orders',
  description: "A parcel of the customer's order is delayed, lost, damaged, returned or refused: to the customer, saying the store is on it",
  channels: ['sms', 'email', 'wechat'],
  variables: { number: NUMBER, carrier: CARRIER, problem: PROBLEM, detail: DETAIL },
  defaults: {
    sms: {
      'zh-CN': { body: '您的订单 {{number}} 包裹（{{carrier}}）出现异常：{{problem}}。门店正在跟进处理，请留意后续通知。' },
      en: { body: 'A parcel of your order {{number}} ({{carrier}}) has a problem: {{problem}}. The store is on it and will keep you posted.' },
    },
    email: {
      'zh-CN': {
        subject: '订单 {{number}} 包裹异常',
        body: '您好：\n\n您的订单 {{number}} 的包裹（{{carrier}}）出现异常：{{problem}}。{{detail}}\n\n门店正在跟进处理，请留意后续通知。',
      },
      en: {
        subject: 'Order {{number}}: a parcel has a problem',
        body: 'Hello,\n\nA parcel of your order {{number}} ({{carrier}}) has a problem: {{problem}}. {{detail}}\n\nThe store is on it and will keep you posted.',
      },
    },
    wechat: {
      'zh-CN': {
        body: '订单 {{number}} 包裹异常：{{problem}}，门店正在处理',
        provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{problem}}', thing3: '{{carrier}}' } },
      },
      en: {
        body: 'Order {{number}}: parcel problem ({{problem}}), the store is on it',
        provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{problem}}', thing3: '{{carrier}}' } },
      },
    },
  },
});

export const SHIPMENT_EXCEPTION_STAFF = defineNotificationKey({
  key: 'shipment.exception_opened',
  kind: 'staff',
  category: 'staff',
  description: "A parcel went wrong (delayed, lost, damaged, returned, refused): in-app to the store's managers and the owners, a task to follow up (GET /v1/shipment-exceptions)",
  channels: ['in_app'],
  variables: { number: NUMBER, carrier: CARRIER, problem: PROBLEM, detail: DETAIL },
  defaults: {
    in_app: {
      'zh-CN': { subject: '包裹异常：{{number}}', body: '订单 {{number}} 的包裹（{{carrier}}）{{problem}}：{{detail}}。请联系快递与顾客跟进，处理后在“物流异常”中关闭。' },
      en: {
        subject: 'Parcel problem: {{number}}',
        body: 'A parcel of order {{number}} ({{carrier}}) is {{problem}}: {{detail}}. Follow up with the carrier and the customer, then resolve it.',
      },
    },
  },
});
