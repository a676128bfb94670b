import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsOptionalNotNull, MultilineText, Trim } from '../../../../common/validation/index.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../../booking/appointment.entity.js';

export class CancelAppointmentDto {
  /** Why: kept in the history and told to the customer. Required of staff. */
  @ApiPropertyOptional({ example: '顾客临时有事 The customer cannot make it', description: 'Why (required of staff; kept in the history)' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class NoShowAppointmentDto {
  @ApiPropertyOptional({ example: '电话未接 Did not answer the phone' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

/** Give either or both; null clears one. */
export class UpdateAppointmentDto {
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

export class AppointmentHistoryEntryDto {
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'booked' })
  from!: AppointmentStatus;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'cancelled' })
  to!: AppointmentStatus;
  /** With the store's offset. */
  @ApiProperty({ example: '2027-03-21T18:30:00+08:00' })
  at!: string;
  /** `user`, `api_key`, `customer` (a customer session or a reminder's link) or `system` (the automatic no-show). */
  @ApiProperty({ example: 'user' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '顾客临时有事 The customer cannot make it' })
  reason!: string | null;
}

export class AppointmentHistoryResponseDto {
  @ApiProperty({ format: 'uuid', example: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' })
  appointmentId!: string;
  /** Every move, oldest first. */
  @ApiProperty({ type: [AppointmentHistoryEntryDto] })
  data!: AppointmentHistoryEntryDto[];
}
