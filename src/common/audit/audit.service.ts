import { Inject, Injectable } from '@nestjs/common';
import { visibleStoreIds } from '../auth/store-scope.js';
import { Db } from '../database/db.service.js';
import { CommonErrors } from '../errors/domain-error.js';
import { paginate, type Page } from '../http/pagination.js';
import type { Actor } from '../http/request-context.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditEventQueryDto } from './audit-event.dto.js';
import { RequestContexts } from '../http/request-context.js';
import { redact } from './redact.js';

export interface AuditEntry {
  /** `store.update`, `user.create`, `api_key.revoke`… */
  action: string;
  entityType: string;
  entityId: string;
  storeId?: string | null;
  before?: object | null;
  after?: object | null;
}

/** Who a batch was written for, when no request carries it (a job acting for the user who started it). */
export interface AuditActor {
  kind: Actor['kind'] | 'system';
  id: string | null;
  name?: string | null;
}

/**
 * Records a write in the caller's transaction, so the audit trail and the change commit or roll
 * back together. Actor and request id come from the request context; jobs are recorded as `system`.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** Records a change: inside the use case's transaction only, so the trail cannot outlive a rollback or miss a commit. */
  async record(entry: AuditEntry): Promise<void> {
    this.db.requireTransaction('audit');
    await this.insert(entry);
  }

  /**
   * Records a read (who saw full personal data, an export): a read changes nothing, so there is no
   * transaction for its row to commit with; it joins one if there is.
   */
  async recordAccess(entry: AuditEntry): Promise<void> {
    await this.insert(entry);
  }

  private async insert(entry: AuditEntry): Promise<void> {
    const context = RequestContexts.current();
    const actor = context?.actor;
    // Plain SQL: TypeORM's insert typing cannot express free-form jsonb columns.
    await this.db.execute(
      `INSERT INTO audit_event (actor_type, actor_id, action, entity_type, entity_id, store_id, before, after, request_id, actor_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        actor?.kind ?? 'system',
        actor?.id ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.storeId ?? null,
        entry.before ? JSON.stringify(redact(entry.before)) : null,
        entry.after ? JSON.stringify(redact(entry.after)) : null,
        context?.requestId ?? null,
        actor?.name ?? null,
      ],
    );
  }

  /**
   * Records many writes with one statement (bulk jobs: one row per entity, one round trip per batch),
   * redacted as `record` does. `actor` stands in for the request's when a job acts for someone.
   */
  async recordMany(entries: readonly AuditEntry[], actor?: AuditActor): Promise<void> {
    if (entries.length === 0) return;
    const context = RequestContexts.current();
    const who: AuditActor = actor ?? (context?.actor ? { kind: context.actor.kind, id: context.actor.id, name: context.actor.name } : { kind: 'system', id: null });
    const rows = entries.map((entry) => ({
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      store_id: entry.storeId ?? null,
      before: entry.before ? redact(entry.before) : null,
      after: entry.after ? redact(entry.after) : null,
    }));
    await this.db.execute(
      `INSERT INTO audit_event (actor_type, actor_id, action, entity_type, entity_id, store_id, before, after, request_id, actor_name)
       SELECT $2::text, $3::uuid, e.action, e.entity_type, e.entity_id, e.store_id, e.before, e.after, $4::text, $5::text
         FROM jsonb_to_recordset($1::jsonb) AS e(action text, entity_type text, entity_id text, store_id uuid, before jsonb, after jsonb)`,
      [JSON.stringify(rows), who.kind, who.id, context?.requestId ?? null, who.name ?? null],
    );
  }

  /**
   * The trail of some entities (e.g. a customer and the records merged into it), newest first:
   * rows strictly before `(before.createdAt, before.id)`, at most `limit`, without `excludeActions`.
   * Values are as recorded, i.e. redacted. Callers decide who may see it.
   */
  async history(
    entityType: string,
    entityIds: readonly string[],
    options: { limit: number; before?: { createdAt: Date; id: string } | null; excludeActions?: readonly string[] },
  ): Promise<AuditEvent[]> {
    if (entityIds.length === 0) return [];
    return this.db.rows<AuditEvent>(
      `SELECT id, created_at AS "createdAt", actor_type AS "actorType", actor_id AS "actorId", actor_name AS "actorName", action, entity_type AS "entityType",
              entity_id AS "entityId", store_id AS "storeId", before, after, request_id AS "requestId"
         FROM audit_event
        WHERE entity_type = $1 AND entity_id = ANY($2::text[]) AND NOT (action = ANY($3::text[]))
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC
        LIMIT $6`,
      [entityType, entityIds, options.excludeActions ?? [], options.before?.createdAt.toISOString() ?? null, options.before?.id ?? null, options.limit],
    );
  }

  /** The audit trail as the actor may see it: managers only their stores' changes. */
  async list(query: AuditEventQueryDto, actor: Actor): Promise<Page<AuditEvent>> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw CommonErrors.validation([{ field: 'to', message: 'must be after from' }]);
    }
    const qb = this.db.repo(AuditEvent).createQueryBuilder('event');
    const stores = visibleStoreIds(actor);
    if (stores !== 'all') qb.andWhere('event.storeId = ANY(:stores)', { stores });
    const exact = ['entityType', 'entityId', 'action', 'actorId', 'actorType', 'storeId', 'requestId'] as const;
    for (const field of exact) {
      if (query[field] !== undefined) qb.andWhere(`event.${field} = :${field}`, { [field]: query[field] });
    }
    if (query.from) qb.andWhere('event.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('event.createdAt < :to', { to: query.to });
    return paginate(qb, query);
  }
}
