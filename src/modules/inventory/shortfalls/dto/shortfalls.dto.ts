import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsDecimalNumber } from '../../../../common/validation/index.js';
import { MAX_PIECES, StockQuantityDto } from '../../stock/dto/stock.dto.js';

export class ShortfallQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Only shortfalls in this state; open ones (the tasks still to do) when left out' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}

/**
 * How a manager settles a shortfall: the count of the product on the shelf (`countedPieces` or
 * `countedMeasure`) with a `reason`, which posts an adjustment for the difference from the books; or
 * no count and a `note` saying why nothing changes.
 */
export class ResolveShortfallDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PIECES,
    example: 4,
    description: 'The whole pieces counted in the store; the books are adjusted to it. Give this or `countedMeasure`, or neither with a `note`',
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(0)
  @Max(MAX_PIECES)
  countedPieces?: number;

  @ApiPropertyOptional({ description: 'For products measured in ml or g: everything counted, up to 3 decimals; the books are adjusted to it' })
  @IsOptional()
  // Zero is a count too: nothing left.
  @IsDecimalNumber({ places: 3, greaterThan: -0.001, max: 10_000_000 })
  countedMeasure?: number;

  @ApiPropertyOptional({ example: '盘点后调整 counted after the colour service', minLength: 1, maxLength: 500, description: 'Why the books change: required with a count' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({
    example: '已从仓库补货，无需调整 restocked from the back room',
    minLength: 1,
    maxLength: 500,
    description: 'Required without a count: why nothing changes',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  note?: string;
}

export class ShortfallResolutionDto {
  @ApiProperty({ example: '2027-05-10T15:00:00.000+08:00' })
  resolvedAt!: string;
  @ApiProperty({ enum: ['user', 'api_key', 'customer', 'system'], example: 'user' })
  resolvedByType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff user or API key' })
  resolvedById!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The adjustment posted (`GET /v1/inventory/movements`); null when the count matched the books or there was no count',
  })
  movementId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  note!: string | null;
}

export class ShortfallResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  storeId!: string;
  @ApiProperty({ format: 'uuid' })
  productId!: string;
  @ApiProperty({ example: 'LOR-MAJI-60' })
  sku!: string;
  @ApiProperty({ example: '欧莱雅 染膏 6.0 60 ml' })
  name!: string;
  @ApiProperty({ type: StockQuantityDto, description: 'What the service needed beyond the books' })
  missing!: StockQuantityDto;
  @ApiProperty({ example: 'appointment', description: 'What used it' })
  documentType!: string;
  @ApiProperty({ example: 'AP-20270510-0012' })
  documentId!: string;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' })
  status!: 'open' | 'resolved';
  @ApiProperty({ example: '2027-05-10T12:00:00.000+08:00' })
  createdAt!: string;
  @ApiProperty({ type: ShortfallResolutionDto, nullable: true, description: 'How it was settled; null while open' })
  resolution!: ShortfallResolutionDto | null;
}
