/** The SQL of purchase orders in one place: an order with its lines, its receipts, and the list's cursor. */
import type { SqlRunner } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import { isUuid } from '../../../common/validation/index.js';
import type { PurchaseOrderResponseDto, ReceiptResponseDto } from './dto/purchase-order.dto.js';
import type { PurchaseOrderStatus } from './purchase-order-state.js';
import { PurchasingErrors } from './purchasing.errors.js';

export interface LineRow {
  id: string;
  lineNo: number;
  productId: string;
  quantity: number;
  receivedQuantity: number;
  unitCostAmount: string;
}

export interface PurchaseOrderRow {
  id: string;
  number: string;
  storeId: string;
  supplierId: string;
  status: PurchaseOrderStatus;
  currency: string;
  notes: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  lines: LineRow[];
}

const LINES = `coalesce((SELECT json_agg(json_build_object('id', l.id, 'lineNo', l.line_no, 'productId', l.product_id, 'quantity', l.quantity,
    'receivedQuantity', l.received_quantity, 'unitCostAmount', l.unit_cost_amount::text) ORDER BY l.line_no)
  FROM purchase_order_line l WHERE l.purchase_order_id = p.id), '[]'::json)`;

export const PURCHASE_ORDER_COLUMNS = `p.id, p.number, p.store_id AS "storeId", p.supplier_id AS "supplierId", p.status, p.currency, p.notes, p.version,
  p.created_at AS "createdAt", p.updated_at AS "updatedAt", ${LINES} AS lines`;

export function toPurchaseOrderResponse(row: PurchaseOrderRow): PurchaseOrderResponseDto {
  const money = (amount: number) => ({ amount, currency: row.currency });
  const lines = row.lines.map((line) => {
    const unitCost = Number(line.unitCostAmount);
    return {
      id: line.id,
      lineNo: line.lineNo,
      productId: line.productId,
      quantity: line.quantity,
      receivedQuantity: line.receivedQuantity,
      openQuantity: Math.max(0, line.quantity - line.receivedQuantity),
      unitCost: money(unitCost),
      total: money(unitCost * line.quantity),
    };
  });
  return {
    id: row.id,
    number: row.number,
    storeId: row.storeId,
    supplierId: row.supplierId,
    status: row.status,
    lines,
    total: money(lines.reduce((sum, line) => sum + line.total.amount, 0)),
    notes: row.notes,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The order, or `purchase_order.not_found` (callers check the store is visible). */
export async function findPurchaseOrder(db: SqlRunner, id: string, options: { forUpdate?: boolean } = {}): Promise<PurchaseOrderRow> {
  if (!isUuid(id)) throw PurchasingErrors.purchaseOrderNotFound(id);
  // Locked first, then read by a statement of its own: a locking read that waited re-reads only the locked row, and would see the lines as they were before the wait.
  if (options.forUpdate) await db.rows('SELECT id FROM purchase_order WHERE id = $1 FOR UPDATE', [id]);
  const [row] = await db.rows<PurchaseOrderRow>(`SELECT ${PURCHASE_ORDER_COLUMNS} FROM purchase_order p WHERE p.id = $1`, [id]);
  if (!row) throw PurchasingErrors.purchaseOrderNotFound(id);
  return row;
}

/** Newest first. */
export const BY_CREATED = cursorCodec<{ createdAt: Date; id: string }>('purchase_orders', { createdAt: cursorParts.instant, id: cursorParts.uuid });

interface ReceiptRow {
  id: string;
  purchaseOrderId: string;
  status: PurchaseOrderStatus;
  notes: string | null;
  actorType: string;
  actorId: string | null;
  receivedAt: Date;
  lines: ReceiptResponseDto['lines'];
}

const RECEIPT_SQL = `SELECT r.id, r.purchase_order_id AS "purchaseOrderId", p.status, r.notes, r.actor_type AS "actorType", r.actor_id AS "actorId", r.received_at AS "receivedAt",
    coalesce((SELECT json_agg(json_build_object('lineId', rl.line_id, 'productId', l.product_id, 'quantity', rl.quantity, 'lotCode', rl.lot_code,
                'producedOn', to_char(rl.produced_on, 'YYYY-MM-DD'), 'expiresOn', to_char(rl.expires_on, 'YYYY-MM-DD'), 'movementId', rl.movement_id) ORDER BY l.line_no)
                FROM purchase_order_receipt_line rl JOIN purchase_order_line l ON l.id = rl.line_id WHERE rl.receipt_id = r.id), '[]'::json) AS lines
  FROM purchase_order_receipt r JOIN purchase_order p ON p.id = r.purchase_order_id`;

function toReceiptResponse(row: ReceiptRow): ReceiptResponseDto {
  return {
    id: row.id,
    purchaseOrderId: row.purchaseOrderId,
    purchaseOrderStatus: row.status,
    lines: row.lines,
    notes: row.notes,
    actorType: row.actorType,
    actorId: row.actorId,
    receivedAt: row.receivedAt.toISOString(),
  };
}

/** A receipt of the order, with its lines; `purchase_order_receipt.not_found` when it is not one of the order's. */
export async function findReceipt(db: SqlRunner, purchaseOrderId: string, receiptId: string): Promise<ReceiptResponseDto> {
  if (!isUuid(receiptId)) throw PurchasingErrors.receiptNotFound(receiptId);
  const [row] = await db.rows<ReceiptRow>(`${RECEIPT_SQL} WHERE r.id = $1 AND r.purchase_order_id = $2`, [receiptId, purchaseOrderId]);
  if (!row) throw PurchasingErrors.receiptNotFound(receiptId);
  return toReceiptResponse(row);
}

/** Receipts in the order they arrived. */
const BY_RECEIVED = cursorCodec<{ receivedAt: Date; id: string }>('purchase_order_receipts', { receivedAt: cursorParts.instant, id: cursorParts.uuid });

/** A page of the order's receipts, oldest first. */
export async function listReceipts(db: SqlRunner, purchaseOrderId: string, page: { limit?: number; cursor?: string }): Promise<Page<ReceiptResponseDto>> {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  const after = page.cursor === undefined ? undefined : BY_RECEIVED.decode(page.cursor);
  const rows = await db.rows<ReceiptRow>(
    `${RECEIPT_SQL} WHERE r.purchase_order_id = $1 AND ($2::timestamptz IS NULL OR (r.received_at, r.id) > ($2, $3::uuid)) ORDER BY r.received_at, r.id LIMIT $4`,
    [purchaseOrderId, after?.receivedAt ?? null, after?.id ?? null, limit + 1],
  );
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data: data.map(toReceiptResponse), nextCursor: rows.length > limit && last ? BY_RECEIVED.encode({ receivedAt: last.receivedAt, id: last.id }) : null };
}
