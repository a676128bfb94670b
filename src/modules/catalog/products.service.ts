import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { type FieldError } from '../../common/errors/index.js';
import { paginate, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { assertBusinessCurrency } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { isUuid, likePattern } from '../../common/validation/index.js';
import { mayReadCost } from './catalog-access.js';
import { isBackBar, isSold, usesMatching, type CatalogStatus, type ProductUnit, type ProductUse } from './catalog-rules.js';
import { PRODUCT_COLUMNS } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { StoreContextQueryDto } from './dto/common.dto.js';
import { toProductResponse, type ProductResponseDto } from './dto/product-response.dto.js';
import type { CreateProductDto, ProductListQueryDto, UpdateProductDto } from './dto/product.dto.js';
import { Product } from './product.entity.js';
import { assertStoreVisible } from './service-records.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

/** Field problems of a product's resulting use, sale price and size. */
function productProblems(use: ProductUse, hasSalePrice: boolean, unit: ProductUnit, size: number): FieldError[] {
  const problems: FieldError[] = [];
  if (isSold(use) && !hasSalePrice) problems.push({ field: 'salePrice', message: `is required for a product sold to clients (use ${use})` });
  if (unit === 'pcs' && !Number.isInteger(size)) problems.push({ field: 'specification.size', message: 'must be a whole number of pieces' });
  return problems;
}

/** The use cases behind /v1/products (store prices: ProductStorePricesService). */
@Injectable()
export class ProductsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateProductDto): Promise<ProductResponseDto> {
    this.assertCurrency(dto);
    const problems = productProblems(dto.use, !!dto.salePrice, dto.specification.unit, dto.specification.size);
    if (problems.length) throw CatalogErrors.invalid(problems);
    const [row] = await this.db.rows<Product>(
      `INSERT INTO product (sku, barcode, name, brand, category, size, unit, use, shelf_life_days, cost_amount, sale_amount, currency,
       ingredients, usage_instructions, precautions, image_urls)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING ${PRODUCT_COLUMNS}`,
      [
        dto.sku,
        dto.barcode ?? null,
        dto.name,
        dto.brand ?? null,
        dto.category ?? null,
        dto.specification.size,
        dto.specification.unit,
        dto.use,
        dto.shelfLifeDays ?? null,
        dto.costPrice?.amount ?? null,
        dto.salePrice?.amount ?? null,
        this.config.BUSINESS_CURRENCY,
        dto.ingredients ?? null,
        dto.usageInstructions ?? null,
        dto.precautions ?? null,
        dto.imageUrls ?? [],
      ],
    );
    await this.audit.record({ action: 'product.create', entityType: 'product', entityId: row.id, after: toProductResponse(row, { withCost: true }) });
    return toProductResponse(row, { withCost: mayReadCost(actor) });
  }

  async get(actor: Actor, id: string, context: StoreContextQueryDto): Promise<ProductResponseDto> {
    assertStoreVisible(actor, context.storeId);
    const product = await this.find(id);
    const prices = context.storeId ? await this.storePrices([id], context.storeId) : undefined;
    return toProductResponse(product, { withCost: mayReadCost(actor), store: context.storeId ? { storeId: context.storeId, amount: prices?.get(id) ?? null } : null });
  }

  /** Newest first; active products unless `status` says otherwise. */
  async list(actor: Actor, query: ProductListQueryDto): Promise<Page<ProductResponseDto>> {
    assertStoreVisible(actor, query.storeId);
    const builder = this.db.repo(Product).createQueryBuilder('product');
    const status = query.status ?? 'active';
    if (status !== 'all') builder.andWhere('product.status = :status', { status });
    // citext columns: equal regardless of case.
    if (query.category) builder.andWhere('product.category = :category', { category: query.category });
    if (query.brand) builder.andWhere('product.brand = :brand', { brand: query.brand });
    if (query.use) builder.andWhere('product.use IN (:...uses)', { uses: usesMatching(query.use) });
    if (query.q) {
      builder.andWhere('(product.name ILIKE :q OR product.sku ILIKE :q OR product.brand ILIKE :q OR product.barcode = :term)', {
        q: likePattern(query.q),
        term: query.q,
      });
    }
    const page = await paginate(builder, query);
    const storeId = query.storeId;
    const prices = storeId
      ? await this.storePrices(
          page.data.map((p) => p.id),
          storeId,
        )
      : undefined;
    const withCost = mayReadCost(actor);
    return {
      data: page.data.map((product) => toProductResponse(product, { withCost, store: storeId ? { storeId, amount: prices?.get(product.id) ?? null } : null })),
      nextCursor: page.nextCursor,
    };
  }

  /** Applies the fields given if the product is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateProductDto): Promise<ProductResponseDto> {
    this.assertCurrency(dto);
    // Locked: a consumption written meanwhile (it share-locks the product) cannot slip past the use check.
    const before = await this.find(id, true);
    assertVersion(before, expectedVersion);
    if (dto.use !== undefined && !isBackBar(dto.use) && isBackBar(before.use)) {
      const used = await this.db.rows<unknown>('SELECT 1 FROM service_consumption WHERE product_id = $1 LIMIT 1', [id]);
      if (used.length) throw CatalogErrors.usedByServices();
    }
    const salePrice = dto.salePrice === undefined ? before.saleAmount : dto.salePrice;
    const spec = dto.specification ?? { size: Number(before.size), unit: before.unit };
    const problems = productProblems(dto.use ?? before.use, salePrice !== null, spec.unit, spec.size);
    if (problems.length) throw CatalogErrors.invalid(problems);

    const changes: Array<[string, unknown]> = [];
    const simple = {
      sku: 'sku',
      barcode: 'barcode',
      name: 'name',
      brand: 'brand',
      category: 'category',
      use: 'use',
      shelfLifeDays: 'shelf_life_days',
      ingredients: 'ingredients',
      usageInstructions: 'usage_instructions',
      precautions: 'precautions',
      imageUrls: 'image_urls',
    } as const;
    for (const [field, column] of Object.entries(simple)) {
      const value = dto[field as keyof typeof simple];
      if (value !== undefined) changes.push([column, value]);
    }
    if (dto.specification) changes.push(['size', dto.specification.size], ['unit', dto.specification.unit]);
    if (dto.costPrice !== undefined) changes.push(['cost_amount', dto.costPrice?.amount ?? null]);
    if (dto.salePrice !== undefined) changes.push(['sale_amount', dto.salePrice?.amount ?? null]);
    if (changes.length === 0) return toProductResponse(before, { withCost: mayReadCost(actor) });
    const row = await updateVersioned<Product>(this.db, { table: 'product', id, expectedVersion, changes, returning: PRODUCT_COLUMNS });
    await this.audit.record({
      action: 'product.update',
      entityType: 'product',
      entityId: id,
      before: toProductResponse(before, { withCost: true }),
      after: toProductResponse(row, { withCost: true }),
    });
    return toProductResponse(row, { withCost: mayReadCost(actor) });
  }

  @Transactional()
  archive(actor: Actor, id: string): Promise<ProductResponseDto> {
    return this.setStatus(actor, id, 'archived');
  }

  @Transactional()
  restore(actor: Actor, id: string): Promise<ProductResponseDto> {
    return this.setStatus(actor, id, 'active');
  }

  /** Idempotent. Archived products stay in the consumption lists that name them until those change. */
  private async setStatus(actor: Actor, id: string, status: CatalogStatus): Promise<ProductResponseDto> {
    const before = await this.find(id);
    if (before.status === status) return toProductResponse(before, { withCost: mayReadCost(actor) });
    const [row] = await this.db.rows<Product>(
      `UPDATE product SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${PRODUCT_COLUMNS}`,
      [id, status],
    );
    const after = row ?? (await this.find(id));
    if (row) {
      await this.audit.record({
        action: status === 'archived' ? 'product.archive' : 'product.restore',
        entityType: 'product',
        entityId: id,
        before: { status: before.status, version: before.version },
        after: { status: row.status, version: row.version },
      });
    }
    return toProductResponse(after, { withCost: mayReadCost(actor) });
  }

  /** Cost and sale price share the product's one currency: the business's. */
  private assertCurrency(dto: Pick<UpdateProductDto, 'costPrice' | 'salePrice'>): void {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [
      ['costPrice.currency', dto.costPrice?.currency],
      ['salePrice.currency', dto.salePrice?.currency],
    ]);
  }

  private async find(id: string, lock = false): Promise<Product> {
    if (!isUuid(id)) throw CatalogErrors.productNotFound(id);
    const [row] = await this.db.rows<Product>(`SELECT ${PRODUCT_COLUMNS} FROM product WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row) throw CatalogErrors.productNotFound(id);
    return row;
  }

  /** Product id → the store's own sale price (minor units). */
  private async storePrices(productIds: string[], storeId: string): Promise<Map<string, string>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.db.rows<{ productId: string; amount: string }>(
      'SELECT product_id AS "productId", amount::text AS amount FROM product_store_price WHERE store_id = $1 AND product_id = ANY($2::uuid[])',
      [storeId, productIds],
    );
    return new Map(rows.map((row) => [row.productId, row.amount]));
  }
}
