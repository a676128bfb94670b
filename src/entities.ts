/** Every entity the DataSource knows, gathered from each module's public index. */
import { AuditEvent } from './common/audit/index.js';
import { AUTH_ENTITIES } from './common/auth/index.js';
import { DEADLINES_ENTITIES } from './common/deadlines/index.js';
import { EVENTS_ENTITIES } from './common/events/index.js';
import { IDEMPOTENCY_ENTITIES } from './common/http/idempotency/index.js';
import { IDENTITY_ENTITIES } from './modules/identity/index.js';
import { STORES_ENTITIES } from './modules/stores/index.js';
import { CATALOG_ENTITIES } from './modules/catalog/index.js';
import { CUSTOMERS_ENTITIES } from './modules/customers/index.js';
import { NOTIFICATION_TEMPLATE_ENTITIES } from './modules/notifications/index.js';
import { NOTIFICATION_DISPATCH_ENTITIES } from './modules/notifications/index.js';
import { NOTIFICATION_INBOX_ENTITIES } from './modules/notifications/index.js';
import { WEBHOOKS_ENTITIES } from './modules/webhooks/index.js';
import { SCHEDULING_ENTITIES } from './modules/scheduling/index.js';
import { APPOINTMENTS_ENTITIES } from './modules/appointments/index.js';
import { INVENTORY_ENTITIES } from './modules/inventory/index.js';
import { ORDERS_ENTITIES } from './modules/orders/index.js';

export const ENTITIES: Function[] = [
  AuditEvent,
  ...AUTH_ENTITIES,
  ...DEADLINES_ENTITIES,
  ...EVENTS_ENTITIES,
  ...IDEMPOTENCY_ENTITIES,
  ...STORES_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...CATALOG_ENTITIES,
  ...CUSTOMERS_ENTITIES,
  ...NOTIFICATION_TEMPLATE_ENTITIES,
  ...NOTIFICATION_DISPATCH_ENTITIES,
  ...NOTIFICATION_INBOX_ENTITIES,
  ...WEBHOOKS_ENTITIES,
  ...SCHEDULING_ENTITIES,
  ...APPOINTMENTS_ENTITIES,
  ...INVENTORY_ENTITIES,
  ...ORDERS_ENTITIES,
];
