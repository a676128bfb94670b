import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { AppConfigValues } from '../../../../../config/index.js';
import { fenToYuan, yuanToFen } from '../amounts.js';
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
import { beijingTime, fromBeijingTime, notificationSignContent, requestSignContent, responseNode, responseNodeText, rsa2Sign, rsa2Verify } from './alipay.crypto.js';

type AlipayConfig = Pick<AppConfigValues, 'ALIPAY_APP_ID' | 'ALIPAY_APP_PRIVATE_KEY' | 'ALIPAY_PUBLIC_KEY' | 'ALIPAY_GATEWAY' | 'PUBLIC_BASE_URL' | 'PAYMENT_PROVIDER_TIMEOUT'>;

const REQUIRED = ['ALIPAY_APP_ID', 'ALIPAY_APP_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY'] as const;

/** trade_status → ours. TRADE_FINISHED is paid and no longer refundable; TRADE_CLOSED is unpaid or fully refunded. */
const TRADE_STATUSES: Record<string, ProviderPaymentStatus> = {
  WAIT_BUYER_PAY: 'pending',
  TRADE_SUCCESS: 'paid',
  TRADE_FINISHED: 'paid',
  TRADE_CLOSED: 'closed',
};

/** Answers after which the outcome is unknown (Alipay says: query the trade). */
const OUTCOME_UNKNOWN = new Set(['ACQ.SYSTEM_ERROR', 'ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR_RETRY', 'isp.unknow-error']);

type Answer = Record<string, string | undefined>;

/**
 * Alipay OpenAPI (v1 gateway, RSA2 with public keys) in Node's crypto. The official `alipay-sdk` would
 * serve, but it brings its own HTTP client (urllib), crypto-js and case conversion for four calls whose
 * protocol is one sorted-string signature, and its verification helpers need the same care about the
 * exact answer text that `responseNodeText` takes; one way of doing things here keeps both providers alike.
 */
