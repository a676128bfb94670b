import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../../common/deadlines/index.js';
import { NotificationRecipients } from '../notification-recipients.js';
import { NotificationChannelsModule } from '../channels/notification-channels.module.js';
import { NotificationInboxModule } from '../inbox/notification-inbox.module.js';
import { NotificationTemplatesModule } from '../templates/notification-templates.module.js';
import { NotificationErasure, NotificationRetention } from './notification-privacy.js';
import { NotificationReceiptsController } from './notification-receipts.controller.js';
import { NotificationReceiptsService } from './notification-receipts.service.js';
import { NOTIFICATION_RELEASE, NotificationRelease } from './notification-release.js';
import { NotificationLogService } from './notification-log.service.js';
import { NotificationTransport } from './notification-transport.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { SmsLimits } from './sms-limits.js';

/** Notifications: who gets what, when: toCustomer/toStaff, quiet hours, limits, delivery on the outbox, the log. */
@Module({
  imports: [DeadlinesModule.forKinds(NOTIFICATION_RELEASE), NotificationTemplatesModule, NotificationChannelsModule, NotificationInboxModule],
  controllers: [NotificationsController, NotificationReceiptsController],
  providers: [
    NotificationRecipients,
    NotificationsService,
    SmsLimits,
    NotificationTransport,
    NotificationRelease,
    NotificationLogService,
    NotificationReceiptsService,
    NotificationErasure,
    NotificationRetention,
  ],
  exports: [NotificationRecipients, NotificationsService],
})
export class NotificationDispatchModule {}
