import { Module } from '@nestjs/common';
import { InboxBroadcast } from './inbox-broadcast.js';
import { InboxRetention } from './inbox-retention.js';
import { InboxStreams } from './inbox-streams.js';
import { MyNotificationsController } from './my-notifications.controller.js';
import { StaffInbox } from './staff-inbox.js';
import { StaffMessages } from './staff-messages.service.js';
import { StreamTickets } from './stream-tickets.js';

/** Notifications: staff's in-app messages and their live stream. */
@Module({
  controllers: [MyNotificationsController],
  providers: [StaffInbox, StaffMessages, InboxBroadcast, InboxStreams, StreamTickets, InboxRetention],
  exports: [StaffInbox],
})
export class NotificationInboxModule {}
