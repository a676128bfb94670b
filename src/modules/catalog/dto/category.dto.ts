import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, Trim } from '../../../common/validation/index.js';
import { CATEGORY_CODE, type CatalogStatus, type StatusFilter } from '../catalog-rules.js';
import type { ServiceCategory } from '../service-category.entity.js';
import { STATUS_FILTER_RULE, statusFilterProperty } from './common.dto.js';

const CODE_MESSAGE = 'must be 1 to 40 lower-case letters, digits, `_` or `-`, starting with a letter or digit';

export class CreateServiceCategoryDto {
  /** Stable key for integrations; unique regardless of case. */
  @ApiProperty({ example: 'scalp_care', pattern: CATEGORY_CODE.source })
  @IsString()
  @Matches(CATEGORY_CODE, { message: CODE_MESSAGE })
  code!: string;

  @ApiProperty({ example: '头皮护理 Scalp care' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Scalp cleansing, massage and treatments.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  description?: string | null;

  /** Position on menus (smallest first); 0 when left out. */
  @ApiPropertyOptional({ example: 45, default: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

/** Changes to a category; fields left out stay as they are. */
export class UpdateServiceCategoryDto {
  @ApiPropertyOptional({ example: 'scalp_care', pattern: CATEGORY_CODE.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(CATEGORY_CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: '头皮养护 Scalp care' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  /** `null` removes the description. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Scalp cleansing, massage and treatments.' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({ example: 45 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100000)
  sortOrder?: number;
}

export class ServiceCategoryListQueryDto extends PageQueryDto {
  @statusFilterProperty()
  @IsOptional()
  @STATUS_FILTER_RULE()
  status?: StatusFilter;

  /** Part of the name or code, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ServiceCategoryResponseDto {
  @ApiProperty({ format: 'uuid', example: '6d0f3c2a-1b4e-4f5a-9c8d-7e6f5a4b3c21' })
  id!: string;
  @ApiProperty({ example: 'hair_colour' })
  code!: string;
  @ApiProperty({ example: '染发 Colouring' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Global colour, highlights, balayage and toners.' })
  description!: string | null;
  /** Position on menus, smallest first. */
  @ApiProperty({ example: 20 })
  sortOrder!: number;
  /** Archived categories take no new services; their services stay as they are. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: CatalogStatus;
  /** Send it back as `If-Match: "<version>"` to change the category (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

export function toCategoryResponse(category: ServiceCategory): ServiceCategoryResponseDto {
  return {
    id: category.id,
    code: category.code,
    name: category.name,
    description: category.description,
    sortOrder: category.sortOrder,
    status: category.status,
    version: category.version,
    createdAt: category.createdAt,
    updatedAt: category.updatedAt,
  };
}
