import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db } from '../../../common/database/index.js';
import { DEFAULT_PAGE_SIZE } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { privacyFor } from '../privacy/customer-privacy.js';
import { findCustomer, historyIds } from '../profile/customer-rows.js';
import { CustomerTimeline } from './customer-timeline.js';
import { toCustomerResponse } from '../dto/customer-response.dto.js';
import {
  toTimelineEntryDto,
  type ConsentEventResponseDto,
  type CustomerExportDto,
  type CustomerNoteResponseDto,
  type TimelineEntryDto,
  type TimelineQueryDto,
} from '../dto/customer-actions.dto.js';
import { NOTE_COLUMNS } from '../profile/customer-notes.service.js';

/** The export holds the whole timeline, read in pages of this size, up to this many entries. */
const EXPORT_PAGE = 100;
const EXPORT_MAX_ENTRIES = 10_000;

/** What happened to a customer: the timeline (every module's contributions) and the full export. */
@Injectable()
export class CustomerHistoryService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
  ) {}

  async timelinePage(actor: Actor, id: string, query: TimelineQueryDto): Promise<{ data: TimelineEntryDto[]; nextCursor: string | null }> {
    await findCustomer(this.db, id);
    const ids = await historyIds(this.db, id);
    const page = await this.timeline.page(ids, privacyFor(actor), query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
    const merged = await this.mergedRecords(ids);
    return { data: page.data.map((entry) => toTimelineEntryDto(entry, merged)), nextCursor: page.nextCursor };
  }

  /** The records merged into the customer (`ids` after the first), id → name: entries from them say so. */
  private async mergedRecords(ids: string[]): Promise<Map<string, string>> {
    if (ids.length < 2) return new Map();
    const rows = await this.db.rows<{ id: string; name: string }>('SELECT id, name FROM customer WHERE id = ANY($1::uuid[])', [ids.slice(1)]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /**
   * Everything held about the person (PIPL, GDPR right of access and portability), for owners,
   * managers and keys with `customers:pii`. Every export is audited.
   */
  async export(actor: Actor, id: string): Promise<CustomerExportDto> {
    const row = await findCustomer(this.db, id);
    const privacy = privacyFor(actor);
    const ids = await historyIds(this.db, id);
    const notes = await this.db.rows<CustomerNoteResponseDto>(`SELECT ${NOTE_COLUMNS} FROM customer_note WHERE customer_id = ANY($1::uuid[]) ORDER BY created_at DESC, id DESC`, [
      ids,
    ]);
    const consentHistory = await this.db.rows<ConsentEventResponseDto>(
      `SELECT id, channel, granted, method, occurred_at AS "occurredAt", actor_id AS "actorId", created_at AS "recordedAt"
         FROM customer_consent_event WHERE customer_id = ANY($1::uuid[]) ORDER BY occurred_at DESC, id DESC`,
      [ids],
    );
    const timeline: TimelineEntryDto[] = [];
    const merged = await this.mergedRecords(ids);
    let cursor: string | undefined;
    do {
      const page = await this.timeline.page(ids, privacy, EXPORT_PAGE, cursor);
      timeline.push(...page.data.map((entry) => toTimelineEntryDto(entry, merged)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && timeline.length < EXPORT_MAX_ENTRIES);
    await this.audit.recordAccess({
      action: 'customer.export',
      entityType: 'customer',
      entityId: id,
      after: { notes: notes.length, consentEvents: consentHistory.length, timelineEntries: timeline.length },
    });
    const customer = toCustomerResponse(row, privacy);
    return { exportedAt: new Date(), customer, figures: customer.figures, notes, consentHistory, timeline, mergedRecordIds: ids.slice(1) };
  }
}
