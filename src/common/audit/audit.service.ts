import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../database/db.service.js';
import { RequestContexts } from '../http/request-context.js';
import { AuditEvent } from './audit-event.entity.js';
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
    await this.db.repo(AuditEvent).insert({
      actorType: actor?.kind ?? 'system',
      actorId: actor?.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      storeId: entry.storeId ?? null,
      before: (redact(entry.before ?? null) as Record<string, unknown> | null) ?? null,
      after: (redact(entry.after ?? null) as Record<string, unknown> | null) ?? null,
      requestId: context?.requestId ?? null,
    });
  }
}
