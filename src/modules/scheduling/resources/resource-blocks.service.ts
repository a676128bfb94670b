import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { StoresService } from '../../stores/index.js';
import { ResourceErrors } from '../scheduling.errors.js';
import {
  MAX_BLOCK_DAYS,
  toBlockResponse,
  type BlockRow,
  type CreateResourceBlockDto,
  type ResourceBlockListQueryDto,
  type ResourceBlockResponseDto,
} from './dto/resource-block.dto.js';
import { BLOCK_COLUMNS } from './resource-sql.js';
import { ResourcesService } from './resources.service.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Blocks are listed by start, then id. */
const BY_START = cursorCodec<{ start: Date; id: string }>('resource_block_start', { start: cursorParts.instant, id: cursorParts.uuid });

/**
 * When a resource is out of service (maintenance, repair). Blocks of one resource never overlap:
 * a new block is checked against the others under a lock on the resource row, so the refusal can
 * name the block in the way; the exclusion constraint `ex_resource_block_overlap` is the last word.
 */
@Injectable()
export class ResourceBlocksService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ResourcesService) private readonly resources: ResourcesService,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  /** The resource's blocks in start order, those overlapping `[from, to)` when given. */
  async list(actor: Actor, resourceId: string, query: ResourceBlockListQueryDto): Promise<Page<ResourceBlockResponseDto>> {
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.to) <= Date.parse(query.from)) {
      throw CommonErrors.validation([{ field: 'to', message: 'must be after from' }]);
    }
    await this.resources.visible(actor, resourceId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? null : BY_START.decode(query.cursor);
    const rows = await this.db.rows<BlockRow>(
      `SELECT ${BLOCK_COLUMNS} FROM resource_block
        WHERE resource_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz)
          AND ($4::timestamptz IS NULL OR (lower(during), id) > ($4::timestamptz, $5::uuid))
        ORDER BY lower(during), id LIMIT $6`,
      [resourceId, query.from ?? null, query.to ?? null, after?.start ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toBlockResponse), nextCursor: rows.length > limit && last ? BY_START.encode({ start: last.start, id: last.id }) : null };
  }

  async get(actor: Actor, resourceId: string, blockId: string): Promise<ResourceBlockResponseDto> {
    await this.resources.visible(actor, resourceId);
    return toBlockResponse(await this.find(resourceId, blockId));
  }

  @Transactional()
  async create(actor: Actor, resourceId: string, dto: CreateResourceBlockDto): Promise<ResourceBlockResponseDto> {
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    if (end <= start) throw CommonErrors.validation([{ field: 'end', message: 'must be after start' }]);
    if (end.getTime() - start.getTime() > MAX_BLOCK_DAYS * DAY_MS) {
      throw CommonErrors.validation([{ field: 'end', message: `must be at most ${MAX_BLOCK_DAYS} days after start; deactivate a resource out of service for longer` }]);
    }
    const resource = await this.resources.visible(actor, resourceId, true);
    const [other] = await this.db.rows<BlockRow>(
      `SELECT ${BLOCK_COLUMNS} FROM resource_block WHERE resource_id = $1 AND during && tstzrange($2, $3) ORDER BY lower(during), id LIMIT 1`,
      [resourceId, start, end],
    );
    if (other) throw ResourceErrors.blockOverlap(other, await this.stores.getTimeZone(resource.storeId));
    const [row] = await this.db.rows<BlockRow>(
      `INSERT INTO resource_block (resource_id, during, reason, created_by) VALUES ($1, tstzrange($2, $3), $4, $5) RETURNING ${BLOCK_COLUMNS}`,
      [resourceId, start, end, dto.reason, actor.kind === 'user' ? actor.id : null],
    );
    const block = toBlockResponse(row);
    await this.audit.record({ action: 'resource_block.create', entityType: 'resource_block', entityId: row.id, storeId: resource.storeId, after: block });
    return block;
  }

  @Transactional()
  async remove(actor: Actor, resourceId: string, blockId: string): Promise<void> {
    const resource = await this.resources.visible(actor, resourceId, true);
    if (!isUuid(blockId)) throw ResourceErrors.blockNotFound(blockId);
    const [row] = await this.db.rows<BlockRow>(`DELETE FROM resource_block WHERE id = $1 AND resource_id = $2 RETURNING ${BLOCK_COLUMNS}`, [blockId, resourceId]);
    if (!row) throw ResourceErrors.blockNotFound(blockId);
    await this.audit.record({ action: 'resource_block.delete', entityType: 'resource_block', entityId: blockId, storeId: resource.storeId, before: toBlockResponse(row) });
  }

  private async find(resourceId: string, blockId: string): Promise<BlockRow> {
    if (!isUuid(blockId)) throw ResourceErrors.blockNotFound(blockId);
    const [row] = await this.db.rows<BlockRow>(`SELECT ${BLOCK_COLUMNS} FROM resource_block WHERE id = $1 AND resource_id = $2`, [blockId, resourceId]);
    if (!row) throw ResourceErrors.blockNotFound(blockId);
    return row;
  }
}
