import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../http/pagination.js';
import { AUDIT_ACTOR_TYPES, type AuditActorType, type AuditEvent } from './audit-event.entity.js';

/** Filters of `GET /v1/audit-events`; combine freely. */
export class AuditEventQueryDto extends PageQueryDto {
  /** Only changes to this kind of record, e.g. `store`, `staff_user`, `api_key`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityType?: string;

  /** Only changes to this record (use with entityType). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  /** Only this action, e.g. `store.update`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  /** Only changes made by this user or API key. */
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTOR_TYPES })
  @IsOptional()
  @IsIn(AUDIT_ACTOR_TYPES)
  actorType?: AuditActorType;

  /** Only changes belonging to this store. */
  @IsOptional()
  @IsUUID()
  storeId?: string;

  /** Only changes made at or after this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Only changes made before this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  /** Only changes made while serving this request id (X-Request-Id). */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  requestId?: string;
}

export class AuditActorDto {
  /**
   * `user` (staff, JWT), `api_key` (partner or script), `publishable_key` (a customers' app before sign-in: the key's id),
   * `customer` (a customer session: the customer's id) or `system` (a job).
   */
  @ApiProperty({ enum: AUDIT_ACTOR_TYPES })
  type!: AuditActorType;
  /** The user's or key's id; null for system. */
  id!: string | null;
}

export class AuditEventResponseDto {
  id!: string;
  /** When the change happened. */
  occurredAt!: string;
  actor!: AuditActorDto;
  /** What was done, e.g. `store.update`. */
  action!: string;
  entityType!: string;
  entityId!: string;
  /** The store the change belongs to, if any. */
  storeId!: string | null;
  /** The record before the change (personal data and secrets redacted); null on create. */
  before!: Record<string, unknown> | null;
  /** The record after the change (redacted); null on delete. */
  after!: Record<string, unknown> | null;
  /** The request that made the change (X-Request-Id). */
  requestId!: string | null;
}

export function toAuditEventResponse(event: AuditEvent): AuditEventResponseDto {
  return {
    id: event.id,
    occurredAt: event.createdAt.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    storeId: event.storeId,
    before: event.before,
    after: event.after,
    requestId: event.requestId,
  };
}
