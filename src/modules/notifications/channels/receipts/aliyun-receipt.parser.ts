import type { ReceiptParser, ReceiptRequest, ReceiptUpdate } from '../../notification-contracts.js';
import { ChannelErrors } from '../channels.errors.js';
import { queryOf, sameSecret } from './receipt-helpers.js';

/** Aliyun's report times are Beijing wall-clock time, `2017-02-02 22:23:24`. */
const REPORT_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/**
 * Aliyun SMS delivery reports (SmsReport, HTTP batch push): a JSON array of `{ biz_id, success,
 * err_code, err_msg, report_time, … }`. Aliyun does not sign them, so the callback URL configured at
 * Aliyun carries a secret `?token=` (ALIYUN_SMS_RECEIPT_TOKEN), compared in constant time.
 */
export class AliyunReceiptParser implements ReceiptParser {
  readonly provider = 'aliyun';
  /** Aliyun retries a push until it reads this answer. */
  readonly answer = { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ code: 0, msg: '成功' }) };

  constructor(private readonly token: string) {}

  parse(request: ReceiptRequest): ReceiptUpdate[] {
    if (!sameSecret(queryOf(request).get('token'), this.token)) throw ChannelErrors.badSignature(this.provider, 'token');
    let reports: unknown;
    try {
      reports = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw ChannelErrors.unreadable(this.provider, 'body', 'is not JSON');
    }
    if (!Array.isArray(reports)) throw ChannelErrors.unreadable(this.provider, 'body', 'is not an array of reports');
    return reports.map((report: unknown, index): ReceiptUpdate => {
      const field = (name: string) => `[${index}].${name}`;
      if (typeof report !== 'object' || report === null) throw ChannelErrors.unreadable(this.provider, `[${index}]`, 'is not a report');
      const { biz_id: bizId, success, err_code: errCode, err_msg: errMsg, report_time: reportTime } = report as Record<string, unknown>;
      if (typeof bizId !== 'string' || bizId === '') throw ChannelErrors.unreadable(this.provider, field('biz_id'), 'is missing');
      if (typeof success !== 'boolean') throw ChannelErrors.unreadable(this.provider, field('success'), 'must be true or false');
      const at = typeof reportTime === 'string' ? beijingTime(reportTime) : undefined;
      return {
        providerMessageId: bizId,
        status: success ? 'delivered' : 'failed',
        ...(success ? {} : { error: `Aliyun ${typeof errCode === 'string' ? errCode : 'failure'}${typeof errMsg === 'string' && errMsg ? `: ${errMsg}` : ''}` }),
        ...(at ? { at } : {}),
      };
    });
  }
}

function beijingTime(text: string): Date | undefined {
  const match = REPORT_TIME.exec(text);
  if (!match) return undefined;
  const at = new Date(`${match[1]}T${match[2]}+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}
