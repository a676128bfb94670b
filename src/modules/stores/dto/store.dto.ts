import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsNotEmptyObject, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { AddressDto, NestedObject } from '../../../common/validation/index.js';
import { normalizeWeeklyHours } from '../business-hours.js';
import type { Store } from '../store.entity.js';
import { IsIanaTimeZone, IsIsoCurrency, IsOptionalNotNull, IsPhone, phoneToE164, Trim } from '../../../common/validation/index.js';
import { QuietHoursDto, WeeklyHoursDto, WeeklyHoursResponseDto } from './hours.dto.js';
import { quietHoursOf } from '../quiet-hours.js';

export const STORE_CODE = /^[A-Za-z0-9-]{1,16}$/;

/** Inventory alerts batches expiring within this many days unless the store says otherwise. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
export const MAX_EXPIRY_WARNING_DAYS = 365;

export class AddressResponseDto {
  @ApiProperty({ example: '南京西路 1266 号 恒隆广场 3 楼 301 室' })
  line1!: string;
  @ApiProperty({ example: 'Plaza 66, Unit 301', nullable: true, type: String })
  line2!: string | null;
  @ApiProperty({ example: '静安区', nullable: true, type: String })
  district!: string | null;
  @ApiProperty({ example: '上海市' })
  city!: string;
  @ApiProperty({ example: '上海市', nullable: true, type: String })
  province!: string | null;
  @ApiProperty({ example: '200040', nullable: true, type: String })
  postalCode!: string | null;
  /** ISO 3166-1 alpha-2. */
  @ApiProperty({ example: 'CN' })
  country!: string;
}

export class CreateStoreDto {
  /** Short code people use on receipts and screens: letters, digits and `-`, at most 16; unique regardless of case. */
  @ApiProperty({ example: 'SH-JA01', pattern: STORE_CODE.source })
  @IsString()
  @Matches(STORE_CODE, { message: 'must be 1 to 16 letters, digits or hyphens' })
  code!: string;

  @ApiProperty({ example: 'Bloom 静安店' })
  @Trim()
  @IsString()
  @Length(1, 120)
  name!: string;

  @NestedObject()
  @Type(() => AddressDto)
  @IsObject()
  @IsNotEmptyObject()
  address!: AddressDto;

  /** Read with China as the default region (`021 6288 1234`); other countries need their `+` prefix. Stored as E.164. */
  @ApiProperty({ example: '+862162881234' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;

  @ApiPropertyOptional({ type: String, format: 'email', example: 'jingan@bloom.example', nullable: true })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** IANA time zone: business hours, closures and "today" are read in it. */
  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsIanaTimeZone()
  timeZone!: string;

  /** ISO 4217. A business has one currency (BUSINESS_CURRENCY, `CNY` unless configured): a store takes it, and another answers 400. */
  @ApiPropertyOptional({ example: 'CNY' })
  @IsOptionalNotNull()
  @IsIsoCurrency()
  currency?: string;

  /** Weekly opening hours; left out, the store is closed every day until they are set. */
  @IsOptional()
  @NestedObject()
  @Type(() => WeeklyHoursDto)
  @IsObject()
  businessHours?: WeeklyHoursDto;

  /**
   * Quiet hours in the store's time zone: texts and WeChat messages that are not urgent wait until they
   * end. Left out: 21:30–08:30; `null`: none.
   */
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, example: { start: '21:30', end: '08:30' } })
  @IsOptional()
  @NestedObject()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  /** Inventory's daily sweep alerts batches expiring within this many days (and expired ones). Left out: 30; `0`: no warning. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_EXPIRY_WARNING_DAYS, example: 30 })
  @IsOptionalNotNull()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0)
  @Max(MAX_EXPIRY_WARNING_DAYS)
  expiryWarningDays?: number;
}

/** Changes to a store; fields left out stay as they are. `address` and `businessHours` are replaced whole. */
export class UpdateStoreDto {
  @ApiPropertyOptional({ example: 'SH-JA01', pattern: STORE_CODE.source })
  @IsOptionalNotNull()
  @IsString()
  @Matches(STORE_CODE, { message: 'must be 1 to 16 letters, digits or hyphens' })
  code?: string;

