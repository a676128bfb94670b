/**
 * What orders' payments ask of an online payment provider (WeChat Pay, Alipay). Amounts are minor units
 * (fen) with their currency; each provider converts to its own format at its edge. Every answer has been
 * verified against the provider's signature before it is returned; anything that cannot be verified is a
 * `PaymentProviderError`, never a result.
 */
export type PaymentProviderName = 'wechat_pay' | 'alipay';

/** Where each provider posts its payment notifications (the path the orders controller serves). */
export const PAYMENT_NOTIFICATION_PATHS: Record<PaymentProviderName, string> = {
  wechat_pay: '/v1/payment-notifications/wechat-pay',
  alipay: '/v1/payment-notifications/alipay',
};

/**
 * A payment at the provider: `pending` (not paid yet, or the customer is still confirming on the phone),
 * `paid`, `closed` (never paid and no longer payable: closed, revoked or expired), `failed` (the payment
 * attempt failed at the provider). Refunds do not change it: they are records of their own.
 */
export type ProviderPaymentStatus = 'pending' | 'paid' | 'closed' | 'failed';

export interface PayByCodeRequest {
  /** Our payment's reference at the provider (unique per merchant, ≤ 32 characters of [A-Za-z0-9_-]). */
  outTradeNo: string;
  /** Minor units (fen), > 0. */
  amount: number;
  currency: string;
  /** What the customer sees on the receipt in their app. */
  description: string;
  /** The digits of the customer's payment code, as the scanner read them. */
  authCode: string;
  /** Our store id, so the provider's reports group payments by store. */
  storeId?: string;
  /** The counter's address, which WeChat Pay asks for. */
  deviceIp?: string;
}

export interface PrepayRequest {
  outTradeNo: string;
  amount: number;
  currency: string;
  description: string;
  /** `app`: the native app's SDK pays; `mini_program`: the mini-program pays for the signed-in payer. */
  channel: 'app' | 'mini_program';
  /** The payer's id for this app (WeChat openid, Alipay open_id): required for `mini_program`. */
  payerId?: string;
  /** After this the provider refuses the payment. */
  expiresAt?: Date;
}

export interface PrepayResult {
  outTradeNo: string;
  /**
   * What the front end hands to the provider's client SDK as it is, already signed with the merchant key
   * (which never leaves the server): WeChat's `wx.requestPayment` / APP `PayReq` fields, Alipay's
   * `orderStr` (app) or `tradeNO` (mini-program).
   */
  clientParams: Record<string, string>;
}

export interface ProviderPayment {
  outTradeNo: string;
  /** The provider's transaction id (WeChat transaction_id, Alipay trade_no), once it has one. */
  providerReference: string | null;
  status: ProviderPaymentStatus;
  /** The order amount the provider recorded, minor units (null when it did not say). */
  amount: number | null;
  currency: string;
  paidAt: Date | null;
  /** The verified answer, for the record. */
  raw: Record<string, unknown>;
}

export interface RefundRequest {
  outTradeNo: string;
  /** Our refund's reference (unique per merchant): asking again with it refunds once. */
  outRefundNo: string;
  amount: number;
  /** The original payment's amount (WeChat Pay checks it). */
  paymentAmount: number;
  currency: string;
  reason?: string;
}

export interface ProviderRefund {
  outRefundNo: string;
  providerReference: string | null;
  /** `processing`: accepted, the money is on its way (query it again later). `failed`: it will not be paid out. */
  status: 'succeeded' | 'processing' | 'failed';
  /** What the provider said of a `failed` one. */
  failureReason?: string;
  amount: number;
  currency: string;
  raw: Record<string, unknown>;
}

/** A payment notification after its signature was verified and its body decrypted. */
export interface PaymentNotification {
  /** The provider's id of this notification (WeChat `id`, Alipay `notify_id`): the same notice resent has the same id. */
  notificationId: string;
  providerReference: string;
  outTradeNo: string;
  amount: number;
  currency: string;
  status: ProviderPaymentStatus;
  paidAt: Date | null;
  /** Set when the notice is about a refund of the payment (WeChat Pay's REFUND.*): how the refund ended. `amount` is then still the payment's. */
  refund?: ProviderRefund;
  raw: Record<string, unknown>;
}

/** How the controller answers a notification it accepted, so the provider stops resending it. */
export interface NotificationAck {
  status: number;
  contentType: string;
  body: string;
}

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** The answer that tells the provider a notification was received. */
  readonly notificationAck: NotificationAck;
  /** The counter scans the customer's payment code. `pending`: the customer is confirming; query until it settles. */
  payByCode(request: PayByCodeRequest): Promise<ProviderPayment>;
  prepay(request: PrepayRequest): Promise<PrepayResult>;
  query(outTradeNo: string): Promise<ProviderPayment>;
  refund(request: RefundRequest): Promise<ProviderRefund>;
  /** Where a refund the provider accepted stands now (`amount` and `currency` are the refund's, for the answer). */
  queryRefund(request: { outTradeNo: string; outRefundNo: string; amount: number; currency: string }): Promise<ProviderRefund>;
  /**
   * Gives up on a payment-code charge whose outcome stayed unclear (the customer never confirmed, or the
   * charge timed out): the provider closes it, and returns the money if it was taken after all, so it
   * cannot succeed behind the counter's back. Resolves once the provider accepted; `unavailable`: call again.
   */
  cancel(outTradeNo: string): Promise<void>;
  /**
   * Closes an unpaid prepay (app or mini-program) so it can no longer be paid. Resolves once closed, or
   * when the provider never saw it; a paid one is refused (`declined`): query it, it settles.
   */
  close(outTradeNo: string): Promise<void>;
  /** Headers with lower-case names, as Node gives them; the body exactly as received (signatures cover its bytes). */
  parseNotification(headers: Record<string, string | string[] | undefined>, rawBody: Buffer | string): PaymentNotification;
}
