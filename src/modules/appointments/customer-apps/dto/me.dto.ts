import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { MultilineText, Trim } from '../../../../common/validation/index.js';
import { CustomerResponseDto, UpdateCustomerDto } from '../../../customers/index.js';
import { CreateAppointmentDto, CreateHoldDto } from '../../booking/dto/booking.dto.js';

/** The signed-in customer's profile basics: theirs, so the phone is shown in full. */
export class MeResponseDto extends PickType(CustomerResponseDto, ['id', 'name', 'phone', 'email', 'locale', 'preferredChannel', 'version'] as const) {}

/** What a customer may change about themselves: name, e-mail, language and preferred channel (the phone is how they sign in). */
export class UpdateMeDto extends PickType(UpdateCustomerDto, ['name', 'email', 'locale', 'preferredChannel'] as const) {}

/** A hold for the signed-in customer: where, when and what (only what is bookable online). */
export class CreateMyHoldDto extends PickType(CreateHoldDto, ['storeId', 'startsAt', 'services', 'mode'] as const) {}

/** A booking for the signed-in customer, from their hold or at a time; the channel is their app's. */
export class CreateMyAppointmentDto extends PickType(CreateAppointmentDto, ['holdId', 'storeId', 'startsAt', 'services', 'mode', 'specialRequests'] as const) {}

export class CancelMyAppointmentDto {
  /** Why (told to the salon). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '临时有事 Something came up' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  @MultilineText()
  reason?: string | null;
}

export const MY_APPOINTMENTS_WHEN = ['upcoming', 'past'] as const;

export class MyAppointmentsQueryDto extends PageQueryDto {
  /** `upcoming` (default): not yet over, soonest first; `past`: over, latest first. */
  @ApiProperty({ enum: MY_APPOINTMENTS_WHEN, required: false, default: 'upcoming' })
  @IsOptional()
  @IsIn(MY_APPOINTMENTS_WHEN)
  when?: (typeof MY_APPOINTMENTS_WHEN)[number];
}
