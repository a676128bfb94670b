import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import { isUuid, likePattern } from '../../common/validation/index.js';
import { CATEGORY_COLUMNS } from './catalog-sql.js';
import { CatalogErrors } from './catalog.errors.js';
import type { CatalogStatus } from './catalog-rules.js';
import {
  toCategoryResponse,
  type CreateServiceCategoryDto,
  type ServiceCategoryListQueryDto,
  type ServiceCategoryResponseDto,
  type UpdateServiceCategoryDto,
} from './dto/category.dto.js';
import type { ServiceCategory } from './service-category.entity.js';
import { cursorCodec, cursorParts } from '../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../common/http/etag.js';

/** Categories are listed in menu order: the cursor is the last row's (sort order, id). */
const MENU_ORDER = cursorCodec<{ sortOrder: number; id: string }>('menu_order', { sortOrder: cursorParts.int(), id: cursorParts.uuid });

/** The use cases behind /v1/service-categories. Categories belong to the business, not to a store. */
@Injectable()
export class ServiceCategoriesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Transactional()
  async create(dto: CreateServiceCategoryDto): Promise<ServiceCategoryResponseDto> {
    const [row] = await this.db.rows<ServiceCategory>(`INSERT INTO service_category (code, name, description, sort_order) VALUES ($1, $2, $3, $4) RETURNING ${CATEGORY_COLUMNS}`, [
      dto.code,
      dto.name,
      dto.description ?? null,
      dto.sortOrder ?? 0,
    ]);
    const category = toCategoryResponse(row);
    await this.audit.record({ action: 'service_category.create', entityType: 'service_category', entityId: category.id, after: category });
    return category;
  }

  async get(id: string): Promise<ServiceCategoryResponseDto> {
    return toCategoryResponse(await this.find(id));
  }

  /** In menu order (sort order, then id), active ones unless `status` says otherwise. */
  async list(query: ServiceCategoryListQueryDto): Promise<Page<ServiceCategoryResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const status = query.status ?? 'active';
    if (status !== 'all') where.push(`status = $${params.push(status)}`);
    if (query.q) where.push(`(name ILIKE $${params.push(likePattern(query.q))} OR code ILIKE $${params.length})`);
    if (query.cursor) {
      const after = MENU_ORDER.decode(query.cursor);
      where.push(`(sort_order, id) > ($${params.push(after.sortOrder)}, $${params.push(after.id)}::uuid)`);
    }
    const rows = await this.db.rows<ServiceCategory>(
      `SELECT ${CATEGORY_COLUMNS} FROM service_category ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY sort_order, id LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toCategoryResponse), nextCursor: rows.length > limit && last ? MENU_ORDER.encode(last) : null };
  }

  /** Applies the fields given, only if the category is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(id: string, expectedVersion: number, dto: UpdateServiceCategoryDto): Promise<ServiceCategoryResponseDto> {
    const before = await this.find(id);
    assertVersion(before, expectedVersion);
    const changes: Array<[string, unknown]> = [];
    if (dto.code !== undefined) changes.push(['code', dto.code]);
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.description !== undefined) changes.push(['description', dto.description]);
    if (dto.sortOrder !== undefined) changes.push(['sort_order', dto.sortOrder]);
    if (changes.length === 0) return toCategoryResponse(before);
    const row = await updateVersioned<ServiceCategory>(this.db, { table: 'service_category', id, expectedVersion, changes, returning: CATEGORY_COLUMNS });
    const after = toCategoryResponse(row);
    await this.audit.record({ action: 'service_category.update', entityType: 'service_category', entityId: id, before: toCategoryResponse(before), after });
    return after;
  }

  @Transactional()
  archive(id: string): Promise<ServiceCategoryResponseDto> {
    return this.setStatus(id, 'archived');
  }

  @Transactional()
  restore(id: string): Promise<ServiceCategoryResponseDto> {
    return this.setStatus(id, 'active');
  }

  /** Idempotent: archiving an archived category changes and records nothing. Its services stay as they are. */
  private async setStatus(id: string, status: CatalogStatus): Promise<ServiceCategoryResponseDto> {
    const before = await this.find(id);
    if (before.status === status) return toCategoryResponse(before);
    const [row] = await this.db.rows<ServiceCategory>(
      `UPDATE service_category SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${CATEGORY_COLUMNS}`,
      [id, status],
    );
    if (!row) return toCategoryResponse(await this.find(id));
    await this.audit.record({
      action: status === 'archived' ? 'service_category.archive' : 'service_category.restore',
      entityType: 'service_category',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version },
    });
    return toCategoryResponse(row);
  }

  private async find(id: string): Promise<ServiceCategory> {
    if (!isUuid(id)) throw CatalogErrors.categoryNotFound(id);
    const [row] = await this.db.rows<ServiceCategory>(`SELECT ${CATEGORY_COLUMNS} FROM service_category WHERE id = $1`, [id]);
    if (!row) throw CatalogErrors.categoryNotFound(id);
    return row;
  }
}
