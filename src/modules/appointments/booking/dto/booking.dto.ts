import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { IsInstant, IsPhone, MultilineText, NestedObject, NestedObjects, phoneToE164, Trim } from '../../../../common/validation/index.js';
import { MAX_SERVICES } from '../../availability/dto/availability.dto.js';
import { APPOINTMENT_CHANNELS, type AppointmentChannel } from '../appointment.entity.js';

/** One service asked for: what, and optionally by whom and where (left out: "any staff", any free resource). */
export class RequestedServiceDto {
  @ApiProperty({ format: 'uuid', example: '7d1e2f3a-4b5c-4d6e-8f90-1a2b3c4d5e6f' })
  @IsUUID('all')
  variationId!: string;

  /** This staff member (the customer asked for them); left out: the customer's preferred one when free, else the least booked that day. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: '3b9f1c2d-8e7a-4f60-9d1b-2c3e4f5a6b7c' })
  @IsOptional()
  @IsUUID('all')
  staffMemberId?: string | null;

  /** This resource (a given room); left out: any free one of the type the service needs. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, example: null })
  @IsOptional()
  @IsUUID('all')
  resourceId?: string | null;
}

/** A time and the services at it: what a hold, a booking at the desk and a reschedule name. */
export class SlotRequestDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all')
  storeId!: string;

  /** When the first service starts (ISO 8601 with offset), on the store's slot grid. */
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  @IsInstant()
  startsAt!: string;

  /** The services, in the order they are done. */
  @ApiProperty({ type: [RequestedServiceDto], minItems: 1, maxItems: MAX_SERVICES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SERVICES)
  @NestedObjects()
  @Type(() => RequestedServiceDto)
  services!: RequestedServiceDto[];

  /** `sequential` (default): one after another; `parallel`: at once, each by a different staff member. */
  @ApiPropertyOptional({ enum: ['sequential', 'parallel'], default: 'sequential' })
  @IsOptional()
  @IsIn(['sequential', 'parallel'])
  mode?: 'sequential' | 'parallel';
}

export class CreateHoldDto extends SlotRequestDto {
  /** Who it is for, when known: their preferred staff are chosen first, and only they may book it. */
  @ApiPropertyOptional({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;

  /** As a customer booking online sees it: only services and staff bookable online (default false for staff, always true for customers' apps). */
  @ApiPropertyOptional({ type: Boolean, default: false })
  @IsOptional()
  @IsBoolean()
  online?: boolean;
}

/**
 * A customer not yet on file: found by phone when they are (no duplicate), else created, e.g.
 * `{ "name": "王小红", "phone": "+8613812345678" }`. Its fields carry no example, so the booking
 * example (which names `customerId`) does not send both.
 */
export class NewCustomerDto {
  @ApiProperty({ description: 'e.g. 王小红' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ description: 'e.g. +8613812345678 (a mainland number may be given without +86)' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;
}

export class CreateAppointmentDto {
  /** Book what this hold reserved (then leave out storeId, startsAt, services and mode). Not in the example, which books directly. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  holdId?: string;

  /** Without a hold: where (with startsAt and services). */
  @ApiPropertyOptional({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @ValidateIf((dto: CreateAppointmentDto) => dto.holdId === undefined)
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ example: '2027-03-22T14:00:00+08:00' })
  @ValidateIf((dto: CreateAppointmentDto) => dto.holdId === undefined)
  @IsInstant()
  startsAt?: string;

  @ApiPropertyOptional({ type: [RequestedServiceDto], minItems: 1, maxItems: MAX_SERVICES })
  @ValidateIf((dto: CreateAppointmentDto) => dto.holdId === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SERVICES)
  @NestedObjects()
  @Type(() => RequestedServiceDto)
  services?: RequestedServiceDto[];

  @ApiPropertyOptional({ enum: ['sequential', 'parallel'], default: 'sequential' })
  @IsOptional()
  @IsIn(['sequential', 'parallel'])
  mode?: 'sequential' | 'parallel';

  /** An existing customer (or give `customer`). */
  @ApiPropertyOptional({ format: 'uuid', example: '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9' })
  @ValidateIf((dto: CreateAppointmentDto) => dto.customer === undefined)
  @IsUUID('all')
  customerId?: string;

  /** A customer by name and phone: the one with this phone when there is one, else a new customer (not in the example, which names `customerId`). */
  @ApiPropertyOptional({ type: NewCustomerDto })
  @IsOptional()
  @NestedObject()
  @Type(() => NewCustomerDto)
  customer?: NewCustomerDto;

  /** How it was booked. Online channels (`online`, `app`, `mini_program`) book only what is bookable online. */
  @ApiProperty({ enum: APPOINTMENT_CHANNELS, example: 'phone' })
  @IsIn(APPOINTMENT_CHANNELS)
  channel!: AppointmentChannel;

  /** For the staff (not shown to the customer). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '老顾客，上次染发过敏 Regular; reacted to a dye last time' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;

  /** What the customer asked for. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '想要安静的房间 A quiet room, please' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 1000)
  @MultilineText()
  specialRequests?: string | null;
}

export class RescheduleAppointmentDto {
  /** The new start (ISO 8601 with offset): every segment moves with it, keeping their order and gaps. */
  @ApiProperty({ example: '2027-03-23T10:00:00+08:00' })
  @IsInstant()
  startsAt!: string;

  /** Per segment, in order, who does it at the new time, e.g. `["3b9f1c2d-8e7a-4f60-9d1b-2c3e4f5a6b7c"]`. Left out: the same staff as before (unless `anyStaff`). */
  @ApiPropertyOptional({ type: String, format: 'uuid', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SERVICES)
  @IsUUID('all', { each: true })
  staffMemberIds?: string[];

  /** Anyone qualified and free may do it at the new time (the preferred staff first), not only the same staff. */
  @ApiPropertyOptional({ type: Boolean, default: false, example: true })
  @IsOptional()
  @IsBoolean()
  anyStaff?: boolean;

  /** Why (kept in the history, told to the customer). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '顾客改期 The customer asked' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string | null;
}
