/** The SQL of shipments in one place: a shipment with its lines and events, and the answer's shape. */
import type { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import type { ShipmentEventResponseDto, ShipmentResponseDto } from './dto/shipment.dto.js';
import type { ShipmentStatus } from './shipment.entity.js';
import { ShipmentErrors } from './shipments.errors.js';

export interface ShipmentRow {
  id: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  storeId: string;
  carrier: string | null;
  trackingNumber: string | null;
  status: ShipmentStatus;
  deliveredAt: Date | null;
  deliveredBy: string | null;
  createdAt: Date;
}

const COLUMNS = `s.id, s.order_id AS "orderId", o.number AS "orderNumber", o.customer_id AS "customerId", s.store_id AS "storeId", s.carrier,
  s.tracking_number AS "trackingNumber", s.status, s.delivered_at AS "deliveredAt", s.delivered_by AS "deliveredBy", s.created_at AS "createdAt"`;

/** The shipment (locked for the caller's transaction when `lock`), or `shipment.not_found`. */
export async function findShipment(db: Db, id: string, lock = false): Promise<ShipmentRow> {
  if (!isUuid(id)) throw ShipmentErrors.notFound(id);
  const [row] = await db.rows<ShipmentRow>(`SELECT ${COLUMNS} FROM shipment s JOIN "order" o ON o.id = s.order_id WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id]);
  if (!row) throw ShipmentErrors.notFound(id);
  return row;
}

/** Pieces shipped so far per order line. */
export async function shippedPerLine(db: Db, orderId: string): Promise<Map<number, number>> {
  const rows = await db.rows<{ lineNumber: number; shipped: number }>(
    'SELECT line_number AS "lineNumber", sum(quantity)::int AS shipped FROM shipment_line WHERE order_id = $1 GROUP BY line_number',
    [orderId],
  );
  return new Map(rows.map((row) => [row.lineNumber, row.shipped]));
}

/** The order's shipments as the API answers them, oldest first (or the one named). */
/**
 * Parcels with their lines and events: of an order, one by id, or a customer's (newest first, at most
 * `limit`, in the stores given or all); otherwise oldest first.
 */
export async function loadShipments(
  db: Db,
  where: { orderId?: string; id?: string; customerId?: string; storeIds?: readonly string[] | 'all'; limit?: number },
): Promise<ShipmentResponseDto[]> {
  const newestFirst = where.customerId !== undefined;
  const rows = await db.rows<ShipmentRow>(
    `SELECT ${COLUMNS} FROM shipment s JOIN "order" o ON o.id = s.order_id
      WHERE ($1::uuid IS NULL OR s.order_id = $1) AND ($2::uuid IS NULL OR s.id = $2) AND ($3::uuid IS NULL OR o.customer_id = $3)
        AND ($4::uuid[] IS NULL OR s.store_id = ANY($4))
      ORDER BY ${newestFirst ? 's.created_at DESC, s.id DESC' : 's.created_at, s.id'} LIMIT $5`,
    [where.orderId ?? null, where.id ?? null, where.customerId ?? null, where.storeIds === undefined || where.storeIds === 'all' ? null : where.storeIds, where.limit ?? null],
  );
  const ids = rows.map((row) => row.id);
  const lines = await db.rows<{ shipmentId: string; lineNumber: number; productId: string; name: string; quantity: number }>(
    `SELECT sl.shipment_id AS "shipmentId", sl.line_number AS "lineNumber", l.product_id AS "productId", l.name, sl.quantity
       FROM shipment_line sl JOIN order_line l ON l.order_id = sl.order_id AND l.line_number = sl.line_number
      WHERE sl.shipment_id = ANY($1::uuid[]) ORDER BY sl.line_number`,
    [ids],
  );
  const events = await db.rows<ShipmentEventResponseDto & { shipmentId: string }>(
    `SELECT shipment_id AS "shipmentId", status, exception_kind AS "exceptionKind", occurred_at AS "occurredAt", location, description, source
       FROM shipment_event WHERE shipment_id = ANY($1::uuid[]) ORDER BY occurred_at, received_at, id`,
    [ids],
  );
  return rows.map((row) => ({
    id: row.id,
    orderId: row.orderId,
    orderNumber: row.orderNumber,
    storeId: row.storeId,
    carrier: row.carrier,
    trackingNumber: row.trackingNumber,
    status: row.status,
    lines: lines.filter((line) => line.shipmentId === row.id).map(({ shipmentId: _, ...line }) => line),
    deliveredAt: row.deliveredAt,
    deliveredBy: row.deliveredBy,
    events: events.filter((event) => event.shipmentId === row.id).map(({ shipmentId: _, ...event }) => event),
    createdAt: row.createdAt,
  }));
}

export async function loadShipment(db: Db, id: string): Promise<ShipmentResponseDto> {
  const [shipment] = await loadShipments(db, { id });
  if (!shipment) throw ShipmentErrors.notFound(id);
  return shipment;
}
