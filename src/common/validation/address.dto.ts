import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsCountryCode } from './decorators.js';
import { IsOptionalNotNull, Trim } from './field-rules.js';

const POSTAL_CODE = /^[A-Za-z0-9 -]{2,12}$/;

/** A postal address. Chinese addresses fill `province`, `city`, `district`; elsewhere leave what does not apply. */
export class AddressDto {
  /** Street, number, building, floor. */
  @ApiProperty({ example: '南京西路 1266 号 恒隆广场 3 楼 301 室' })
  @Trim()
  @IsString()
  @Length(1, 200)
  line1!: string;

  @ApiPropertyOptional({ type: String, example: 'Plaza 66, Unit 301', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  line2?: string | null;

  @ApiPropertyOptional({ type: String, example: '静安区', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  district?: string | null;

  @ApiProperty({ example: '上海市' })
  @Trim()
  @IsString()
  @Length(1, 100)
  city!: string;

  @ApiPropertyOptional({ type: String, example: '上海市', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  province?: string | null;

  @ApiPropertyOptional({ type: String, example: '200040', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(POSTAL_CODE, { message: 'must be 2 to 12 letters, digits, spaces or hyphens' })
  postalCode?: string | null;

  /** ISO 3166-1 alpha-2; `CN` when left out. */
  @ApiPropertyOptional({ example: 'CN', default: 'CN' })
  @IsOptionalNotNull()
  @IsString()
  @IsCountryCode()
  country?: string;
}
