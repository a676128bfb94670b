/**
 * The customers module's own timeline sources: profile changes (from the audit trail), blocks and
 * unblocks with their reasons, consent grants and withdrawals, staff notes. Each registers itself
 * with the CustomerTimeline at boot, as other modules' sources do.
 */
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db } from '../../../common/database/index.js';
import type { JsonObject } from '../../../common/events/index.js';
import { visiblePhone } from '../profile/customer-phones.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import { CustomerTimeline, uuidBound, type CustomerTimelineSource, type TimelineActor, type TimelineEntry, type TimelineQuery } from './customer-timeline.js';

/** Audit actions that are reads, not changes: kept in the audit log, not on the timeline. */
export const READ_ACTIONS = ['customer.read', 'customer.export'];
/** Audit actions the status source tells, with their reasons. */
const STATUS_ACTIONS = ['customer.block', 'customer.unblock'];

type ActorType = NonNullable<TimelineActor['type']>;

/** Who did it, as recorded: a staff user or key with its name then; no id is the system (a job). */
function actorOf(type: ActorType | null, id: string | null, name: string | null): TimelineActor {
  return id ? { type, id, name } : { type: 'system', id: null, name: 'System' };
}

/** A record named in a merge entry, as the caller may see it: name and numbers. */
const recordLabel = (id: unknown, name: unknown, phones: unknown) =>
  typeof name === 'string' ? `${name}${Array.isArray(phones) && phones.length ? ` (${phones.join(', ')})` : ''}` : String(id);

const PROFILE_TYPES: Record<string, { type: string; summary: (data: JsonObject) => string }> = {
  'customer.create': { type: 'profile.created', summary: () => 'Customer record created' },
  'customer.update': { type: 'profile.updated', summary: (d) => `Profile changed: ${(d.fields as string[]).join(', ') || 'nothing'}` },
  'customer.merge': { type: 'profile.merged', summary: (d) => `Duplicate record ${recordLabel(d.mergedId, d.mergedName, d.mergedPhones)} merged into this one` },
  'customer.merged_into': { type: 'profile.merged_into', summary: (d) => `Merged into record ${recordLabel(d.survivorId, d.survivorName, null)}` },
  'customer.anonymize': { type: 'profile.anonymized', summary: () => 'Personal data erased (anonymized)' },
};

/**
 * Profile changes, read from the audit trail (entity type `customer`). Audit rows of customers hold
 * no personal values (customer-rows.ts `auditChange`), and the entry lists only which fields changed;
 * a merge names the records involved as they are now, as the caller may see them.
 */
@Injectable()
export class ProfileTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'profile';
  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit, privacy }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const options = { limit, before: bound && { createdAt: bound.at, id: bound.id } };
    const [self, ...merged] = customerIds;
    // Records merged into this customer: their history, less the "merged into" line that this
    // customer's own "merged" entry already tells.
    const [own, theirs] = await Promise.all([
      this.audit.history('customer', [self], { ...options, excludeActions: [...READ_ACTIONS, ...STATUS_ACTIONS] }),
      this.audit.history('customer', merged, { ...options, excludeActions: [...READ_ACTIONS, ...STATUS_ACTIONS, 'customer.merged_into'] }),
    ]);
    const rows = [...own, ...theirs];
    const named = rows.flatMap((row) => [row.after?.mergedId, row.after?.survivorId]).filter((id): id is string => typeof id === 'string');
    const records = await this.records(named, privacy);
    return rows.map((row) => {
      const after = row.after ?? {};
      const fields = Array.isArray(after.fields) ? (after.fields as string[]) : [];
      const data: JsonObject = { action: row.action, customerId: row.entityId, fields };
      if (typeof after.mergedId === 'string') {
        const record = records.get(after.mergedId);
        Object.assign(data, { mergedId: after.mergedId, mergedName: record?.name ?? null, mergedPhones: record?.phones ?? [] });
      }
      if (typeof after.survivorId === 'string') Object.assign(data, { survivorId: after.survivorId, survivorName: records.get(after.survivorId)?.name ?? null });
      if (typeof after.status === 'string') data.status = after.status;
      const known = PROFILE_TYPES[row.action] ?? { type: 'profile.changed', summary: () => row.action };
      return {
        source: this.name,
        id: row.id,
        at: row.createdAt,
        type: known.type,
        summary: known.summary(data),
        actor: actorOf(row.actorType, row.actorId, row.actorName),
        recordId: row.entityId,
        data,
      };
    });
  }

  /** Customers named by merge entries: their name, and for a duplicate the numbers it brought, as the caller may see them. */
  private async records(ids: string[], privacy: CustomerPrivacy): Promise<Map<string, { name: string; phones: string[] }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.rows<{ id: string; name: string; phones: string[] }>(
      `SELECT c.id, c.name, array(SELECT p.number FROM customer_phone p WHERE p.merged_from_id = c.id ORDER BY p.created_at, p.number) AS phones
         FROM customer c WHERE c.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, { name: row.name, phones: row.phones.map((number) => visiblePhone(number, privacy)) }]));
  }
}

/**
 * Blocks and unblocks with the reason given. The reason is free text: shown to staff; API keys
 * need `customers:pii`, as for notes.
 */
@Injectable()
export class StatusTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'status';
  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit, privacy }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const rows = await this.db.rows<{
      id: string;
      at: Date;
      recordId: string;
      status: string;
      reason: string | null;
      actorType: ActorType;
      actorId: string | null;
      actorName: string | null;
    }>(
      `SELECT id, created_at AS at, coalesce(merged_from_id, customer_id) AS "recordId", status, reason,
              actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName"
         FROM customer_status_event
        WHERE customer_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $4`,
      [customerIds, bound?.at.toISOString() ?? null, bound?.id ?? null, limit],
    );
    return rows.map((row) => {
      const reason = privacy.careNotes ? row.reason : null;
      const blocked = row.status === 'blocked';
      return {
        source: this.name,
        id: row.id,
        at: row.at,
        type: blocked ? 'profile.blocked' : 'profile.unblocked',
        summary: `Customer ${blocked ? 'blocked' : 'unblocked'}${reason ? `: ${reason}` : ''}`,
        actor: actorOf(row.actorType, row.actorId, row.actorName),
        recordId: row.recordId,
        data: { status: row.status, reason },
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
    const rows = await this.db.rows<{
      id: string;
      at: Date;
      recordId: string;
      channel: string;
      granted: boolean;
      method: string;
      actorType: ActorType | null;
      actorId: string | null;
      actorName: string | null;
    }>(
      `SELECT id, occurred_at AS at, coalesce(merged_from_id, customer_id) AS "recordId", channel, granted, method,
              actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName"
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
      actor: actorOf(row.actorType, row.actorId, row.actorName),
      recordId: row.recordId,
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
    const rows = await this.db.rows<{ id: string; at: Date; recordId: string; authorType: ActorType | null; authorId: string | null; authorName: string | null; body: string }>(
      `SELECT id, created_at AS at, coalesce(merged_from_id, customer_id) AS "recordId", author_type AS "authorType",
              author_id AS "authorId", author_name AS "authorName", body
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
      actor: actorOf(row.authorType, row.authorId, row.authorName),
      recordId: row.recordId,
      // Not unnecessary: without it the union's `body?: undefined` is not a JsonObject (the rule misjudges the contextual type).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      data: (privacy.careNotes ? { noteId: row.id, body: row.body } : { noteId: row.id }) as JsonObject,
    }));
  }
}
