/** The SQL of orders in one place: one order with its lines, the list's cursor, and the answer's shape. */
import type { Db } from '../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../common/http/cursor.js';
import { moneyOf } from '../../common/money/index.js';
import { isUuid } from '../../common/validation/index.js';
import type { DeliveryAddressDto, OrderLineResponseDto, OrderResponseDto } from './dto/order.dto.js';
import type { OrderChannel, OrderClassification, OrderLineKind } from './order.entity.js';
import type { OrderPaymentStatus } from './payments/order-payment.entity.js';
import { allowedTransitions, type OrderStatus } from './order-state.js';
import type { LineMoney } from './order-totals.js';
import { OrderErrors } from './orders.errors.js';

export const ORDER_COLUMNS = `o.id, o.number, o.store_id AS "storeId", o.channel, o.partner_key_id AS "partnerKeyId", o.partner_reference AS "partnerReference",
  o.customer_id AS "customerId", o.classification, o.team, o.responsible_staff_member_id AS "responsibleStaffMemberId", o.status,
  o.delivery_address AS "deliveryAddress", o.wished_delivery_at AS "wishedDeliveryAt", o.special_requests AS "specialRequests", o.currency,
  o.subtotal_amount::text AS "subtotal", o.discount_amount::text AS "discount", o.manual_discount_amount::text AS "manualDiscount",
  o.manual_discount_reason AS "manualDiscountReason", o.shipping_fee_amount::text AS "shippingFee", o.total_amount::text AS "total",
  o.paid_amount::text AS "paid", o.balance_due_amount::text AS "balanceDue", o.refunded_amount::text AS "refunded", o.payment_status AS "paymentStatus", o.appointment_id AS "appointmentId", o.cancel_reason AS "cancelReason",
  o.version, o.received_at AS "receivedAt", o.confirmed_at AS "confirmedAt", o.shipped_at AS "shippedAt", o.delivered_at AS "deliveredAt",
  o.completed_at AS "completedAt", o.cancelled_at AS "cancelledAt", o.confirm_due_at AS "confirmDueAt", o.ship_due_at AS "shipDueAt",
  o.confirmation_overdue_at AS "confirmationOverdueAt", o.shipping_overdue_at AS "shippingOverdueAt", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

export const LINE_COLUMNS = `l.order_id AS "orderId", l.line_number AS "lineNumber", l.kind, l.product_id AS "productId", l.variation_id AS "variationId", l.name, l.quantity,
  l.unit_price_amount::text AS "unitPrice", l.line_total_amount::text AS "lineTotal", l.discount_amount::text AS "discount", l.net_amount::text AS "net",
  l.staff_member_id AS "staffMemberId", l.fee_appointment_id AS "feeAppointmentId"`;

export interface OrderRow {
  id: string;
  number: string;
  storeId: string;
  channel: OrderChannel;
  partnerKeyId: string | null;
  partnerReference: string | null;
  customerId: string;
  classification: OrderClassification;
  team: string | null;
  responsibleStaffMemberId: string | null;
  status: OrderStatus;
  deliveryAddress: DeliveryAddressDto | null;
  wishedDeliveryAt: Date | null;
  specialRequests: string | null;
  currency: string;
  subtotal: string;
  discount: string;
  manualDiscount: string;
  manualDiscountReason: string | null;
  shippingFee: string;
  total: string;
  paid: string;
  balanceDue: string;
  refunded: string;
  paymentStatus: OrderPaymentStatus;
  appointmentId: string | null;
  cancelReason: string | null;
  version: number;
  receivedAt: Date;
  confirmedAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  confirmDueAt: Date | null;
  shipDueAt: Date | null;
  confirmationOverdueAt: Date | null;
  shippingOverdueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderLineRow {
  orderId: string;
  lineNumber: number;
  kind: OrderLineKind;
  productId: string | null;
  variationId: string | null;
  name: string;
  quantity: number;
  unitPrice: string;
  lineTotal: string;
  discount: string;
  net: string;
  staffMemberId: string | null;
  feeAppointmentId: string | null;
}

/** A line to write: what it is, and (checkout) who served it or which appointment's fee it collects. */
export interface NewOrderLine {
  kind: OrderLineKind;
  productId: string | null;
  variationId: string | null;
  name: string;
  quantity: number;
  staffMemberId?: string | null;
  feeAppointmentId?: string | null;
}

/** Writes an order's lines, numbered from 1 in the order given, with their priced money (same order); answers them as a read would, in line order. */
export async function insertOrderLines(db: Db, orderId: string, lines: readonly NewOrderLine[], priced: readonly LineMoney[]): Promise<OrderLineRow[]> {
  const rows = await db.rows<OrderLineRow>(
    `WITH l AS (INSERT INTO order_line (order_id, line_number, kind, product_id, variation_id, name, quantity, unit_price_amount, line_total_amount, discount_amount, net_amount,
       staff_member_id, fee_appointment_id)
     SELECT $1, n, k, p, v, nm, q, up, lt, d, nt, s, f
       FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::uuid[], $12::uuid[])
            WITH ORDINALITY AS t(k, p, v, nm, q, up, lt, d, nt, s, f, n)
     RETURNING *)
     SELECT ${LINE_COLUMNS} FROM l`,
    [
      orderId,
      lines.map((line) => line.kind),
      lines.map((line) => line.productId),
      lines.map((line) => line.variationId),
      lines.map((line) => line.name),
      lines.map((line) => line.quantity),
      priced.map((line) => line.unitPrice.amount),
      priced.map((line) => line.lineTotal.amount),
      priced.map((line) => line.discount.amount),
      priced.map((line) => line.net.amount),
      lines.map((line) => line.staffMemberId ?? null),
      lines.map((line) => line.feeAppointmentId ?? null),
    ],
  );
  // RETURNING promises no order.
  return rows.sort((a, b) => a.lineNumber - b.lineNumber);
}

/** Newest received first. */
export const BY_RECEIVED = cursorCodec<{ receivedAt: Date; id: string }>('order_received', { receivedAt: cursorParts.instant, id: cursorParts.uuid });

/** The order, locked for the caller's transaction when `lock`; or `order.not_found`. */
export async function findOrder(db: Db, id: string, lock = false): Promise<OrderRow> {
  if (!isUuid(id)) throw OrderErrors.notFound(id);
  const [row] = await db.rows<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM "order" o WHERE o.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw OrderErrors.notFound(id);
  return row;
}

export async function orderLines(db: Db, ids: readonly string[]): Promise<OrderLineRow[]> {
  if (ids.length === 0) return [];
  return db.rows<OrderLineRow>(`SELECT ${LINE_COLUMNS} FROM order_line l WHERE l.order_id = ANY($1::uuid[]) ORDER BY l.order_id, l.line_number`, [ids]);
}

function toLineResponse(line: OrderLineRow, currency: string): OrderLineResponseDto {
  return {
    lineNumber: line.lineNumber,
    kind: line.kind,
    productId: line.productId,
    variationId: line.variationId,
    name: line.name,
    quantity: line.quantity,
    unitPrice: moneyOf(line.unitPrice, currency),
    lineTotal: moneyOf(line.lineTotal, currency),
    discount: moneyOf(line.discount, currency),
    net: moneyOf(line.net, currency),
    staffMemberId: line.staffMemberId,
    feeAppointmentId: line.feeAppointmentId,
  };
}

export function toOrderResponse(row: OrderRow, lines: readonly OrderLineRow[]): OrderResponseDto {
  const m = (amount: string) => moneyOf(amount, row.currency);
  return {
    id: row.id,
    number: row.number,
    storeId: row.storeId,
    channel: row.channel,
    partnerReference: row.partnerReference,
    customerId: row.customerId,
    classification: row.classification,
    team: row.team,
    responsibleStaffMemberId: row.responsibleStaffMemberId,
    status: row.status,
    allowedTransitions: allowedTransitions(row.classification, row.status),
    lines: lines.filter((line) => line.orderId === row.id).map((line) => toLineResponse(line, row.currency)),
    deliveryAddress: row.deliveryAddress,
    wishedDeliveryAt: row.wishedDeliveryAt,
    specialRequests: row.specialRequests,
    subtotal: m(row.subtotal),
    discount: m(row.discount),
    manualDiscountReason: row.manualDiscountReason,
    shippingFee: m(row.shippingFee),
    total: m(row.total),
    paid: m(row.paid),
    balanceDue: m(row.balanceDue),
    refunded: m(row.refunded),
    paymentStatus: row.paymentStatus,
    appointmentId: row.appointmentId,
    cancelReason: row.cancelReason,
    version: row.version,
    receivedAt: row.receivedAt,
    confirmedAt: row.confirmedAt,
    shippedAt: row.shippedAt,
    deliveredAt: row.deliveredAt,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
    confirmDueAt: row.confirmDueAt,
    shipDueAt: row.shipDueAt,
    confirmationOverdueAt: row.confirmationOverdueAt,
    shippingOverdueAt: row.shippingOverdueAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The order as the API answers it, read now. */
export async function loadOrder(db: Db, id: string): Promise<OrderResponseDto> {
  const row = await findOrder(db, id);
  return toOrderResponse(row, await orderLines(db, [id]));
}
