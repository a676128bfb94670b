import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { IsOptionalNotNull, maskEmail, maskPhone, MultilineText, NestedObject, Trim } from '../../../common/validation/index.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import { compactCriteria, isPhoneSuffix, type CustomerCriteria } from '../search/customer-search.js';
import type { Segment } from '../segments/segment.entity.js';
import { CustomerCriteriaDto } from './customer-search.dto.js';

export class CreateSegmentDto {
  /** Unique among segments, regardless of case. */
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'VIP 女性 25-35 岁' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Spring facial campaign: VIP women aged 25 to 35' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  @MultilineText()
  description?: string | null;

  /** The filters of GET /v1/customers (without `limit` and `cursor`); `{}` is every active or blocked customer. */
  @ApiProperty({ type: CustomerCriteriaDto, example: { tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 35 } })
  @IsObject()
  @NestedObject()
  @Type(() => CustomerCriteriaDto)
  criteria!: CustomerCriteriaDto;
}

/** The fields to change; `criteria`, when given, replaces the old criteria whole. */
export class UpdateSegmentDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'VIP 女性 25-40 岁' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  @MultilineText()
  description?: string | null;

  @ApiPropertyOptional({ type: CustomerCriteriaDto, example: { tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 40 } })
  @IsOptionalNotNull()
  @IsObject()
  @NestedObject()
  @Type(() => CustomerCriteriaDto)
  criteria?: CustomerCriteriaDto;
}

export class SegmentListQueryDto extends PageQueryDto {
  /** Part of the name, any case. */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class SegmentResponseDto {
  @ApiProperty({ format: 'uuid', example: '5b0c8a4e-1d2f-4c3b-8e9a-7f6d5c4b3a21' })
  id!: string;
  @ApiProperty({ example: 'VIP 女性 25-35 岁' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Spring facial campaign: VIP women aged 25 to 35' })
  description!: string | null;
  /** The saved filters, as given (normalised: phones in E.164, e-mails lower-case); contact data masked for callers who see customers masked. */
  @ApiProperty({ type: CustomerCriteriaDto, example: { tag: ['VIP'], gender: 'female', ageMin: 25, ageMax: 35 } })
  criteria!: CustomerCriteria;
  /** Send it back as `If-Match: "<version>"` to change the segment (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** How many customers the segment holds right now. */
export class SegmentCountResponseDto {
  @ApiProperty({ format: 'uuid', example: '5b0c8a4e-1d2f-4c3b-8e9a-7f6d5c4b3a21' })
  segmentId!: string;
  @ApiProperty({ example: 1284 })
  count!: number;
  /** When it was counted: a segment is never cached, the next call counts again. */
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  countedAt!: Date;
}

export function toSegmentResponse(segment: Segment, privacy: CustomerPrivacy): SegmentResponseDto {
  const criteria = compactCriteria(segment.criteria);
  if (!privacy.fullContact) {
    if (criteria.phone && !isPhoneSuffix(criteria.phone)) criteria.phone = maskPhone(criteria.phone);
    if (criteria.email) criteria.email = maskEmail(criteria.email);
  }
  return {
    id: segment.id,
    name: segment.name,
    description: segment.description,
    criteria,
    version: segment.version,
    createdAt: segment.createdAt,
    updatedAt: segment.updatedAt,
  };
}
