import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, Trim } from '../../../../common/validation/index.js';
import { SLUG } from '../../../catalog/index.js';
import type { Resource } from '../resource.entity.js';

const TYPE_MESSAGE = 'must be 1 to 40 lower-case letters, digits or `_`, starting with a letter (as services name it: `room`, `bed`, `chair`, `laser`)';

export const RESOURCE_STATUSES = ['active', 'inactive'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export class CreateResourceDto {
  /** The store it stands in (managers: one of theirs). */
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId!: string;

  /** Unique in the store regardless of case (`Room 2` and `room 2` are one name). */
  @ApiProperty({ example: '3 号房 Room 3', maxLength: 80 })
  @Trim()
  @IsString()
  @Length(1, 80)
  name!: string;

  /** The `resourceType` services require (`room`, `bed`, `chair`, `laser`); one no active service requires is saved with a warning. */
  @ApiProperty({ example: 'bed', pattern: SLUG.source })
  @IsString()
  @Matches(SLUG, { message: TYPE_MESSAGE })
  type!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'By the window; the massage bed with the heated mattress.', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  @MultilineText()
  note?: string | null;
}

/** Changes to a resource; fields left out stay as they are; `note: null` clears the note. */
export class UpdateResourceDto {
  @ApiPropertyOptional({ example: '3 号房 Room 3 (VIP)', maxLength: 80 })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 80)
  name?: string;

  @ApiPropertyOptional({ example: 'bed', pattern: SLUG.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(SLUG, { message: TYPE_MESSAGE })
  type?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Heated mattress replaced in March.', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  @MultilineText()
  note?: string | null;
}

export class ResourceListQueryDto extends PageQueryDto {
  /** Only this store's (a store you cannot see answers 404). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a store id (UUID)' })
  storeId?: string;

  @ApiPropertyOptional({ pattern: SLUG.source, description: 'Only resources of this type (`bed`)' })
  @IsOptional()
  @IsString()
  @Matches(SLUG, { message: TYPE_MESSAGE })
  type?: string;

  @ApiPropertyOptional({ enum: [...RESOURCE_STATUSES, 'all'], default: 'active', description: 'Only active resources when left out; `all` lists both.' })
  @IsOptional()
  @IsIn([...RESOURCE_STATUSES, 'all'])
  status?: ResourceStatus | 'all';
}

export class ResourceResponseDto {
  @ApiProperty({ format: 'uuid', example: '7c9e1a3b-5d7f-4b9d-8e1a-3c5e7a9b1d24' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ example: '3 号房 Room 3' })
  name!: string;
  @ApiProperty({ example: 'bed' })
  type!: string;
  /** Inactive resources are not booked; their history stays. */
  @ApiProperty({ enum: RESOURCE_STATUSES, example: 'active' })
  status!: ResourceStatus;
  @ApiProperty({ type: String, nullable: true, example: 'By the window.' })
  note!: string | null;
  /** Send it back as `If-Match: "<version>"` to change the resource (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** Something worth a second look that did not stop the change (a type no service requires: a typo?). */
export class ResourceWarningDto {
  @ApiProperty({ example: 'type' })
  field!: string;
  @ApiProperty({ example: 'resource.type_unused' })
  code!: string;
  @ApiProperty({ example: 'No active service requires a "steamer": check the spelling, or give a service this resource type.' })
  message!: string;
}

export class ResourceWithWarningsDto extends ResourceResponseDto {
  /** Empty when all is well. */
  @ApiProperty({ type: [ResourceWarningDto] })
  warnings!: ResourceWarningDto[];
}

export function toResourceResponse(row: Resource): ResourceResponseDto {
  return {
    id: row.id,
    storeId: row.storeId,
    name: row.name,
    type: row.type,
    status: row.status,
    note: row.note,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
