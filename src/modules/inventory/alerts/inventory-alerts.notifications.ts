import { defineNotificationKey } from '../../notifications/index.js';

/** In-app to the store's managers (and owners) when stock falls to its alert level. */
export const INVENTORY_LOW_STOCK = defineNotificationKey({
  key: 'inventory.low_stock',
  kind: 'staff',
  category: 'staff',
  description: "A store's available stock of a product fell to its alert level: in-app to the store's managers and the owners, with what to reorder",
  channels: ['in_app'],
  variables: {
    productName: { description: 'The product', example: '卡诗 洗发水 Bain Satin 250 ml' },
    sku: { description: "The product's SKU", example: 'KER-BAIN-250' },
    available: { description: 'Pieces still available (whole pieces)', example: '2' },
    reorder: { description: 'Pieces to reorder', example: '12' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: '库存不足：{{productName}}', body: '{{productName}}（{{sku}}）可用库存仅剩 {{available}} 件，建议补货 {{reorder}} 件。' },
      en: { subject: 'Low stock: {{productName}}', body: '{{productName}} ({{sku}}) is down to {{available}} available; reorder {{reorder}}.' },
    },
  },
});

/** In-app to the store's managers (and owners), once per daily sweep that found batches to warn about. */
export const INVENTORY_EXPIRING = defineNotificationKey({
  key: 'inventory.expiring',
  kind: 'staff',
  category: 'staff',
  description:
    "The daily expiry sweep found batches with stock left that expire within the store's warning days (or have expired): one in-app summary per store and sweep to its managers and the owners",
  channels: ['in_app'],
  variables: {
    count: { description: 'How many batches were newly alerted', example: '3' },
    earliest: { description: 'The earliest expiry date among them (YYYY-MM-DD)', example: '2027-05-20' },
    products: { description: 'The products, with lot and expiry date', example: '卡诗 洗发水 Bain Satin 250 ml（L2305，2027-05-20）' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: '{{count}} 批库存即将过期', body: '以下批次即将过期或已过期，最早 {{earliest}}：{{products}}。请优先使用或报损。' },
      en: {
        subject: '{{count}} batches expiring',
        body: 'These batches expire soon or have expired, the earliest on {{earliest}}: {{products}}. Use them first or write them off.',
      },
    },
  },
});

/** In-app to the store's managers (and owners) when a service used more than the store had on its books. */
export const INVENTORY_SHORTFALL = defineNotificationKey({
  key: 'inventory.shortfall',
  kind: 'staff',
  category: 'staff',
  description: 'Back-bar consumption needed more of a product than the store had on its books (stock never goes negative): a task for the manager to count and adjust',
  channels: ['in_app'],
  variables: {
    productName: { description: 'The product', example: '欧莱雅 染膏 6.0 60 ml' },
    sku: { description: "The product's SKU", example: 'LOR-MAJI-60' },
    missing: { description: 'What could not be taken, with its unit', example: '30 ml' },
    document: { description: 'What used it (the appointment number)', example: 'AP-20270510-0012' },
  },
  defaults: {
    in_app: {
      'zh-CN': { subject: '库存短缺：{{productName}}', body: '{{document}} 需要的 {{productName}}（{{sku}}）账面库存不足，缺 {{missing}}。请盘点并调整库存。' },
      en: { subject: 'Stock short: {{productName}}', body: '{{document}} needed {{missing}} more {{productName}} ({{sku}}) than the books hold. Count it and adjust the stock.' },
    },
  },
});
