import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { APP_CHANNELS, type AppChannel } from '../../../../common/http/request-context.js';
import { trimSpaces } from '../../../../common/validation/index.js';
import type { PublishableKey } from '../publishable-key.entity.js';

export class CreatePublishableKeyDto {
  /** What app ships the key, so people can tell keys apart. */
  @ApiProperty({ example: 'WeChat mini-program' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value) : value))
  @IsString()
  @Length(1, 100)
  name!: string;

  /** What appointments booked through the app are recorded as. */
  @ApiProperty({ enum: APP_CHANNELS, example: 'mini_program' })
  @IsIn(APP_CHANNELS)
  channel!: AppChannel;

  /** The one store the app books for; left out: every store of the business (owners only). */
  @ApiPropertyOptional({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;
}

export class PublishableKeyResponseDto {
  @ApiProperty({ format: 'uuid', example: '5b0e2c1d-7f3a-4e9b-8c6d-1a2b3c4d5e6f' })
  id!: string;
  @ApiProperty({ example: 'WeChat mini-program' })
  name!: string;
  /** Send it as `X-Publishable-Key`. Not a secret: it may ship in an app. */
  @ApiProperty({ example: 'pk_Q2x1Ym1hbm5lcl9leGFtcGxlX2tleQ' })
  key!: string;
  @ApiProperty({ enum: APP_CHANNELS, example: 'mini_program' })
  channel!: AppChannel;
  /** The store the key is limited to; null: every store of the business. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string | null;
  /** Who created it; null when that user was removed. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  createdBy!: string | null;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  /** Set once revoked: the key, and every customer session opened through it, no longer work. */
  @ApiProperty({ type: Date, nullable: true, example: null })
  revokedAt!: Date | null;
}

export function toPublishableKeyResponse(key: PublishableKey): PublishableKeyResponseDto {
  return {
    id: key.id,
    name: key.name,
    key: key.key,
    channel: key.channel,
    storeId: key.storeId,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}
