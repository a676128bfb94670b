import { trimSpaces } from '../../../common/validation/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { SCOPES } from '../../../common/auth/index.js';
import type { ApiKeyView } from '../api-keys.service.js';

export class CreateApiKeyDto {
  /** What the key is for, so people can tell keys apart (`Meituan orders`). */
  @ApiProperty({ example: 'Nightly stock export' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value) : value))
  @IsString()
  @Length(1, 100)
  name!: string;

  /** What the key may do: one or more of the scopes Bloom knows (see POST /v1/api-keys). */
  @ApiProperty({ enum: Object.keys(SCOPES), isArray: true, example: ['stores:read'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsString({ each: true })
  scopes!: string[];

  /**
   * The stores the key is limited to, like a manager's: it sees and changes only their data (another
   * store's routes answer 404 `store.not_found`, as to staff). Left out or empty: every store.
   */
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[];

  /** When the key stops working; never when left out. Must be in the future. */
  @ApiPropertyOptional({ type: Date, example: '2027-12-31T16:00:00.000Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

/** The stores a key is limited to: replaces the whole list. */
export class PutApiKeyStoresDto {
  /** The stores the key may reach from its next request on; `[]` lifts the limit (every store). */
  @ApiProperty({ type: [String], format: 'uuid', example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds!: string[];
}

/** An API key as lists show it: never the secret. */
export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid', example: '0c9d8e7f-6a51-4b2e-9c1a-5d4f4e3b8a61' })
  id!: string;
  @ApiProperty({ example: 'Nightly stock export' })
  name!: string;
  /** The first characters of the key, to recognise it (`bk_Xy12ab`). */
  @ApiProperty({ example: 'bk_Xy12abC' })
  prefix!: string;
  @ApiProperty({ type: [String], example: ['stores:read'] })
  scopes!: string[];
  /** The stores the key is limited to; empty when it reaches every store (`allStores`). */
  @ApiProperty({ type: [String], example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  storeIds!: string[];
  /** True when the key is not limited to stores. */
  @ApiProperty({ example: false })
  allStores!: boolean;
  /** The owner who created it; null when that user was removed. */
  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  createdBy!: string | null;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true, example: null })
  expiresAt!: Date | null;
  /** Set once the key is revoked; it no longer works. */
  @ApiProperty({ type: Date, nullable: true, example: null })
  revokedAt!: Date | null;
  /** Last time a request used it (to the minute). */
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-22T03:14:00.000Z' })
  lastUsedAt!: Date | null;
}

/** The key just created, with its secret: shown this once, never again. */
export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** Send as `X-Api-Key`. Store it now: Bloom keeps only a hash and cannot show it again. */
  @ApiProperty({ example: 'bk_Xy12abCdEf3GhIjK4lMnOp5QrStU6vWxYz7AbCdEf8Gh' })
  key!: string;
}

export function toApiKeyResponse(key: ApiKeyView): ApiKeyResponseDto {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    storeIds: key.storeIds,
    allStores: key.storeIds.length === 0,
    createdBy: key.createdBy,
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
  };
}
