import { Module } from '@nestjs/common';
import { NotificationSenders } from './notification-senders.js';
import { ReceiptParsers } from './receipt-parsers.js';

/** Notifications: the channel senders (SMTP, Aliyun, Twilio, WeChat, log) and providers' receipt parsers. */
@Module({
  providers: [NotificationSenders, ReceiptParsers],
  exports: [NotificationSenders, ReceiptParsers],
})
export class NotificationChannelsModule {}
