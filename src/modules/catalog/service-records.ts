import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../common/auth/index.js';
import { Db } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { isUuid } from '../../common/validation/index.js';
import { CatalogErrors } from './catalog.errors.js';
import { CATEGORY_COLUMNS, SERVICE_COLUMNS, VARIATION_COLUMNS } from './catalog-sql.js';
import { toServiceResponse, type ServiceResponseDto, type StoreContext } from './dto/service-response.dto.js';
import type { ServiceCategory } from './service-category.entity.js';
import type { ServiceVariation } from './service-variation.entity.js';
import type { Service } from './service.entity.js';

/**
 * Reads shared by the service and variation use cases: a service (optionally locked), its
 * variations, a store's overrides, and whole responses for a page of services in three queries.
 */
@Injectable()
export class ServiceRecords {
  constructor(@Inject(Db) private readonly db: Db) {}

  /**
   * The service, or `service.not_found`. `lock` takes a row lock so that writes about its
   * variations (archiving the last active one, replacing a store's prices) run one at a time.
   */
  async service(id: string, lock = false): Promise<Service> {
    if (!isUuid(id)) throw CatalogErrors.serviceNotFound(id);
    const [row] = await this.db.rows<Service>(`SELECT ${SERVICE_COLUMNS} FROM service WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row) throw CatalogErrors.serviceNotFound(id);
    return row;
  }

  async variation(serviceId: string, variationId: string, lock = false): Promise<ServiceVariation> {
    if (!isUuid(variationId)) throw CatalogErrors.variationNotFound(variationId);
    const [row] = await this.db.rows<ServiceVariation>(`SELECT ${VARIATION_COLUMNS} FROM service_variation WHERE id = $1 AND service_id = $2${lock ? ' FOR UPDATE' : ''}`, [
      variationId,
      serviceId,
    ]);
    if (!row) throw CatalogErrors.variationNotFound(variationId);
    return row;
  }

  /** Variations of each service, in their order. */
  async variationsOf(serviceIds: string[]): Promise<Map<string, ServiceVariation[]>> {
    const byService = new Map<string, ServiceVariation[]>(serviceIds.map((id) => [id, []]));
    if (serviceIds.length === 0) return byService;
    const rows = await this.db.rows<ServiceVariation>(`SELECT ${VARIATION_COLUMNS} FROM service_variation WHERE service_id = ANY($1::uuid[]) ORDER BY sort_order, created_at, id`, [
      serviceIds,
    ]);
    for (const row of rows) byService.get(row.serviceId)!.push(row);
    return byService;
  }

  /** One store's availability and prices for each service (defaults where it overrides nothing). */
  async storeContexts(serviceIds: string[], storeId: string): Promise<Map<string, StoreContext>> {
    const contexts = new Map<string, StoreContext>(serviceIds.map((id) => [id, { storeId, available: true, prices: new Map() }]));
    if (serviceIds.length === 0) return contexts;
    const rows = await this.db.rows<{ serviceId: string; variationId: string | null; amount: string | null; available: boolean | null }>(
      `SELECT o.service_id AS "serviceId", NULL AS "variationId", NULL AS amount, o.available
         FROM service_store_override o WHERE o.store_id = $2 AND o.service_id = ANY($1::uuid[])
       UNION ALL
       SELECT v.service_id, p.variation_id, p.amount::text, NULL
         FROM variation_store_price p JOIN service_variation v ON v.id = p.variation_id
        WHERE p.store_id = $2 AND v.service_id = ANY($1::uuid[])`,
      [serviceIds, storeId],
    );
    for (const row of rows) {
      const context = contexts.get(row.serviceId)!;
      if (row.variationId && row.amount !== null) context.prices.set(row.variationId, row.amount);
      else if (row.available !== null) context.available = row.available;
    }
    return contexts;
  }

  /** Full responses for these services, in the order given. */
  async responses(services: Service[], storeId?: string): Promise<ServiceResponseDto[]> {
    const ids = services.map((service) => service.id);
    const [variations, contexts] = await Promise.all([this.variationsOf(ids), storeId ? this.storeContexts(ids, storeId) : Promise.resolve(undefined)]);
    return services.map((service) => toServiceResponse(service, variations.get(service.id) ?? [], contexts?.get(service.id)));
  }

  async response(serviceId: string, storeId?: string): Promise<ServiceResponseDto> {
    const [response] = await this.responses([await this.service(serviceId)], storeId);
    return response;
  }

  /** The category a service may be put in: existing and active, else a 400 naming `field`. */
  async assertUsableCategory(categoryId: string, field = 'categoryId'): Promise<void> {
    const [row] = await this.db.rows<Pick<ServiceCategory, 'id' | 'status'>>(`SELECT ${CATEGORY_COLUMNS} FROM service_category WHERE id = $1 FOR SHARE`, [categoryId]);
    if (!row) throw CatalogErrors.unknownCategory(field);
    if (row.status !== 'active') throw CatalogErrors.archivedCategory(field);
  }
}

/**
 * A store context the actor may ask for: another store's id answers 404 like a missing store.
 * (The catalog does not read the stores module's tables: an unknown id the actor could see reads
 * as a store without overrides.)
 */
export function assertStoreVisible(actor: Actor, storeId: string | undefined): void {
  if (storeId !== undefined && (!isUuid(storeId) || !canSeeStore(actor, storeId))) throw CatalogErrors.storeNotFound(storeId);
}
