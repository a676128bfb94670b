import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageQueryDto } from '../../../common/http/pagination.js';
import { assertBusinessCurrency, moneyOf } from '../../../common/money/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CatalogService, productSummarySql } from '../../catalog/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import type { PutSupplierProductDto, SupplierProductResponseDto } from './dto/supplier-product.dto.js';
import { PurchasingErrors } from './purchasing.errors.js';

interface SupplierProductRow {
  supplierId: string;
  productId: string;
  sku: string;
  name: string;
  supplierSku: string | null;
  unitCostAmount: string | null;
  currency: string;
  packSize: number;
  minimumOrderPieces: number;
  preferred: boolean;
  updatedAt: Date;
}

const SELECT = `SELECT sp.supplier_id AS "supplierId", sp.product_id AS "productId", p.sku, p.name, sp.supplier_sku AS "supplierSku",
    sp.unit_cost_amount::text AS "unitCostAmount", sp.currency, sp.pack_size AS "packSize", sp.minimum_order_pieces AS "minimumOrderPieces",
    sp.preferred, sp.updated_at AS "updatedAt"
  FROM supplier_product sp ${productSummarySql('sp.product_id', 'p')}`;

function toResponse(row: SupplierProductRow): SupplierProductResponseDto {
  return {
    supplierId: row.supplierId,
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    supplierSku: row.supplierSku,
    unitCost: row.unitCostAmount === null ? null : moneyOf(row.unitCostAmount, row.currency),
    packSize: row.packSize,
    minimumOrderPieces: row.minimumOrderPieces,
    preferred: row.preferred,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Supplier products are business-wide: no store's price matters, so the product is read for a store that is none. */
const NO_STORE = '00000000-0000-4000-8000-000000000000';

/** By the catalog's name, then product id: reads like the supplier's price list. */
const BY_NAME = cursorCodec<{ name: string; productId: string }>('supplier-products', { name: cursorParts.text(/^[\s\S]{1,300}$/), productId: cursorParts.uuid });

/** Supplier products (/v1/suppliers/{id}/products): what each supplier sells, at what cost and in what packs; one preferred supplier a product. */
@Injectable()
export class SupplierProductsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async list(supplierId: string, query: PageQueryDto): Promise<Page<SupplierProductResponseDto>> {
    await this.assertSupplier(supplierId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_NAME.decode(query.cursor);
    const rows = await this.db.rows<SupplierProductRow>(
      `${SELECT} WHERE sp.supplier_id = $1 AND ($2::text IS NULL OR (p.name, sp.product_id) > ($2, $3::uuid)) ORDER BY p.name, sp.product_id LIMIT $4`,
      [supplierId, after?.name ?? null, after?.productId ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toResponse), nextCursor: rows.length > limit && last ? BY_NAME.encode({ name: last.name, productId: last.productId }) : null };
  }

  /**
   * Sets (or replaces) what the supplier sells the product as. Marking it preferred unmarks the
   * product's other supplier in the same transaction, under a lock on the product's preference, so two
   * at once leave exactly one preferred. Archived products cannot be added (nobody buys them any more).
   */
  @Transactional()
  async put(supplierId: string, productId: string, dto: PutSupplierProductDto): Promise<SupplierProductResponseDto> {
    await this.assertSupplier(supplierId);
    if (dto.unitCost) assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['unitCost.currency', dto.unitCost.currency]]);
    const product = await this.catalog.productForStore(productId, NO_STORE);
    if (!product) throw InventoryErrors.unknownProduct('productId', productId);
    if (!product.active) throw PurchasingErrors.archivedProduct('productId', productId);
    const [before] = await this.db.rows<SupplierProductRow>(`${SELECT} WHERE sp.supplier_id = $1 AND sp.product_id = $2`, [supplierId, productId]);
    const preferred = dto.preferred ?? false;
    if (preferred) {
      await this.db.execute(`SELECT pg_advisory_xact_lock(hashtext('supplier_product.preferred:' || $1::text))`, [productId]);
      await this.db.execute('UPDATE supplier_product SET preferred = false, updated_at = now() WHERE product_id = $1 AND supplier_id <> $2 AND preferred', [productId, supplierId]);
    }
    await this.db.execute(
      `INSERT INTO supplier_product (supplier_id, product_id, supplier_sku, unit_cost_amount, currency, pack_size, minimum_order_pieces, preferred)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (supplier_id, product_id) DO UPDATE SET supplier_sku = EXCLUDED.supplier_sku, unit_cost_amount = EXCLUDED.unit_cost_amount,
         currency = EXCLUDED.currency, pack_size = EXCLUDED.pack_size, minimum_order_pieces = EXCLUDED.minimum_order_pieces,
         preferred = EXCLUDED.preferred, updated_at = now()`,
      [supplierId, productId, dto.supplierSku ?? null, dto.unitCost?.amount ?? null, this.config.BUSINESS_CURRENCY, dto.packSize ?? 1, dto.minimumOrderPieces ?? 1, preferred],
    );
    const [row] = await this.db.rows<SupplierProductRow>(`${SELECT} WHERE sp.supplier_id = $1 AND sp.product_id = $2`, [supplierId, productId]);
    const after = toResponse(row);
    await this.audit.record({
      action: 'supplier_product.put',
      entityType: 'supplier_product',
      entityId: `${supplierId}:${productId}`,
      before: before ? toResponse(before) : null,
      after,
    });
    return after;
  }

  /** Idempotent: removing what the supplier does not sell changes nothing. Its purchase orders keep their lines. */
  @Transactional()
  async remove(supplierId: string, productId: string): Promise<void> {
    await this.assertSupplier(supplierId);
    if (!isUuid(productId)) return;
    const [removed] = await this.db.rows<{ preferred: boolean }>('DELETE FROM supplier_product WHERE supplier_id = $1 AND product_id = $2 RETURNING preferred', [
      supplierId,
      productId,
    ]);
    if (!removed) return;
    await this.audit.record({ action: 'supplier_product.remove', entityType: 'supplier_product', entityId: `${supplierId}:${productId}`, before: removed });
  }

  private async assertSupplier(id: string): Promise<void> {
    if (!isUuid(id)) throw PurchasingErrors.supplierNotFound(id);
    const [row] = await this.db.rows('SELECT 1 FROM supplier WHERE id = $1', [id]);
    if (!row) throw PurchasingErrors.supplierNotFound(id);
  }
}
