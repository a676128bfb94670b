import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { FieldError } from '../../common/errors/index.js';
import { isBackBar, type ProductUnit, type ProductUse } from './catalog-rules.js';
import { CatalogErrors } from './catalog.errors.js';
import type { ConsumptionItemResponseDto, ConsumptionResponseDto, PutConsumptionDto } from './dto/consumption.dto.js';
import { ServiceRecords } from './service-records.js';

/** The products one performance of a variation uses; inventory deducts back-bar stock with it. */
@Injectable()
export class ConsumptionService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ServiceRecords) private readonly records: ServiceRecords,
  ) {}

  async get(serviceId: string, variationId: string): Promise<ConsumptionResponseDto> {
    await this.records.service(serviceId);
    await this.records.variation(serviceId, variationId);
    return { serviceId, variationId, items: await this.items(variationId) };
  }

  /**
   * Replaces the list whole. Only active products for professional use (`professional`, `both`),
   * each once; whole pieces for `pcs`. The variation row is locked, so two replacements never mix.
   */
  @Transactional()
  async replace(serviceId: string, variationId: string, dto: PutConsumptionDto): Promise<ConsumptionResponseDto> {
    await this.records.service(serviceId);
    await this.records.variation(serviceId, variationId, true);
    await this.assertUsable(dto);
    const before = await this.items(variationId);
    await this.db.execute('DELETE FROM service_consumption WHERE variation_id = $1', [variationId]);
    for (const item of dto.items) {
      await this.db.execute('INSERT INTO service_consumption (variation_id, product_id, quantity) VALUES ($1, $2, $3)', [variationId, item.productId, item.quantity]);
    }
    const items = await this.items(variationId);
    await this.audit.record({ action: 'service_variation.consumption.put', entityType: 'service_variation', entityId: variationId, before: { items: before }, after: { items } });
    return { serviceId, variationId, items };
  }

  private async assertUsable(dto: PutConsumptionDto): Promise<void> {
    const ids = dto.items.map((item) => item.productId.toLowerCase());
    if (ids.length === 0) return;
    const rows = await this.db.rows<{ id: string; use: ProductUse; unit: ProductUnit; status: string }>(
      'SELECT id, use, unit, status FROM product WHERE id = ANY($1::uuid[]) FOR SHARE',
      [ids],
    );
    const products = new Map(rows.map((row) => [row.id, row]));
    const seen = new Set<string>();
    // Ids that name nothing answer first, as everywhere (422 `reference.not_found`).
    const unknown = ids.flatMap((id, i) => (products.has(id) ? [] : [`items[${i}].productId`]));
    if (unknown.length) throw CatalogErrors.unknownReferences(unknown, 'product');
    const problems: FieldError[] = [];
    for (const [i, id] of ids.entries()) {
      const field = `items[${i}].productId`;
      const product = products.get(id);
      if (!product) continue;
      if (!isBackBar(product.use)) problems.push({ field, message: 'is a retail product: only products for professional use (professional or both) are consumed by services' });
      else if (product.status !== 'active') problems.push({ field, message: 'is archived' });
      else if (seen.has(id)) problems.push({ field, message: 'is listed twice: give its total quantity once' });
      else if (product.unit === 'pcs' && !Number.isInteger(dto.items[i].quantity)) problems.push({ field: `items[${i}].quantity`, message: 'must be a whole number of pieces' });
      seen.add(id);
    }
    if (problems.length) throw CatalogErrors.invalid(problems);
  }

  private async items(variationId: string): Promise<ConsumptionItemResponseDto[]> {
    const rows = await this.db.rows<Omit<ConsumptionItemResponseDto, 'quantity'> & { quantity: string }>(
      `SELECT c.product_id AS "productId", p.sku, p.name, c.quantity::text AS quantity, p.unit, p.status AS "productStatus"
         FROM service_consumption c JOIN product p ON p.id = c.product_id
        WHERE c.variation_id = $1 ORDER BY p.name, p.id`,
      [variationId],
    );
    return rows.map((row) => ({ ...row, quantity: Number(row.quantity) }));
  }
}
