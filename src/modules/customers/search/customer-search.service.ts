import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { customerCsvStream, customerXlsxStream, exportFileName } from './customer-csv-export.js';
import { privacyFor, type CustomerPrivacy } from '../privacy/customer-privacy.js';
import { CustomerLookupLimiter } from './customer-lookup-limiter.js';
import { afterCursorCondition, compactCriteria, criteriaConditions, hiddenCriteria, SqlParams, type CustomerCriteria } from './customer-search.js';
import { CustomerSearchErrors } from './customer-search.errors.js';
import { CUSTOMER_COLUMNS } from '../profile/customer-sql.js';
import type { Customer } from '../profile/customer.entity.js';
import { toCustomerResponse, type CustomerResponseDto } from '../dto/customer-response.dto.js';

/** Rows per query of the CSV export: big enough to be quick, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 2000;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/**
 * The customer search behind GET /v1/customers, the CSV export and segments. Reads run straight on
 * the pool (no transaction): each is one query. Full reads by API keys with `customers:pii` are
 * audited: one `customer.read_pii` row per customer returned (so the audit of one customer,
 * `?entityType=customer&entityId=…`, lists every key that read it), written before the data leaves.
 */
@Injectable()
export class CustomerSearchService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CustomerLookupLimiter) private readonly limiter: CustomerLookupLimiter,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Today in the business's zone: the date ages are counted on and exports are named after. */
  private today(): string {
    return this.clock.today(this.config.BUSINESS_TIME_ZONE);
  }

  /**
   * One page of the customers matching `criteria`, newest first, as `actor` may see them: filters on
   * what the actor sees masked answer 403, and each page counts against the actor's look-up limit.
   */
  async search(actor: Actor, criteria: CustomerCriteria, page: PageRequest, via: Record<string, string> = { via: 'search' }): Promise<Page<CustomerResponseDto>> {
    const privacy = privacyFor(actor);
    assertMayFilter(privacy, criteria, via.segmentId !== undefined);
    await this.limiter.take(actor);
    const rows = await this.findPage(criteria, page);
    const data = rows.data.map((row) => toCustomerResponse(row, privacy));
    await this.auditFullReads(
      privacy,
      data.map((customer) => customer.id),
      via,
    );
    return { data, nextCursor: rows.nextCursor };
  }

  /** The matching customers' rows, one keyset page (newest first). */
  private async findPage(criteria: CustomerCriteria, page: PageRequest): Promise<Page<Customer>> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.select(criteria, page.cursor ? decodeCursor(page.cursor) : undefined, limit + 1);
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
  }

  /** How many customers match, counted now. */
  async count(criteria: CustomerCriteria): Promise<number> {
    const params = new SqlParams();
    const where = criteriaConditions(criteria, this.today(), params);
    const [row] = await this.db.rows<{ count: number }>(`SELECT count(*)::int AS count FROM customer WHERE ${where.join(' AND ')}`, params.values);
    return row.count;
  }

  /** The ids of one page of matching customers (newest first), for other modules (segments → promotions). */
  async findIds(criteria: CustomerCriteria, page: PageRequest): Promise<{ ids: string[]; nextCursor: string | null }> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const params = new SqlParams();
    const where = criteriaConditions(criteria, this.today(), params);
    if (page.cursor) where.push(afterCursorCondition(decodeCursor(page.cursor), params));
    const rows = await this.db.rows<{ id: string; createdAt: Date }>(
      `SELECT id, created_at AS "createdAt" FROM customer WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit + 1)}`,
      params.values,
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { ids: data.map((row) => row.id), nextCursor: rows.length > limit && last ? cursorOf(last) : null };
  }

  /** Whether this customer matches `criteria` now. */
  async matches(criteria: CustomerCriteria, customerId: string): Promise<boolean> {
    const params = new SqlParams();
    const where = criteriaConditions(criteria, this.today(), params);
    const rows = await this.db.rows<unknown>(`SELECT 1 FROM customer WHERE id = ${params.add(customerId)}::uuid AND ${where.join(' AND ')}`, params.values);
    return rows.length > 0;
  }

  /**
   * The export (CSV or .xlsx): recorded in the audit log (who, which criteria, masked or not) before the first
   * byte leaves, then streamed in keyset batches of EXPORT_BATCH_SIZE. The first batch is read
   * before the response starts, so a failure there still answers a problem, not a cut file.
   */
  async export(actor: Actor, criteria: CustomerCriteria, format: 'csv' | 'xlsx' = 'csv'): Promise<{ fileName: string; stream: Readable }> {
    const privacy = privacyFor(actor);
    assertMayFilter(privacy, criteria);
    await this.limiter.take(actor);
    const today = this.today();
    await this.db.transaction(() =>
      this.audit.record({
        action: 'customer.export',
        entityType: 'customer_export',
        entityId: randomUUID(),
        after: { criteria: compactCriteria(criteria), fullContact: privacy.fullContact, format },
      }),
    );
    let position: { createdAt: string; id: string } | undefined;
    let done = false;
    const nextBatch = async (): Promise<CustomerResponseDto[]> => {
      if (done) return [];
      const rows = await this.select(criteria, position, EXPORT_BATCH_SIZE, today);
      done = rows.length < EXPORT_BATCH_SIZE;
      const last = rows[rows.length - 1];
      if (last) position = { createdAt: last.createdAt.toISOString(), id: last.id };
      return rows.map((row) => toCustomerResponse(row, privacy));
    };
    const first = await nextBatch();
    const stream = format === 'xlsx' ? customerXlsxStream(first, nextBatch) : customerCsvStream(first, nextBatch);
    return { fileName: exportFileName(today, format), stream };
  }

  /** `customer.read_pii` for each customer an API key read in full (privacy.auditReads). */
  private async auditFullReads(privacy: CustomerPrivacy, customerIds: string[], context: Record<string, string>): Promise<void> {
    if (!privacy.auditReads || customerIds.length === 0) return;
    await this.db.transaction(async () => {
      for (const id of customerIds) await this.audit.record({ action: 'customer.read_pii', entityType: 'customer', entityId: id, after: context });
    });
  }

  private async select(criteria: CustomerCriteria, after: { createdAt: string; id: string } | undefined, limit: number, today = this.today()): Promise<Customer[]> {
    const params = new SqlParams();
    const where = criteriaConditions(criteria, today, params);
    if (after) where.push(afterCursorCondition(after, params));
    return this.db.rows<Customer>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit)}`,
      params.values,
    );
  }
}

/** Refuses (403) criteria that filter on what `privacy` masks, naming them as the caller wrote them (`criteria.…` in a segment). */
export function assertMayFilter(privacy: CustomerPrivacy, criteria: CustomerCriteria, inSegment = false): void {
  const errors = hiddenCriteria(criteria, privacy, inSegment ? 'criteria.' : '');
  if (errors.length > 0) throw CustomerSearchErrors.filterNotAllowed(errors, inSegment);
}

function cursorOf(row: { createdAt: Date; id: string }): string {
  return encodeCursor({ createdAt: row.createdAt.toISOString(), id: row.id });
}
