/**
 * What orders tell people (issue 15, "The time promises"): the responsible staff member is warned before
 * confirmation or shipping falls due; a missed one tells them and the store's managers, and after
 * ORDER_DEADLINE_ESCALATION still unmet, the owners. The customer hears of confirmation and of
 * shipment (`service` messages in the `orders` category: a customer who opts out of it hears none).
 */
import { defineNotificationKey, type TemplateVariable } from '../notifications/index.js';

const NUMBER = { description: "The order's number", example: 'SO-20270510-0042' };
const STORE = { description: 'The store, as customers know it', example: '花漾美业 静安店' };
const DUE = { description: "When the step is due, in the store's time zone (YYYY-MM-DD HH:MM)", example: '2027-05-11 12:00' };
const CHANNEL = { description: 'Where the order came from (online, app, mini_program, partner, phone, in_store)', example: 'online' };
const ORDER: Record<string, TemplateVariable> = { number: NUMBER, storeName: STORE, due: DUE, channel: CHANNEL };
const STAFF_CHANNELS = ['in_app', 'sms'] as const;

type Step = { zh: string; en: string };
const CONFIRM: Step = { zh: '确认', en: 'confirmed' };
const SHIP: Step = { zh: '发货', en: 'shipped' };

/** A staff message about one order's step: the same shape for the warning, the miss and the escalation. */
function staffKey(key: string, description: string, zh: { subject: string; body: string }, en: { subject: string; body: string }) {
  return defineNotificationKey({
    key,
    kind: 'staff',
    category: 'staff',
    description,
    channels: STAFF_CHANNELS,
    variables: ORDER,
    defaults: {
      in_app: { 'zh-CN': zh, en },
      sms: { 'zh-CN': { body: `【{{storeName}}】${zh.body}` }, en: { body: `{{storeName}}: ${en.body}` } },
    },
  });
}

const dueSoon = (key: string, step: Step) =>
  staffKey(
    key,
    `An order is still not ${step.en} and falls due within ORDER_DEADLINE_WARNING: to its responsible staff member (else the store's managers)`,
    { subject: `订单即将超时：{{number}}`, body: `订单 {{number}} 需在 {{due}} 前${step.zh}，请尽快处理。` },
    { subject: `Order due soon: {{number}}`, body: `Order {{number}} must be ${step.en} by {{due}}.` },
  );

const overdue = (key: string, step: Step) =>
  staffKey(
    key,
    `An order was not ${step.en} by its due time: to its responsible staff member and the store's managers, once`,
    { subject: `订单已超时：{{number}}`, body: `订单 {{number}} 应在 {{due}} 前${step.zh}，现已超时。` },
    { subject: `Order overdue: {{number}}`, body: `Order {{number}} was due to be ${step.en} by {{due}} and is overdue.` },
  );

const escalated = (key: string, step: Step) =>
  staffKey(
    key,
    `An order is still not ${step.en} ORDER_DEADLINE_ESCALATION after it became overdue: to the owners, once`,
    { subject: `订单超时未处理：{{number}}`, body: `订单 {{number}} 应在 {{due}} 前${step.zh}，超时后仍未处理，请跟进。` },
    { subject: `Order still overdue: {{number}}`, body: `Order {{number}} was due to be ${step.en} by {{due}} and is still not; please follow up.` },
  );

export const ORDER_CONFIRMATION_DUE_SOON = dueSoon('order.confirmation_due_soon', CONFIRM);
export const ORDER_SHIPPING_DUE_SOON = dueSoon('order.shipping_due_soon', SHIP);
export const ORDER_CONFIRMATION_OVERDUE = overdue('order.confirmation_overdue', CONFIRM);
export const ORDER_SHIPPING_OVERDUE = overdue('order.shipping_overdue', SHIP);
export const ORDER_CONFIRMATION_ESCALATED = escalated('order.confirmation_escalated', CONFIRM);
export const ORDER_SHIPPING_ESCALATED = escalated('order.shipping_escalated', SHIP);

const CUSTOMER_CHANNELS = ['sms', 'email', 'wechat'] as const;

export const ORDER_CONFIRMED_NOTICE = defineNotificationKey({
  key: 'order.confirmed',
  kind: 'service',
  category: 'orders',
  description: 'An order was confirmed by the store: to the customer',
  channels: CUSTOMER_CHANNELS,
  variables: { number: NUMBER, storeName: STORE },
  defaults: {
    sms: { 'zh-CN': { body: '【{{storeName}}】您的订单 {{number}} 已确认。' }, en: { body: '{{storeName}}: your order {{number}} is confirmed.' } },
    email: {
      'zh-CN': { subject: '订单已确认：{{number}}', body: '您好：\n\n您在 {{storeName}} 的订单 {{number}} 已确认。' },
      en: { subject: 'Order confirmed: {{number}}', body: 'Hello,\n\nYour order {{number}} at {{storeName}} is confirmed.' },
    },
    wechat: {
      'zh-CN': { body: '订单已确认：{{storeName}} {{number}}', provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{storeName}}' } } },
      en: { body: 'Order confirmed: {{storeName}} {{number}}', provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{storeName}}' } } },
    },
  },
});

export const ORDER_SHIPPED_NOTICE = defineNotificationKey({
  key: 'order.shipped',
  kind: 'service',
  category: 'orders',
  description: "An order's goods left the store: to the customer",
  channels: CUSTOMER_CHANNELS,
  variables: { number: NUMBER, storeName: STORE },
  defaults: {
    sms: { 'zh-CN': { body: '【{{storeName}}】您的订单 {{number}} 已发货。' }, en: { body: '{{storeName}}: your order {{number}} has shipped.' } },
    email: {
      'zh-CN': { subject: '订单已发货：{{number}}', body: '您好：\n\n您在 {{storeName}} 的订单 {{number}} 已发货。' },
      en: { subject: 'Order shipped: {{number}}', body: 'Hello,\n\nYour order {{number}} at {{storeName}} has shipped.' },
    },
    wechat: {
      'zh-CN': { body: '订单已发货：{{storeName}} {{number}}', provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{storeName}}' } } },
      en: { body: 'Order shipped: {{storeName}} {{number}}', provider: { id: '', fields: { character_string1: '{{number}}', thing2: '{{storeName}}' } } },
    },
  },
});

/** A refund the provider accepted but could not pay out: the money is the order's again and someone must give it back another way. */
export const ORDER_REFUND_FAILED = defineNotificationKey({
  key: 'order.refund_failed',
  kind: 'staff',
  category: 'staff',
  description: "WeChat Pay or Alipay could not pay out a refund it had accepted (the customer's account was closed, say): to the store's managers, once",
  channels: STAFF_CHANNELS,
  variables: {
    number: NUMBER,
    storeName: STORE,
    amount: { description: 'The refund, in the currency’s units with its code', example: '128.00 CNY' },
    method: { description: 'wechat_pay or alipay', example: 'wechat_pay' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: '退款失败：{{number}}', body: '订单 {{number}} 的退款 {{amount}}（{{method}}）未能退回顾客，款项已计回订单，请另行退款。' },
      en: {
        subject: 'Refund failed: {{number}}',
        body: 'The refund of {{amount}} ({{method}}) on order {{number}} did not reach the customer; it counts as paid again. Please refund another way.',
      },
    },
    sms: {
      'zh-CN': { body: '【{{storeName}}】订单 {{number}} 的退款 {{amount}} 未能退回顾客，请另行处理。' },
      en: { body: '{{storeName}}: the refund of {{amount}} on order {{number}} failed; please refund another way.' },
    },
  },
});
