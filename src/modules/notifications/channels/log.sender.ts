import { Logger } from '@nestjs/common';
import type { ChannelSendRequest, ChannelSendResult, ChannelSender, NotificationChannel } from '../notification-contracts.js';

/**
 * The development sender: one log line per message and nothing sent. The line holds neither the
 * address nor the text (DESIGN §4: logs never hold personal data), only what tells a developer that
 * the message went out and how long it was.
 */
export class LogSender implements ChannelSender {
  readonly provider = 'log';
  private readonly logger = new Logger('NotificationLog');

  constructor(readonly channel: NotificationChannel) {}

  send(request: ChannelSendRequest): Promise<ChannelSendResult> {
    const { notificationId, channel, attempt, message } = request;
    this.logger.log({ notificationId, channel, provider: this.provider, attempt, length: message.text.length }, 'notification logged, not sent');
    return Promise.resolve({ provider: this.provider, providerMessageId: `log-${notificationId}` });
  }
}
