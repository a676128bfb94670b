import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import type { StockLevelQueryDto, StockLevelResponseDto, StockMovementQueryDto, StockMovementResponseDto } from './dto/stock.dto.js';
import type { MovementKind } from './stock-movement.entity.js';
import { describeUnits } from './stock-units.js';

const BY_KEY = cursorCodec<{ storeId: string; productId: string }>('stock-levels', { storeId: cursorParts.uuid, productId: cursorParts.uuid });
const NEWEST = cursorCodec<{ createdAt: Date; id: string }>('stock-movements', { createdAt: cursorParts.instant, id: cursorParts.uuid });

interface LevelRow {
  storeId: string;
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  perPiece: string;
  onHand: string;
  reserved: string;
  valueAmount: string;
  currency: string;
  updatedAt: Date;
  timeZone: string;
}

const LEVEL_COLUMNS = `l.store_id AS "storeId", l.product_id AS "productId", p.sku, p.name, p.unit, l.units_per_piece::text AS "perPiece",
  l.on_hand::text AS "onHand", l.reserved::text AS reserved, l.value_amount::text AS "valueAmount", l.currency, l.updated_at AS "updatedAt",
  ${storeTimeZoneSql('l.store_id')} AS "timeZone"`;

interface MovementRow {
  id: string;
  storeId: string;
  productId: string;
  kind: MovementKind;
  delta: string;
  perPiece: string;
  unit: ProductUnit;
  reason: string | null;
  documentType: string | null;
  documentId: string | null;
  unitCostAmount: string;
  valueDelta: string;
  currency: string;
  actorType: string;
  actorId: string | null;
  createdAt: Date;
  timeZone: string;
}

/** What people read of stock: levels per store and product, and the movements behind them. */
@Injectable()
export class StockViews {
  constructor(@Inject(Db) private readonly db: Db) {}

  async levels(actor: Actor, query: StockLevelQueryDto): Promise<Page<StockLevelResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_KEY.decode(query.cursor);
    const rows = await this.db.rows<LevelRow>(
      `SELECT ${LEVEL_COLUMNS} FROM stock_level l ${productSummarySql('l.product_id', 'p')}
        WHERE ($1::uuid[] IS NULL OR l.store_id = ANY($1)) AND ($2::uuid IS NULL OR l.store_id = $2) AND ($3::uuid IS NULL OR l.product_id = $3)
          AND ($4::uuid IS NULL OR (l.store_id, l.product_id) > ($4, $5::uuid))
        ORDER BY l.store_id, l.product_id LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.productId ?? null, after?.storeId ?? null, after?.productId ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toLevelResponse), nextCursor: rows.length > limit && last ? BY_KEY.encode({ storeId: last.storeId, productId: last.productId }) : null };
  }

  /** One level (after an adjustment), or null when the store has never stocked the product. */
  async level(storeId: string, productId: string): Promise<StockLevelResponseDto | null> {
    const [row] = await this.db.rows<LevelRow>(`SELECT ${LEVEL_COLUMNS} FROM stock_level l ${productSummarySql('l.product_id', 'p')} WHERE l.store_id = $1 AND l.product_id = $2`, [
      storeId,
      productId,
    ]);
    return row ? toLevelResponse(row) : null;
  }

  async movements(actor: Actor, query: StockMovementQueryDto): Promise<Page<StockMovementResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : NEWEST.decode(query.cursor);
    const rows = await this.movementRows(
      `($1::uuid[] IS NULL OR m.store_id = ANY($1)) AND ($2::uuid IS NULL OR m.store_id = $2) AND ($3::uuid IS NULL OR m.product_id = $3)
       AND ($4::text IS NULL OR m.kind = $4) AND ($5::timestamptz IS NULL OR m.created_at >= $5) AND ($6::timestamptz IS NULL OR m.created_at < $6)
       AND ($7::timestamptz IS NULL OR (m.created_at, m.id) < ($7, $8::uuid))
       ORDER BY m.created_at DESC, m.id DESC LIMIT $9`,
      [
        visible === 'all' ? null : visible,
        query.storeId ?? null,
        query.productId ?? null,
        query.kind ?? null,
        query.from ?? null,
        query.to ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toMovementResponse), nextCursor: rows.length > limit && last ? NEWEST.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async movement(id: string): Promise<StockMovementResponseDto> {
    const [row] = await this.movementRows('m.id = $1', [id]);
    return toMovementResponse(row);
  }

  private movementRows(condition: string, parameters: unknown[]): Promise<MovementRow[]> {
    return this.db.rows<MovementRow>(
      `SELECT m.id, m.store_id AS "storeId", m.product_id AS "productId", m.kind, m.delta::text AS delta, l.units_per_piece::text AS "perPiece", p.unit,
              m.reason, m.document_type AS "documentType", m.document_id AS "documentId", m.unit_cost_amount::text AS "unitCostAmount",
              m.value_delta::text AS "valueDelta", l.currency, m.actor_type AS "actorType", m.actor_id AS "actorId", m.created_at AS "createdAt",
              ${storeTimeZoneSql('m.store_id')} AS "timeZone"
         FROM stock_movement m JOIN stock_level l USING (store_id, product_id) ${productSummarySql('m.product_id', 'p')}
        WHERE ${condition}`,
      parameters,
    );
  }
}

function toLevelResponse(row: LevelRow): StockLevelResponseDto {
  const perPiece = Number(row.perPiece);
  const [onHand, reserved] = [Number(row.onHand), Number(row.reserved)];
  return {
    storeId: row.storeId,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    onHand: describeUnits(onHand, perPiece, row.unit),
    reserved: describeUnits(reserved, perPiece, row.unit),
    available: describeUnits(onHand - reserved, perPiece, row.unit),
    valueAtCost: { amount: Number(row.valueAmount), currency: row.currency },
    updatedAt: formatInstant(row.updatedAt.getTime(), row.timeZone),
  };
}

function toMovementResponse(row: MovementRow): StockMovementResponseDto {
  const delta = Number(row.delta);
  return {
    id: row.id,
    storeId: row.storeId,
    productId: row.productId,
    kind: row.kind,
    quantity: describeUnits(Math.abs(delta), Number(row.perPiece), row.unit),
    direction: delta > 0 ? 'in' : 'out',
    reason: row.reason,
    documentType: row.documentType,
    documentId: row.documentId,
    unitCost: { amount: Number(row.unitCostAmount), currency: row.currency },
    valueChange: { amount: Number(row.valueDelta), currency: row.currency },
    actor: { type: row.actorType, id: row.actorId },
    createdAt: formatInstant(row.createdAt.getTime(), row.timeZone),
  };
}
