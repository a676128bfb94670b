/** The SQL of transfers in one place: reading one with its lines, and the list's cursor. */
import type { Db } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { isUuid } from '../../../common/validation/index.js';
import type { TransferLineResponseDto, TransferResponseDto } from './dto/transfer.dto.js';
import type { TransferStatus } from './transfer-state.js';
import { TransferErrors } from './transfers.errors.js';

export const TRANSFER_COLUMNS = `t.id, t.number, t.from_store_id AS "fromStoreId", t.to_store_id AS "toStoreId", t.status, t.note,
  t.approved_at AS "approvedAt", t.shipped_at AS "shippedAt", t.received_at AS "receivedAt", t.cancelled_at AS "cancelledAt",
  t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;

export interface TransferRow {
  id: string;
  number: string;
  fromStoreId: string;
  toStoreId: string;
  status: TransferStatus;
  note: string | null;
  approvedAt: Date | null;
  shippedAt: Date | null;
  receivedAt: Date | null;
  cancelledAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface TransferLineRow {
  transferId: string;
  lineNumber: number;
  productId: string;
  quantity: number;
  shippedQuantity: number | null;
  receivedQuantity: number | null;
  differenceReason: string | null;
}

/** Newest first. */
export const BY_CREATED = cursorCodec<{ createdAt: Date; id: string }>('transfer_created', { createdAt: cursorParts.instant, id: cursorParts.uuid });

/** The transfer, locked for the caller's transaction when `lock`; or `transfer.not_found`. */
export async function findTransfer(db: Db, id: string, lock = false): Promise<TransferRow> {
  if (!isUuid(id)) throw TransferErrors.notFound(id);
  const [row] = await db.rows<TransferRow>(`SELECT ${TRANSFER_COLUMNS} FROM transfer t WHERE t.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!row) throw TransferErrors.notFound(id);
  return row;
}

export async function transferLines(db: Db, ids: readonly string[]): Promise<TransferLineRow[]> {
  if (ids.length === 0) return [];
  return db.rows<TransferLineRow>(
    `SELECT l.transfer_id AS "transferId", l.line_number AS "lineNumber", l.product_id AS "productId", l.quantity,
            l.shipped_quantity AS "shippedQuantity", l.received_quantity AS "receivedQuantity", l.difference_reason AS "differenceReason"
       FROM transfer_line l
      WHERE l.transfer_id = ANY($1::uuid[]) ORDER BY l.transfer_id, l.line_number`,
    [ids],
  );
}

export function toLineResponse(line: TransferLineRow): TransferLineResponseDto {
  const shipped = line.shippedQuantity ?? 0;
  return {
    lineNumber: line.lineNumber,
    productId: line.productId,
    quantity: line.quantity,
    shippedQuantity: line.shippedQuantity,
    receivedQuantity: line.receivedQuantity,
    inTransitQuantity: line.shippedQuantity !== null && line.receivedQuantity === null ? shipped : 0,
    differenceQuantity: line.receivedQuantity === null ? 0 : shipped - line.receivedQuantity,
    differenceReason: line.differenceReason,
  };
}

export function toTransferResponse(row: TransferRow, lines: readonly TransferLineRow[]): TransferResponseDto {
  return {
    id: row.id,
    number: row.number,
    fromStoreId: row.fromStoreId,
    toStoreId: row.toStoreId,
    status: row.status,
    note: row.note,
    lines: lines.filter((line) => line.transferId === row.id).map(toLineResponse),
    approvedAt: row.approvedAt,
    shippedAt: row.shippedAt,
    receivedAt: row.receivedAt,
    cancelledAt: row.cancelledAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The transfer as the API answers it, read now. */
export async function loadTransfer(db: Db, id: string): Promise<TransferResponseDto> {
  const row = await findTransfer(db, id);
  return toTransferResponse(row, await transferLines(db, [id]));
}
