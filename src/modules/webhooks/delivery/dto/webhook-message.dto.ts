import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { MESSAGE_STATUSES, type MessageStatus } from '../webhook-message.entity.js';

const EXAMPLE_MESSAGE = '3f9a1c2e-8b7d-4e6f-a1b2-c3d4e5f60718';

export class WebhookMessageListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  /** Only this event type, e.g. `customer.created`. */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  type?: string;

  /** Only messages written at or after this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Only messages written before this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class ReplayWebhookMessagesDto {
  /** Re-send the endpoint's messages written at or after this instant… */
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z' })
  @IsDateString({ strict: true })
  from!: string;

  /** …and before this one. */
  @ApiProperty({ example: '2026-12-31T00:00:00.000Z' })
  @IsDateString({ strict: true })
  to!: string;

  /** Only delivered or only failed ones; both when left out (pending ones are on their way already). */
  @ApiPropertyOptional({ enum: ['delivered', 'failed'] })
  @IsOptional()
  @IsIn(['delivered', 'failed'])
  status?: 'delivered' | 'failed';
}

export class ReplayResponseDto {
  /** How many messages were queued again (same `webhook-id` and body as before). */
  @ApiProperty({ example: 12 })
  replayed!: number;
}

export class WebhookTestResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_MESSAGE })
  messageId!: string;
  @ApiProperty({ example: 'msg_3f9a1c2e8b7d4e6fa1b2c3d4e5f60718' })
  webhookId!: string;
}

export class WebhookAttemptResponseDto {
  /** 1 for the message's first attempt, counting across retries and replays. */
  @ApiProperty({ example: 1 })
  attempt!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  startedAt!: Date;
  @ApiProperty({ example: 182 })
  durationMs!: number;
  /** The endpoint's HTTP status; null when none came (refused address, timeout, connection error). */
  @ApiProperty({ type: Number, nullable: true, example: 503 })
  statusCode!: number | null;
  /** The start of the answer's body, at most 2 KB. */
  @ApiProperty({ type: String, nullable: true, example: 'Service Unavailable' })
  responseExcerpt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'answered 503' })
  error!: string | null;
  @ApiProperty({ example: false })
  succeeded!: boolean;
}

export class WebhookMessageResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_MESSAGE })
  id!: string;
  /** The `webhook-id` header of every attempt. */
  @ApiProperty({ example: 'msg_3f9a1c2e8b7d4e6fa1b2c3d4e5f60718' })
  webhookId!: string;
  @ApiProperty({ format: 'uuid', example: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a09' })
  endpointId!: string;
  @ApiProperty({ example: 'customer.created' })
  type!: string;
  /** `pending` (an attempt is due at `nextAttemptAt`), `delivered` (a 2xx), `failed` (the retry schedule is spent). */
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'delivered' })
  status!: MessageStatus;
  @ApiProperty({ example: 1 })
  attempts!: number;
  @ApiProperty({ type: Date, nullable: true, example: null })
  nextAttemptAt!: Date | null;
  /** When the event occurred (the payload's `timestamp`). */
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  occurredAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-22T02:00:01.000Z' })
  finishedAt!: Date | null;
}

export class WebhookMessageDetailDto extends WebhookMessageResponseDto {
  /** The body as sent: `{ type, timestamp, data }`. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { type: 'customer.created', timestamp: '2026-11-22T02:00:00.000Z', data: { id: '…' } } })
  payload!: Record<string, unknown>;
  @ApiProperty({ type: [WebhookAttemptResponseDto] })
  attemptLog!: WebhookAttemptResponseDto[];
}

export class WebhookEventTypeDto {
  @ApiProperty({ example: 'customer.created' })
  type!: string;
  @ApiProperty({ example: 'A customer was added (at the desk, by import or through the API).' })
  description!: string;
  /** The name of `data`'s schema in the OpenAPI document (`components.schemas`). */
  @ApiProperty({ example: 'CustomerResponseDto' })
  schema!: string;
}
