import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { assertBusinessCurrency } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { mapPage, paginate, type Page } from '../../common/http/pagination.js';
import { toStoreResponse, type CreateStoreDto, type StoreListQueryDto, type StoreResponseDto, type UpdateStoreDto } from './dto/store.dto.js';
import { Store } from './store.entity.js';
import { isUuid, likePattern } from '../../common/validation/index.js';
import { DEFAULT_EXPIRY_WARNING_DAYS } from './dto/store.dto.js';
import { quietHoursColumns, STORE_COLUMNS, toStoreAddress, toWeeklyHours } from './store-sql.js';
import { StoreErrors } from './stores.errors.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

/** The store use cases behind /v1/stores. A store the actor may not see is "not found". */
@Injectable()
export class StoreManagementService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async create(dto: CreateStoreDto): Promise<StoreResponseDto> {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['currency', dto.currency]]);
    const [row] = await this.db.rows<Store>(
      `INSERT INTO store (code, name, address, phone, email, time_zone, currency, business_hours, quiet_hours_start, quiet_hours_end, expiry_warning_days)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${STORE_COLUMNS}`,
      [
        dto.code,
        dto.name,
        JSON.stringify(toStoreAddress(dto.address)),
        dto.phone,
        dto.email ?? null,
        dto.timeZone,
        this.config.BUSINESS_CURRENCY,
        JSON.stringify(toWeeklyHours(dto.businessHours)),
        ...quietHoursColumns(dto.quietHours),
        dto.expiryWarningDays ?? DEFAULT_EXPIRY_WARNING_DAYS,
      ],
    );
    const store = toStoreResponse(row);
    await this.audit.record({ action: 'store.create', entityType: 'store', entityId: store.id, storeId: store.id, after: store });
    return store;
  }

  /**
   * The benchmark read (DESIGN §7): visibility is decided from the token's store ids in memory,
   * then exactly one primary-key query. No audit, no other lookups.
   */
  async get(actor: Actor, id: string): Promise<StoreResponseDto> {
    if (!isUuid(id) || !canSeeStore(actor, id)) throw StoreErrors.notFound(id);
    const [row] = await this.db.rows<Store>(`SELECT ${STORE_COLUMNS} FROM store WHERE id = $1`, [id]);
    if (!row) throw StoreErrors.notFound(id);
    return toStoreResponse(row);
  }

  async list(actor: Actor, query: StoreListQueryDto): Promise<Page<StoreResponseDto>> {
    const visible = visibleStoreIds(actor);
    const builder = this.db.repo(Store).createQueryBuilder('store');
    if (visible !== 'all') {
      const ids = visible.filter(isUuid);
      if (ids.length === 0) return { data: [], nextCursor: null };
      builder.andWhere('store.id IN (:...ids)', { ids });
    }
    if (query.status) builder.andWhere('store.status = :status', { status: query.status });
    if (query.q) builder.andWhere(`(store.code ILIKE :q OR store.name ILIKE :q)`, { q: likePattern(query.q) });
    return mapPage(await paginate(builder, query), toStoreResponse);
  }

  /**
   * Applies the fields given, only if the store is still at `expectedVersion` (If-Match). The
   * conditional UPDATE is the arbiter: of two PATCHes sent with the same version, one matches and
   * the other finds no row and answers 412.
   */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateStoreDto): Promise<StoreResponseDto> {
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['currency', dto.currency]]);
    const before = await this.findVisible(actor, id);
    assertVersion(before, expectedVersion);

    const changes: Array<[column: string, value: unknown]> = [];
    if (dto.code !== undefined) changes.push(['code', dto.code]);
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.address !== undefined) changes.push(['address', JSON.stringify(toStoreAddress(dto.address))]);
    if (dto.phone !== undefined) changes.push(['phone', dto.phone]);
    if (dto.email !== undefined) changes.push(['email', dto.email]);
    if (dto.timeZone !== undefined) changes.push(['time_zone', dto.timeZone]);
    if (dto.businessHours !== undefined) changes.push(['business_hours', JSON.stringify(toWeeklyHours(dto.businessHours))]);
    if (dto.quietHours !== undefined) {
      const [start, end] = quietHoursColumns(dto.quietHours);
      changes.push(['quiet_hours_start', start], ['quiet_hours_end', end]);
    }
    if (dto.expiryWarningDays !== undefined) changes.push(['expiry_warning_days', dto.expiryWarningDays]);
    if (changes.length === 0) return toStoreResponse(before);

    const row = await updateVersioned<Store>(this.db, { table: 'store', id, expectedVersion, changes, returning: STORE_COLUMNS });
    const after = toStoreResponse(row);
    await this.audit.record({ action: 'store.update', entityType: 'store', entityId: id, storeId: id, before: toStoreResponse(before), after });
    return after;
  }

  @Transactional()
  archive(actor: Actor, id: string): Promise<StoreResponseDto> {
    return this.setStatus(actor, id, 'archived');
  }

  @Transactional()
  restore(actor: Actor, id: string): Promise<StoreResponseDto> {
    return this.setStatus(actor, id, 'active');
  }

  /** Idempotent: archiving an archived store changes nothing and records nothing. */
  private async setStatus(actor: Actor, id: string, status: Store['status']): Promise<StoreResponseDto> {
    const before = await this.findVisible(actor, id);
    if (before.status === status) return toStoreResponse(before);
    const [row] = await this.db.rows<Store>(`UPDATE store SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${STORE_COLUMNS}`, [
      id,
      status,
    ]);
    // Someone else made the same change in between: the store is as asked.
    if (!row) return toStoreResponse(await this.findVisible(actor, id));
    const after = toStoreResponse(row);
    await this.audit.record({
      action: status === 'archived' ? 'store.archive' : 'store.restore',
      entityType: 'store',
      entityId: id,
      storeId: id,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
    });
    return after;
  }

  private async findVisible(actor: Actor, id: string): Promise<Store> {
    if (!isUuid(id) || !canSeeStore(actor, id)) throw StoreErrors.notFound(id);
    const [row] = await this.db.rows<Store>(`SELECT ${STORE_COLUMNS} FROM store WHERE id = $1`, [id]);
    if (!row) throw StoreErrors.notFound(id);
    return row;
  }
}
