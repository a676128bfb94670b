import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../common/auth/index.js';
import { columnList, Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { assertBusinessCurrency, moneyOf } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { isUuid } from '../../common/validation/index.js';
import { isSold, type ProductUse } from './catalog-rules.js';
import { violates } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { ProductStorePriceListDto, ProductStorePriceResponseDto, PutProductStorePriceDto } from './dto/store-override.dto.js';

interface PriceRow {
  productId: string;
  storeId: string;
  amount: string;
  currency: string;
  updatedAt: Date;
}

const PRICE_COLUMNS = columnList<PriceRow>({ productId: 'product_id', storeId: 'store_id', amount: 'amount::text', currency: 'currency', updatedAt: 'updated_at' });

function toResponse(row: PriceRow): ProductStorePriceResponseDto {
  return { productId: row.productId, storeId: row.storeId, salePrice: moneyOf(row.amount, row.currency), updatedAt: row.updatedAt };
}

/** Stores' own sale prices for a product. Managers set them for the stores they work at. */
@Injectable()
export class ProductStorePricesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async list(actor: Actor, productId: string): Promise<ProductStorePriceListDto> {
    await this.product(productId);
    const visible = visibleStoreIds(actor);
    const rows = await this.db.rows<PriceRow>(`SELECT ${PRICE_COLUMNS} FROM product_store_price WHERE product_id = $1 ORDER BY created_at, store_id`, [productId]);
    return { data: rows.filter((row) => visible === 'all' || visible.includes(row.storeId)).map(toResponse), nextCursor: null };
  }

  /** Sets (or replaces) the store's price. Only for products sold to clients. */
  @Transactional()
  async put(actor: Actor, productId: string, storeId: string, dto: PutProductStorePriceDto): Promise<ProductStorePriceResponseDto> {
    this.assertVisible(actor, storeId);
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['salePrice.currency', dto.salePrice.currency]]);
    const product = await this.product(productId);
    if (!isSold(product.use)) throw CatalogErrors.notSold();
    const [before] = await this.db.rows<PriceRow>(`SELECT ${PRICE_COLUMNS} FROM product_store_price WHERE product_id = $1 AND store_id = $2`, [productId, storeId]);
    let row: PriceRow;
    try {
      [row] = await this.db.rows<PriceRow>(
        `INSERT INTO product_store_price (product_id, store_id, amount, currency) VALUES ($1, $2, $3, $4)
         ON CONFLICT (product_id, store_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, updated_at = now()
         RETURNING ${PRICE_COLUMNS}`,
        [productId, storeId, dto.salePrice.amount, dto.salePrice.currency],
      );
    } catch (error) {
      if (violates(error, 'fk_product_store_price_store_id')) throw CatalogErrors.storeNotFound(storeId);
      throw error;
    }
    const after = toResponse(row);
    await this.audit.record({ action: 'product.store_price.put', entityType: 'product', entityId: productId, storeId, before: before ? toResponse(before) : null, after });
    return after;
  }

  /** Back to the catalog's sale price in this store. Idempotent. */
  @Transactional()
  async remove(actor: Actor, productId: string, storeId: string): Promise<void> {
    this.assertVisible(actor, storeId);
    await this.product(productId);
    const [before] = await this.db.rows<PriceRow>(`DELETE FROM product_store_price WHERE product_id = $1 AND store_id = $2 RETURNING ${PRICE_COLUMNS}`, [productId, storeId]);
    if (before) await this.audit.record({ action: 'product.store_price.remove', entityType: 'product', entityId: productId, storeId, before: toResponse(before) });
  }

  private assertVisible(actor: Actor, storeId: string): void {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw CatalogErrors.storeNotFound(storeId);
  }

  private async product(id: string): Promise<{ id: string; use: ProductUse }> {
    if (!isUuid(id)) throw CatalogErrors.productNotFound(id);
    const [row] = await this.db.rows<{ id: string; use: ProductUse }>('SELECT id, use FROM product WHERE id = $1', [id]);
    if (!row) throw CatalogErrors.productNotFound(id);
    return row;
  }
}
