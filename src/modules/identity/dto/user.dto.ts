import { trimSpaces } from '../../../common/validation/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import type { StaffRole } from '../../../common/http/request-context.js';
import { PageQueryDto } from '../../../common/http/pagination.js';
import type { UserView } from '../staff-directory.js';
import { STAFF_LOCALES, type StaffLocale } from '../staff-user.entity.js';

export const STAFF_ROLES: StaffRole[] = ['owner', 'manager', 'receptionist', 'beautician'];
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value) : value);

/** A staff user. Never carries the password hash. */
export class UserResponseDto {
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-4a5e-4f60-8b7a-9c8d7e6f5a41' })
  id!: string;
  @ApiProperty({ example: '王丽 Wang Li' })
  name!: string;
  @ApiProperty({ type: String, nullable: true, example: 'wang.li@bloom.example' })
  email!: string | null;
  /** E.164. */
  @ApiProperty({ type: String, nullable: true, example: '+8613812345678' })
  phone!: string | null;
  @ApiProperty({ enum: STAFF_ROLES, example: 'receptionist' })
  role!: StaffRole;
  /** The language of the messages Bloom sends them (e-mail, SMS, in-app). */
  @ApiProperty({ enum: STAFF_LOCALES, example: 'zh-CN' })
  locale!: StaffLocale;
  /** Disabled users cannot sign in. */
  @ApiProperty({ enum: ['active', 'disabled'], example: 'active' })
  status!: 'active' | 'disabled';
  /** The stores the user works at, as far as the caller can see them (a manager sees only their own stores' ids); empty for owners, who see every store (`allStores`). */
  @ApiProperty({ type: [String], example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  storeIds!: string[];
  /** True for owners: they see every store of the business. */
  @ApiProperty({ example: false })
  allStores!: boolean;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-22T01:30:00.000Z' })
  lastLoginAt!: Date | null;
  /** Send it back in `If-Match` (as the ETag `"3"`) to update the user. */
  @ApiProperty({ example: 3 })
  version!: number;
  @ApiProperty({ example: '2026-11-01T08:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-20T08:00:00.000Z' })
  updatedAt!: Date;
}

export function toUserResponse(user: UserView): UserResponseDto {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    role: user.role,
    locale: user.locale,
    status: user.status,
    storeIds: user.storeIds,
    allStores: user.role === 'owner',
    lastLoginAt: user.lastLoginAt,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

export class CreateUserDto {
  @ApiProperty({ example: '王丽 Wang Li' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Signs in with it; an e-mail or a phone (or both) is required. Unique among users. */
  @ApiPropertyOptional({ example: 'wang.li@bloom.example' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  /** Signs in with it; numbers without a country code are read as Chinese (`13812345678`). Stored as E.164. Unique among users. */
  @ApiPropertyOptional({ example: '138 1234 5678' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;

  /** Managers may create receptionists and beauticians only. */
  @ApiProperty({ enum: STAFF_ROLES, example: 'receptionist' })
  @IsIn(STAFF_ROLES)
  role!: StaffRole;

  /** The language of the messages Bloom sends them; `zh-CN` when left out. */
  @ApiPropertyOptional({ enum: STAFF_LOCALES, example: 'zh-CN' })
  @IsOptional()
  @IsIn(STAFF_LOCALES)
  locale?: StaffLocale;

  /** The stores the user works at: one at least, except for owners, who have none (they see every store). A manager may name only their own stores. */
  @ApiPropertyOptional({ type: [String], example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[];

  /** The first password: 10 characters at least, of two kinds at least (letters, digits, others). */
  @ApiProperty({ example: 'spring-2027-bloom' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

/** The fields to change; those left out stay as they are. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: '王丽 Wang Li' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  /** `null` removes it (the user keeps signing in with the phone). */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'wang.li@bloom.example' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string | null;

  /** `null` removes it (the user keeps signing in with the e-mail). */
  @ApiPropertyOptional({ type: String, nullable: true, example: '+86 138 1234 5678' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string | null;

  /** Making someone an owner drops their store list; making an owner anything else needs `storeIds`. */
  @ApiPropertyOptional({ enum: STAFF_ROLES, example: 'beautician' })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  /** The language of the messages Bloom sends them. */
  @ApiPropertyOptional({ enum: STAFF_LOCALES, example: 'en' })
  @IsOptional()
  @IsIn(STAFF_LOCALES)
  locale?: StaffLocale;

  /** Replaces the user's stores. */
  @ApiPropertyOptional({ type: [String], example: ['2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[];
}

export class UserListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STAFF_ROLES })
  @IsOptional()
  @IsIn(STAFF_ROLES)
  role?: StaffRole;

  /** Users who work at this store (none, for a store you cannot see). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  /** Part of the name, e-mail or phone. */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ResetPasswordDto {
  /** The new password: 10 characters at least, of two kinds at least. Every session and access token of the user ends. */
  @ApiProperty({ example: 'summer-2027-bloom' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}
