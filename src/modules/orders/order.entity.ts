import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { StatusHistoryColumns } from '../../common/state/index.js';
import type { DeliveryAddress } from './delivery-address.js';

export type { DeliveryAddress };

export const ORDER_CHANNELS = ['online', 'app', 'mini_program', 'partner', 'phone', 'in_store'] as const;
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export const ORDER_CLASSIFICATIONS = ['service', 'product', 'mixed'] as const;
export type OrderClassification = (typeof ORDER_CLASSIFICATIONS)[number];
/** `fee`: a no-show or late-cancellation fee the store's policy recorded on an earlier appointment, collected at the counter. */
export const ORDER_LINE_KINDS = ['product', 'service', 'fee'] as const;
export type OrderLineKind = (typeof ORDER_LINE_KINDS)[number];

/**
 * A customer's order (issue 15) from any channel: numbered `SO-YYYYMMDD-NNNN`, classified from its lines,
 * routed to a store's responsible staff member and team, priced on the server. Money is minor units in
 * the order's currency; the checks keep the totals adding up whatever writes them.
 */
@Entity('order')
@Check('ck_order_channel', `"channel" IN ('online', 'app', 'mini_program', 'partner', 'phone', 'in_store')`)
@Check('ck_order_classification', `"classification" IN ('service', 'product', 'mixed')`)
@Check(
  'ck_order_status',
  `"status" IN ('pending_confirmation', 'confirmed', 'in_progress', 'picked', 'packed', 'shipped', 'delivered', 'scheduled', 'served', 'completed', 'cancelled')`,
)
@Check('ck_order_partner', `("partner_reference" IS NULL) = ("partner_key_id" IS NULL)`)
@Check('ck_order_amounts', `"subtotal_amount" >= 0 AND "discount_amount" >= 0 AND "discount_amount" <= "subtotal_amount" AND "shipping_fee_amount" >= 0 AND "paid_amount" >= 0`)
@Check('ck_order_total', `"total_amount" = "subtotal_amount" - "discount_amount" + "shipping_fee_amount"`)
@Check('ck_order_balance', `"balance_due_amount" = "total_amount" - "paid_amount"`)
@Check('ck_order_payment_status', `"payment_status" IN ('unpaid', 'partly_paid', 'paid', 'partly_refunded', 'refunded')`)
@Check('ck_order_refunded', `"refunded_amount" >= 0`)
@Check('ck_order_discount_reason', `"manual_discount_amount" = 0 OR "manual_discount_reason" IS NOT NULL`)
@Index('uq_order_partner_reference', ['partnerKeyId', 'partnerReference'], { unique: true, where: `"partner_reference" IS NOT NULL` })
@Index('ix_order_store_received', ['storeId', 'receivedAt', 'id'])
@Index('ix_order_received', ['receivedAt', 'id'])
@Index('ix_order_customer', ['customerId', 'receivedAt'])
// An appointment is checked out once (orders scheduled as an appointment are not checkouts: several may name one).
@Index('uq_order_checkout_appointment', ['appointmentId'], { unique: true, where: `"counter_checkout"` })
@Check('ck_order_checkout', `NOT "counter_checkout" OR ("channel" = 'in_store' AND ("appointment_id" IS NOT NULL OR "classification" = 'product'))`)
// `GET /v1/orders?overdue=`: the few orders whose step is still open, by due time.
@Index('ix_order_confirmation_open', ['confirmDueAt'], { where: `"status" = 'pending_confirmation'` })
@Index('ix_order_shipping_open', ['shipDueAt'], { where: `"status" IN ('confirmed', 'in_progress', 'picked', 'packed')` })
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `SO-20261206-0042`: the business's series, on the store's date. */
  @Column({ type: 'text', unique: true })
  number!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  channel!: OrderChannel;

  /** The partner's API key (partner orders only). */
  @Column({ type: 'uuid', nullable: true })
  partnerKeyId!: string | null;

  /** The partner's own reference, unique per partner: sending it again answers the existing order. */
  @Column({ type: 'text', nullable: true })
  partnerReference!: string | null;

  @ForeignKey('Customer', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  customerId!: string;

  @Column({ type: 'text' })
  classification!: OrderClassification;

  /** The team that handles it (the store's assignment for the channel), or null. */
  @Column({ type: 'text', nullable: true })
  team!: string | null;

  /** Who confirms it (the store's assignment for the channel), or null. */
  @ForeignKey('StaffMember', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  responsibleStaffMemberId!: string | null;

  @Column({ type: 'text', default: 'pending_confirmation' })
  status!: string;

  @Column({ type: 'jsonb', nullable: true })
  deliveryAddress!: DeliveryAddress | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  wishedDeliveryAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  specialRequests!: string | null;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  /** Sum of the line totals. */
  @Column({ type: 'bigint' })
  subtotalAmount!: string;

  /** Every discount (promotions' and the manual one), allocated across the lines. */
  @Column({ type: 'bigint', default: 0 })
  discountAmount!: string;

  /** The part of `discountAmount` a manager gave by hand, with its reason. */
  @Column({ type: 'bigint', default: 0 })
  manualDiscountAmount!: string;

  @Column({ type: 'text', nullable: true })
  manualDiscountReason!: string | null;

  @Column({ type: 'bigint', default: 0 })
  shippingFeeAmount!: string;

  @Column({ type: 'bigint' })
  totalAmount!: string;

  @Column({ type: 'bigint', default: 0 })
  paidAmount!: string;

  @Column({ type: 'bigint' })
  balanceDueAmount!: string;

  /** Refunded so far (already taken off `paidAmount`, which is what the business holds). */
  @Column({ type: 'bigint', default: 0 })
  refundedAmount!: string;

  /** From the succeeded payments and refunds (payments/order-payments.service.ts keeps it). */
  @Column({ type: 'text', default: 'unpaid' })
  paymentStatus!: string;

  /** The appointment a service order is scheduled as. */
  @ForeignKey('Appointment', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  appointmentId!: string | null;

  /** Made at the counter (POST /v1/checkouts): the checkout of its appointment, or a walk-in sale of products. */
  @Column({ type: 'boolean', default: false })
  counterCheckout!: boolean;

  @Column({ type: 'text', nullable: true })
  cancelReason!: string | null;

  /** Who took it in (`user` or `api_key`) and their id. */
  @Column({ type: 'text' })
  createdByType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  receivedAt!: Date;

  /** When confirmation is due (the store's and channel's window from `receivedAt`, DESIGN §5); null when no promise applies. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmDueAt!: Date | null;

  /** When shipping is due (the window from `confirmedAt`), set on confirmation of an order with goods. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shipDueAt!: Date | null;

  /** When the confirmation deadline passed unmet (marked once, by its deadline). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmationOverdueAt!: Date | null;

  /** When the shipping deadline passed unmet (marked once, by its deadline). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shippingOverdueAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  confirmedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  shippedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** One product or service variation of an order, priced when taken; `discountAmount` is its share of the order's discount (exact refunds). */
@Entity('order_line')
@Index('uq_order_line_number', ['orderId', 'lineNumber'], { unique: true })
@Check(
  'ck_order_line_kind',
  `("kind" = 'product' AND "product_id" IS NOT NULL AND "variation_id" IS NULL AND "fee_appointment_id" IS NULL) OR ("kind" = 'service' AND "variation_id" IS NOT NULL AND "product_id" IS NULL AND "fee_appointment_id" IS NULL) OR ("kind" = 'fee' AND "fee_appointment_id" IS NOT NULL AND "product_id" IS NULL AND "variation_id" IS NULL AND "quantity" = 1)`,
)
@Check('ck_order_line_staff', `"staff_member_id" IS NULL OR "kind" = 'service'`)
// A recorded fee is collected once.
@Index('uq_order_line_fee_appointment', ['feeAppointmentId'], { unique: true, where: `"fee_appointment_id" IS NOT NULL` })
@Check('ck_order_line_quantity', `"quantity" > 0`)
@Check('ck_order_line_total', `"unit_price_amount" >= 0 AND "line_total_amount" = "unit_price_amount" * "quantity"`)
@Check('ck_order_line_net', `"discount_amount" >= 0 AND "discount_amount" <= "line_total_amount" AND "net_amount" = "line_total_amount" - "discount_amount"`)
export class OrderLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Order, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'int' })
  lineNumber!: number;

  @Column({ type: 'text' })
  kind!: OrderLineKind;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  productId!: string | null;

  @ForeignKey('ServiceVariation', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  variationId!: string | null;

  /** The name as sold (`染发 Colour / 短发 Short hair`), kept when the catalog changes. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'bigint' })
  unitPriceAmount!: string;

  @Column({ type: 'bigint' })
  lineTotalAmount!: string;

  @Column({ type: 'bigint', default: 0 })
  discountAmount!: string;

  @Column({ type: 'bigint' })
  netAmount!: string;

  /** Who performed the service (checkout of an appointment), for commissions. */
  @ForeignKey('StaffMember', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  staffMemberId!: string | null;

  /** The cancelled or no-show appointment whose fee this `fee` line collects. */
  @ForeignKey('Appointment', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  feeAppointmentId!: string | null;
}

/** Every move of an order (common/state StateTransitions writes it). */
@Entity('order_status_history')
@Index('ix_order_status_history_order', ['orderId', 'at'])
export class OrderStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => Order, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;
}

/** Per store and channel: who confirms its orders and which team handles them. */
@Entity('order_channel_assignment')
@Check('ck_order_channel_assignment_windows', `"confirm_window_minutes" BETWEEN 1 AND 129600 AND "ship_window_minutes" BETWEEN 1 AND 129600`)
@Check('ck_order_channel_assignment_channel', `"channel" IN ('online', 'app', 'mini_program', 'partner', 'phone', 'in_store')`)
export class OrderChannelAssignment {
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  storeId!: string;

  @PrimaryColumn({ type: 'text' })
  channel!: OrderChannel;

  @ForeignKey('StaffMember', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  responsibleStaffMemberId!: string | null;

  @Column({ type: 'text', nullable: true })
  team!: string | null;

  /** This channel's confirmation window at this store; null: ORDER_CONFIRM_WINDOW. */
  @Column({ type: 'int', nullable: true })
  confirmWindowMinutes!: number | null;

  /** This channel's shipping window at this store; null: ORDER_SHIP_WINDOW. */
  @Column({ type: 'int', nullable: true })
  shipWindowMinutes!: number | null;

  /** Whether both windows run only while the store is open ("24 working hours"). */
  @Column({ type: 'boolean', default: false })
  windowsInBusinessHours!: boolean;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
