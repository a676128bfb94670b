import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
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

/**
 * Records a write in the caller's transaction, so the audit trail and the change commit or roll
 * back together. Actor and request id come from the request context; jobs are recorded as `system`.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(Db) private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    const context = RequestContexts.current();
    const actor = context?.actor;
    // Plain SQL: TypeORM's insert typing cannot express free-form jsonb columns.
    await this.db.query(
      `INSERT INTO audit_event (actor_type, actor_id, action, entity_type, entity_id, store_id, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
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
      ],
    );
  }
}
