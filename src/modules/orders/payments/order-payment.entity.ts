import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const PAYMENT_METHODS = ['cash', 'card', 'wechat_pay', 'alipay', 'cod'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
/** How an online payment is made: the counter scans the customer's code, or the app / mini-program pays (prepay). */
export const PAYMENT_CHANNELS = ['counter', 'app', 'mini_program'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
export const REFUND_STATUSES = ['processing', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];
export const ORDER_PAYMENT_STATUSES = ['unpaid', 'partly_paid', 'paid', 'partly_refunded', 'refunded'] as const;
export type OrderPaymentStatus = (typeof ORDER_PAYMENT_STATUSES)[number];

/**
 * One payment of an order (issue 15): written once, then only settled (`pending` → `succeeded`, `failed`
 * or `cancelled`), never edited or deleted. `amount` is what goes to the order; for cash, `tendered_amount`
 * is what was handed over and `change_amount` what was given back. A pending payment holds its amount
 * against the balance, so two prepays cannot both pay the same balance.
 */
@Entity('order_payment')
@Check('ck_order_payment_method', `"method" IN ('cash', 'card', 'wechat_pay', 'alipay', 'cod')`)
@Check('ck_order_payment_status', `"status" IN ('pending', 'succeeded', 'failed', 'cancelled')`)
@Check('ck_order_payment_channel', `"channel" IS NULL OR "channel" IN ('counter', 'app', 'mini_program')`)
@Check('ck_order_payment_amount', `"amount" > 0`)
@Check(
  'ck_order_payment_change',
  `("method" = 'cash' AND "tendered_amount" = "amount" + "change_amount" AND "change_amount" >= 0) OR ("method" <> 'cash' AND "tendered_amount" IS NULL AND "change_amount" = 0)`,
)
@Check('ck_order_payment_settled', `("status" = 'pending') = ("settled_at" IS NULL)`)
@Index('ix_order_payment_order', ['orderId', 'createdAt'])
@Index('uq_order_payment_provider_reference', ['method', 'providerReference'], { unique: true, where: `"provider_reference" IS NOT NULL AND "method" IN ('wechat_pay', 'alipay')` })
export class OrderPayment {
  /** Also our reference at the provider (`out_trade_no`: the id's 32 hex digits). */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Order', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'text' })
  method!: PaymentMethod;

  /** WeChat Pay and Alipay only. */
  @Column({ type: 'text', nullable: true })
  channel!: PaymentChannel | null;

  @Column({ type: 'bigint' })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'bigint', nullable: true })
  tenderedAmount!: string | null;

  @Column({ type: 'bigint', default: 0 })
  changeAmount!: string;

  @Column({ type: 'text' })
  status!: PaymentStatus;

  /** The provider's transaction id (WeChat transaction_id, Alipay trade_no), or the card terminal's reference. */
  @Column({ type: 'text', nullable: true })
  providerReference!: string | null;

  /** The Idempotency-Key it was created with, when there was one. */
  @Column({ type: 'text', nullable: true })
  idempotencyKey!: string | null;

  /** Why it failed or was cancelled. */
  @Column({ type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'text' })
  createdByType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  settledAt!: Date | null;
}

/**
 * Money given back from one payment: a record of its own, never edited but settled once (`processing`:
 * the provider accepted it and the money is on its way; it ends `succeeded`, or `failed` when the
 * provider could not pay it out and the money is the order's again). The returns flow that decides refunds comes later.
 */
@Entity('order_refund')
@Check('ck_order_refund_status', `"status" IN ('processing', 'succeeded', 'failed')`)
@Check('ck_order_refund_amount', `"amount" > 0`)
@Index('ix_order_refund_order', ['orderId', 'createdAt'])
@Index('ix_order_refund_payment', ['paymentId'])
export class OrderRefund {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Order', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @ForeignKey(() => OrderPayment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  paymentId!: string;

  @Column({ type: 'bigint' })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text' })
  status!: RefundStatus;

  /** Our refund's reference at the provider: the payment and the refund's number on it, so a retry after a lost answer refunds once. */
  @Column({ type: 'text', unique: true })
  outRefundNo!: string;

  @Column({ type: 'text', nullable: true })
  providerReference!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  /** Why the provider did not pay it out (`failed` only). */
  @Column({ type: 'text', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'text' })
  createdByType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  /** When it ended `succeeded` or `failed` (null while `processing`). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  settledAt!: Date | null;
}

/** A provider's payment notification applied once: a notice resent with the same id finds its row and changes nothing. */
@Entity('payment_notification')
export class PaymentNotificationReceipt {
  @PrimaryColumn({ type: 'text' })
  provider!: string;

  @PrimaryColumn({ type: 'text' })
  notificationId!: string;

  @ForeignKey(() => OrderPayment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  paymentId!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt!: Date;
}
