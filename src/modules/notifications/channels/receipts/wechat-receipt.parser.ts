import { createHash } from 'node:crypto';
import type { ReceiptParser, ReceiptRequest, ReceiptUpdate } from '../../notification-contracts.js';
import { ChannelErrors } from '../channels.errors.js';
import { queryOf, sameSecret } from './receipt-helpers.js';

/**
 * WeChat's `subscribe_msg_sent_event` (message push in plaintext mode, JSON format): each sent
 * subscription message's `MsgID` with `ErrorCode` 0 (delivered) or the reason it was not. The query
 * carries `signature` = sha1 of the sorted token (WECHAT_MESSAGE_TOKEN), timestamp and nonce.
 */
export class WeChatReceiptParser implements ReceiptParser {
  readonly provider = 'wechat';
  /** WeChat pushes the event again unless it reads `success` (or nothing). */
  readonly answer = { contentType: 'text/plain; charset=utf-8', body: 'success' };

  constructor(private readonly token: string) {}

  parse(request: ReceiptRequest): ReceiptUpdate[] {
    const query = queryOf(request);
    const timestamp = query.get('timestamp') ?? '';
    const nonce = query.get('nonce') ?? '';
    const expected = createHash('sha1').update([this.token, timestamp, nonce].sort().join('')).digest('hex');
    if (!sameSecret(query.get('signature'), expected)) throw ChannelErrors.badSignature(this.provider, 'signature');
    let event: Record<string, unknown>;
    try {
      // A numeric MsgID is a 64-bit number JSON.parse would round: read it as text.
      event = JSON.parse(request.rawBody.toString('utf8').replace(/("MsgID"\s*:\s*)(\d+)/g, '$1"$2"')) as Record<string, unknown>;
    } catch {
      throw ChannelErrors.unreadable(this.provider, 'body', 'is not JSON (set the message push data format to JSON)');
    }
    if (typeof event !== 'object' || event === null) throw ChannelErrors.unreadable(this.provider, 'body', 'is not an event');
    if (event.Event !== 'subscribe_msg_sent_event') return [];
    const list = (event.SubscribeMsgSentEvent as { List?: unknown } | undefined)?.List;
    if (list === undefined || list === null) throw ChannelErrors.unreadable(this.provider, 'SubscribeMsgSentEvent.List', 'is missing');
    const at = Number(event.CreateTime) > 0 ? new Date(Number(event.CreateTime) * 1000) : undefined;
    return (Array.isArray(list) ? list : [list]).map((item: unknown, index): ReceiptUpdate => {
      const { MsgID: msgId, ErrorCode: errorCode, ErrorStatus: errorStatus } = (item ?? {}) as Record<string, unknown>;
      if ((typeof msgId !== 'string' && typeof msgId !== 'number') || String(msgId) === '') {
        throw ChannelErrors.unreadable(this.provider, `SubscribeMsgSentEvent.List[${index}].MsgID`, 'is missing');
      }
      const delivered = String(errorCode) === '0';
      return {
        providerMessageId: String(msgId),
        status: delivered ? 'delivered' : 'failed',
        ...(delivered ? {} : { error: `WeChat ${String(errorCode)}${typeof errorStatus === 'string' ? `: ${errorStatus}` : ''}` }),
        ...(at ? { at } : {}),
      };
    });
  }
}
