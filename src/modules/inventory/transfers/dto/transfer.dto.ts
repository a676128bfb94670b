import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, NestedObjects, Trim } from '../../../../common/validation/index.js';
import { transferStates, type TransferStatus } from '../transfer-state.js';

const STATUSES = transferStates.states;
export const MAX_TRANSFER_LINES = 100;
/** Pieces on one line: a PostgreSQL `int`, and far more than any shelf holds. */
const MAX_PIECES = 1_000_000;
const EXAMPLE_ID = '3b9e1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
const EXAMPLE_FROM = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_TO = '7a1e5c3b-9d2f-4e8a-b6c0-1d3f5e7a9b2c';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';

export class TransferLineInputDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  @IsUUID('all')
  productId!: string;

  /** Whole pieces (bottles, tubes, boxes). */
  @ApiProperty({ minimum: 1, maximum: MAX_PIECES, example: 6 })
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(1)
  @Max(MAX_PIECES)
  quantity!: number;
}

export class CreateTransferDto {
  /** The store the goods come from (it approves and ships). */
  @ApiProperty({ format: 'uuid', example: EXAMPLE_FROM })
  @IsUUID('all')
  fromStoreId!: string;

  /** The store the goods go to (it receives): another store. */
  @ApiProperty({ format: 'uuid', example: EXAMPLE_TO })
  @IsUUID('all')
  toStoreId!: string;

  @ApiProperty({ type: [TransferLineInputDto], minItems: 1, maxItems: MAX_TRANSFER_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TRANSFER_LINES)
  @NestedObjects()
  @Type(() => TransferLineInputDto)
  lines!: TransferLineInputDto[];

  @ApiPropertyOptional({ example: '周末活动备货 Stock for the weekend promotion' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export const CREATE_TRANSFER_EXAMPLES = {
  transfer: { summary: 'Six bottles of one product', value: { fromStoreId: EXAMPLE_FROM, toStoreId: EXAMPLE_TO, lines: [{ productId: EXAMPLE_PRODUCT, quantity: 6 }] } },
};

export class ReceiveTransferLineDto {
  /** The line (1, 2, 3…) as the transfer lists it. */
  @ApiProperty({ minimum: 1, maximum: MAX_TRANSFER_LINES, example: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_TRANSFER_LINES)
  lineNumber!: number;

  /** Good whole pieces that arrived: at most what was shipped. */
  @ApiProperty({ minimum: 0, maximum: MAX_PIECES, example: 5 })
  @IsInt({ message: 'must be a whole number of pieces' })
  @Min(0)
  @Max(MAX_PIECES)
  receivedQuantity!: number;

  /** Why fewer arrived than were shipped (short, damaged): required when they differ. */
  @ApiPropertyOptional({ example: '一瓶破损 One bottle broken' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ReceiveTransferDto {
  /** The lines that did not arrive in full; a line left out arrived as shipped. */
  @ApiPropertyOptional({ type: [ReceiveTransferLineDto], maxItems: MAX_TRANSFER_LINES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TRANSFER_LINES)
  @NestedObjects()
  @Type(() => ReceiveTransferLineDto)
  lines?: ReceiveTransferLineDto[];
}

export class CancelTransferDto {
  @ApiPropertyOptional({ example: '已从供应商订货 Ordered from the supplier instead' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class TransferQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only transfers from or to this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: STATUSES, description: 'Only transfers in this state' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: TransferStatus;
}

export class TransferLineResponseDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  /** Whole pieces asked for. */
  @ApiProperty({ example: 6 })
  quantity!: number;
  /** Pieces that left the source store (null until shipped). */
  @ApiProperty({ type: Number, nullable: true, example: 6 })
  shippedQuantity!: number | null;
  /** Pieces the destination received (null until received). */
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  receivedQuantity!: number | null;
  /** Pieces on the way: shipped and not yet received. */
  @ApiProperty({ example: 0 })
  inTransitQuantity!: number;
  /** Shipped but never received (short or damaged): recorded, not lost. */
  @ApiProperty({ example: 1 })
  differenceQuantity!: number;
  @ApiProperty({ type: String, nullable: true, example: '一瓶破损 One bottle broken' })
  differenceReason!: string | null;
}

export class TransferResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ example: 'TR-20270510-0001' })
  number!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_FROM })
  fromStoreId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_TO })
  toStoreId!: string;
  @ApiProperty({ enum: STATUSES, example: 'requested' })
  status!: TransferStatus;
  @ApiProperty({ type: String, nullable: true, example: null })
  note!: string | null;
  @ApiProperty({ type: [TransferLineResponseDto] })
  lines!: TransferLineResponseDto[];
  @ApiProperty({ type: Date, nullable: true, example: null })
  approvedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  shippedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  receivedAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  cancelledAt!: Date | null;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2027-05-10T04:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2027-05-10T04:00:00.000Z' })
  updatedAt!: Date;
}

export class TransferStatusChangeDto {
  @ApiProperty({ enum: STATUSES, example: 'requested' })
  fromStatus!: string;
  @ApiProperty({ enum: STATUSES, example: 'approved' })
  toStatus!: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system'], example: 'user' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;
  @ApiProperty({ example: '2027-05-10T05:00:00.000Z' })
  at!: Date;
}

export class TransferHistoryResponseDto {
  @ApiProperty({ type: [TransferStatusChangeDto] })
  data!: TransferStatusChangeDto[];
}
