/**
 * The customers module's own timeline sources: profile changes (from the audit trail), consent
 * grants and withdrawals, staff notes. Each registers itself with the CustomerTimeline at boot, as
 * other modules' sources do.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db } from '../../../common/database/index.js';
import type { JsonObject } from '../../../common/events/index.js';
import { CustomerTimeline, uuidBound, type CustomerTimelineSource, type TimelineEntry, type TimelineQuery } from '../customer-timeline.js';

/** Audit actions that are reads, not changes: kept in the audit log, not on the timeline. */
export const READ_ACTIONS = ['customer.read', 'customer.export'];

const PROFILE_TYPES: Record<string, { type: string; summary: (data: JsonObject) => string }> = {
  'customer.create': { type: 'profile.created', summary: () => 'Customer record created' },
  'customer.update': { type: 'profile.updated', summary: (d) => `Profile changed: ${(d.fields as string[]).join(', ') || 'nothing'}` },
  'customer.block': { type: 'profile.blocked', summary: () => 'Customer blocked' },
  'customer.unblock': { type: 'profile.unblocked', summary: () => 'Customer unblocked' },
  'customer.merge': { type: 'profile.merged', summary: (d) => `Duplicate record ${String(d.mergedId)} merged into this one` },
  'customer.merged_into': { type: 'profile.merged_into', summary: (d) => `Merged into record ${String(d.survivorId)}` },
  'customer.anonymise': { type: 'profile.anonymised', summary: () => 'Personal data erased (anonymised)' },
};

/**
 * Profile changes, read from the audit trail (entity type `customer`). Audit rows of customers hold
 * no personal values (customer-rows.ts `auditChange`), and the entry lists only which fields changed.
 */
@Injectable()
export class ProfileTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'profile';
  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const options = { limit, before: bound && { createdAt: bound.at, id: bound.id } };
    const [self, ...merged] = customerIds;
    // Records merged into this customer: their history, less the "merged into" line that this
    // customer's own "merged" entry already tells.
    const [own, theirs] = await Promise.all([
      this.audit.history('customer', [self], { ...options, excludeActions: READ_ACTIONS }),
      this.audit.history('customer', merged, { ...options, excludeActions: [...READ_ACTIONS, 'customer.merged_into'] }),
    ]);
    return [...own, ...theirs].map((row) => {
      const after = (row.after ?? {}) as Record<string, unknown>;
      const fields = Array.isArray(after.fields) ? (after.fields as string[]) : [];
      const data: JsonObject = { action: row.action, customerId: row.entityId, fields };
      if (typeof after.mergedId === 'string') data.mergedId = after.mergedId;
      if (typeof after.survivorId === 'string') data.survivorId = after.survivorId;
      if (typeof after.status === 'string') data.status = after.status;
      const known = PROFILE_TYPES[row.action] ?? { type: 'profile.changed', summary: () => row.action };
      return {
        source: this.name,
        id: row.id,
        at: row.createdAt,
        type: known.type,
        summary: known.summary(data),
        actor: { type: row.actorType, id: row.actorId, name: null },
        data,
      };
    });
  }
}

const CHANNEL_NAMES: Record<string, string> = { sms: 'SMS', email: 'E-mail', wechat: 'WeChat' };

/** Grants and withdrawals of marketing consents, at the time the customer gave them. */
@Injectable()
export class ConsentTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'consents';
  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const rows = await this.db.query<Array<{ id: string; at: Date; channel: string; granted: boolean; method: string; actorId: string | null }>>(
      `SELECT id, occurred_at AS at, channel, granted, method, actor_id AS "actorId"
         FROM customer_consent_event
        WHERE customer_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR (occurred_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY occurred_at DESC, id DESC
        LIMIT $4`,
      [customerIds, bound?.at.toISOString() ?? null, bound?.id ?? null, limit],
    );
    return rows.map((row) => ({
      source: this.name,
      id: row.id,
      at: row.at,
      type: row.granted ? 'consent.granted' : 'consent.withdrawn',
      summary: `${CHANNEL_NAMES[row.channel] ?? row.channel} marketing consent ${row.granted ? 'given' : 'withdrawn'} (${row.method})`,
      actor: row.actorId ? { type: null, id: row.actorId, name: null } : null,
      data: { channel: row.channel, granted: row.granted, method: row.method },
    }));
  }
}

/** Staff notes. Their text is shown to staff; API keys need `customers:pii` (free text may hold anything). */
@Injectable()
export class NoteTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'notes';
  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit, privacy }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const rows = await this.db.query<Array<{ id: string; at: Date; authorId: string | null; authorName: string | null; body: string }>>(
      `SELECT id, created_at AS at, author_id AS "authorId", author_name AS "authorName", body
         FROM customer_note
        WHERE customer_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [customerIds, bound?.at.toISOString() ?? null, bound?.id ?? null, limit],
    );
    return rows.map((row) => ({
      source: this.name,
      id: row.id,
      at: row.at,
      type: 'note.added',
      summary: `Note by ${row.authorName ?? 'the system'}`,
      actor: row.authorId ? { type: null, id: row.authorId, name: row.authorName } : { type: 'system', id: null, name: null },
      data: (privacy.careNotes ? { noteId: row.id, body: row.body } : { noteId: row.id }) as JsonObject,
    }));
  }
}
