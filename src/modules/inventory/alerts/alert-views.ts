import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CatalogService, productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { describeUnits, measureToUnits, piecesToUnits, unitsPerPiece } from '../stock/stock-units.js';
import type { AlertRuleQueryDto, AlertRuleResponseDto, PutAlertRuleDto, StockAlertQueryDto, StockAlertResponseDto } from './dto/alerts.dto.js';
import type { AlertKind } from './stock-alert.entity.js';
import { StockAlerts } from './stock-alerts.js';

const BY_KEY = cursorCodec<{ storeId: string; productId: string }>('alert-rules', { storeId: cursorParts.uuid, productId: cursorParts.uuid });
const NEWEST = cursorCodec<{ createdAt: Date; id: string }>('stock-alerts', { createdAt: cursorParts.instant, id: cursorParts.uuid });

interface RuleRow {
  storeId: string;
  productId: string;
  level: string;
  reorder: number;
  perPiece: string;
  unit: ProductUnit;
}

export interface AlertRow {
  id: string;
  kind: AlertKind;
  storeId: string;
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  status: 'open' | 'resolved';
  availableUnits: string | null;
  availableNow: string;
  alertLevelUnits: string | null;
  reorder: number | null;
  perPiece: string;
  batchId: string | null;
  lotCode: string | null;
  expiresOn: string | null;
  batchRemaining: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  timeZone: string;
}

/** The columns of an AlertRow for `stock_alert a` (FROM alertFromSql()). */
export const ALERT_COLUMNS_SQL = `a.id, a.kind, a.store_id AS "storeId", a.product_id AS "productId", p.sku, p.name, p.unit, a.status,
  a.available_units::text AS "availableUnits", coalesce(l.on_hand - l.reserved, 0)::text AS "availableNow", a.alert_level_units::text AS "alertLevelUnits",
  r.reorder_pieces AS reorder, coalesce(l.units_per_piece, 1)::text AS "perPiece", a.batch_id AS "batchId", b.lot_code AS "lotCode",
  to_char(b.expires_on, 'YYYY-MM-DD') AS "expiresOn", b.remaining_units::text AS "batchRemaining", a.created_at AS "createdAt", a.resolved_at AS "resolvedAt",
  ${storeTimeZoneSql('a.store_id')} AS "timeZone"`;

export function alertFromSql(): string {
  return `stock_alert a ${productSummarySql('a.product_id', 'p')} LEFT JOIN stock_level l USING (store_id, product_id)
    LEFT JOIN stock_alert_rule r USING (store_id, product_id) LEFT JOIN stock_batch b ON b.id = a.batch_id`;
}

/** Alert levels per store and product (managers set them), and the alerts they raised. */
@Injectable()
export class AlertViews {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Sets (or replaces) the rule, and checks the level against it at once: a level already low alerts now. */
  async putRule(actor: Actor, dto: PutAlertRuleDto): Promise<AlertRuleResponseDto> {
    if (!canSeeStore(actor, dto.storeId)) throw InventoryErrors.storeNotFound(dto.storeId);
    if ((dto.alertLevelPieces === undefined) === (dto.alertLevelMeasure === undefined)) {
      throw InventoryErrors.invalid([{ field: 'alertLevelPieces', message: 'give either alertLevelPieces or alertLevelMeasure' }]);
    }
    return this.db.transaction(async () => {
      const product = await this.catalog.productForStore(dto.productId, dto.storeId);
      if (!product) throw InventoryErrors.unknownProduct('productId', dto.productId);
      if (dto.alertLevelMeasure !== undefined && product.unit === 'pcs') throw InventoryErrors.notMeasured('alertLevelMeasure');
      const [level] = await this.db.rows<{ perPiece: string }>('SELECT units_per_piece::text AS "perPiece" FROM stock_level WHERE store_id = $1 AND product_id = $2', [
        dto.storeId,
        dto.productId,
      ]);
      const perPiece = level ? Number(level.perPiece) : unitsPerPiece(product);
      const units = dto.alertLevelPieces !== undefined ? piecesToUnits(dto.alertLevelPieces, perPiece) : measureToUnits(dto.alertLevelMeasure!);
      await this.db.execute(
        `INSERT INTO stock_alert_rule (store_id, product_id, alert_level_units, reorder_pieces) VALUES ($1, $2, $3, $4)
         ON CONFLICT (store_id, product_id) DO UPDATE SET alert_level_units = EXCLUDED.alert_level_units, reorder_pieces = EXCLUDED.reorder_pieces, updated_at = now()`,
        [dto.storeId, dto.productId, units, dto.reorderPieces],
      );
      await this.audit.record({
        action: 'stock_alert_rule.put',
        entityType: 'stock_alert_rule',
        entityId: `${dto.storeId}:${dto.productId}`,
        storeId: dto.storeId,
        after: { alertLevelUnits: units, reorderPieces: dto.reorderPieces },
      });
      await this.alerts.check(dto.storeId, dto.productId);
      return { storeId: dto.storeId, productId: dto.productId, alertLevel: describeUnits(units, perPiece, product.unit), reorderPieces: dto.reorderPieces };
    });
  }