  @ApiPropertyOptional({ example: 'Bloom 静安旗舰店' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 120)
  name?: string;

  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => AddressDto)
  @IsObject()
  @IsNotEmptyObject()
  address?: AddressDto;

  @ApiPropertyOptional({ example: '+862162881234' })
  @IsOptionalNotNull()
  @Transform(phoneToE164)
  @IsPhone()
  phone?: string;

  /** `null` removes the e-mail address. */
  @ApiPropertyOptional({ type: String, format: 'email', example: 'jingan@bloom.example', nullable: true })
  @IsOptional()
  @Trim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ example: 'Asia/Shanghai' })
  @IsOptionalNotNull()
  @IsIanaTimeZone()
  timeZone?: string;

  /** Only the business's one currency (BUSINESS_CURRENCY): another answers 400. */
  @ApiPropertyOptional({ example: 'CNY' })
  @IsOptionalNotNull()
  @IsIsoCurrency()
  currency?: string;

  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => WeeklyHoursDto)
  @IsObject()
  businessHours?: WeeklyHoursDto;

  /** Replaces the quiet hours; `null`: none. */
  @ApiPropertyOptional({ type: QuietHoursDto, nullable: true, example: { start: '22:00', end: '09:00' } })
  @IsOptional()
  @NestedObject()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;

  /** Inventory's daily sweep alerts batches expiring within this many days (and expired ones). Left out: 30; `0`: no warning. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_EXPIRY_WARNING_DAYS, example: 30 })
  @IsOptionalNotNull()
  @IsInt({ message: 'must be a whole number of days' })
  @Min(0)
  @Max(MAX_EXPIRY_WARNING_DAYS)
  expiryWarningDays?: number;
}

export class StoreListQueryDto extends PageQueryDto {
  /** Only stores in this state; both when left out. */
  @ApiPropertyOptional({ enum: ['active', 'archived'] })
  @IsOptional()
  @IsIn(['active', 'archived'])
  status?: 'active' | 'archived';

  /** Part of the code or name, any case (`jing`, `SH-`). */
  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class StoreResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  id!: string;
  @ApiProperty({ example: 'SH-JA01' })
  code!: string;
  @ApiProperty({ example: 'Bloom 静安店' })
  name!: string;
  address!: AddressResponseDto;
  /** E.164. */
  @ApiProperty({ example: '+862162881234' })
  phone!: string;
  @ApiProperty({ example: 'jingan@bloom.example', nullable: true, type: String })
  email!: string | null;
  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone!: string;
  /** The business's one currency (BUSINESS_CURRENCY): the store's prices are in it. */
  @ApiProperty({ example: 'CNY' })
  currency!: string;
  businessHours!: WeeklyHoursResponseDto;
  /** When texts and WeChat messages that are not urgent wait, in the store's time zone; `null`: never. */
  @ApiProperty({ type: QuietHoursDto, nullable: true, example: { start: '21:30', end: '08:30' } })
  quietHours!: QuietHoursDto | null;
  /** Batches expiring within this many days are alerted by inventory's daily sweep; `0`: no warning. */
  @ApiProperty({ type: 'integer', example: 30 })
  expiryWarningDays!: number;
  /** Archived stores take no new business but keep their history. */
  @ApiProperty({ enum: ['active', 'archived'], example: 'active' })
  status!: 'active' | 'archived';
  /** Send it back as `If-Match: "<version>"` to change the store (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

export function toStoreResponse(store: Store): StoreResponseDto {
  const address = store.address;
  return {
    id: store.id,
    code: store.code,
    name: store.name,
    address: {
      line1: address.line1,
      line2: address.line2 ?? null,
      district: address.district ?? null,
      city: address.city,
      province: address.province ?? null,
      postalCode: address.postalCode ?? null,
      country: address.country,
    },
    phone: store.phone,
    email: store.email,
    timeZone: store.timeZone,
    currency: store.currency,
    businessHours: normalizeWeeklyHours(store.businessHours),
    quietHours: quietHoursOf(store),
    expiryWarningDays: store.expiryWarningDays,
    status: store.status,
    version: store.version,
    createdAt: store.createdAt,
    updatedAt: store.updatedAt,
  };
}
