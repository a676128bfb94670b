/** What other modules (and the app's wiring) may import from notifications. */
export { NotificationsModule } from './notifications.module.js';
export { NotificationRecipients } from './notification-recipients.js';
export { defineNotificationKey } from './notification-keys.js';
export * from './notification-contracts.js';
export { NOTIFICATION_INBOX_ENTITIES } from './inbox/staff-message.entity.js';
