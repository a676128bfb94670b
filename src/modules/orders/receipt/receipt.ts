/** A receipt's content, in Chinese, the same for its HTML and its PDF. */
import { toDecimalString } from '../../../common/money/index.js';
import type { OrderResponseDto } from '../dto/order.dto.js';
import type { ReceiptPayment } from './receipt-payments.js';
import type { PaymentMethod } from '../payments/order-payment.entity.js';

export interface ReceiptStore {
  name: string;
  address: string;
  phone: string;
  timeZone: string;
}

export interface ReceiptLine {
  name: string;
  /** Who performed a service. */
  staff: string | null;
  quantity: number;
  unitPrice: string;
  discount: string | null;
  amount: string;
}

export interface Receipt {
  title: string;
  store: ReceiptStore;
  number: string;
  /** When the order was taken, in the store's zone: `2027-05-10 12:00`. */
  at: string;
  lines: ReceiptLine[];
  /** Label and amount, in order: subtotal, discount, total, paid, balance. */
  totals: Array<[string, string]>;
  payments: Array<{ method: string; amount: string; tendered: string | null; change: string | null; at: string }>;
}

/** How a receipt names each payment method. */
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  card: '银行卡',
  wechat_pay: '微信支付',
  alipay: '支付宝',
  cod: '货到付款',
};

/** `¥128.00` for CNY, else the amount and its currency. */
export function formatAmount(amount: number, currency: string): string {
  const decimal = toDecimalString(amount, currency);
  return currency === 'CNY' ? (decimal.startsWith('-') ? `-¥${decimal.slice(1)}` : `¥${decimal}`) : `${decimal} ${currency}`;
}

/** `2027-05-10 12:00` in `timeZone`. */
export function formatLocalTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function buildReceipt(order: OrderResponseDto, store: ReceiptStore, staffNames: ReadonlyMap<string, string>, payments: readonly ReceiptPayment[]): Receipt {
  const currency = order.total.currency;
  const fmt = (amount: number) => formatAmount(amount, currency);
  const totals: Array<[string, string]> = [['小计', fmt(order.subtotal.amount)]];
  if (order.discount.amount > 0) totals.push(['优惠', fmt(-order.discount.amount)]);
  if (order.shippingFee.amount > 0) totals.push(['运费', fmt(order.shippingFee.amount)]);
  totals.push(['应付合计', fmt(order.total.amount)], ['已付', fmt(order.paid.amount)], ['待付余额', fmt(order.balanceDue.amount)]);
  return {
    title: '收款小票',
    store,
    number: order.number,
    at: formatLocalTime(new Date(order.receivedAt), store.timeZone),
    lines: order.lines.map((line) => ({
      name: line.name,
      staff: line.staffMemberId ? (staffNames.get(line.staffMemberId) ?? null) : null,
      quantity: line.quantity,
      unitPrice: fmt(line.unitPrice.amount),
      discount: line.discount.amount > 0 ? fmt(-line.discount.amount) : null,
      amount: fmt(line.net.amount),
    })),
    totals,
    payments: payments.map((payment) => ({
      method: PAYMENT_METHOD_LABELS[payment.method as PaymentMethod] ?? payment.method,
      amount: fmt(payment.amount),
      tendered: payment.tenderedAmount === null ? null : fmt(payment.tenderedAmount),
      change: payment.changeAmount === null ? null : fmt(payment.changeAmount),
      at: formatLocalTime(payment.createdAt, store.timeZone),
    })),
  };
}
