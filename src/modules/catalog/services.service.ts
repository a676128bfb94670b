import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { type FieldError } from '../../common/errors/index.js';
import { paginate, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { assertBusinessCurrency } from '../../common/money/index.js';
import { likePattern } from '../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import type { CatalogStatus } from './catalog-rules.js';
import { SERVICE_COLUMNS } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { ServiceResponseDto } from './dto/service-response.dto.js';
import type { CreateServiceDto, ServiceListQueryDto, ServiceTimeBlocksDto, UpdateServiceDto } from './dto/service.dto.js';
import type { StoreContextQueryDto } from './dto/common.dto.js';
import { assertStoreVisible, ServiceRecords } from './service-records.js';
import { insertVariation, overridesOf } from './variation-sql.js';
import { Service } from './service.entity.js';
import type { VariationRow } from './dto/level-price.dto.js';
import { levelDurationProblems } from './level-price-rule.js';
import { effectiveTimeBlocks, timeBlockProblems, type ServiceTimeBlocks } from './time-blocks.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

function blocksOf(dto: ServiceTimeBlocksDto | undefined): ServiceTimeBlocks {
  return { processingMinutes: dto?.processingMinutes ?? 0, finishingMinutes: dto?.finishingMinutes ?? 0, bufferMinutes: dto?.bufferMinutes ?? 0 };
}

/** Services can be booked online when active, bookable online and (in a store) not switched off there. */
const BOOKABLE = `(service.bookable_online AND service.status = 'active' AND NOT EXISTS (
  SELECT 1 FROM service_store_override o WHERE o.service_id = service.id AND o.store_id = :storeId AND NOT o.available))`;

/** The use cases behind /v1/services (variations: ServiceVariationsService). */
@Injectable()
export class ServicesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(ServiceRecords) private readonly records: ServiceRecords,
  ) {}

  /** A service and its first variations, in one transaction: a service is never without one. */
  @Transactional()
  async create(dto: CreateServiceDto): Promise<ServiceResponseDto> {
    assertBusinessCurrency(
      this.config.BUSINESS_CURRENCY,
      dto.variations.map((v, i) => [`variations[${i}].price.currency`, v.price.currency]),
    );
    const blocks = blocksOf(dto.timeBlocks);
    const problems = dto.variations.flatMap((variation, i) => timeBlockProblems(variation.durationMinutes, blocks, overridesOf(variation.timeBlocks), `variations[${i}].`));
    if (problems.length) throw CatalogErrors.invalid(problems);
    await this.records.assertUsableCategory(dto.categoryId);
    const [row] = await this.db.rows<Service>(
      `INSERT INTO service (category_id, name, description, target_audience, audience_tags, bookable_online, skill, resource_type,
       processing_minutes, finishing_minutes, buffer_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${SERVICE_COLUMNS}`,
      [
        dto.categoryId,
        dto.name,
        dto.description ?? null,
        dto.targetAudience ?? null,
        dto.audienceTags ?? [],
        dto.bookableOnline ?? true,
        dto.skill,
        dto.resourceType ?? null,
        blocks.processingMinutes,
        blocks.finishingMinutes,
        blocks.bufferMinutes,
      ],
    );
    for (const [i, variation] of dto.variations.entries()) {
      await insertVariation(this.db, row.id, variation, variation.sortOrder ?? (i + 1) * 10);
    }
    const [created] = await this.records.responses([row]);
    await this.audit.record({ action: 'service.create', entityType: 'service', entityId: row.id, after: created });
    return created;
  }

  async get(actor: Actor, id: string, context: StoreContextQueryDto): Promise<ServiceResponseDto> {
    assertStoreVisible(actor, context.storeId);
    return this.records.response(id, context.storeId);
  }

  /** Newest first; active services unless `status` says otherwise. Three queries per page. */
  async list(actor: Actor, query: ServiceListQueryDto): Promise<Page<ServiceResponseDto>> {
    assertStoreVisible(actor, query.storeId);
    const builder = this.db.repo(Service).createQueryBuilder('service');
    const status = query.status ?? 'active';
    if (status !== 'all') builder.andWhere('service.status = :status', { status });
    if (query.categoryId) builder.andWhere('service.categoryId = :categoryId', { categoryId: query.categoryId });
    if (query.q) builder.andWhere('service.name ILIKE :q', { q: likePattern(query.q) });
    if (query.bookable !== undefined) {
      // Without a store, no override row matches the NULL store id: only the service's own flags count.
      builder.andWhere(query.bookable ? BOOKABLE : `NOT ${BOOKABLE}`, { storeId: query.storeId ?? null });
    }
    const page = await paginate(builder, query);
    return { data: await this.records.responses(page.data, query.storeId), nextCursor: page.nextCursor };
  }

  /**
   * Applies the fields given if the service is still at `expectedVersion`. The row is locked first,
   * so new default time blocks are checked against exactly the variations they will apply to.
   */
  @Transactional()
  async update(id: string, expectedVersion: number, dto: UpdateServiceDto): Promise<ServiceResponseDto> {
    const before = await this.records.service(id, true);
    assertVersion(before, expectedVersion);
    const changes: Array<[string, unknown]> = [];
    if (dto.categoryId !== undefined && dto.categoryId !== before.categoryId) {
      await this.records.assertUsableCategory(dto.categoryId);
      changes.push(['category_id', dto.categoryId]);
    }
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.description !== undefined) changes.push(['description', dto.description]);
    if (dto.targetAudience !== undefined) changes.push(['target_audience', dto.targetAudience]);
    if (dto.audienceTags !== undefined) changes.push(['audience_tags', dto.audienceTags]);
    if (dto.bookableOnline !== undefined) changes.push(['bookable_online', dto.bookableOnline]);
    if (dto.skill !== undefined) changes.push(['skill', dto.skill]);
    if (dto.resourceType !== undefined) changes.push(['resource_type', dto.resourceType]);
    if (dto.timeBlocks !== undefined) {
      const blocks = blocksOf(dto.timeBlocks);
      await this.assertVariationsFit(id, blocks);
      changes.push(['processing_minutes', blocks.processingMinutes], ['finishing_minutes', blocks.finishingMinutes], ['buffer_minutes', blocks.bufferMinutes]);
    }
    if (changes.length === 0) return this.records.response(id);
    const row = await updateVersioned<Service>(this.db, { table: 'service', id, expectedVersion, changes, returning: SERVICE_COLUMNS });
    await this.audit.record({ action: 'service.update', entityType: 'service', entityId: id, before, after: row });
    const [after] = await this.records.responses([row]);
    return after;
  }

  @Transactional()
  archive(id: string): Promise<ServiceResponseDto> {
    return this.setStatus(id, 'archived');
  }

  @Transactional()
  restore(id: string): Promise<ServiceResponseDto> {
    return this.setStatus(id, 'active');
  }

  /** Idempotent, like stores: the same status again changes and records nothing. */
  private async setStatus(id: string, status: CatalogStatus): Promise<ServiceResponseDto> {
    const before = await this.records.service(id);
    if (before.status === status) return this.records.response(id);
    const [row] = await this.db.rows<Service>(
      `UPDATE service SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${SERVICE_COLUMNS}`,
      [id, status],
    );
    if (!row) return this.records.response(id);
    await this.audit.record({
      action: status === 'archived' ? 'service.archive' : 'service.restore',
      entityType: 'service',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version },
    });
    const [after] = await this.records.responses([row]);
    return after;
  }

  /** New service defaults must leave every variation consistent (archived ones too: they may be restored). */
  private async assertVariationsFit(serviceId: string, blocks: ServiceTimeBlocks): Promise<void> {
    const variations = (await this.records.variationsOf([serviceId])).get(serviceId) ?? [];
    const problems: FieldError[] = [];
    for (const variation of variations as VariationRow[]) {
      const own = overridesOf(variation);
      const [message] = [
        ...timeBlockProblems(variation.durationMinutes, blocks, own).map((problem) => `${problem.field} ${problem.message}`),
        // A level's own duration keeps the variation's processing and finishing: they must still leave it active work.
        ...levelDurationProblems(variation.levelPrices ?? [], effectiveTimeBlocks(variation.durationMinutes, blocks, own), 'timeBlocks').map((problem) => problem.message),
      ];
      if (message) problems.push({ field: 'timeBlocks', message: `variation "${variation.name}" (${variation.id}): ${message}` });
    }
    if (problems.length) throw CatalogErrors.invalid(problems);
  }
}
