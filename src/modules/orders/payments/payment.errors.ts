import { DomainError } from '../../../common/errors/index.js';

const field = (name: string, message: string) => ({ errors: [{ field: name, message }] });

/** The error codes of orders' payments and refunds (the providers' own are PaymentProviderError's). */
export const PaymentErrors = {
  notFound: (id: string) => new DomainError('payment.not_found', 404, `No payment with id ${id} on this order.`),
  refundNotFound: (id: string) => new DomainError('refund.not_found', 404, `No refund with id ${id} on this order.`),
  unknownReference: (name: string) =>
    new DomainError('payment.unknown_reference', 422, `${name}: no payment of this order has this id.`, field(name, 'names no payment of this order')),
  amountNotPositive: () => new DomainError('payment.amount_invalid', 422, 'amount: a payment is more than 0.', field('amount', 'must be more than 0')),
  exceedsBalance: (open: number) =>
    new DomainError(
      'payment.exceeds_balance',
      422,
      `amount: at most ${open} is due (the balance less what pending payments hold). For cash handed over in excess, give \`tendered\`: the answer says the change.`,
      { title: 'More than is due', errors: [{ field: 'amount', message: `must be at most ${open}, the balance due` }], extensions: { open } },
    ),
  changeOnlyForCash: () =>
    new DomainError('payment.change_only_for_cash', 422, 'tendered: only cash is handed over in excess and given change.', field('tendered', 'is only for cash')),
  tenderedTooLittle: () =>
    new DomainError('payment.tendered_too_little', 422, 'tendered: what was handed over is less than the amount.', field('tendered', 'must be at least the amount')),
  notForMethod: (name: string, method: string) =>
    new DomainError('payment.field_not_for_method', 422, `${name}: a ${method} payment does not take it.`, field(name, `is not used by ${method}`)),
  providerWay: () =>
    new DomainError(
      'payment.provider_way_required',
      422,
      'authCode: WeChat Pay and Alipay are paid either at the counter (give the scanned `authCode`) or in the app (give `channel`), one of the two.',
      field('authCode', 'give the scanned payment code, or channel for an app payment (one of the two)'),
    ),
  payerIdRequired: () =>
    new DomainError('payment.payer_id_required', 422, 'payerId: a mini-program payment needs the payer’s id.', field('payerId', 'is required for mini_program')),
  orderCancelled: () => new DomainError('payment.order_cancelled', 409, 'This order is cancelled: it takes no payments.', { title: 'Order cancelled' }),
  notPending: (status: string, action: string) =>
    new DomainError('payment.not_pending', 409, `This payment is ${status}: only a pending one can be ${action}.`, { extensions: { currentState: status } }),
  alreadyPaid: (method: string) =>
    new DomainError(
      'payment.already_paid',
      409,
      `${method === 'alipay' ? 'Alipay' : 'WeChat Pay'} has taken this payment: it cannot be cancelled. Query it (it settles), then refund it to give the money back.`,
      { title: 'Already paid at the provider' },
    ),
  wrongMethod: (method: string, action: string) => new DomainError('payment.wrong_method', 409, `A ${method} payment cannot be ${action}.`, { extensions: { method } }),
  providerAmountMismatch: (expected: number, got: number) =>
    new DomainError('payment.provider_amount_mismatch', 502, `The provider recorded ${got} for this payment, not ${expected}: it stays pending for a person to check.`),
  chargeCancelled: () =>
    new DomainError(
      'payment.provider_unavailable',
      502,
      'The provider did not answer in time and the charge was cancelled at the provider (nothing is taken): scan the customer’s code again.',
    ),
  refundNotAllowed: (status: string) =>
    new DomainError('refund.payment_not_succeeded', 409, `This payment is ${status}: only a succeeded payment gives money back.`, { extensions: { currentState: status } }),
  refundTooLarge: (open: number) =>
    new DomainError('refund.exceeds_payment', 422, `amount: at most ${open} of this payment is left to give back.`, {
      errors: [{ field: 'amount', message: `must be at most ${open}, what is left of the payment` }],
      extensions: { open },
    }),
  refundDeclined: (detail: string) => new DomainError('refund.declined', 422, `The provider refused the refund: ${detail}`),
  unknownProvider: (name: string) => new DomainError('payment_notification.unknown_provider', 404, `No payment provider ${name} sends notifications here (wechat-pay, alipay).`),
  unknownPayment: (outTradeNo: string) =>
    new DomainError('payment_notification.unknown_payment', 404, `No payment of this provider is known by out_trade_no ${outTradeNo}: nothing changed.`),
  unknownRefund: (outRefundNo: string) =>
    new DomainError('payment_notification.unknown_refund', 404, `No refund of this payment is known by out_refund_no ${outRefundNo}: nothing changed.`),
  amountMismatch: (expected: string, got: string) =>
    new DomainError('payment_notification.amount_mismatch', 422, `The notification says ${got}, the payment is ${expected}: refused, nothing changed.`, {
      title: 'Amount does not match',
      errors: [{ field: 'amount', message: `must be ${expected}` }],
    }),
};
