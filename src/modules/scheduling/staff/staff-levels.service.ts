import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import { isUuid } from '../../../common/validation/index.js';
import { StaffErrors } from '../scheduling.errors.js';
import { MAX_LEVEL_RANK, type CreateStaffLevelDto, type StaffLevelListQueryDto, type StaffLevelResponseDto, type UpdateStaffLevelDto } from './dto/staff-level.dto.js';

const LEVEL_COLUMNS = columnList<StaffLevelResponseDto>({
  id: 'id',
  code: 'code::text',
  name: 'name',
  rank: 'rank',
  status: 'status',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** Levels are listed by rank, which is unique: the cursor is the last rank of the page. */
const BY_RANK = cursorCodec<{ rank: number }>('staff_level_rank', { rank: cursorParts.int(0, MAX_LEVEL_RANK) });

/**
 * The grades of staff (/v1/staff-levels), configured by owners. Codes and ranks are unique (the
 * constraints answer 409 naming the field); levels are archived, never deleted, because staff and
 * per-level prices keep pointing at them.
 */
@Injectable()
export class StaffLevelsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(query: StaffLevelListQueryDto): Promise<Page<StaffLevelResponseDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? null : BY_RANK.decode(query.cursor).rank;
    const status = query.status ?? 'active';
    const rows = await this.db.rows<StaffLevelResponseDto>(
      `SELECT ${LEVEL_COLUMNS} FROM staff_level
        WHERE ($1::text = 'all' OR status = $1) AND ($2::int IS NULL OR rank > $2) ORDER BY rank LIMIT $3`,
      [status, after, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: rows.length > limit && last ? BY_RANK.encode({ rank: last.rank }) : null };
  }

  async get(id: string): Promise<StaffLevelResponseDto> {
    return this.find(id);
  }

  @Transactional()
  async create(dto: CreateStaffLevelDto): Promise<StaffLevelResponseDto> {
    const [level] = await this.db.rows<StaffLevelResponseDto>(`INSERT INTO staff_level (code, name, rank) VALUES ($1, $2, $3) RETURNING ${LEVEL_COLUMNS}`, [
      dto.code,
      dto.name,
      dto.rank,
    ]);
    await this.audit.record({ action: 'staff_level.create', entityType: 'staff_level', entityId: level.id, after: level });
    return level;
  }

  /** The conditional UPDATE is the arbiter between two edits sent with the same version (412 for the second). */
  @Transactional()
  async update(id: string, expectedVersion: number, dto: UpdateStaffLevelDto): Promise<StaffLevelResponseDto> {
    const before = await this.find(id);
    assertVersion(before, expectedVersion);
    const changes: Array<[string, unknown]> = [];
    if (dto.code !== undefined) changes.push(['code', dto.code]);
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.rank !== undefined) changes.push(['rank', dto.rank]);
    if (changes.length === 0) return before;
    const after = await updateVersioned<StaffLevelResponseDto>(this.db, { table: 'staff_level', id, expectedVersion, changes, returning: LEVEL_COLUMNS });
    await this.audit.record({ action: 'staff_level.update', entityType: 'staff_level', entityId: id, before, after });
    return after;
  }

  @Transactional()
  archive(id: string): Promise<StaffLevelResponseDto> {
    return this.setStatus(id, 'archived');
  }

  @Transactional()
  restore(id: string): Promise<StaffLevelResponseDto> {
    return this.setStatus(id, 'active');
  }

  /** Idempotent: archiving an archived level changes and records nothing. */
  private async setStatus(id: string, status: StaffLevelResponseDto['status']): Promise<StaffLevelResponseDto> {
    const before = await this.find(id);
    if (before.status === status) return before;
    const [after] = await this.db.rows<StaffLevelResponseDto>(
      `UPDATE staff_level SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2 RETURNING ${LEVEL_COLUMNS}`,
      [id, status],
    );
    // Someone else made the same change in between: the level is as asked.
    if (!after) return this.find(id);
    await this.audit.record({
      action: status === 'archived' ? 'staff_level.archive' : 'staff_level.restore',
      entityType: 'staff_level',
      entityId: id,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
    });
    return after;
  }

  private async find(id: string): Promise<StaffLevelResponseDto> {
    if (!isUuid(id)) throw StaffErrors.levelNotFound(id);
    const [row] = await this.db.rows<StaffLevelResponseDto>(`SELECT ${LEVEL_COLUMNS} FROM staff_level WHERE id = $1`, [id]);
    if (!row) throw StaffErrors.levelNotFound(id);
    return row;
  }
}
