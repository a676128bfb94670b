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
