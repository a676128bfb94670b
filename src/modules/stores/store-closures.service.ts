import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore } from '../../common/auth/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import { sortIntervals, type WeeklyHours } from './business-hours.js';
import { toClosureResponse, type ClosureListQueryDto, type ClosureResponseDto, type CreateClosureDto } from './dto/closure.dto.js';
import type { OpeningHoursQueryDto, OpeningHoursResponseDto } from './dto/opening-hours.dto.js';
import { computeOpeningHours, MAX_OPENING_HOURS_DAYS } from './opening-hours.js';
import type { StoreClosure } from './store-closure.entity.js';
import { isUuid } from '../../common/validation/index.js';
import { CLOSURE_COLUMNS } from './store-sql.js';
import { StoreErrors } from './stores.errors.js';
import { daysBetween } from '../../common/clock/index.js';
import { cursorCodec, cursorParts } from '../../common/http/cursor.js';

/** Closures and special hours of a store, and the opening hours they produce. */
@Injectable()
export class StoreClosuresService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** In date order; the cursor is the last date of the page (one entry per date, so it is a key). */
  async list(actor: Actor, storeId: string, query: ClosureListQueryDto): Promise<Page<ClosureResponseDto>> {
    await this.findStore(actor, storeId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_DATE.decode(query.cursor).date;
    const rows = await this.db.rows<StoreClosure>(
      `SELECT ${CLOSURE_COLUMNS} FROM store_closure
        WHERE store_id = $1 AND ($2::date IS NULL OR date >= $2) AND ($3::date IS NULL OR date <= $3) AND ($4::date IS NULL OR date > $4)
        ORDER BY date LIMIT $5`,
      [storeId, query.from ?? null, query.to ?? null, after ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toClosureResponse), nextCursor: rows.length > limit && last ? BY_DATE.encode({ date: last.date }) : null };
  }

  @Transactional()
  async create(actor: Actor, storeId: string, dto: CreateClosureDto): Promise<ClosureResponseDto> {
    await this.findStore(actor, storeId);
    const intervals = dto.kind === 'closed' ? [] : sortIntervals(dto.intervals ?? []);
    const [row] = await this.db.rows<StoreClosure>(`INSERT INTO store_closure (store_id, date, kind, intervals, reason) VALUES ($1, $2, $3, $4, $5) RETURNING ${CLOSURE_COLUMNS}`, [
      storeId,
      dto.date,
      dto.kind,
      JSON.stringify(intervals),
      dto.reason,
    ]);
    const closure = toClosureResponse(row);
    await this.audit.record({ action: 'store_closure.create', entityType: 'store_closure', entityId: closure.id, storeId, after: closure });
    return closure;
  }

  @Transactional()
  async remove(actor: Actor, storeId: string, closureId: string): Promise<void> {
    await this.findStore(actor, storeId);
    if (!isUuid(closureId)) throw StoreErrors.closureNotFound(closureId);
    const [row] = await this.db.rows<StoreClosure>(`DELETE FROM store_closure WHERE id = $1 AND store_id = $2 RETURNING ${CLOSURE_COLUMNS}`, [closureId, storeId]);
    if (!row) throw StoreErrors.closureNotFound(closureId);
    await this.audit.record({ action: 'store_closure.delete', entityType: 'store_closure', entityId: closureId, storeId, before: toClosureResponse(row) });
  }

  async openingHours(actor: Actor, storeId: string, query: OpeningHoursQueryDto): Promise<OpeningHoursResponseDto> {
    const span = daysBetween(query.from, query.to);
    if (span < 0) throw StoreErrors.rangeReversed();
    if (span + 1 > MAX_OPENING_HOURS_DAYS) throw StoreErrors.rangeTooLong(MAX_OPENING_HOURS_DAYS);
    const store = await this.findStore(actor, storeId);
    const overrides = await this.db.rows<StoreClosure>(`SELECT ${CLOSURE_COLUMNS} FROM store_closure WHERE store_id = $1 AND date BETWEEN $2 AND $3`, [
      storeId,
      query.from,
      query.to,
    ]);
    const days = computeOpeningHours({ from: query.from, to: query.to, timeZone: store.timeZone, weekly: store.businessHours, overrides });
    return { storeId, timeZone: store.timeZone, days };
  }

  private async findStore(actor: Actor, storeId: string): Promise<{ timeZone: string; businessHours: WeeklyHours }> {
    if (!isUuid(storeId) || !canSeeStore(actor, storeId)) throw StoreErrors.notFound(storeId);
    const [row] = await this.db.rows<{ timeZone: string; businessHours: WeeklyHours }>(
      `SELECT time_zone AS "timeZone", business_hours AS "businessHours" FROM store WHERE id = $1`,
      [storeId],
    );
    if (!row) throw StoreErrors.notFound(storeId);
    return row;
  }
}

/** Closures are listed by date, one per date: the cursor is the last date. */
const BY_DATE = cursorCodec<{ date: string }>('closure_date', { date: cursorParts.date });
