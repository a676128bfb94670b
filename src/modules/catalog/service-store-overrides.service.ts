import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { FieldError } from '../../common/errors/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { assertBusinessCurrency, moneyOf } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { isUuid } from '../../common/validation/index.js';
import { violates } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { PutServiceStoreOverrideDto, ServiceStoreOverrideListDto, ServiceStoreOverrideResponseDto } from './dto/store-override.dto.js';
import { ServiceRecords } from './service-records.js';

interface OverrideRow {
  storeId: string;
  available: boolean;
  updatedAt: Date;
  prices: Array<{ variationId: string; amount: string; currency: string }>;
}

function toResponse(serviceId: string, row: OverrideRow): ServiceStoreOverrideResponseDto {
  return {
    serviceId,
    storeId: row.storeId,
    available: row.available,
    prices: row.prices.map((p) => ({ variationId: p.variationId, price: moneyOf(p.amount, p.currency) })),
    updatedAt: row.updatedAt,
  };
}

/**
 * A store's departures from the catalog for one service: whether it offers it, and its own prices.
 * Managers set them for the stores they work at; another store answers 404 like a missing one.
 * Writes lock the service row, so two PUTs for the same store replace one after the other.
 */
@Injectable()
export class ServiceStoreOverridesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(ServiceRecords) private readonly records: ServiceRecords,
  ) {}

  /** The service's overrides in the stores the actor can see. */
  async list(actor: Actor, serviceId: string): Promise<ServiceStoreOverrideListDto> {
    await this.records.service(serviceId);
    const visible = visibleStoreIds(actor);
    const rows = (await this.rows(serviceId)).filter((row) => visible === 'all' || visible.includes(row.storeId));
    return { data: rows.map((row) => toResponse(serviceId, row)), nextCursor: null };
  }

  @Transactional()
  async put(actor: Actor, serviceId: string, storeId: string, dto: PutServiceStoreOverrideDto): Promise<ServiceStoreOverrideResponseDto> {
    this.assertVisible(actor, storeId);
    await this.records.service(serviceId, true);
    const prices = dto.prices ?? [];
    assertBusinessCurrency(
      this.config.BUSINESS_CURRENCY,
      prices.map((p, i) => [`prices[${i}].price.currency`, p.price.currency]),
    );
    await this.assertVariationsOf(
      serviceId,
      prices.map((p) => p.variationId),
    );
    const [before] = await this.rows(serviceId, storeId);
    try {
      await this.db.execute(
        `INSERT INTO service_store_override (service_id, store_id, available) VALUES ($1, $2, $3)
         ON CONFLICT (service_id, store_id) DO UPDATE SET available = EXCLUDED.available, updated_at = now()`,
        [serviceId, storeId, dto.available],
      );
      await this.deletePrices(serviceId, storeId);
      for (const price of prices) {
        await this.db.execute('INSERT INTO variation_store_price (variation_id, store_id, amount, currency) VALUES ($1, $2, $3, $4)', [
          price.variationId,
          storeId,
          price.price.amount,
          price.price.currency,
        ]);
      }
    } catch (error) {
      if (violates(error, 'fk_service_store_override_store_id')) throw CatalogErrors.storeNotFound(storeId);
      throw error;
    }
    const [row] = await this.rows(serviceId, storeId);
    const after = toResponse(serviceId, row);
    await this.audit.record({
      action: 'service.store_override.put',
      entityType: 'service',
      entityId: serviceId,
      storeId,
      before: before ? toResponse(serviceId, before) : null,
      after,
    });
    return after;
  }

  /** Back to the catalog's price and availability in this store. Idempotent. */
  @Transactional()
  async remove(actor: Actor, serviceId: string, storeId: string): Promise<void> {
    this.assertVisible(actor, storeId);
    await this.records.service(serviceId, true);
    const [before] = await this.rows(serviceId, storeId);
    if (!before) return;
    await this.deletePrices(serviceId, storeId);
    await this.db.execute('DELETE FROM service_store_override WHERE service_id = $1 AND store_id = $2', [serviceId, storeId]);
    await this.audit.record({ action: 'service.store_override.remove', entityType: 'service', entityId: serviceId, storeId, before: toResponse(serviceId, before) });
  }

  private assertVisible(actor: Actor, storeId: string): void {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw CatalogErrors.storeNotFound(storeId);
  }

  /** Each id a variation of this service (else 422 `reference.not_found`), and listed once (else 400), naming the entry. */
  private async assertVariationsOf(serviceId: string, variationIds: string[]): Promise<void> {
    if (variationIds.length === 0) return;
    const rows = await this.db.rows<{ id: string }>('SELECT id FROM service_variation WHERE service_id = $1', [serviceId]);
    const own = new Set(rows.map((row) => row.id));
    const seen = new Set<string>();
    const unknown = variationIds.flatMap((id, i) => (own.has(id.toLowerCase()) ? [] : [`prices[${i}].variationId`]));
    if (unknown.length) throw CatalogErrors.unknownReferences(unknown, 'variation of this service');
    const problems: FieldError[] = [];
    for (const [i, raw] of variationIds.entries()) {
      const id = raw.toLowerCase();
      if (seen.has(id)) problems.push({ field: `prices[${i}].variationId`, message: 'is listed twice' });
      seen.add(id);
    }
    if (problems.length) throw CatalogErrors.invalid(problems);
  }

  private deletePrices(serviceId: string, storeId: string): Promise<unknown> {
    return this.db.rows(`DELETE FROM variation_store_price WHERE store_id = $2 AND variation_id IN (SELECT id FROM service_variation WHERE service_id = $1)`, [serviceId, storeId]);
  }

  /** The service's overrides with their prices (one store's when `storeId` is given). */
  private async rows(serviceId: string, storeId?: string): Promise<OverrideRow[]> {
    return this.db.rows<OverrideRow>(
      `SELECT o.store_id AS "storeId", o.available, o.updated_at AS "updatedAt",
              coalesce((SELECT json_agg(json_build_object('variationId', p.variation_id, 'amount', p.amount::text, 'currency', p.currency)
                                        ORDER BY v.sort_order, v.id)
                          FROM variation_store_price p JOIN service_variation v ON v.id = p.variation_id
                         WHERE p.store_id = o.store_id AND v.service_id = o.service_id), '[]') AS prices
         FROM service_store_override o
        WHERE o.service_id = $1 AND ($2::uuid IS NULL OR o.store_id = $2)
        ORDER BY o.created_at, o.store_id`,
      [serviceId, storeId ?? null],
    );
  }
}
