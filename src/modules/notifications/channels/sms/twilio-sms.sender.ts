import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { AppConfigValues } from '../../../../config/index.js';
import { PermanentSendError, type ChannelSendRequest, type ChannelSendResult, type ChannelSender } from '../../notification-contracts.js';
import { recipientPhone } from './phone-numbers.js';
import { redact } from '../redact.js';

/**
 * Twilio error codes another attempt cannot fix (https://www.twilio.com/docs/api/errors): the number
 * is invalid, unreachable, not a mobile, opted out (STOP), in a region not enabled, or the body is
 * refused. Authentication, rate limits (20429) and Twilio's own failures are retried.
 */
const PERMANENT_CODES = new Set([21211, 21214, 21217, 21408, 21421, 21602, 21610, 21612, 21614, 21617, 21635]);

/** The SDK's HTTP client, sending to `TWILIO_API_BASE` instead of api.twilio.com (a regional proxy, or a test's server). */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    timeout: number,
  ) {
    super({ timeout });
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const uri = new URL(options.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request<TData>({ ...options, uri: uri.href });
  }
}

/** SMS through Twilio's Messages API, with the official `twilio` SDK. */
export class TwilioSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  readonly provider = 'twilio';
  private readonly client: twilio.Twilio;
  private readonly sender: { from: string } | { messagingServiceSid: string };
  private readonly statusCallback?: string;

  constructor(config: AppConfigValues) {
    const base = new URL(config.TWILIO_API_BASE);
    const isTwilio = base.hostname === 'api.twilio.com';
    this.client = twilio(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN, {
      timeout: config.NOTIFICATION_PROVIDER_TIMEOUT,
      ...(isTwilio ? {} : { httpClient: new BaseUrlRequestClient(base, config.NOTIFICATION_PROVIDER_TIMEOUT) }),
    });
    this.sender = config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : { from: config.TWILIO_FROM };
    if (config.PUBLIC_BASE_URL) this.statusCallback = new URL('/v1/notification-receipts/twilio', config.PUBLIC_BASE_URL).href;
  }

  async send({ to, message }: ChannelSendRequest): Promise<ChannelSendResult> {
    const phone = recipientPhone(to.phone);
    try {
      const sent = await this.client.messages.create({
        to: phone,
        body: message.text,
        ...this.sender,
        ...(this.statusCallback ? { statusCallback: this.statusCallback } : {}),
      });
      return { provider: this.provider, providerMessageId: sent.sid };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const detail = redact(`Twilio refused the message${typeof code === 'number' ? ` (${code})` : ''}: ${(error as Error).message}`);
      if (typeof code === 'number' && PERMANENT_CODES.has(code)) throw new PermanentSendError(detail, String(code));
      throw new Error(detail, { cause: error });
    }
  }
}
