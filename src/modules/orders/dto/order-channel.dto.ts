import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { Trim } from '../../../common/validation/index.js';
import { ORDER_CHANNELS, type OrderChannel } from '../order.entity.js';

/** Who confirms a store's orders from one channel, and which team handles them. */
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
