import { Module } from '@nestjs/common';

/** Notifications: staff's in-app messages and their live stream. */
@Module({})
export class NotificationInboxModule {}
