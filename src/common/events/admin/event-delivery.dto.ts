import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../http/pagination.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../durable-event.entity.js';
import type { JsonObject } from '../json.js';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** Filters of `GET /v1/admin/event-deliveries`; combine freely. */
export class EventDeliveryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this state: `dead` ones need an owner' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  /** Only deliveries of this event, e.g. `customer.merged`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NAME, { message: 'must be an event name such as customer.merged' })
  event?: string;

  /** Only deliveries to this subscriber, e.g. `orders.move-customer-refs`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(NAME, { message: 'must be a subscriber name such as orders.move-customer-refs' })
  subscriber?: string;
}

export class EventDeliveryErrorDto {
  /** The error's code (a Bloom error code such as `customer.not_found`, or the kind of failure such as `QueryFailedError`). */
  code!: string;
  /** What went wrong (no personal data). */
  message!: string;
}

/** One subscriber's delivery of one durable event. */
export class EventDeliveryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** The event's id (the same for every subscriber of the event). */
  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  /** The event, e.g. `customer.merged`. */
  event!: string;

  /** What the event says: ids and plain values. */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { survivorId: '6f1d2c3b-8a4e-4f0a-9b1c-2d3e4f5a6b7c', mergedId: '0b6d9a52-3f1e-4c47-9a3e-52d1f8e2b7aa' } })
  payload!: JsonObject;

  /** Who reacts to it, e.g. `orders.move-customer-refs`. */
  subscriber!: string;

  /** `pending` (waiting for its next attempt), `delivered`, or `dead` (gave up after its attempts: an owner may retry it). */
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  /** Attempts made (since the last retry by an owner). */
  attempts!: number;

  /** The last failure, if any. */
  @ApiProperty({ type: EventDeliveryErrorDto, nullable: true })
  lastError!: EventDeliveryErrorDto | null;

  /** When the next attempt is due (pending only). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextAttemptAt!: string | null;

  /** When the event happened. */
  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export interface EventDeliveryRow {
  id: string;
  eventId: string;
  event: string;
  payload: JsonObject;
  subscriber: string;
  status: DeliveryStatus;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  occurredAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
}

export function toEventDeliveryResponse(row: EventDeliveryRow): EventDeliveryResponseDto {
  return {
    id: row.id,
    eventId: row.eventId,
    event: row.event,
    payload: row.payload,
    subscriber: row.subscriber,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastErrorCode || row.lastError ? { code: row.lastErrorCode ?? 'unknown', message: row.lastError ?? '' } : null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    occurredAt: row.occurredAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
