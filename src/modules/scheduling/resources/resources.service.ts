import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { CatalogService } from '../../catalog/index.js';
import { ResourceErrors } from '../scheduling.errors.js';
import {
  toResourceResponse,
  type CreateResourceDto,
  type ResourceListQueryDto,
  type ResourceResponseDto,
  type ResourceStatus,
  type ResourceWarningDto,
  type ResourceWithWarningsDto,
  type UpdateResourceDto,
} from './dto/resource.dto.js';
import type { Resource } from './resource.entity.js';
import { RESOURCE_COLUMNS } from './resource-sql.js';

/**
 * Resources are listed by name (case-insensitive, as they are unique), then id across stores. The SQL
 * names `resource.name`, the citext column: a bare `name` would be the text read back, in another order.
 */
const BY_NAME = cursorCodec<{ name: string; id: string }>('resource_name', { name: cursorParts.text(/^\P{Cc}{1,80}$/u), id: cursorParts.uuid });

/**
 * A store's rooms, beds, chairs and machines (/v1/resources). Everyone at the store reads them;
 * owners and the store's managers change them. Another store's resource answers 404 as if it did
 * not exist. Deactivated, never deleted: appointments will point at them.
 */
@Injectable()
export class ResourcesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  async list(actor: Actor, query: ResourceListQueryDto): Promise<Page<ResourceResponseDto>> {
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw ResourceErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? null : BY_NAME.decode(query.cursor);
    const status = query.status ?? 'active';
    const rows = await this.db.rows<Resource>(
      `SELECT ${RESOURCE_COLUMNS} FROM resource
        WHERE ($1::uuid[] IS NULL OR store_id = ANY($1)) AND ($2::uuid IS NULL OR store_id = $2) AND ($3::text IS NULL OR type = $3)
          AND ($4::text IS NULL OR status = $4) AND ($5::citext IS NULL OR (resource.name, resource.id) > ($5::citext, $6::uuid))
        ORDER BY resource.name, resource.id LIMIT $7`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.type ?? null, status === 'all' ? null : status, after?.name ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toResourceResponse), nextCursor: rows.length > limit && last ? BY_NAME.encode({ name: last.name, id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<ResourceResponseDto> {
    return toResourceResponse(await this.visible(actor, id));
  }

  @Transactional()
  async create(actor: Actor, dto: CreateResourceDto): Promise<ResourceWithWarningsDto> {
    if (!canSeeStore(actor, dto.storeId)) throw ResourceErrors.storeNotFound(dto.storeId);
    const [row] = await this.db.rows<Resource>(`INSERT INTO resource (store_id, name, type, note) VALUES ($1, $2, $3, $4) RETURNING ${RESOURCE_COLUMNS}`, [
      dto.storeId,
      dto.name,
      dto.type,
      dto.note ?? null,
    ]);
    const created = toResourceResponse(row);
    await this.audit.record({ action: 'resource.create', entityType: 'resource', entityId: row.id, storeId: row.storeId, after: created });
    return { ...created, warnings: await this.warnings(row.type) };
  }

  /** Applies the fields given if the resource is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateResourceDto): Promise<ResourceWithWarningsDto> {
    const before = await this.visible(actor, id);
    assertVersion(before, expectedVersion);
    const changes: Array<[string, unknown]> = [];
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.type !== undefined) changes.push(['type', dto.type]);
    if (dto.note !== undefined) changes.push(['note', dto.note]);
    if (changes.length === 0) return { ...toResourceResponse(before), warnings: [] };
    const row = await updateVersioned<Resource>(this.db, { table: 'resource', id, expectedVersion, changes, returning: RESOURCE_COLUMNS });
    const after = toResourceResponse(row);
    await this.audit.record({ action: 'resource.update', entityType: 'resource', entityId: id, storeId: row.storeId, before: toResourceResponse(before), after });
    return { ...after, warnings: dto.type !== undefined && dto.type !== before.type ? await this.warnings(row.type) : [] };
  }

  /** Idempotent: the same status again changes and records nothing. */
  @Transactional()
  async setStatus(actor: Actor, id: string, status: ResourceStatus): Promise<ResourceResponseDto> {
    const before = await this.visible(actor, id);
    const [row] = await this.db.rows<Resource>(
      `UPDATE resource SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${RESOURCE_COLUMNS}`,
      [id, status],
    );
    if (!row) return toResourceResponse(await this.visible(actor, id));
    await this.audit.record({
      action: status === 'inactive' ? 'resource.deactivate' : 'resource.reactivate',
      entityType: 'resource',
      entityId: id,
      storeId: row.storeId,
      before: { status: before.status, version: before.version },
      after: { status: row.status, version: row.version },
    });
    return toResourceResponse(row);
  }

  /**
   * The resource, or `resource.not_found` (404) when there is none the actor may see. `lock` takes a
   * row lock: writes about its blocks then run one at a time, each seeing the others' blocks.
   */
  async visible(actor: Actor, id: string, lock = false): Promise<Resource> {
    if (!isUuid(id)) throw ResourceErrors.notFound(id);
    const [row] = await this.db.rows<Resource>(`SELECT ${RESOURCE_COLUMNS} FROM resource WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    if (!row || !canSeeStore(actor, row.storeId)) throw ResourceErrors.notFound(id);
    return row;
  }

  private async warnings(type: string): Promise<ResourceWarningDto[]> {
    const unused = await this.catalog.unusedResourceTypes([type]);
    return unused.map((value) => ({
      field: 'type',
      code: 'resource.type_unused',
      message: `No active service requires a "${value}": check the spelling, or give a service this resource type.`,
    }));
  }
}
