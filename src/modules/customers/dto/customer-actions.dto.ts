import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';
import { AUDIT_ACTOR_TYPES, type AuditActorType } from '../../../common/audit/index.js';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, Trim } from '../../../common/validation/index.js';
import { CONSENT_CHANNELS, type ConsentChannel } from '../profile/customer.entity.js';
import { keyOf, type TimelineEntry } from '../timeline/customer-timeline.js';
import { CustomerResponseDto } from './customer-response.dto.js';
import { CustomerFiguresResponseDto } from './customer.dto.js';

/** Merge a duplicate record into the customer of the path (the survivor). */
export class MergeCustomerDto {
  /** The duplicate: its notes, consents, figures and referrals move to the survivor; it keeps `mergedIntoId`. */
  @ApiProperty({ format: 'uuid', example: '5b0e2f7c-1d3a-4c8e-9f6b-2a7d8e9c0b1f' })
  @IsUUID()
  duplicateId!: string;
}

/** Why a customer is blocked: required, kept in the customer's history and shown on the timeline. */
export class BlockCustomerDto {
  @ApiProperty({ example: 'Three no-shows in October without notice.' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** Unblocking: the reason is optional. */
export class UnblockCustomerDto {
  @ApiPropertyOptional({ example: 'Paid the deposit for the next booking.' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class CreateCustomerNoteDto {
  /** What staff want colleagues to know; shown on the timeline. Notes are never edited. */
  @ApiProperty({ example: 'Asked for the same therapist (Wang Li) next time; prefers evening slots.' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  body!: string;
}

export class CustomerNoteResponseDto {
  @ApiProperty({ format: 'uuid', example: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e' })
  customerId!: string;
  /** Erased (empty) once the customer is anonymized. */
  @ApiProperty({ example: 'Asked for the same therapist (Wang Li) next time.' })
  body!: string;
  /** The staff user or API key that wrote it. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  authorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '陈晓雨 Chen Xiaoyu' })
  authorName!: string | null;
  @ApiProperty({ example: '2026-11-22T02:15:00.000Z' })
  createdAt!: Date;
}

export class TimelineQueryDto extends PageQueryDto {}

export class TimelineActorDto {
  /** `user`, `api_key`, `publishable_key` (a customers' app before sign-in), `customer` (the customer themselves, through a customers' app), `system`; null when the source does not record it. */
  @ApiProperty({ type: String, enum: AUDIT_ACTOR_TYPES, nullable: true, example: 'user' })
  type!: AuditActorType | null;
  @ApiProperty({ type: String, nullable: true, example: '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c' })
  id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '陈晓雨 Chen Xiaoyu' })
  name!: string | null;
}

/** The duplicate record an entry was recorded on before it was merged into this customer. */
export class TimelineMergedRecordDto {
  @ApiProperty({ format: 'uuid', example: '5b0e2f7c-1d3a-4c8e-9f6b-2a7d8e9c0b1f' })
  id!: string;
  @ApiProperty({ example: 'Xiaohong Wang' })
  name!: string;
}

/** One thing that happened to the customer. Personal values are never listed: a profile change names its fields. */
export class TimelineEntryDto {
  /** Unique across the timeline: `<source>:<id>`. */
  @ApiProperty({ example: 'notes:0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d' })
  id!: string;
  /** The module part that contributed it: `profile`, `status`, `consents`, `notes`; later `appointments`, `orders`, `payments`, `complaints`, `messages`. */
  @ApiProperty({ example: 'notes' })
  source!: string;
  /** `profile.created`, `profile.updated`, `profile.blocked`, `profile.unblocked`, `profile.merged`, `profile.anonymized`, `consent.granted`, `consent.withdrawn`, `note.added`… */
  @ApiProperty({ example: 'note.added' })
  type!: string;
  @ApiProperty({ example: '2026-11-22T02:15:00.000Z' })
  at!: Date;
  @ApiProperty({ example: 'Note by 陈晓雨 Chen Xiaoyu' })
  summary!: string;
  @ApiProperty({ type: TimelineActorDto, nullable: true })
  actor!: TimelineActorDto | null;
  /** Set when the entry came with a merge: it was recorded on this duplicate record. */
  @ApiProperty({ type: TimelineMergedRecordDto, nullable: true })
  mergedFrom!: TimelineMergedRecordDto | null;
  /**
   * Details, by type: `{ fields: ["phone","tags"] }` for a profile change, `{ mergedId, mergedName, mergedPhones }` for a merge,
   * `{ status, reason }` for a block or unblock, `{ channel, granted, method }` for a consent, `{ noteId, body }` for a note.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { noteId: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d', body: 'Prefers evening slots.' } })
  data!: Record<string, unknown>;
}

/**
 * An entry as the API shows it. `mergedRecords`: the records merged into the customer (id → name);
 * an entry recorded on one of them says so, in `mergedFrom` and in its summary.
 */
export function toTimelineEntryDto(entry: TimelineEntry, mergedRecords: ReadonlyMap<string, string>): TimelineEntryDto {
  const name = entry.recordId === undefined ? undefined : mergedRecords.get(entry.recordId);
  const mergedFrom = name === undefined ? null : { id: entry.recordId!, name };
  const summary = mergedFrom ? `${entry.summary} (from merged record ${mergedFrom.name})` : entry.summary;
  return { id: keyOf(entry), source: entry.source, type: entry.type, at: entry.at, summary, actor: entry.actor, mergedFrom, data: entry.data };
}

/** One grant or withdrawal of a marketing consent, as evidence. */
export class ConsentEventResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: CONSENT_CHANNELS, example: 'sms' })
  channel!: ConsentChannel;
  @ApiProperty({ example: true })
  granted!: boolean;
  @ApiProperty({ example: 'in_store_form' })
  method!: string;
  /** When the customer gave or withdrew it. */
  @ApiProperty({ example: '2026-11-22T02:15:00.000Z' })
  occurredAt!: Date;
  /** Who recorded it (staff user or API key); null: the system. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;
  /** When it was recorded. */
  @ApiProperty({ example: '2026-11-22T02:16:00.000Z' })
  recordedAt!: Date;
}

/** Everything Bloom holds about one person (PIPL art. 45, GDPR art. 15 and 20), as JSON. */
export class CustomerExportDto {
  @ApiProperty({ example: '2026-11-22T02:20:00.000Z' })
  exportedAt!: Date;
  customer!: CustomerResponseDto;
  figures!: CustomerFiguresResponseDto;
  @ApiProperty({ type: [CustomerNoteResponseDto] })
  notes!: CustomerNoteResponseDto[];
  @ApiProperty({ type: [ConsentEventResponseDto] })
  consentHistory!: ConsentEventResponseDto[];
  /** The whole timeline, newest first (every module's contributions). */
  @ApiProperty({ type: [TimelineEntryDto] })
  timeline!: TimelineEntryDto[];
  /** Records merged into this one (their history is included above). */
  @ApiProperty({ type: [String], example: [] })
  mergedRecordIds!: string[];
}
