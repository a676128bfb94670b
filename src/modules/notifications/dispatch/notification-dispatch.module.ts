import { Module } from '@nestjs/common';
import { NotificationRecipients } from '../notification-recipients.js';

/** Notifications: who gets what, when: toCustomer/toStaff, quiet hours, limits, delivery on the outbox, the log. */
@Module({
  providers: [NotificationRecipients],
  exports: [NotificationRecipients],
})
export class NotificationDispatchModule {}
