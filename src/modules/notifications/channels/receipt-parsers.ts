import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import type { ReceiptParser } from '../notification-contracts.js';
import { ChannelErrors } from './channels.errors.js';
import { AliyunReceiptParser } from './receipts/aliyun-receipt.parser.js';
import { TwilioReceiptParser } from './receipts/twilio-receipt.parser.js';
import { WeChatReceiptParser } from './receipts/wechat-receipt.parser.js';

/** What enables each provider's receipts: without it they cannot be checked, so they are refused. */
const SETTINGS = { aliyun: 'ALIYUN_SMS_RECEIPT_TOKEN', twilio: 'TWILIO_AUTH_TOKEN', wechat: 'WECHAT_MESSAGE_TOKEN' } as const;

/** The delivery receipt parser of each provider whose receipts can be checked here. */
@Injectable()
export class ReceiptParsers {
  private readonly parsers = new Map<string, ReceiptParser>();

  constructor(@InjectConfig() config: AppConfigValues) {
    if (config.ALIYUN_SMS_RECEIPT_TOKEN) this.parsers.set('aliyun', new AliyunReceiptParser(config.ALIYUN_SMS_RECEIPT_TOKEN));
    if (config.TWILIO_AUTH_TOKEN) this.parsers.set('twilio', new TwilioReceiptParser(config.TWILIO_AUTH_TOKEN));
    if (config.WECHAT_MESSAGE_TOKEN) this.parsers.set('wechat', new WeChatReceiptParser(config.WECHAT_MESSAGE_TOKEN));
  }

  /** The provider's parser; 404 `notification_receipt.unknown_provider` for an unknown provider or one whose receipts are not enabled. */
  get(provider: string): ReceiptParser {
    const parser = this.parsers.get(provider);
    if (parser) return parser;
    if (Object.hasOwn(SETTINGS, provider)) throw ChannelErrors.receiptsNotConfigured(provider, SETTINGS[provider as keyof typeof SETTINGS]);
    throw ChannelErrors.unknownProvider(provider);
  }
}
