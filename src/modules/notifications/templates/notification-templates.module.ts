import { Module } from '@nestjs/common';

/** Notifications: notification templates: the key catalog, owners' edits, rendering, preview. */
@Module({})
export class NotificationTemplatesModule {}
