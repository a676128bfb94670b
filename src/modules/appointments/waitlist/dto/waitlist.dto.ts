import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsPlainDate, MultilineText, Trim } from '../../../../common/validation/index.js';
import { MAX_SERVICES } from '../../availability/dto/availability.dto.js';
import { WAITLIST_STATUSES, type WaitlistStatus } from '../waitlist-entry.entity.js';

const EXAMPLE_ID = '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_CUSTOMER = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
const EXAMPLE_VARIATION = '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f';
const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** The longest wait, both dates counted. */
export const MAX_WAIT_DAYS = 92;

/** A customer waits for these services at a store, on these local dates (and times), perhaps with one staff member. */
export class CreateWaitlistEntryDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ format: 'uuid', example: EXAMPLE_CUSTOMER })
  @IsUUID('all')
  customerId!: string;

  /** The service variations, in the order they are done: a freed slot of exactly these services is offered. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true, minItems: 1, maxItems: MAX_SERVICES, example: [EXAMPLE_VARIATION] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SERVICES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  variationIds!: string[];

  /** Only with this staff member (left out: anyone who does the services). */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: null })
  @IsOptional()
  @IsUUID('all')
  staffMemberId?: string | null;

  /** The first local date (in the store's zone) the customer could come. */
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  @IsPlainDate()
  dateFrom!: string;

  /** The last local date, included; not in the past, at most 92 days after `dateFrom`. */
  @ApiProperty({ format: 'date', example: '2027-04-05' })
  @IsPlainDate()
  dateTo!: string;

  /** The visit must start at or after this local time (`HH:mm`, with `timeTo`); left out: any time the store is open. */
  @ApiPropertyOptional({ example: '14:00' })
  @ValidateIf((dto: CreateWaitlistEntryDto) => dto.timeFrom !== undefined || dto.timeTo !== undefined)
  @IsString()
  @Matches(START_TIME, { message: 'must be a time HH:mm from 00:00 to 23:59 (with timeTo)' })
  timeFrom?: string;

  /** The visit must end by this local time (`HH:mm`, after `timeFrom`; `24:00` is the end of the day). */
  @ApiPropertyOptional({ example: '18:00' })
  @ValidateIf((dto: CreateWaitlistEntryDto) => dto.timeFrom !== undefined || dto.timeTo !== undefined)
  @IsString()
  @Matches(END_TIME, { message: 'must be a time HH:mm from 00:01 to 24:00 (with timeFrom)' })
  timeTo?: string;

  /** For the staff. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '只要周末下午 Weekend afternoons only' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 1000)
  @MultilineText()
  notes?: string | null;
}

export class WaitlistQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the entries of this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: WAITLIST_STATUSES, description: 'Only entries in this state; every state when left out' })
  @IsOptional()
  @IsIn(WAITLIST_STATUSES)
  status?: WaitlistStatus;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this customer's entries" })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;
}

export class WaitlistOfferResponseDto {
  /** The hold on the slot, shared by every customer offered it: the first to accept books it. */
  @ApiProperty({ format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  holdId!: string;
  @ApiProperty({ example: '2027-03-20T09:00:00+08:00' })
  offeredAt!: string;
  /** Accept before then; after, the slot is free again and the entry waits for the next one. */
  @ApiProperty({ example: '2027-03-20T09:30:00+08:00' })
  expiresAt!: string;
  /** The slot offered (null once the hold is gone). */
  @ApiProperty({ type: String, nullable: true, example: '2027-03-22T14:00:00+08:00' })
  start!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-03-22T15:30:00+08:00' })
  end!: string | null;
}

export class WaitlistEntryResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_CUSTOMER })
  customerId!: string;
  @ApiProperty({ type: String, format: 'uuid', isArray: true, example: [EXAMPLE_VARIATION] })
  variationIds!: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  staffMemberId!: string | null;
  @ApiProperty({ format: 'date', example: '2027-03-22' })
  dateFrom!: string;
  @ApiProperty({ format: 'date', example: '2027-04-05' })
  dateTo!: string;
  @ApiProperty({ type: String, nullable: true, example: '14:00' })
  timeFrom!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '18:00' })
  timeTo!: string | null;
  @ApiProperty({ enum: WAITLIST_STATUSES, example: 'waiting' })
  status!: WaitlistStatus;
  /** The slot offered, while `offered`. */
  @ApiProperty({ type: WaitlistOfferResponseDto, nullable: true })
  offer!: WaitlistOfferResponseDto | null;
  /** The appointment booked from the offer, once `booked`. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  appointmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;
  @ApiProperty({ example: 1 })
  version!: number;
  /** When the customer joined: the queue's order. */
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  updatedAt!: string;
}
