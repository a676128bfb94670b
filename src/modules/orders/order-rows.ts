/** The SQL of orders in one place: one order with its lines, the list's cursor, and the answer's shape. */
import type { Db } from '../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../common/http/cursor.js';
import { moneyOf } from '../../common/money/index.js';
import { isUuid } from '../../common/validation/index.js';
import type { DeliveryAddressDto, OrderLineResponseDto, OrderResponseDto } from './dto/order.dto.js';
import type { OrderChannel, OrderClassification, OrderLineKind } from './order.entity.js';
import { allowedTransitions, type OrderStatus } from './order-state.js';
import { OrderErrors } from './orders.errors.js';

export const ORDER_COLUMNS = `o.id, o.number, o.store_id AS "storeId", o.channel, o.partner_key_id AS "partnerKeyId", o.partner_reference AS "partnerReference",
  o.customer_id AS "customerId", o.classification, o.team, o.responsible_staff_member_id AS "responsibleStaffMemberId", o.status,
  o.delivery_address AS "deliveryAddress", o.wished_delivery_at AS "wishedDeliveryAt", o.special_requests AS "specialRequests", o.currency,
  o.subtotal_amount::text AS "subtotal", o.discount_amount::text AS "discount", o.manual_discount_amount::text AS "manualDiscount",
  o.manual_discount_reason AS "manualDiscountReason", o.shipping_fee_amount::text AS "shippingFee", o.total_amount::text AS "total",
  o.paid_amount::text AS "paid", o.balance_due_amount::text AS "balanceDue", o.appointment_id AS "appointmentId", o.cancel_reason AS "cancelReason",
  o.version, o.received_at AS "receivedAt", o.confirmed_at AS "confirmedAt", o.shipped_at AS "shippedAt", o.delivered_at AS "deliveredAt",
  o.completed_at AS "completedAt", o.cancelled_at AS "cancelledAt", o.confirm_due_at AS "confirmDueAt", o.ship_due_at AS "shipDueAt",
  o.confirmation_overdue_at AS "confirmationOverdueAt", o.shipping_overdue_at AS "shippingOverdueAt", o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

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
  return db.rows<OrderLineRow>(
    `SELECT l.order_id AS "orderId", l.line_number AS "lineNumber", l.kind, l.product_id AS "productId", l.variation_id AS "variationId", l.name, l.quantity,
            l.unit_price_amount::text AS "unitPrice", l.line_total_amount::text AS "lineTotal", l.discount_amount::text AS "discount", l.net_amount::text AS "net"
       FROM order_line l WHERE l.order_id = ANY($1::uuid[]) ORDER BY l.order_id, l.line_number`,
    [ids],
  );
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
