import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CatalogService } from '../../catalog/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import type { AdjustmentResponseDto, CreateAdjustmentDto } from './dto/stock.dto.js';
import { movedBy, StockMovements } from './stock-movements.js';
import { StockViews } from './stock-views.js';
import { measureToUnits, piecesToUnits, unitsPerPiece } from './stock-units.js';

/**
 * A manager's correction of stock (found, miscounted) or write-off (damaged, expired): one movement
 * with its reason, audited. Measured products may be adjusted by what is left in an opened piece.
 */
@Injectable()
export class StockAdjustments {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockMovements) private readonly movements: StockMovements,
    @Inject(StockViews) private readonly views: StockViews,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateAdjustmentDto): Promise<AdjustmentResponseDto> {
    if (!canSeeStore(actor, dto.storeId)) throw InventoryErrors.storeNotFound(dto.storeId);
    if ((dto.pieces === undefined) === (dto.measure === undefined)) throw InventoryErrors.invalid([{ field: 'pieces', message: 'give either pieces or measure' }]);
    const type = dto.type ?? 'correction';
    if (type !== 'correction' && dto.direction !== 'out') throw InventoryErrors.invalid([{ field: 'type', message: `${type} writes stock off: direction must be out` }]);
    return this.db.transaction(async () => {
      const product = await this.catalog.productForStore(dto.productId, dto.storeId);
      if (!product) throw InventoryErrors.unknownProduct('productId', dto.productId);
      if (dto.measure !== undefined && product.unit === 'pcs') throw InventoryErrors.notMeasured('measure');
      const [level] = await this.db.rows<{ perPiece: string }>('SELECT units_per_piece::text AS "perPiece" FROM stock_level WHERE store_id = $1 AND product_id = $2', [
        dto.storeId,
        dto.productId,
      ]);
      const perPiece = level ? Number(level.perPiece) : unitsPerPiece(product);
      const units = dto.pieces !== undefined ? piecesToUnits(dto.pieces, perPiece) : measureToUnits(dto.measure!);
      const common = {
        storeId: dto.storeId,
        productId: dto.productId,
        units,
        reason: dto.reason,
        sourceKey: `adjustment:${randomUUID()}`,
        field: dto.pieces !== undefined ? 'pieces' : 'measure',
      };
      const moved =
        dto.direction === 'in'
          ? await this.movements.bringIn(actor, movedBy(actor), { ...common, kind: 'adjustment' })
          : await this.movements.takeOut(actor, movedBy(actor), { ...common, kind: type === 'correction' ? 'adjustment' : 'write_off', includeExpired: type === 'expiry' });
      const movement = await this.views.movement(moved.movementId);
      await this.audit.record({
        action: type === 'correction' ? 'stock.adjust' : 'stock.write_off',
        entityType: 'stock_movement',
        entityId: moved.movementId,
        storeId: dto.storeId,
        after: { productId: dto.productId, direction: dto.direction, units, reason: dto.reason },
      });
      return { movement, level: (await this.views.level(dto.storeId, dto.productId))! };
    });
  }
}
