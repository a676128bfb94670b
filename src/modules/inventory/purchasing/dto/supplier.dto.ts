import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, IsPhone, MultilineText, phoneToE164, Trim } from '../../../../common/validation/index.js';
import { SUPPLIER_STATUSES, type SupplierStatus } from '../supplier.entity.js';

const EXAMPLE_ID = '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21';

export class CreateSupplierDto {
  @ApiProperty({ example: '欧莱雅专业 L’Oréal Professionnel 华东' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '王经理 Manager Wang' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 120)
  contactPerson?: string | null;

  /** Read with China as the default region; stored as E.164. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '+8613800138000' })
  @IsOptional()
  @Transform(phoneToE164)
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, format: 'email', nullable: true, example: 'orders@supplier.example' })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** As printed on the supplier's invoices (several lines allowed). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '上海市闵行区 莘庄工业区 申富路 88 号' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  @MultilineText()
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '每周二送货 Delivers on Tuesdays' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;
}

/** Changes to a supplier; fields left out stay as they are, `null` clears an optional one. */
export class UpdateSupplierDto {
  @ApiPropertyOptional({ example: '欧莱雅专业 华东区' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '李经理 Manager Li' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 120)
  contactPerson?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+8613800138001' })
  @IsOptional()
  @Transform(phoneToE164)
  @IsPhone()
  phone?: string | null;

  @ApiPropertyOptional({ type: String, format: 'email', nullable: true, example: 'sales@supplier.example' })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '上海市闵行区 申富路 88 号' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 500)
  @MultilineText()
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: null })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  @MultilineText()
  notes?: string | null;
}

export class SupplierQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only suppliers whose name contains this (any case)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: SUPPLIER_STATUSES, description: 'Only suppliers in this state; active ones when left out' })
  @IsOptional()
  @IsIn(SUPPLIER_STATUSES)
  status?: SupplierStatus;
}

export class SupplierResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ example: '欧莱雅专业 L’Oréal Professionnel 华东' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: '王经理 Manager Wang' })
  contactPerson!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+8613800138000' })
  phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'orders@supplier.example' })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '上海市闵行区 莘庄工业区 申富路 88 号' })
  address!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  notes!: string | null;
  @ApiProperty({ enum: SUPPLIER_STATUSES, example: 'active' })
  status!: SupplierStatus;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({ example: '2027-03-20T01:00:00.000Z' })
  updatedAt!: string;
}
