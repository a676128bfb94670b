/** What other modules (and the app's wiring) may import from notifications. */
import { NotificationTemplate } from './templates/notification-template.entity.js';

export { NotificationsModule } from './notifications.module.js';
export { NotificationRecipients } from './notification-recipients.js';
export { defineNotificationKey } from './notification-keys.js';
export * from './notification-contracts.js';
export { NotificationsService, type CustomerNotificationOptions, type StaffNotificationOptions, type TemplateVariables } from './dispatch/notifications.service.js';
export { NOTIFICATION_DISPATCH_ENTITIES } from './dispatch/notification.entity.js';
export { acceptRawBodies, FORM_TYPE, RawReceiptBody, RECEIPT_CONTENT_TYPES } from './dispatch/receipt-body.js';

export const NOTIFICATION_TEMPLATE_ENTITIES = [NotificationTemplate];
export { NOTIFICATION_INBOX_ENTITIES } from './inbox/staff-message.entity.js';
