import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { AppConfigValues } from '../../../../../config/index.js';
import {
  PAYMENT_NOTIFICATION_PATHS,
  type PayByCodeRequest,
  type PaymentNotification,
  type PaymentProvider,
  type PrepayRequest,
  type PrepayResult,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
  type RefundRequest,
} from '../payment-provider.js';
import { PaymentProviderError, type PaymentProviderErrorKind } from '../payment-provider.errors.js';
import { parseJson, providerRequest } from '../provider-http.js';
import { authorization, decryptResource, newNonce, rsaSign, verifyWechatpaySignature, type EncryptedResource } from './wechat-pay.crypto.js';

type WechatPayConfig = Pick<
  AppConfigValues,
  | 'WECHAT_PAY_MCH_ID'
  | 'WECHAT_PAY_APP_ID'
  | 'WECHAT_PAY_MCH_SERIAL_NO'
  | 'WECHAT_PAY_MCH_PRIVATE_KEY'
  | 'WECHAT_PAY_API_V3_KEY'
  | 'WECHAT_PAY_PUBLIC_KEY_ID'
  | 'WECHAT_PAY_PUBLIC_KEY'
  | 'WECHAT_PAY_API_BASE'
  | 'PUBLIC_BASE_URL'
  | 'PAYMENT_PROVIDER_TIMEOUT'
>;

const REQUIRED = [
  'WECHAT_PAY_MCH_ID',
  'WECHAT_PAY_APP_ID',
  'WECHAT_PAY_MCH_SERIAL_NO',
  'WECHAT_PAY_MCH_PRIVATE_KEY',
  'WECHAT_PAY_API_V3_KEY',
  'WECHAT_PAY_PUBLIC_KEY_ID',
  'WECHAT_PAY_PUBLIC_KEY',
] as const;

/** trade_state → ours. REFUND (转入退款) was paid: refunds are records of their own. */
const TRADE_STATES: Record<string, ProviderPaymentStatus> = {
  SUCCESS: 'paid',
  REFUND: 'paid',
  NOTPAY: 'pending',
  USERPAYING: 'pending',
  CLOSED: 'closed',
  REVOKED: 'closed',
  PAYERROR: 'failed',
};

/** The refund notices WeChat Pay sends to the notify_url a refund names. */
const REFUND_EVENTS = new Set(['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']);

/** Error codes after which the outcome of a charge is unknown (WeChat Pay says: query the order). */
const OUTCOME_UNKNOWN = new Set(['SYSTEM_ERROR', 'SYSTEMERROR', 'BANKERROR', 'BANK_ERROR']);

interface Transaction {
  mchid?: string;
  appid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: { total?: number; currency?: string };
}

/**
 * WeChat Pay API v3 for a direct merchant (普通商户), with Node's crypto: no official Node SDK exists
 * (WeChat publishes Java, Go and PHP ones), and the community ones add an HTTP client for what is a
 * signed JSON request. Payment codes use v3 付款码支付 (`/v3/pay/transactions/codepay`, published
 * 2024), so everything is one protocol. Every 2xx answer is verified with the WeChat Pay public key.
 */
