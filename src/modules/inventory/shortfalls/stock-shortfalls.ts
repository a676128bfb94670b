import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { CatalogService, productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { StockAlerts } from '../alerts/stock-alerts.js';
import { InventoryErrors } from '../inventory.errors.js';
import { StockLevels } from '../stock/stock-levels.js';
import { movedBy, StockMovements } from '../stock/stock-movements.js';
import { describeUnits, measureToUnits, piecesToUnits } from '../stock/stock-units.js';
import type { ResolveShortfallDto, ShortfallQueryDto, ShortfallResponseDto } from './dto/shortfalls.dto.js';

const NEWEST = cursorCodec<{ createdAt: Date; id: string }>('stock-shortfalls', { createdAt: cursorParts.instant, id: cursorParts.uuid });

interface ShortfallRow {
  id: string;
  storeId: string;
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  perPiece: string;
  unitsMissing: string;
  documentType: string;
  documentId: string;
  createdAt: Date;
  resolvedAt: Date | null;
  resolvedByType: string | null;
  resolvedById: string | null;
  movementId: string | null;
  note: string | null;
  timeZone: string;
}

const COLUMNS = `s.id, s.store_id AS "storeId", s.product_id AS "productId", p.sku, p.name, p.unit, coalesce(l.units_per_piece, 1)::text AS "perPiece",
  s.units_missing::text AS "unitsMissing", s.document_type AS "documentType", s.document_id AS "documentId", s.created_at AS "createdAt",
  s.resolved_at AS "resolvedAt", s.resolved_by_type AS "resolvedByType", s.resolved_by_id AS "resolvedById", s.movement_id AS "movementId",
  s.resolution_note AS note, ${storeTimeZoneSql('s.store_id')} AS "timeZone"`;
const FROM = `stock_shortfall s ${productSummarySql('s.product_id', 'p')} LEFT JOIN stock_level l USING (store_id, product_id)`;

/**
 * Back-bar shortfalls as the manager's task list: each one is settled by counting the product (the
 * books are adjusted to the count, one movement) or by a note saying why nothing changes. Settling
 * the last open one of a product resolves its shortfall alert.
 */
@Injectable()
export class StockShortfalls {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockLevels) private readonly levels: StockLevels,
    @Inject(StockMovements) private readonly movements: StockMovements,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, query: ShortfallQueryDto): Promise<Page<ShortfallResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : NEWEST.decode(query.cursor);
    const rows = await this.db.rows<ShortfallRow>(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE ($1::uuid[] IS NULL OR s.store_id = ANY($1)) AND ($2::uuid IS NULL OR s.store_id = $2) AND (s.resolved_at IS NULL) = ($3 = 'open')
          AND ($4::timestamptz IS NULL OR (s.created_at, s.id) < ($4, $5::uuid))
        ORDER BY s.created_at DESC, s.id DESC LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.status ?? 'open', after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toShortfallResponse), nextCursor: rows.length > limit && last ? NEWEST.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /**
   * Settles one shortfall, once: with a count, the level is locked and an adjustment posts the
   * difference between the count and the books (none when they agree). Audited; a second call is 409.
   */
  async resolve(actor: Actor, id: string, dto: ResolveShortfallDto): Promise<ShortfallResponseDto> {
    if (!isUuid(id)) throw InventoryErrors.shortfallNotFound(id);
    const counted = dto.countedPieces !== undefined || dto.countedMeasure !== undefined;
    if (dto.countedPieces !== undefined && dto.countedMeasure !== undefined) {
      throw InventoryErrors.invalid([{ field: 'countedPieces', message: 'give either countedPieces or countedMeasure' }]);
    }
    if (counted && dto.reason === undefined) throw InventoryErrors.invalid([{ field: 'reason', message: 'is required with a count: why the books change' }]);
    if (!counted && dto.note === undefined) throw InventoryErrors.invalid([{ field: 'note', message: 'is required without a count: why nothing changes' }]);
    return this.db.transaction(async () => {
      const [shortfall] = await this.db.rows<{ storeId: string; productId: string; resolved: boolean }>(
        `SELECT store_id AS "storeId", product_id AS "productId", resolved_at IS NOT NULL AS resolved FROM stock_shortfall WHERE id = $1 FOR UPDATE`,
        [id],
      );
      if (!shortfall || !canSeeStore(actor, shortfall.storeId)) throw InventoryErrors.shortfallNotFound(id);
      if (shortfall.resolved) throw InventoryErrors.shortfallResolved(id);
      let movementId: string | null = null;
      if (counted) movementId = await this.adjustToCount(actor, id, shortfall, dto);
      const by = movedBy(actor);
      await this.db.execute(`UPDATE stock_shortfall SET resolved_at = now(), resolved_by_type = $2, resolved_by_id = $3, movement_id = $4, resolution_note = $5 WHERE id = $1`, [
        id,
        by.type,
        by.id,
        movementId,
        dto.note ?? null,
      ]);
      await this.alerts.shortfallDealtWith(shortfall.storeId, shortfall.productId);
      await this.audit.record({
        action: 'stock_shortfall.resolve',
        entityType: 'stock_shortfall',
        entityId: id,
        storeId: shortfall.storeId,
        after: { countedPieces: dto.countedPieces ?? null, countedMeasure: dto.countedMeasure ?? null, reason: dto.reason ?? null, note: dto.note ?? null, movementId },
      });
      const [row] = await this.db.rows<ShortfallRow>(`SELECT ${COLUMNS} FROM ${FROM} WHERE s.id = $1`, [id]);
      return toShortfallResponse(row);
    });
  }

  /** Posts the difference between the count and the books; answers the movement, or null when they agree. */
  private async adjustToCount(actor: Actor, id: string, shortfall: { storeId: string; productId: string }, dto: ResolveShortfallDto): Promise<string | null> {
    const product = await this.catalog.productForStore(shortfall.productId, shortfall.storeId);
    if (!product) throw InventoryErrors.unknownProduct('productId', shortfall.productId);
    if (dto.countedMeasure !== undefined && product.unit === 'pcs') throw InventoryErrors.notMeasured('countedMeasure');
    // Locked first, so what the books hold cannot change between reading and adjusting.
    const level = await this.levels.lock(shortfall.storeId, product);
    const units = dto.countedPieces !== undefined ? piecesToUnits(dto.countedPieces, level.unitsPerPiece) : measureToUnits(dto.countedMeasure!);
    const difference = units - level.onHand;
    if (difference === 0) return null;
    const common = {
      storeId: shortfall.storeId,
      productId: shortfall.productId,
      units: Math.abs(difference),
      reason: dto.reason,
      sourceKey: `shortfall:${id}:count`,
      documentType: 'stock_shortfall',
      documentId: id,
      field: dto.countedPieces !== undefined ? 'countedPieces' : 'countedMeasure',
    };
    // The count covers expired batches on the shelf too: taking out may take them.
    const moved =
      difference > 0
        ? await this.movements.bringIn(actor, movedBy(actor), { ...common, kind: 'adjustment' })
        : await this.movements.takeOut(actor, movedBy(actor), { ...common, kind: 'adjustment', includeExpired: true });
    return moved.movementId;
  }
}

export function toShortfallResponse(row: ShortfallRow): ShortfallResponseDto {
  return {
    id: row.id,
    storeId: row.storeId,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    missing: describeUnits(Number(row.unitsMissing), Number(row.perPiece), row.unit),
    documentType: row.documentType,
    documentId: row.documentId,
    status: row.resolvedAt ? 'resolved' : 'open',
    createdAt: formatInstant(row.createdAt.getTime(), row.timeZone),
    resolution: row.resolvedAt
      ? {
          resolvedAt: formatInstant(row.resolvedAt.getTime(), row.timeZone),
          resolvedByType: row.resolvedByType!,
          resolvedById: row.resolvedById,
          movementId: row.movementId,
          note: row.note,
        }
      : null,
  };
}
