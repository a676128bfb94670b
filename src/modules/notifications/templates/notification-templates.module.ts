import { Module } from '@nestjs/common';
// Notifications' own keys register when notifications is imported.
import '../notifications.keys.js';
import { NotificationKeysController, NotificationTemplatesController } from './notification-templates.controller.js';
import { NotificationTemplates } from './notification-templates.service.js';

/** Notifications: notification templates: the key catalog, owners' edits, rendering, preview. */
@Module({
  controllers: [NotificationTemplatesController, NotificationKeysController],
  providers: [NotificationTemplates],
  exports: [NotificationTemplates],
})
export class NotificationTemplatesModule {}