  async rules(actor: Actor, query: AlertRuleQueryDto): Promise<Page<AlertRuleResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_KEY.decode(query.cursor);
    const rows = await this.db.rows<RuleRow>(
      `SELECT r.store_id AS "storeId", r.product_id AS "productId", r.alert_level_units::text AS level, r.reorder_pieces AS reorder,
              coalesce(l.units_per_piece, 1)::text AS "perPiece", p.unit
         FROM stock_alert_rule r ${productSummarySql('r.product_id', 'p')} LEFT JOIN stock_level l USING (store_id, product_id)
        WHERE ($1::uuid[] IS NULL OR r.store_id = ANY($1)) AND ($2::uuid IS NULL OR r.store_id = $2) AND ($3::uuid IS NULL OR (r.store_id, r.product_id) > ($3, $4::uuid))
        ORDER BY r.store_id, r.product_id LIMIT $5`,
      [visible === 'all' ? null : visible, query.storeId ?? null, after?.storeId ?? null, after?.productId ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: data.map((row) => ({
        storeId: row.storeId,
        productId: row.productId,
        alertLevel: describeUnits(Number(row.level), Number(row.perPiece), row.unit),
        reorderPieces: row.reorder,
      })),
      nextCursor: rows.length > limit && last ? BY_KEY.encode({ storeId: last.storeId, productId: last.productId }) : null,
    };
  }

  async list(actor: Actor, query: StockAlertQueryDto): Promise<Page<StockAlertResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : NEWEST.decode(query.cursor);
    const rows = await this.db.rows<AlertRow>(
      `SELECT ${ALERT_COLUMNS_SQL} FROM ${alertFromSql()}
        WHERE ($1::uuid[] IS NULL OR a.store_id = ANY($1)) AND ($2::uuid IS NULL OR a.store_id = $2) AND a.status = $3 AND ($7::text IS NULL OR a.kind = $7)
          AND ($4::timestamptz IS NULL OR (a.created_at, a.id) < ($4, $5::uuid))
        ORDER BY a.created_at DESC, a.id DESC LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.status ?? 'open', after?.createdAt ?? null, after?.id ?? null, limit + 1, query.kind ?? null],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toAlertResponse), nextCursor: rows.length > limit && last ? NEWEST.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }
}

export function toAlertResponse(row: AlertRow): StockAlertResponseDto {
  const perPiece = Number(row.perPiece);
  const quantity = (units: string | null) => (units === null ? null : describeUnits(Number(units), perPiece, row.unit));
  return {
    id: row.id,
    kind: row.kind,
    storeId: row.storeId,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    status: row.status,
    availableWhenOpened: quantity(row.availableUnits),
    availableNow: describeUnits(Number(row.availableNow), perPiece, row.unit),
    alertLevel: quantity(row.alertLevelUnits),
    reorderPieces: row.reorder,
    batch:
      row.batchId === null ? null : { id: row.batchId, lotCode: row.lotCode, expiresOn: row.expiresOn!, remaining: describeUnits(Number(row.batchRemaining), perPiece, row.unit) },
    openedAt: formatInstant(row.createdAt.getTime(), row.timeZone),
    resolvedAt: row.resolvedAt ? formatInstant(row.resolvedAt.getTime(), row.timeZone) : null,
  };
}
