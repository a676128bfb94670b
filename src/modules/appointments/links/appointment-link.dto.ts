import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { MoneyResponseDto } from '../../../common/money/index.js';
import { IsOptionalNotNull, Trim } from '../../../common/validation/index.js';
import { APPOINTMENT_STATUSES, type AppointmentStatus } from '../booking/appointment.entity.js';
import { LINK_PURPOSES, type LinkPurpose } from './appointment-link-tokens.js';

export class LinkCancelDto {
  /** Why, if the customer likes to say (the salon reads it). */
  @ApiPropertyOptional({ example: '临时出差 Away on business' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class LinkServiceDto {
  @ApiProperty({ example: '染发 Colour' })
  service!: string;
  @ApiProperty({ example: '长发 Long hair' })
  variation!: string;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
}

export class LinkStoreDto {
  @ApiProperty({ example: '静安店 Jing’an' })
  name!: string;
  @ApiProperty({ example: '南京西路 1266 号, 静安区, 上海市' })
  address!: string;
}

/** What a reminder's link shows: the appointment's time, store and services, nothing about the customer. */
export class AppointmentLinkResponseDto {
  /** What the link does: `confirm` or `cancel` (`POST /v1/appointment-links/{token}/<purpose>`). */
  @ApiProperty({ enum: LINK_PURPOSES, example: 'confirm' })
  purpose!: LinkPurpose;
  @ApiProperty({ example: 'AP-20270322-0042' })
  number!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'booked' })
  status!: AppointmentStatus;
  @ApiProperty({ example: '2027-03-22T14:00:00+08:00' })
  start!: string;
  @ApiProperty({ example: '2027-03-22T15:30:00+08:00' })
  end!: string;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  @ApiProperty({ type: LinkStoreDto })
  store!: LinkStoreDto;
  @ApiProperty({ type: [LinkServiceDto] })
  services!: LinkServiceDto[];
  /** Whether the link's action can be done now (a confirmed appointment is confirmed already; a past one cannot be cancelled). */
  @ApiProperty({ example: true })
  actionable!: boolean;
  /** For a cancel link: whether cancelling now counts as late (inside the store's cancellation window). */
  @ApiProperty({ example: false })
  lateCancellation!: boolean;
  /** What a late cancellation costs (collected at the next visit); null: nothing. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: null })
  fee!: MoneyResponseDto | null;
}
