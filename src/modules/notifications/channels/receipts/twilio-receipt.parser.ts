import twilio from 'twilio';
import type { ReceiptParser, ReceiptRequest, ReceiptUpdate } from '../../notification-contracts.js';
import { ChannelErrors } from '../channels.errors.js';
import { header } from './receipt-helpers.js';

/** Twilio's final message statuses; the others (queued, sending, sent, …) change nothing here. */
const FINAL: Record<string, ReceiptUpdate['status']> = { delivered: 'delivered', read: 'delivered', undelivered: 'failed', failed: 'failed', canceled: 'failed' };

/**
 * Twilio's status callbacks: form-encoded `MessageSid`, `MessageStatus`, `ErrorCode`, signed in
 * `X-Twilio-Signature` (HMAC-SHA1 of the URL and the sorted parameters with the auth token),
 * checked with the SDK's own `validateRequest`.
 */
export class TwilioReceiptParser implements ReceiptParser {
  readonly provider = 'twilio';

  constructor(private readonly authToken: string) {}

  parse(request: ReceiptRequest): ReceiptUpdate[] {
    const params = Object.fromEntries(new URLSearchParams(request.rawBody.toString('utf8')));
    const signature = header(request, 'x-twilio-signature');
    if (!signature || !twilio.validateRequest(this.authToken, signature, request.url, params)) {
      throw ChannelErrors.badSignature(this.provider, 'X-Twilio-Signature');
    }
    const sid = params.MessageSid ?? params.SmsSid;
    if (!sid) throw ChannelErrors.unreadable(this.provider, 'MessageSid', 'is missing');
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!status) throw ChannelErrors.unreadable(this.provider, 'MessageStatus', 'is missing');
    const final = FINAL[status];
    if (!final) return [];
    return [{ providerMessageId: sid, status: final, ...(final === 'failed' ? { error: `Twilio ${status}${params.ErrorCode ? ` (${params.ErrorCode})` : ''}` } : {}) }];
  }
}
