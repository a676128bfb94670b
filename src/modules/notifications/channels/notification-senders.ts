import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../../common/redis/redis.module.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import type { ChannelSender, NotificationChannel } from '../notification-contracts.js';
import { ChannelErrors } from './channels.errors.js';
import { SmtpEmailSender } from './email/smtp-email.sender.js';
import { LogSender } from './log.sender.js';
import { AliyunSmsSender } from './sms/aliyun-sms.sender.js';
import { TwilioSmsSender } from './sms/twilio-sms.sender.js';
import { WeChatAccessTokens } from './wechat/wechat-access-tokens.js';
import { WeChatSubscribeSender } from './wechat/wechat-subscribe.sender.js';

/** The variables a provider needs, by name, so a half-configured provider stops the boot instead of failing every message. */
const REQUIRED: Record<'aliyun' | 'twilio', Array<keyof AppConfigValues>> = {
  aliyun: ['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'],
  twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN'],
};

/**
 * The sender of each channel, chosen by configuration: e-mail over SMTP (or the log without
 * SMTP_URL), SMS by SMS_PROVIDER, WeChat when its AppID and secret are set. In-app messages are the
 * inbox's, not a sender's.
 */
@Injectable()
export class NotificationSenders implements OnModuleDestroy {
  private readonly senders = new Map<NotificationChannel, ChannelSender>();
  private readonly smtp?: SmtpEmailSender;

  constructor(@InjectConfig() config: AppConfigValues, @Inject(REDIS) redis: Redis) {
    if (config.SMTP_URL) this.smtp = new SmtpEmailSender(config);
    this.senders.set('email', this.smtp ?? new LogSender('email'));
    this.senders.set('sms', smsSender(config));
    if (config.WECHAT_APP_ID || config.WECHAT_APP_SECRET) {
      if (!config.WECHAT_APP_ID || !config.WECHAT_APP_SECRET) throw new Error('WeChat messages need both WECHAT_APP_ID and WECHAT_APP_SECRET.');
      this.senders.set('wechat', new WeChatSubscribeSender(config, new WeChatAccessTokens(redis, config)));
    }
    new Logger('NotificationSenders').log(
      { channels: Object.fromEntries([...this.senders].map(([channel, sender]) => [channel, sender.provider])) },
      'notification channels configured',
    );
  }

  /** The channel's sender; a 422 `notification_channel.not_configured` naming the settings when it has none. */
  get(channel: NotificationChannel): ChannelSender {
    const sender = this.senders.get(channel);
    if (!sender) throw ChannelErrors.notConfigured(channel);
    return sender;
  }

  /** The channels that can send here (never `in_app`: the inbox delivers it). */
  available(): NotificationChannel[] {
    return [...this.senders.keys()];
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }
}

function smsSender(config: AppConfigValues): ChannelSender {
  if (config.SMS_PROVIDER === 'log') return new LogSender('sms');
  const missing = REQUIRED[config.SMS_PROVIDER].filter((key) => !config[key]);
  if (config.SMS_PROVIDER === 'twilio' && !config.TWILIO_FROM && !config.TWILIO_MESSAGING_SERVICE_SID) missing.push('TWILIO_FROM');
  if (missing.length > 0) throw new Error(`SMS_PROVIDER=${config.SMS_PROVIDER} needs ${missing.join(', ')}.`);
  return config.SMS_PROVIDER === 'aliyun' ? new AliyunSmsSender(config) : new TwilioSmsSender(config);
}
