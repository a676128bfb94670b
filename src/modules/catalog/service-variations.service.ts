import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { assertBusinessCurrency } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { MAX_VARIATIONS, type CatalogStatus } from './catalog-rules.js';
import { VARIATION_COLUMNS } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { StoreContextQueryDto } from './dto/common.dto.js';
import { serviceBlocksOf, toVariationResponse, type VariationResponseDto } from './dto/service-response.dto.js';
import type { CreateVariationDto, UpdateVariationDto, VariationListQueryDto } from './dto/variation.dto.js';
import { assertStoreVisible, ServiceRecords } from './service-records.js';
import type { ServiceVariation } from './service-variation.entity.js';
import type { Service } from './service.entity.js';
import type { VariationRow } from './dto/level-price.dto.js';
import { levelDurationProblems } from './level-price-rule.js';
import { effectiveTimeBlocks, timeBlockProblems } from './time-blocks.js';
import { insertVariation, overridesOf } from './variation-sql.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

/**
 * The use cases behind /v1/services/{id}/variations. Every write locks the service row first: the
 * "at least one active variation" rule and the time blocks inherited from the service are then
 * checked against a state no one else is changing.
 */
@Injectable()
export class ServiceVariationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(ServiceRecords) private readonly records: ServiceRecords,
  ) {}

  async list(actor: Actor, serviceId: string, query: VariationListQueryDto): Promise<Page<VariationResponseDto>> {
    assertStoreVisible(actor, query.storeId);
    const service = await this.records.service(serviceId);
    const [response] = await this.records.responses([service], query.storeId);
    const status = query.status ?? 'active';
    return { data: response.variations.filter((v) => status === 'all' || v.status === status), nextCursor: null };
  }

  async get(actor: Actor, serviceId: string, variationId: string, context: StoreContextQueryDto): Promise<VariationResponseDto> {
    assertStoreVisible(actor, context.storeId);
    const service = await this.records.service(serviceId);
    const variation = await this.records.variation(serviceId, variationId);
    const store = context.storeId ? (await this.records.storeContexts([serviceId], context.storeId)).get(serviceId) : null;
    return toVariationResponse(variation, serviceBlocksOf(service), store);
  }

  @Transactional()
  async create(serviceId: string, dto: CreateVariationDto): Promise<VariationResponseDto> {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['price.currency', dto.price.currency]]);
    const service = await this.records.service(serviceId, true);
    const problems = timeBlockProblems(dto.durationMinutes, serviceBlocksOf(service), overridesOf(dto.timeBlocks));
    if (problems.length) throw CatalogErrors.invalid(problems);
    const [{ count, next }] = await this.db.rows<{ count: number; next: number }>(
      `SELECT count(*)::int AS count, coalesce(max(sort_order), 0) + 10 AS next FROM service_variation WHERE service_id = $1`,
      [serviceId],
    );
    if (count >= MAX_VARIATIONS) throw CatalogErrors.tooManyVariations(MAX_VARIATIONS);
    const row = await insertVariation(this.db, serviceId, dto, dto.sortOrder ?? next);
    const created = toVariationResponse(row, serviceBlocksOf(service));
    await this.audit.record({ action: 'service_variation.create', entityType: 'service_variation', entityId: row.id, after: created });
    return created;
  }

  /** Applies the fields given if the variation is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(serviceId: string, variationId: string, expectedVersion: number, dto: UpdateVariationDto): Promise<VariationResponseDto> {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['price.currency', dto.price?.currency]]);
    const service = await this.records.service(serviceId, true);
    const before: VariationRow = await this.records.variation(serviceId, variationId);
    assertVersion(before, expectedVersion);
    const changes: Array<[string, unknown]> = [];
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.price !== undefined) changes.push(['price_amount', dto.price.amount], ['currency', dto.price.currency]);
    if (dto.sortOrder !== undefined) changes.push(['sort_order', dto.sortOrder]);
    if (dto.durationMinutes !== undefined || dto.timeBlocks !== undefined) {
      const duration = dto.durationMinutes ?? before.durationMinutes;
      const own = dto.timeBlocks === undefined ? overridesOf(before) : overridesOf(dto.timeBlocks);
      const problems = timeBlockProblems(duration, serviceBlocksOf(service), own);
      if (problems.length === 0) problems.push(...levelDurationProblems(before.levelPrices ?? [], effectiveTimeBlocks(duration, serviceBlocksOf(service), own), 'timeBlocks'));
      if (problems.length) throw CatalogErrors.invalid(problems);
      changes.push(
        ['duration_minutes', duration],
        ['active_minutes', own.activeMinutes],
        ['processing_minutes', own.processingMinutes],
        ['finishing_minutes', own.finishingMinutes],
        ['buffer_minutes', own.bufferMinutes],
      );
    }
    if (changes.length === 0) return toVariationResponse(before, serviceBlocksOf(service));
    const row = await updateVersioned<ServiceVariation>(this.db, { table: 'service_variation', id: variationId, expectedVersion, changes, returning: VARIATION_COLUMNS });
    const after = toVariationResponse(row, serviceBlocksOf(service));
    await this.audit.record({
      action: 'service_variation.update',
      entityType: 'service_variation',
      entityId: variationId,
      before: toVariationResponse(before, serviceBlocksOf(service)),
      after,
    });
    return after;
  }

  /** Refused (409) for the service's last active variation: a service always has one to sell. */
  @Transactional()
  async archive(serviceId: string, variationId: string): Promise<VariationResponseDto> {
    const service = await this.records.service(serviceId, true);
    const variation = await this.records.variation(serviceId, variationId);
    if (variation.status === 'archived') return toVariationResponse(variation, serviceBlocksOf(service));
    const [{ others }] = await this.db.rows<{ others: number }>(`SELECT count(*)::int AS others FROM service_variation WHERE service_id = $1 AND status = 'active' AND id <> $2`, [
      serviceId,
      variationId,
    ]);
    if (others === 0) throw CatalogErrors.lastActiveVariation();
    return this.setStatus(service, variation, 'archived');
  }

  @Transactional()
  async restore(serviceId: string, variationId: string): Promise<VariationResponseDto> {
    const service = await this.records.service(serviceId, true);
    const variation = await this.records.variation(serviceId, variationId);
    if (variation.status === 'active') return toVariationResponse(variation, serviceBlocksOf(service));
    return this.setStatus(service, variation, 'active');
  }

  private async setStatus(service: Service, before: ServiceVariation, status: CatalogStatus): Promise<VariationResponseDto> {
    const [row] = await this.db.rows<ServiceVariation>(
      `UPDATE service_variation SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${VARIATION_COLUMNS}`,
      [before.id, status],
    );
    await this.audit.record({
      action: status === 'archived' ? 'service_variation.archive' : 'service_variation.restore',
      entityType: 'service_variation',
      entityId: before.id,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version },
    });
    return toVariationResponse(row, serviceBlocksOf(service));
  }
}
