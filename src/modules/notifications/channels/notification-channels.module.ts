import { Module } from '@nestjs/common';

/** Notifications: the channel senders (SMTP, Aliyun, Twilio, WeChat, log) and providers' receipt parsers. */
@Module({})
export class NotificationChannelsModule {}
