import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { AsList, normalisePhone, Trim, trimSpaces } from '../../../common/validation/index.js';
import { CUSTOMER_STATUSES, GENDERS, SOURCE_CHANNELS, type CustomerStatus, type Gender, type SourceChannel } from '../profile/customer.entity.js';
import { isPhoneSuffix } from '../search/customer-search.js';

/** `"25"` → 25; anything else is left for `@IsInt()` to refuse (an empty `?ageMin=` is not 0). */
const ToInt = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*-?\d{1,6}\s*$/.test(value) ? Number(value) : value));

/** 4 digits stay a suffix; anything else becomes E.164 when it is a valid number (left as is otherwise, for the validator to refuse). */
const PhoneCriterion = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = trimSpaces(value);
    return isPhoneSuffix(text) ? text : (normalisePhone(text) ?? text);
  });

const IsPhoneCriterion = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPhoneCriterion',
      validator: {
        validate: (value) => typeof value === 'string' && (isPhoneSuffix(value) || normalisePhone(value) === value),
        defaultMessage: () => 'must be the last 4 digits of a phone number, or a whole valid phone number (China by default; others with their + country code)',
      },
    },
    options,
  );

/** An instant: date, time and offset (`2026-11-01T00:00:00+08:00`), nothing left to guess. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const IsInstant = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value) => typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value)) && validCalendarDate(value.slice(0, 10)),
        defaultMessage: () => 'must be an ISO 8601 instant with its offset, e.g. 2026-11-01T00:00:00+08:00',
      },
    },
    options,
  );

function validCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/** `this` must not be below (`orEqual`: and not equal to) the other field, when both are valid. */
const NotBefore = (other: string, compare: (mine: unknown, theirs: unknown) => boolean | undefined, message: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'notBefore',
      constraints: [other],
      validator: {
        validate: (value, args) => compare(value, (args?.object as Record<string, unknown>)[other]) !== false,
        defaultMessage: () => message,
      },
    },
    options,
  );

const ageOrder = (mine: unknown, theirs: unknown) => (typeof mine === 'number' && typeof theirs === 'number' ? mine >= theirs : undefined);
const instantOrder = (mine: unknown, theirs: unknown) =>
  typeof mine === 'string' && typeof theirs === 'string' && !Number.isNaN(Date.parse(mine)) && !Number.isNaN(Date.parse(theirs))
    ? Date.parse(mine) > Date.parse(theirs)
    : undefined;

/**
 * Filters of the customer search, all optional, combined with AND. Also the criteria of a saved
 * segment (`criteria` of POST /v1/segments), validated by the same rules.
 */
export class CustomerSearchQueryDto extends PageQueryDto {
  /**
   * Part of the name, any case: 1 or 2 characters of a Chinese name (`王`, `小红`), part of a pinyin or English
   * one (`wang`); for Chinese names also part of their pinyin (`xiaoh`, `wang xiao hong`) or their initials
   * (`wxh` for 王小红). Letters match regardless of spaces and accents; 1 or 2 letters match the start of the
   * pinyin or initials (`wx`) or anywhere in the name. Matches names only, never phones or e-mails. Anyone who may search.
   */
  @ApiPropertyOptional({ minLength: 1, maxLength: 50 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 50)
  q?: string;

  /**
   * The last 4 digits of the phone (`5678`), or the whole number (`138 1234 5678`, `+8613812345678`), matched
   * exactly. The whole number only for callers who see phones in full (owners, managers, receptionists, API keys
   * with `customers:pii`); for beauticians and other keys, 403 `customer.filter_not_allowed`.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @PhoneCriterion()
  @IsPhoneCriterion()
  phone?: string;

  /** The whole e-mail address, any case. Only for callers who see e-mails in full (not beauticians, not keys without `customers:pii`: 403). */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value).toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string;

  /** A tag the customer has, any case (`vip` finds `VIP`); repeat it (`tag=VIP&tag=敏感肌`) for customers having all of them. */
  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 10 })
  @IsOptional()
  @AsList()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tag?: string[];

  /** As the customer gave it. */
  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  /**
   * Customers at least this old today in the business's time zone (BUSINESS_TIME_ZONE, Asia/Shanghai unless configured), in full years; customers without a birthday never match an
   * age. Only for callers who see birthdays (not beauticians, not keys without `customers:pii`: 403).
   */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 120 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(120)
  ageMin?: number;

  /** Customers at most this old today in the business's time zone, in full years; not below `ageMin`. Only for callers who see birthdays (403 otherwise). */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 120 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(120)
  @NotBefore('ageMin', ageOrder, 'must not be less than ageMin')
  ageMax?: number;

  /** Customers born in this month (1 = January), any year. Only for callers who see birthdays (403 otherwise). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 12 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(12)
  birthdayMonth?: number;

  /** How the customer first came to the business. */
  @ApiPropertyOptional({ enum: SOURCE_CHANNELS })
  @IsOptional()
  @IsIn(SOURCE_CHANNELS)
  source?: SourceChannel;

  /** Customers whose home store this is. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  homeStoreId?: string;

  /** Customers created at or after this instant (ISO 8601 with offset). */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @IsInstant()
  createdFrom?: string;

  /** Customers created before this instant (ISO 8601 with offset); after `createdFrom`. */
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsString()
  @IsInstant()
  @NotBefore('createdFrom', instantOrder, 'must be after createdFrom')
  createdTo?: string;

  /** Only customers in these states (repeatable); `active` and `blocked` when left out, so merged and anonymized records show only when asked. */
  @ApiPropertyOptional({ enum: CUSTOMER_STATUSES, isArray: true })
  @IsOptional()
  @AsList()
  @IsArray()
  @ArrayMaxSize(CUSTOMER_STATUSES.length)
  @IsIn(CUSTOMER_STATUSES, { each: true })
  status?: CustomerStatus[];
}

/** The search filters without paging: the query of the CSV export, and a segment's saved `criteria`. */
export class CustomerCriteriaDto extends OmitType(CustomerSearchQueryDto, ['limit', 'cursor'] as const) {}
