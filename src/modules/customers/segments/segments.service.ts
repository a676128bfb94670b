import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { columnList, Db, Transactional } from '../../../common/database/index.js';
import { mapPage, paginate, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid, likePattern } from '../../../common/validation/index.js';
import { privacyFor } from '../privacy/customer-privacy.js';
import { compactCriteria } from '../search/customer-search.js';
import { assertMayFilter, CustomerSearchService, type PageRequest } from '../search/customer-search.service.js';
import type { CustomerResponseDto } from '../dto/customer-response.dto.js';
import {
  toSegmentResponse,
  type CreateSegmentDto,
  type SegmentCountResponseDto,
  type SegmentListQueryDto,
  type SegmentResponseDto,
  type UpdateSegmentDto,
} from '../dto/segment.dto.js';
import { Segment } from './segment.entity.js';
import { SegmentErrors } from './segments.errors.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';

const SEGMENT_COLUMNS = columnList<Segment>({
  id: 'id',
  name: 'name',
  description: 'description',
  criteria: 'criteria',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

/** Audit records show the segment whole, as an owner would (personal data is redacted by the audit). */
const FULL = { fullContact: true, careNotes: true, auditReads: false };

/**
 * Segments: saved customer searches. Their count and members are computed live from the criteria
 * on every call (nothing is cached or materialised), so they follow the customer book as it changes.
 * Promotions and campaigns use `memberIds()`, `isMember()` and `count()` through the module's index.
 */
@Injectable()
export class SegmentsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CustomerSearchService) private readonly customers: CustomerSearchService,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateSegmentDto): Promise<SegmentResponseDto> {
    const [row] = await this.db.rows<Segment>(`INSERT INTO segment (name, description, criteria) VALUES ($1, $2, $3) RETURNING ${SEGMENT_COLUMNS}`, [
      dto.name,
      dto.description ?? null,
      JSON.stringify(compactCriteria(dto.criteria)),
    ]);
    await this.audit.record({ action: 'segment.create', entityType: 'segment', entityId: row.id, after: toSegmentResponse(row, FULL) });
    return toSegmentResponse(row, privacyFor(actor));
  }

  async list(actor: Actor, query: SegmentListQueryDto): Promise<Page<SegmentResponseDto>> {
    const builder = this.db.repo(Segment).createQueryBuilder('segment');
    if (query.q) builder.andWhere('segment.name ILIKE :q', { q: likePattern(query.q) });
    const privacy = privacyFor(actor);
    return mapPage(await paginate(builder, query), (segment) => toSegmentResponse(segment, privacy));
  }

  async get(actor: Actor, id: string): Promise<SegmentResponseDto> {
    return toSegmentResponse(await this.find(id), privacyFor(actor));
  }

  /** Changes what is given, only if the segment is still at `expectedVersion` (If-Match): the conditional UPDATE decides. */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdateSegmentDto): Promise<SegmentResponseDto> {
    const before = await this.find(id);
    assertVersion(before, expectedVersion);
    const changes: Array<[column: string, value: unknown]> = [];
    if (dto.name !== undefined) changes.push(['name', dto.name]);
    if (dto.description !== undefined) changes.push(['description', dto.description]);
    if (dto.criteria !== undefined) changes.push(['criteria', JSON.stringify(compactCriteria(dto.criteria))]);
    if (changes.length === 0) return toSegmentResponse(before, privacyFor(actor));
    const row = await updateVersioned<Segment>(this.db, { table: 'segment', id, expectedVersion, changes, returning: SEGMENT_COLUMNS });
    await this.audit.record({ action: 'segment.update', entityType: 'segment', entityId: id, before: toSegmentResponse(before, FULL), after: toSegmentResponse(row, FULL) });
    return toSegmentResponse(row, privacyFor(actor));
  }

  /** Deletes the segment (the customers stay). Promotions that target it then find it gone (`segment.not_found`). */
  @Transactional()
  async remove(id: string): Promise<void> {
    if (!isUuid(id)) throw SegmentErrors.notFound(id);
    const [row] = await this.db.rows<Segment>(`DELETE FROM segment WHERE id = $1 RETURNING ${SEGMENT_COLUMNS}`, [id]);
    if (!row) throw SegmentErrors.notFound(id);
    await this.audit.record({ action: 'segment.delete', entityType: 'segment', entityId: id, before: toSegmentResponse(row, FULL) });
  }

  /** The live count, for GET /v1/segments/{id}/count; refused (403) when the criteria filter on what the actor sees masked. */
  async countFor(actor: Actor, id: string): Promise<SegmentCountResponseDto> {
    const segment = await this.find(id);
    assertMayFilter(privacyFor(actor), segment.criteria, true);
    return { segmentId: segment.id, count: await this.customers.count(segment.criteria), countedAt: new Date() };
  }

  /** The members, one page, with the privacy, audit and look-up limit of the search. */
  async members(actor: Actor, id: string, page: PageRequest): Promise<Page<CustomerResponseDto>> {
    const segment = await this.find(id);
    return this.customers.search(actor, segment.criteria, page, { via: 'segment', segmentId: segment.id });
  }

  // For other modules (promotions, campaigns): ids only, no personal data.

  /** How many customers are in the segment now; `segment.not_found` (404) when it does not exist. */
  async count(segmentId: string): Promise<number> {
    return this.customers.count((await this.find(segmentId)).criteria);
  }

  /** One page of the members' ids, newest customers first; pass `nextCursor` back for the next page (limit ≤ 1000). */
  async memberIds(segmentId: string, page: { cursor?: string; limit?: number } = {}): Promise<{ ids: string[]; nextCursor: string | null }> {
    const segment = await this.find(segmentId);
    return this.customers.findIds(segment.criteria, { cursor: page.cursor, limit: Math.min(Math.max(page.limit ?? 500, 1), 1000) });
  }

  /** Whether the customer is in the segment right now. */
  async isMember(segmentId: string, customerId: string): Promise<boolean> {
    const segment = await this.find(segmentId);
    return isUuid(customerId) && this.customers.matches(segment.criteria, customerId);
  }

  private async find(id: string): Promise<Segment> {
    if (!isUuid(id)) throw SegmentErrors.notFound(id);
    const [row] = await this.db.rows<Segment>(`SELECT ${SEGMENT_COLUMNS} FROM segment WHERE id = $1`, [id]);
    if (!row) throw SegmentErrors.notFound(id);
    return row;
  }
}
