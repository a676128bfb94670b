import { Module } from '@nestjs/common';
import { NotificationChannelsModule } from './channels/notification-channels.module.js';
import { NotificationDispatchModule } from './dispatch/notification-dispatch.module.js';
import { NotificationInboxModule } from './inbox/notification-inbox.module.js';
import { NotificationTemplatesModule } from './templates/notification-templates.module.js';

/**
 * Messages to customers (e-mail, SMS, WeChat) and staff (in-app, e-mail), each from a template, sent
 * through the outbox after the business change commits. Imports no business module (DESIGN §2).
 */
@Module({
  imports: [NotificationTemplatesModule, NotificationChannelsModule, NotificationInboxModule, NotificationDispatchModule],
  exports: [NotificationDispatchModule],
})
export class NotificationsModule {}
