/**
 * The message the customers module sends about imports: to the member of staff who uploaded the file,
 * in-app, when the import ends (done or failed), so they need not keep the import page open.
 */
import { defineNotificationKey } from '../../notifications/index.js';

export const CUSTOMER_IMPORT_FINISHED = defineNotificationKey({
  key: 'customer_import.finished',
  kind: 'staff',
  category: 'staff',
  description: 'A customer import you uploaded has ended: how many customers it created and updated, and how many rows it could not import',
  channels: ['in_app'],
  variables: {
    fileName: { description: 'The name the file was uploaded with (empty when none was given)', example: '老客户名单.csv' },
    created: { description: 'Customers the import created', example: 9990 },
    updated: { description: 'Customers it changed (when duplicates are updated)', example: 0 },
    failed: { description: 'Rows it could not import (listed in the import report)', example: 10 },
    status: { description: '`completed`, or `failed` when the import stopped before the end', example: 'completed' },
    failure: { description: 'Why the import stopped (empty when it completed)', example: 'The stored file could not be read again. Upload it once more.' },
  },
  defaults: {
    in_app: {
      'zh-CN': {
        subject: '客户导入{{^failure}}完成{{/failure}}{{#failure}}中断{{/failure}}{{#fileName}}：{{fileName}}{{/fileName}}',
        body: '{{#failure}}导入未能完成，之前已导入的客户保留。{{/failure}}新建客户 {{created}} 位，更新 {{updated}} 位{{#failed}}，{{failed}} 行有误未导入，详见导入报告{{/failed}}。',
      },
      en: {
        subject: 'Customer import {{^failure}}completed{{/failure}}{{#failure}}stopped{{/failure}}{{#fileName}}: {{fileName}}{{/fileName}}',
        body: '{{#failure}}The import stopped ({{failure}}); the customers imported before stay. {{/failure}}{{created}} customers created, {{updated}} updated{{#failed}}, {{failed}} rows not imported (see the import report){{/failed}}.',
      },
    },
  },
});
