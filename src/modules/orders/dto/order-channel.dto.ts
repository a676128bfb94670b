import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { Trim } from '../../../common/validation/index.js';
import { ORDER_CHANNELS, type OrderChannel } from '../order.entity.js';

/** 90 days: the longest promise a store may set. */
export const MAX_WINDOW_MINUTES = 129_600;

/**
 * Who confirms a store's orders from one channel, which team handles them, and the time promises of
 * that channel's orders at that store (its own windows, or the platform's, and whether they count
 * business hours only).
 */
export class PutOrderChannelDto {
  /** The staff member who confirms these orders (later slices warn them of deadlines); null: nobody in particular. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6d2f8a1c-3e5b-4c7d-9f1a-2b4c6d8e0f13' })
  @ValidateIf((_dto, value) => value !== null)
  @IsUUID('all')
  responsibleStaffMemberId!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '线上组 Online team' })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @Trim()
  @IsString()
  @Length(1, 100)
  team?: string | null;

  /** Confirmation is due this many minutes after receipt (up to 90 days); absent or null: the platform's ORDER_CONFIRM_WINDOW (24 h). */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_WINDOW_MINUTES, example: 720 })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_MINUTES)
  confirmWindowMinutes?: number | null;

  /** Shipping is due this many minutes after confirmation (up to 90 days); absent or null: the platform's ORDER_SHIP_WINDOW (48 h). */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: MAX_WINDOW_MINUTES, example: 2880 })
  @ValidateIf((_dto, value) => value !== null && value !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_WINDOW_MINUTES)
  shipWindowMinutes?: number | null;

  /**
   * Both windows run only while the store is open ("24 working hours"): by its weekly hours, closures
   * and special hours, in its time zone. Absent: false (the clock runs day and night).
   */
  @ApiPropertyOptional({ example: false })
  @IsOptional()
  @IsBoolean()
  windowsInBusinessHours?: boolean;
}

export class OrderChannelResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ enum: ORDER_CHANNELS, example: 'online' })
  channel!: OrderChannel;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6d2f8a1c-3e5b-4c7d-9f1a-2b4c6d8e0f13' })
  responsibleStaffMemberId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '线上组 Online team' })
  team!: string | null;
  /** This channel's confirmation window here; null: the platform's ORDER_CONFIRM_WINDOW. */
  @ApiProperty({ type: Number, nullable: true, example: 720 })
  confirmWindowMinutes!: number | null;
  /** This channel's shipping window here; null: the platform's ORDER_SHIP_WINDOW. */
  @ApiProperty({ type: Number, nullable: true, example: 2880 })
  shipWindowMinutes!: number | null;
  /** Whether the windows run only while the store is open. */
  @ApiProperty({ example: false })
  windowsInBusinessHours!: boolean;
  /** False while the store has set nothing for this channel (its orders go to nobody in particular). */
  @ApiProperty({ example: true })
  assigned!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: Date | null;
}

export class OrderChannelListResponseDto {
  @ApiProperty({ type: [OrderChannelResponseDto], description: 'Every channel, in the order of `channel`’s enum' })
  data!: OrderChannelResponseDto[];
}
