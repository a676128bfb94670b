/**
 * The rows of orders' payments and refunds as the payments and refunds services read them, and the few
 * statements both need: a payment locked for a change, money moved on the order, its figures.
 */
import type { Db } from '../../../common/database/index.js';
import { moneyOf } from '../../../common/money/index.js';
import { findOrder, type OrderRow } from '../order-rows.js';
import type { OrderPaymentFiguresDto, RefundResponseDto } from './dto/order-payment.dto.js';
import type { OrderPaymentStatus, PaymentChannel, PaymentMethod, PaymentStatus, RefundStatus } from './order-payment.entity.js';
import { PaymentErrors } from './payment.errors.js';

export interface PaymentRow {
  id: string;
  orderId: string;
  method: PaymentMethod;
  channel: PaymentChannel | null;
  amount: string;
  currency: string;
  tendered: string | null;
  change: string;
  status: PaymentStatus;
  providerReference: string | null;
  failureReason: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

export interface RefundRow {
  id: string;
  orderId: string;
  paymentId: string;
  amount: string;
  currency: string;
  status: RefundStatus;
  outRefundNo: string;
  providerReference: string | null;
  reason: string;
  failureReason: string | null;
  createdAt: Date;
  settledAt: Date | null;
}

export const PAYMENT_COLUMNS = `p.id, p.order_id AS "orderId", p.method, p.channel, p.amount::text AS amount, p.currency, p.tendered_amount::text AS tendered,
  p.change_amount::text AS change, p.status, p.provider_reference AS "providerReference", p.failure_reason AS "failureReason",
  p.created_at AS "createdAt", p.settled_at AS "settledAt"`;
export const REFUND_COLUMNS = `r.id, r.order_id AS "orderId", r.payment_id AS "paymentId", r.amount::text AS amount, r.currency, r.status,
  r.out_refund_no AS "outRefundNo", r.provider_reference AS "providerReference", r.reason, r.failure_reason AS "failureReason",
  r.created_at AS "createdAt", r.settled_at AS "settledAt"`;

export const isProvider = (method: PaymentMethod): method is 'wechat_pay' | 'alipay' => method === 'wechat_pay' || method === 'alipay';

/** Our payment's reference at the provider: its id's 32 hex digits (≤ 32 characters of [A-Za-z0-9_-], as both providers ask). */
export const outTradeNo = (paymentId: string) => paymentId.replace(/-/g, '');
/** The payment id an out_trade_no names, or undefined when it names none of ours. */
export function paymentIdOf(outTradeNo: string): string | undefined {
  const hex = /^[0-9a-f]{32}$/i.exec(outTradeNo)?.[0].toLowerCase();
  return hex && `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A payment of the order, locked for a change. `field`: the body names it (422 when it names nothing); else the path does (404). */
export async function lockPayment(db: Db, orderId: string, paymentId: string, field?: string): Promise<PaymentRow> {
  const id = paymentIdOf(paymentId.replace(/-/g, ''));
  const [row] = id ? await db.rows<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM order_payment p WHERE p.id = $1 AND p.order_id = $2 FOR UPDATE`, [id, orderId]) : [];
  if (!row) throw field ? PaymentErrors.unknownReference(field) : PaymentErrors.notFound(paymentId);
  return row;
}

/** Adds to what was paid (negative: refunded) and to what was refunded; answers the order's new payment status. */
export async function moveMoney(db: Db, orderId: string, paid: number, refunded: number): Promise<OrderPaymentStatus> {
  const [row] = await db.rows<{ paymentStatus: OrderPaymentStatus }>(
    `UPDATE "order" SET paid_amount = paid_amount + $2, balance_due_amount = balance_due_amount - $2, refunded_amount = refunded_amount + $3,
            payment_status = CASE
              WHEN refunded_amount + $3 > 0 THEN CASE WHEN paid_amount + $2 = 0 THEN 'refunded' ELSE 'partly_refunded' END
              WHEN paid_amount + $2 = 0 THEN 'unpaid'
              WHEN paid_amount + $2 < total_amount THEN 'partly_paid'
              ELSE 'paid' END,
            updated_at = now()
      WHERE id = $1 RETURNING payment_status AS "paymentStatus"`,
    [orderId, paid, refunded],
  );
  return row.paymentStatus;
}

export async function paymentFigures(db: Db, orderId: string): Promise<OrderPaymentFiguresDto> {
  return toFigures(await findOrder(db, orderId));
}

export function eventBase(order: OrderRow) {
  return { orderId: order.id, number: order.number, storeId: order.storeId, customerId: order.customerId };
}

export function toFigures(order: OrderRow): OrderPaymentFiguresDto {
  const m = (amount: string) => moneyOf(amount, order.currency);
  return { paymentStatus: order.paymentStatus, total: m(order.total), paid: m(order.paid), refunded: m(order.refunded), balanceDue: m(order.balanceDue) };
}

export function toRefund(row: RefundRow): RefundResponseDto {
  return {
    id: row.id,
    orderId: row.orderId,
    paymentId: row.paymentId,
    amount: moneyOf(row.amount, row.currency),
    status: row.status,
    providerReference: row.providerReference,
    reason: row.reason,
    failureReason: row.failureReason,
    createdAt: row.createdAt,
    settledAt: row.settledAt,
  };
}
