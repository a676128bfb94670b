import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsInt, Max, Min, ValidateIf } from 'class-validator';
import { MoneyDto, MoneyResponseDto } from '../../../../common/money/index.js';
import { NestedObject } from '../../../../common/validation/index.js';
import type { BookingPolicyValues } from '../booking-policy.js';

export const SLOT_MINUTES = [5, 10, 15, 20, 30, 60] as const;
const DAY = 1440;
const TWO_WEEKS = 14 * DAY;
const required = (what: string) => IsDefined({ message: `is required: ${what}` });
/** Null is a value here (no cap, no fee, no automatic no-show); left out is not. */
const NullableRequired = (what: string) =>
  applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== null),
    required(what),
  );

class BookingPolicyFeeDto extends MoneyDto {
  @ApiProperty({ example: 'CNY', description: "ISO 4217: the business's one currency (BUSINESS_CURRENCY); another answers 400" })
  override currency!: string;
}

/** A store's whole booking policy: every field is replaced (null where allowed switches the rule off). */
export class PutBookingPolicyDto {
  /** Start times are offered every this many minutes from the local hour. */
  @ApiProperty({ enum: SLOT_MINUTES, example: 15 })
  @IsIn(SLOT_MINUTES, { message: 'must be one of 5, 10, 15, 20, 30 or 60 minutes' })
  slotMinutes!: number;

  /** How long before its start a booking must be made (0 to 14 days). */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: TWO_WEEKS, example: 60 })
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(TWO_WEEKS, { message: `must be at most ${TWO_WEEKS} minutes (14 days)` })
  minNoticeMinutes!: number;

  /** How many days ahead customers may book (1 to 366). */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 366, example: 60 })
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1, { message: 'must be at least 1 day' })
  @Max(366, { message: 'must be at most 366 days' })
  horizonDays!: number;

  /** Most appointments one staff member takes in a day (1 to 100); null: no cap. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, maximum: 100, example: 8 })
  @NullableRequired('a number, or null for no cap')
  @IsInt({ message: 'must be a whole number of appointments, or null for no cap' })
  @Min(1, { message: 'must be at least 1, or null for no cap' })
  @Max(100, { message: 'must be at most 100, or null for no cap' })
  dailyCapPerStaff!: number | null;

  /** A cancellation this close to the start is late (0 to 14 days). */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: TWO_WEEKS, example: 1440 })
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(0, { message: 'must not be negative' })
  @Max(TWO_WEEKS, { message: `must be at most ${TWO_WEEKS} minutes (14 days)` })
  cancellationWindowMinutes!: number;

  /** Recorded on a late cancellation for checkout to charge; null: no fee. */
  @ApiProperty({ type: BookingPolicyFeeDto, nullable: true, example: { amount: 5000, currency: 'CNY' } })
  @NullableRequired('an amount, or null for no fee')
  @NestedObject()
  @Type(() => BookingPolicyFeeDto)
  lateCancellationFee!: BookingPolicyFeeDto | null;

  /** Never checked in this many minutes after the end: marked a no-show automatically (0 to 1440); null: only by hand. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: DAY, example: 30 })
  @NullableRequired('minutes, or null to mark no-shows only by hand')
  @IsInt({ message: 'must be a whole number of minutes, or null' })
  @Min(0, { message: 'must not be negative' })
  @Max(DAY, { message: `must be at most ${DAY} minutes (a day), or null` })
  noShowAfterMinutes!: number | null;

  /** Reminders this many minutes before the start: 1 to 3 different values, each 10 minutes to 14 days. */
  @ApiProperty({ type: 'integer', isArray: true, minItems: 1, maxItems: 3, example: [1440, 120] })
  @IsArray({ message: 'must be a list of minutes, e.g. [1440, 120]' })
  @ArrayMinSize(1, { message: 'must have at least one reminder' })
  @ArrayMaxSize(3, { message: 'must have at most 3 reminders' })
  @ArrayUnique({ message: 'must not repeat a reminder' })
  @IsInt({ each: true, message: 'must be whole numbers of minutes' })
  @Min(10, { each: true, message: 'each must be at least 10 minutes before the start' })
  @Max(TWO_WEEKS, { each: true, message: `each must be at most ${TWO_WEEKS} minutes (14 days) before the start` })
  reminderOffsetsMinutes!: number[];

  /** How long a hold keeps a slot for a customer finishing a booking (1 to 60 minutes). */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60, example: 5 })
  @IsInt({ message: 'must be a whole number of minutes' })
  @Min(1, { message: 'must be at least 1 minute' })
  @Max(60, { message: 'must be at most 60 minutes' })
  holdMinutes!: number;
}

export class BookingPolicyResponseDto {
  @ApiProperty({ format: 'uuid', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' })
  storeId!: string;
  @ApiProperty({ enum: SLOT_MINUTES, example: 15 })
  slotMinutes!: number;
  @ApiProperty({ type: 'integer', example: 60 })
  minNoticeMinutes!: number;
  @ApiProperty({ type: 'integer', example: 60 })
  horizonDays!: number;
  /** Null: no cap. */
  @ApiProperty({ type: 'integer', nullable: true, example: null })
  dailyCapPerStaff!: number | null;
  @ApiProperty({ type: 'integer', example: 1440 })
  cancellationWindowMinutes!: number;
  /** Null: no fee. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true, example: null })
  lateCancellationFee!: MoneyResponseDto | null;
  /** Null: no-shows are marked only by hand. */
  @ApiProperty({ type: 'integer', nullable: true, example: 30 })
  noShowAfterMinutes!: number | null;
  @ApiProperty({ type: 'integer', isArray: true, example: [1440, 120] })
  reminderOffsetsMinutes!: number[];
  @ApiProperty({ type: 'integer', example: 5 })
  holdMinutes!: number;
  /** 0 while the store follows the defaults; send it back in `If-Match` once it is 1 or more. */
  @ApiProperty({ type: 'integer', example: 0 })
  version!: number;
  /** Null while the store follows the defaults. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null })
  updatedAt!: Date | null;
}

export function toBookingPolicyResponse(policy: BookingPolicyValues, updatedAt: Date | null): BookingPolicyResponseDto {
  return { ...policy, reminderOffsetsMinutes: [...policy.reminderOffsetsMinutes], updatedAt };
}