export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay' as const;
  // Alipay stops resending only on exactly "success".
  readonly notificationAck = { status: 200, contentType: 'text/plain', body: 'success' };
  private readonly missing: string[];
  private readonly privateKey?: KeyObject;
  private readonly publicKey?: KeyObject;

  constructor(private readonly config: AlipayConfig) {
    this.missing = REQUIRED.filter((key) => config[key] === '');
    if (this.missing.length === 0) {
      this.privateKey = createPrivateKey(config.ALIPAY_APP_PRIVATE_KEY);
      this.publicKey = createPublicKey(config.ALIPAY_PUBLIC_KEY);
    }
  }

  get configured(): boolean {
    return this.missing.length === 0;
  }

  async payByCode(request: PayByCodeRequest): Promise<ProviderPayment> {
    this.checkAmount(request.amount, request.currency);
    const answer = await this.call('alipay.trade.pay', {
      out_trade_no: request.outTradeNo,
      scene: 'bar_code',
      auth_code: request.authCode,
      subject: request.description,
      total_amount: fenToYuan(request.amount),
      product_code: 'FACE_TO_FACE_PAYMENT',
      ...(request.storeId ? { store_id: request.storeId } : {}),
    });
    // 10003: the customer must confirm on the phone; query until it settles.
    const status = answer.code === '10003' ? 'pending' : 'paid';
    return this.toPayment(answer, request.outTradeNo, status, answer.gmt_payment);
  }

  async prepay(request: PrepayRequest): Promise<PrepayResult> {
    this.checkAmount(request.amount, request.currency);
    const biz = {
      out_trade_no: request.outTradeNo,
      total_amount: fenToYuan(request.amount),
      subject: request.description,
      ...(request.expiresAt ? { time_expire: beijingTime(request.expiresAt) } : {}),
    };
    if (request.channel === 'app') {
      // The app SDK sends this signed order string to Alipay itself: no call from here.
      const params = this.signedParams('alipay.trade.app.pay', { ...biz, product_code: 'QUICK_MSECURITY_PAY' });
      return { outTradeNo: request.outTradeNo, clientParams: { orderStr: new URLSearchParams(params as Record<string, string>).toString() } };
    }
    if (!request.payerId) throw this.error('invalid_request', 'A mini-program payment needs the payer’s Alipay open_id (payerId).');
    const answer = await this.call('alipay.trade.create', { ...biz, product_code: 'JSAPI_PAY', buyer_open_id: request.payerId });
    if (!answer.trade_no) throw this.error('unavailable', 'Alipay answered alipay.trade.create without a trade_no.');
    // my.tradePay({ tradeNO }) in the mini-program.
    return { outTradeNo: request.outTradeNo, clientParams: { tradeNO: answer.trade_no } };
  }

  async query(outTradeNo: string): Promise<ProviderPayment> {
    const answer = await this.call('alipay.trade.query', { out_trade_no: outTradeNo });
    const status = answer.trade_status ? TRADE_STATUSES[answer.trade_status] : undefined;
    if (!status) throw this.error('unavailable', `Alipay answered an unknown trade_status ${String(answer.trade_status)}.`);
    return this.toPayment(answer, outTradeNo, status, answer.send_pay_date);
  }

  async refund(request: RefundRequest): Promise<ProviderRefund> {
    this.checkAmount(request.amount, request.currency);
    const answer = await this.call('alipay.trade.refund', {
      out_trade_no: request.outTradeNo,
      out_request_no: request.outRefundNo,
      refund_amount: fenToYuan(request.amount),
      ...(request.reason ? { refund_reason: request.reason } : {}),
    });
    return {
      outRefundNo: request.outRefundNo,
      // Alipay has no refund id of its own: the refund is (trade_no, out_request_no).
      providerReference: answer.trade_no ?? null,
      // fund_change N: accepted but the money has not moved yet (or moved on an earlier identical request).
      status: answer.fund_change === 'Y' ? 'succeeded' : 'processing',
      amount: request.amount,
      currency: request.currency,
      raw: answer,
    };
  }

  /**
   * alipay.trade.fastpay.refund.query: REFUND_SUCCESS is paid out; found without it, still on its way; not
   * found, Alipay never took it (its documentation: such a refund did not happen).
   */
  async queryRefund(request: { outTradeNo: string; outRefundNo: string; amount: number; currency: string }): Promise<ProviderRefund> {
    const answer = await this.call('alipay.trade.fastpay.refund.query', { out_trade_no: request.outTradeNo, out_request_no: request.outRefundNo });
    const found = answer.refund_amount !== undefined && answer.refund_amount !== '';
    const status = answer.refund_status === 'REFUND_SUCCESS' ? 'succeeded' : found ? 'processing' : 'failed';
    return {
      outRefundNo: request.outRefundNo,
      providerReference: answer.trade_no ?? null,
      status,
      ...(status === 'failed' ? { failureReason: 'Alipay has no record of the refund: it was not made' } : {}),
      amount: (found ? yuanToFen(answer.refund_amount!) : undefined) ?? request.amount,
      currency: request.currency,
      raw: answer,
    };
  }

  /** alipay.trade.cancel: closes the trade, refunding it if it was paid. retry_flag Y: Alipay asks to be called again. */
  async cancel(outTradeNo: string): Promise<void> {
    let answer: Answer;
    try {
      answer = await this.call('alipay.trade.cancel', { out_trade_no: outTradeNo });
    } catch (error) {
      // The charge never reached Alipay: nothing can succeed later, which is what cancelling asks.
      if (error instanceof PaymentProviderError && error.providerCode === 'ACQ.TRADE_NOT_EXIST') return;
      throw error;
    }
    if (answer.retry_flag === 'Y') throw this.error('unavailable', `Alipay could not cancel ${outTradeNo} yet; call again.`);
  }

  async close(outTradeNo: string): Promise<void> {
    try {
      await this.call('alipay.trade.close', { out_trade_no: outTradeNo });
    } catch (error) {
      // Never placed at Alipay (the buyer never opened it): nothing can be paid, which is what closing asks.
      if (error instanceof PaymentProviderError && error.providerCode === 'ACQ.TRADE_NOT_EXIST') return;
      throw error;
    }
  }

  /**
   * Alipay resends a notice for up to 25 hours with the same notify_id, so there is no freshness window
   * (it would refuse its own retries): the signature, our app id and de-duplication by notify_id guard it.
   */
  parseNotification(_headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string): PaymentNotification {
    this.checkConfigured();
    const fields = new URLSearchParams(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
    const signature = fields.get('sign');
    if (!signature || (fields.get('sign_type') ?? 'RSA2') !== 'RSA2') throw this.error('bad_signature', 'The notification carries no RSA2 signature.');
    if (!rsa2Verify(this.publicKey as KeyObject, notificationSignContent(fields), signature)) {
      throw this.error('bad_signature', 'The notification’s signature does not verify with the Alipay public key.');
    }
    if (fields.get('app_id') !== this.config.ALIPAY_APP_ID) throw this.error('malformed', 'The notification is for another app id.');
    const [notifyId, tradeNo, outTradeNo, tradeStatus] = ['notify_id', 'trade_no', 'out_trade_no', 'trade_status'].map((name) => fields.get(name) ?? '');
    const amount = yuanToFen(fields.get('total_amount') ?? '');
    const status = TRADE_STATUSES[tradeStatus];
    if (!notifyId || !tradeNo || !outTradeNo || !status || amount === undefined) {
      throw this.error('malformed', 'The notification lacks notify_id, trade_no, out_trade_no, a known trade_status or total_amount.');
    }
    return {
      notificationId: notifyId,
      providerReference: tradeNo,
      outTradeNo,
      amount,
      currency: 'CNY',
      status,
      paidAt: fromBeijingTime(fields.get('gmt_payment') ?? undefined),
      raw: Object.fromEntries(fields),
    };
  }

  /** The common parameters and biz_content of `method`, signed. */
  private signedParams(method: string, biz: Record<string, unknown>): Record<string, string | undefined> {
    this.checkConfigured();
    const params: Record<string, string | undefined> = {
      app_id: this.config.ALIPAY_APP_ID,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: beijingTime(new Date()),
      version: '1.0',
      notify_url: this.config.PUBLIC_BASE_URL ? new URL(PAYMENT_NOTIFICATION_PATHS.alipay, this.config.PUBLIC_BASE_URL).href : undefined,
      biz_content: JSON.stringify(biz),
    };
    params.sign = rsa2Sign(this.privateKey as KeyObject, requestSignContent(params));
    return params;
  }

  /** One signed request; answers the verified response node when Alipay says 10000 or 10003. */
  private async call(method: string, biz: Record<string, unknown>): Promise<Answer> {
    const params = Object.entries(this.signedParams(method, biz)).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const answer = await providerRequest(
      this.name,
      this.config.ALIPAY_GATEWAY,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' }, body: new URLSearchParams(params).toString() },
      this.config.PAYMENT_PROVIDER_TIMEOUT,
    );
    if (answer.status !== 200) throw this.error('unavailable', `Alipay answered HTTP ${answer.status}.`);
    const node = responseNode(method);
    const text = responseNodeText(answer.text, node) ?? responseNodeText(answer.text, 'error_response');
    const signature = (parseJson(answer.text) as { sign?: unknown } | undefined)?.sign;
    // An answer we cannot verify tells us nothing, a refusal included: the outcome is unknown.
    if (!text || typeof signature !== 'string' || !rsa2Verify(this.publicKey as KeyObject, text, signature)) {
      throw this.error('unavailable', `Alipay’s answer to ${method} does not verify with the Alipay public key; query the trade later.`);
    }
    const result = parseJson(text) as Answer;
    if (result.code === '10000' || result.code === '10003') return result;
    const code = result.sub_code ?? result.code ?? 'no code';
    const kind: PaymentProviderErrorKind = result.code === '20000' || OUTCOME_UNKNOWN.has(code) ? 'unavailable' : 'declined';
    throw this.error(kind, `Alipay answered ${code}: ${result.sub_msg ?? result.msg ?? 'no message'}`, code);
  }

  private toPayment(answer: Answer, outTradeNo: string, status: ProviderPaymentStatus, paidAt: string | undefined): ProviderPayment {
    return {
      outTradeNo: answer.out_trade_no ?? outTradeNo,
      providerReference: answer.trade_no ?? null,
      status,
      amount: answer.total_amount === undefined ? null : (yuanToFen(answer.total_amount) ?? null),
      currency: 'CNY',
      paidAt: status === 'paid' ? fromBeijingTime(paidAt) : null,
      raw: answer,
    };
  }

  private checkAmount(amount: number, currency: string): void {
    this.checkConfigured();
    // total_amount is in yuan: a trade in another currency needs Alipay's cross-border products.
    if (currency !== 'CNY') throw this.error('invalid_request', `Alipay takes CNY only, not ${currency}.`);
    if (!Number.isSafeInteger(amount) || amount <= 0) throw this.error('invalid_request', 'The amount must be a whole number of fen above 0.');
  }

  private checkConfigured(): void {
    if (this.missing.length > 0) throw this.error('not_configured', `Alipay is not configured: set ${this.missing.join(', ')}.`);
  }

  private error(kind: PaymentProviderErrorKind, detail: string, providerCode?: string): PaymentProviderError {
    return new PaymentProviderError(this.name, kind, detail, providerCode);
  }
}