export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechat_pay' as const;
  // WeChat Pay takes any 2xx without a body as "received".
  readonly notificationAck = { status: 204, contentType: 'text/plain', body: '' };
  private readonly missing: string[];
  private readonly privateKey?: KeyObject;
  private readonly publicKey?: KeyObject;

  constructor(private readonly config: WechatPayConfig) {
    this.missing = REQUIRED.filter((key) => config[key] === '');
    if (this.missing.length === 0) {
      this.privateKey = createPrivateKey(config.WECHAT_PAY_MCH_PRIVATE_KEY);
      this.publicKey = createPublicKey(config.WECHAT_PAY_PUBLIC_KEY);
    }
  }

  get configured(): boolean {
    return this.missing.length === 0;
  }

  async payByCode(request: PayByCodeRequest): Promise<ProviderPayment> {
    this.checkAmount(request.amount, request.currency);
    const answer = await this.call('POST', '/v3/pay/transactions/codepay', {
      appid: this.config.WECHAT_PAY_APP_ID,
      mchid: this.config.WECHAT_PAY_MCH_ID,
      description: request.description,
      out_trade_no: request.outTradeNo,
      payer: { auth_code: request.authCode },
      amount: { total: request.amount, currency: request.currency },
      scene_info: { ...(request.deviceIp ? { device_ip: request.deviceIp } : {}), store_info: { out_id: request.storeId ?? 'counter' } },
    });
    // The customer must confirm on the phone (a password, a large amount): not failed, query until it settles.
    if (answer.code === 'USERPAYING') return this.pending(request.outTradeNo, request.currency, answer);
    return this.toPayment(answer, request.outTradeNo);
  }

  async prepay(request: PrepayRequest): Promise<PrepayResult> {
    this.checkAmount(request.amount, request.currency);
    if (!this.config.PUBLIC_BASE_URL)
      throw this.error('not_configured', 'WeChat Pay prepay needs PUBLIC_BASE_URL: WeChat Pay must be told where to send the payment notification.');
    if (request.channel === 'mini_program' && !request.payerId) throw this.error('invalid_request', 'A mini-program payment needs the payer’s openid (payerId).');
    const appId = this.config.WECHAT_PAY_APP_ID;
    const answer = await this.call('POST', request.channel === 'mini_program' ? '/v3/pay/transactions/jsapi' : '/v3/pay/transactions/app', {
      appid: appId,
      mchid: this.config.WECHAT_PAY_MCH_ID,
      description: request.description,
      out_trade_no: request.outTradeNo,
      ...(request.expiresAt ? { time_expire: request.expiresAt.toISOString().replace(/\.\d{3}Z$/, '+00:00') } : {}),
      notify_url: new URL(PAYMENT_NOTIFICATION_PATHS.wechat_pay, this.config.PUBLIC_BASE_URL).href,
      amount: { total: request.amount, currency: request.currency },
      ...(request.channel === 'mini_program' ? { payer: { openid: request.payerId } } : {}),
    });
    const prepayId = answer.prepay_id;
    if (typeof prepayId !== 'string' || prepayId === '') throw this.error('unavailable', 'WeChat Pay answered the prepay without a prepay_id.');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = newNonce();
    const key = this.privateKey as KeyObject;
    // The client SDKs check these signatures (调起支付签名): JSAPI signs appId, time, nonce, package; APP signs appid, time, nonce, prepayid.
    const clientParams: Record<string, string> =
      request.channel === 'mini_program'
        ? {
            appId,
            timeStamp: timestamp,
            nonceStr: nonce,
            package: `prepay_id=${prepayId}`,
            signType: 'RSA',
            paySign: rsaSign(key, [appId, timestamp, nonce, `prepay_id=${prepayId}`]),
          }
        : {
            appid: appId,
            partnerid: this.config.WECHAT_PAY_MCH_ID,
            prepayid: prepayId,
            package: 'Sign=WXPay',
            noncestr: nonce,
            timestamp,
            sign: rsaSign(key, [appId, timestamp, nonce, prepayId]),
          };
    return { outTradeNo: request.outTradeNo, clientParams };
  }

  async query(outTradeNo: string): Promise<ProviderPayment> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${encodeURIComponent(this.config.WECHAT_PAY_MCH_ID)}`;
    return this.toPayment(await this.call('GET', path), outTradeNo);
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    this.checkAmount(request.amount, request.currency);
    const answer = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: request.outTradeNo,
      out_refund_no: request.outRefundNo,
      ...(request.reason ? { reason: request.reason } : {}),
      // Its REFUND.* notices come to the same address as the payment's.
      notify_url: new URL(PAYMENT_NOTIFICATION_PATHS.wechat_pay, this.config.PUBLIC_BASE_URL).href,
      amount: { refund: request.amount, total: request.paymentAmount, currency: request.currency },
    });
    return this.toRefund(answer, request);
  }

  /** 查询单笔退款 (`GET …/refunds/{out_refund_no}`). */
  async queryRefund(request: { outTradeNo: string; outRefundNo: string; amount: number; currency: string }): Promise<ProviderRefund> {
    return this.toRefund(await this.call('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(request.outRefundNo)}`), request);
  }

  /** A refund as WeChat Pay describes it: SUCCESS, PROCESSING, or CLOSED / ABNORMAL (not paid out: the money stays with the merchant). */
  private toRefund(answer: Record<string, unknown>, request: { outRefundNo: string; amount: number; currency: string }): ProviderRefund {
    const status = answer.status === 'SUCCESS' ? 'succeeded' : answer.status === 'PROCESSING' ? 'processing' : 'failed';
    const amount = (answer.amount as { refund?: unknown } | undefined)?.refund;
    return {
      outRefundNo: request.outRefundNo,
      providerReference: typeof answer.refund_id === 'string' ? answer.refund_id : null,
      status,
      ...(status === 'failed'
        ? {
            failureReason: `WeChat Pay answered the refund ${String(answer.status)}${typeof answer.user_received_account === 'string' ? ` (to ${answer.user_received_account})` : ''}`,
          }
        : {}),
      amount: typeof amount === 'number' ? amount : request.amount,
      currency: request.currency,
      raw: answer,
    };
  }

  /** 撤销订单 (`…/reverse`): WeChat Pay's answer for a payment code whose outcome is unclear. */
  async cancel(outTradeNo: string): Promise<void> {
    try {
      await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/reverse`, {
        appid: this.config.WECHAT_PAY_APP_ID,
        mchid: this.config.WECHAT_PAY_MCH_ID,
      });
    } catch (error) {
      // The charge never reached WeChat Pay: nothing can succeed later, which is what cancelling asks.
      if (!(error instanceof PaymentProviderError && error.providerCode === 'ORDER_NOT_EXIST')) throw error;
    }
  }

  async close(outTradeNo: string): Promise<void> {
    try {
      await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.config.WECHAT_PAY_MCH_ID });
    } catch (error) {
      // Never placed at WeChat Pay: nothing can be paid, which is what closing asks.
      if (!(error instanceof PaymentProviderError && error.providerCode === 'ORDER_NOT_EXIST')) throw error;
    }
  }

  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string): PaymentNotification {
    this.checkConfigured();
    const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
    const single = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), Array.isArray(value) ? value[0] : value]));
    const check = verifyWechatpaySignature(single, body, { id: this.config.WECHAT_PAY_PUBLIC_KEY_ID, key: this.publicKey as KeyObject });
    if (check === 'stale') throw this.error('stale', 'The notification’s Wechatpay-Timestamp is more than 5 minutes from now: refused as a possible replay.');
    if (check !== 'ok') throw this.error('bad_signature', `The notification’s signature does not verify (${check.replace('_', ' ')}).`);
    const envelope = parseJson(body) as { id?: unknown; event_type?: unknown; resource?: EncryptedResource } | undefined;
    if (!envelope || typeof envelope.id !== 'string' || !envelope.resource || typeof envelope.resource.ciphertext !== 'string') {
      throw this.error('malformed', 'The notification is not a WeChat Pay v3 notification (id and resource).');
    }
    const isRefund = typeof envelope.event_type === 'string' && REFUND_EVENTS.has(envelope.event_type);
    if (envelope.event_type !== 'TRANSACTION.SUCCESS' && !isRefund) {
      throw this.error('malformed', `The notification’s event ${String(envelope.event_type)} is neither a payment nor a refund.`);
    }
    const plain = decryptResource(this.config.WECHAT_PAY_API_V3_KEY, envelope.resource);
    if (plain === undefined) throw this.error('undecryptable', 'The notification’s resource does not decrypt with the APIv3 key.');
    if (isRefund) return this.refundNotification(envelope.id, plain);
    const transaction = parseJson(plain) as Transaction | undefined;
    const amount = transaction?.amount?.total;
    if (!transaction?.out_trade_no || !transaction.transaction_id || !Number.isSafeInteger(amount) || !transaction.trade_state) {
      throw this.error('malformed', 'The notification’s transaction lacks out_trade_no, transaction_id, trade_state or amount.');
    }
    if (transaction.mchid !== this.config.WECHAT_PAY_MCH_ID) throw this.error('malformed', 'The notification is for another merchant id.');
    return {
      notificationId: envelope.id,
      providerReference: transaction.transaction_id,
      outTradeNo: transaction.out_trade_no,
      amount: amount as number,
      currency: transaction.amount?.currency ?? 'CNY',
      status: TRADE_STATES[transaction.trade_state] ?? 'pending',
      paidAt: transaction.success_time ? new Date(transaction.success_time) : null,
      raw: transaction as Record<string, unknown>,
    };
  }

  /** A REFUND.* notice's resource: the refund (refund_status SUCCESS, CLOSED or ABNORMAL) of the payment out_trade_no names. */
  private refundNotification(notificationId: string, plain: string): PaymentNotification {
    const refund = parseJson(plain) as
      | {
          mchid?: string;
          out_trade_no?: string;
          transaction_id?: string;
          out_refund_no?: string;
          refund_id?: string;
          refund_status?: string;
          user_received_account?: string;
          amount?: { total?: number; refund?: number };
        }
      | undefined;
    const total = refund?.amount?.total;
    const refunded = refund?.amount?.refund;
    if (!refund?.out_trade_no || !refund.out_refund_no || !refund.refund_status || !Number.isSafeInteger(total) || !Number.isSafeInteger(refunded)) {
      throw this.error('malformed', 'The refund notification lacks out_trade_no, out_refund_no, refund_status or amount.');
    }
    if (refund.mchid !== this.config.WECHAT_PAY_MCH_ID) throw this.error('malformed', 'The notification is for another merchant id.');
    const outcome = this.toRefund({ ...refund, status: refund.refund_status }, { outRefundNo: refund.out_refund_no, amount: refunded as number, currency: 'CNY' });
    return {
      notificationId,
      providerReference: refund.transaction_id ?? '',
      outTradeNo: refund.out_trade_no,
      amount: total as number,
      currency: 'CNY',
      // The payment itself was paid: a refund does not change that.
      status: 'paid',
      paidAt: null,
      refund: outcome,
      raw: refund,
    };
  }

  /** One signed request; a 2xx answer is verified, an error answer becomes the matching error. */
  private async call(method: 'GET' | 'POST', path: string, payload?: object): Promise<Record<string, unknown>> {
    this.checkConfigured();
    const url = `${this.config.WECHAT_PAY_API_BASE.replace(/\/+$/, '')}${path}`;
    const { pathname, search } = new URL(url);
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const answer = await providerRequest(
      this.name,
      url,
      {
        method,
        headers: {
          authorization: authorization({
            mchId: this.config.WECHAT_PAY_MCH_ID,
            serialNo: this.config.WECHAT_PAY_MCH_SERIAL_NO,
            privateKey: this.privateKey as KeyObject,
            method,
            pathAndQuery: pathname + search,
            body,
          }),
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { body }),
      },
      this.config.PAYMENT_PROVIDER_TIMEOUT,
    );
    const json = (parseJson(answer.text) ?? {}) as Record<string, unknown>;
    if (answer.status >= 200 && answer.status < 300) {
      const headers = Object.fromEntries(answer.headers.entries());
      const check = verifyWechatpaySignature(headers, answer.text, { id: this.config.WECHAT_PAY_PUBLIC_KEY_ID, key: this.publicKey as KeyObject });
      // An answer we cannot verify tells us nothing: the outcome is unknown.
      if (check !== 'ok') throw this.error('unavailable', `WeChat Pay’s answer does not verify (${check.replace('_', ' ')}); query the payment later.`);
      return json;
    }
    const code = typeof json.code === 'string' ? json.code : `HTTP_${answer.status}`;
    if (code === 'USERPAYING') return json;
    const message = typeof json.message === 'string' ? json.message : 'no message';
    const kind: PaymentProviderErrorKind = answer.status >= 500 || OUTCOME_UNKNOWN.has(code) ? 'unavailable' : 'declined';
    throw this.error(kind, `WeChat Pay answered ${code}: ${message}`, code);
  }

  private toPayment(json: Record<string, unknown>, outTradeNo: string): ProviderPayment {
    const transaction = json as Transaction;
    const status = transaction.trade_state ? TRADE_STATES[transaction.trade_state] : undefined;
    if (!status) throw this.error('unavailable', `WeChat Pay answered an unknown trade_state ${String(transaction.trade_state)}.`);
    return {
      outTradeNo: transaction.out_trade_no ?? outTradeNo,
      providerReference: transaction.transaction_id ?? null,
      status,
      amount: transaction.amount?.total ?? null,
      currency: transaction.amount?.currency ?? 'CNY',
      paidAt: status === 'paid' && transaction.success_time ? new Date(transaction.success_time) : null,
      raw: json,
    };
  }

  private pending(outTradeNo: string, currency: string, raw: Record<string, unknown>): ProviderPayment {
    return { outTradeNo, providerReference: null, status: 'pending', amount: null, currency, paidAt: null, raw };
  }

  private checkAmount(amount: number, currency: string): void {
    this.checkConfigured();
    // Domestic WeChat Pay settles in CNY only.
    if (currency !== 'CNY') throw this.error('invalid_request', `WeChat Pay takes CNY only, not ${currency}.`);
    if (!Number.isSafeInteger(amount) || amount <= 0) throw this.error('invalid_request', 'The amount must be a whole number of fen above 0.');
  }

  private checkConfigured(): void {
    if (this.missing.length > 0) throw this.error('not_configured', `WeChat Pay is not configured: set ${this.missing.join(', ')}.`);
  }

  private error(kind: PaymentProviderErrorKind, detail: string, providerCode?: string): PaymentProviderError {
    return new PaymentProviderError(this.name, kind, detail, providerCode);
  }
}
