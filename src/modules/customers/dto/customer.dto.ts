import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { MoneyResponseDto } from '../../../common/money/index.js';
import { AddressDto, IsOptionalNotNull, IsPhone, MultilineText, NestedObject, NestedObjects, phoneToE164, Trim, trimSpaces } from '../../../common/validation/index.js';
import {
  CUSTOMER_LOCALES,
  GENDERS,
  NOTIFICATION_CATEGORIES,
  PREFERRED_CHANNELS,
  SOURCE_CHANNELS,
  type CustomerLocale,
  type Gender,
  type NotificationCategory,
  type PreferredChannel,
  type SourceChannel,
} from '../profile/customer.entity.js';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A birthday: a real calendar date, not in the future, not before 1900. */
export const IsBirthday = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isBirthday',
      validator: {
        validate: (value) => typeof value === 'string' && birthdayProblem(value) === undefined,
        defaultMessage: (args) => (typeof args?.value === 'string' ? (birthdayProblem(args.value) ?? 'is not valid') : 'must be a date YYYY-MM-DD'),
      },
    },
    options,
  );

export function birthdayProblem(value: string): string | undefined {
  if (!PLAIN_DATE.test(value)) return 'must be a date YYYY-MM-DD';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'must be a date YYYY-MM-DD';
  if (value < '1900-01-01') return 'must not be before 1900-01-01';
  // A birthday "today" anywhere on Earth is fine: compare with the date at UTC+14.
  if (value > new Date(Date.now() + 14 * 3600_000).toISOString().slice(0, 10)) return 'must not be in the future';
  return undefined;
}

/** E-mail, trimmed and lower-cased before it is checked. */
const LowerTrim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value).toLowerCase() : value));

/** A list of e-mails, each trimmed and lower-cased before it is checked. */
const LowerTrimEach = () =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((email: unknown) => (typeof email === 'string' ? trimSpaces(email).toLowerCase() : email)) : value,
  );

/** Opt-outs: repeats dropped. */
const Distinct = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value)] : value));

/** A mini-program openid: letters, digits, `_` and `-` (WeChat's are 28 characters). */
const OPEN_ID = /^[A-Za-z0-9_-]{6,64}$/;

/** Tags: trimmed, case kept, duplicates dropped. */
const NormaliseTags = () =>
  Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value.map((tag: unknown) => (typeof tag === 'string' ? trimSpaces(tag) : tag)))] : value));

/** A customer's address: a postal address, with who receives there and whether deliveries go there by default. */
export class CustomerAddressDto extends AddressDto {
  /** What the customer calls it: `home`, `office`. */
  @ApiPropertyOptional({ type: String, example: 'home', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 30)
  label?: string | null;

  /** Who receives deliveries there, when not the customer. */
  @ApiPropertyOptional({ type: String, example: '王小红', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  recipient?: string | null;

  @ApiPropertyOptional({ type: String, example: '+8613812345678', nullable: true })
  @IsOptional()
  @Transform(phoneToE164)
  @IsPhone()
  phone?: string | null;

  /** The address deliveries go to when none is named; at most one address is the default. */
  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  isDefault?: boolean;
}

/** One of a customer's numbers besides the primary `phone`. */
export class CustomerPhoneDto {
  /** Read like `phone`; unique among all customers' numbers. */
  @ApiProperty({ example: '+8613912345678' })
  @Transform(phoneToE164)
  @IsPhone()
  number!: string;

  /** What the customer calls it: `work`, `home`, `husband`. */
  @ApiPropertyOptional({ type: String, example: 'work', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 30)
  label?: string | null;
}

/** Care notes: health-related, so sensitive (PIPL). Beauticians see them; partners need `customers:pii`. */
export class CareNotesDto {
  @ApiPropertyOptional({ type: String, example: 'combination, sensitive around the nose', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  skinType?: string | null;

  @ApiPropertyOptional({ type: String, example: 'fine, colour-treated', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  hairType?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['PPD (hair dye)', 'fragrance'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  allergies?: string[];

  @ApiPropertyOptional({ type: String, example: 'pregnant: no chemical peels until further notice', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  @MultilineText()
  other?: string | null;
}

export const CONSENT_METHODS = ['in_store_form', 'online_checkbox', 'verbal', 'sms_reply', 'email_link', 'import', 'api'] as const;

/** Giving or withdrawing one consent. */
export class ConsentInputDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  granted!: boolean;

  /** How the customer gave or withdrew it. */
  @ApiProperty({ enum: CONSENT_METHODS, example: 'in_store_form' })
  @IsIn(CONSENT_METHODS)
  method!: (typeof CONSENT_METHODS)[number];

  /** When the customer did so; now when left out (a paper form signed earlier may be dated back). */
  @ApiPropertyOptional({ example: '2026-11-22T10:15:00+08:00' })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  at?: string;
}

export class ConsentsInputDto {
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ConsentInputDto)
  @IsObject()
  sms?: ConsentInputDto;

  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ConsentInputDto)
  @IsObject()
  email?: ConsentInputDto;

  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ConsentInputDto)
  @IsObject()
  wechat?: ConsentInputDto;
}

export class CreateCustomerDto {
  @ApiProperty({ example: '王小红' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Read with China as the default region (`138 1234 5678`); other countries need their `+` prefix. Stored as E.164, unique among customers. */
  @ApiProperty({ example: '+8613812345678' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;

  /**
   * The customer's numbers besides `phone` (work, home, a second mobile), replaced whole when given;
   * each is unique among all customers' numbers: the duplicate check and the phone search find them
   * as they find `phone`. The primary itself and repeats are dropped.
   */
  @ApiPropertyOptional({ type: [CustomerPhoneDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @NestedObjects()
  @Type(() => CustomerPhoneDto)
  otherPhones?: CustomerPhoneDto[];

  @ApiPropertyOptional({ type: String, format: 'email', example: 'xiaohong.wang@example.com', nullable: true })
  @IsOptional()
  @LowerTrim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** E-mail addresses besides `email`, replaced whole when given; lower-cased, repeats and `email` itself dropped. */
  @ApiPropertyOptional({ type: [String], example: ['xiaohong@work.example.com'] })
  @IsOptionalNotNull()
  @LowerTrimEach()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  otherEmails?: string[];

  @ApiPropertyOptional({ enum: GENDERS, nullable: true, example: 'female' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  /** `YYYY-MM-DD`, not in the future. */
  @ApiPropertyOptional({ type: String, format: 'date', example: '1992-05-12', nullable: true })
  @IsOptional()
  @IsBirthday()
  birthday?: string | null;

  @ApiPropertyOptional({ type: [CustomerAddressDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @NestedObjects()
  @Type(() => CustomerAddressDto)
  addresses?: CustomerAddressDto[];

  /** How the customer first came to the business; `walk_in` when left out. */
  @ApiPropertyOptional({ enum: SOURCE_CHANNELS, default: 'walk_in', example: 'referral' })
  @IsOptionalNotNull()
  @IsIn(SOURCE_CHANNELS)
  source?: SourceChannel;

  /** The customer who referred this one. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  referredById?: string | null;

  /** The store the customer usually visits. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  homeStoreId?: string | null;

  @IsOptional()
  @NestedObject()
  @Type(() => CareNotesDto)
  @IsObject()
  careNotes?: CareNotesDto | null;

  /** Free labels (`VIP`, `prefers-female-stylist`); trimmed, duplicates dropped. */
  @ApiPropertyOptional({ type: [String], example: ['VIP', 'colour-regular'] })
  @IsOptionalNotNull()
  @NormaliseTags()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  /** Marketing consents given when the record is made; each is recorded with when and how. */
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ConsentsInputDto)
  @IsObject()
  consents?: ConsentsInputDto;

  @ApiPropertyOptional({ type: String, example: 'Prefers a quiet room; tea, no coffee.', nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  notes?: string | null;

  /** The language of the messages the customer gets; `zh-CN` when left out. */
  @ApiPropertyOptional({ enum: CUSTOMER_LOCALES, default: 'zh-CN', example: 'zh-CN' })
  @IsOptionalNotNull()
  @IsIn(CUSTOMER_LOCALES)
  locale?: CustomerLocale;

  /** The channel the customer prefers for messages about their bookings and orders; null: each message's usual order. */
  @ApiPropertyOptional({ enum: PREFERRED_CHANNELS, nullable: true, example: 'wechat' })
  @IsOptional()
  @IsIn(PREFERRED_CHANNELS)
  preferredChannel?: PreferredChannel | null;

  /**
   * The customer's openid in the business's mini-program, for WeChat subscription messages; unique
   * among customers (another customer's answers 409 `customer.wechat_open_id_taken`). Personal data:
   * masked like the phone for callers who see it masked.
   */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(OPEN_ID, { message: 'must be a mini-program openid: 6 to 64 letters, digits, _ or -' })
  wechatOpenId?: string | null;

  /**
   * Categories of messages the customer does not want: `reminders` (appointment
   * reminders, follow-up visits), `bookings` (confirmations and changes), `orders` (orders, shipping,
   * after-sales), `promotions` (campaigns, offers), `birthday` (greetings, birthday offers), `surveys`
   * (feedback requests). Repeats are dropped.
   */
  @ApiPropertyOptional({ enum: NOTIFICATION_CATEGORIES, isArray: true, example: ['promotions'] })
  @IsOptionalNotNull()
  @Distinct()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_CATEGORIES.length)
  @IsIn(NOTIFICATION_CATEGORIES, { each: true })
  notificationOptOuts?: NotificationCategory[];
}

/** Changes to a customer; fields left out stay as they are; `null` clears a nullable field. `addresses`, `tags`, `otherPhones`, `otherEmails` and `careNotes` are replaced whole. */
export class UpdateCustomerDto {
  @ApiPropertyOptional({ example: '王小红' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  name?: string;

  /** The primary number; the old one is dropped unless listed in `otherPhones`. One of `otherPhones` given here becomes the primary. */
  @ApiPropertyOptional({ example: '+8613812345678' })
  @IsOptionalNotNull()
  @Transform(phoneToE164)
  @IsPhone()
  phone?: string;

  /**
   * The customer's numbers besides `phone` (work, home, a second mobile), replaced whole when given;
   * each is unique among all customers' numbers: the duplicate check and the phone search find them
   * as they find `phone`. The primary itself and repeats are dropped.
   */
  @ApiPropertyOptional({ type: [CustomerPhoneDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @NestedObjects()
  @Type(() => CustomerPhoneDto)
  otherPhones?: CustomerPhoneDto[];

  @ApiPropertyOptional({ type: String, format: 'email', nullable: true })
  @IsOptional()
  @LowerTrim()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  /** E-mail addresses besides `email`, replaced whole when given; lower-cased, repeats and `email` itself dropped. */
  @ApiPropertyOptional({ type: [String], example: ['xiaohong@work.example.com'] })
  @IsOptionalNotNull()
  @LowerTrimEach()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  @MaxLength(254, { each: true })
  otherEmails?: string[];

  @ApiPropertyOptional({ enum: GENDERS, nullable: true })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsBirthday()
  birthday?: string | null;

  @ApiPropertyOptional({ type: [CustomerAddressDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @NestedObjects()
  @Type(() => CustomerAddressDto)
  addresses?: CustomerAddressDto[];

  @ApiPropertyOptional({ enum: SOURCE_CHANNELS })
  @IsOptionalNotNull()
  @IsIn(SOURCE_CHANNELS)
  source?: SourceChannel;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  referredById?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  homeStoreId?: string | null;

  @IsOptional()
  @NestedObject()
  @Type(() => CareNotesDto)
  @IsObject()
  careNotes?: CareNotesDto | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @NormaliseTags()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tags?: string[];

  /** Consents to give or withdraw; channels left out stay as they are. Each change is recorded. */
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => ConsentsInputDto)
  @IsObject()
  consents?: ConsentsInputDto;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  @MultilineText()
  notes?: string | null;

  /** The language of the messages the customer gets; `zh-CN` when left out. */
  @ApiPropertyOptional({ enum: CUSTOMER_LOCALES, example: 'zh-CN' })
  @IsOptionalNotNull()
  @IsIn(CUSTOMER_LOCALES)
  locale?: CustomerLocale;

  /** The channel the customer prefers for messages about their bookings and orders; null: each message's usual order. */
  @ApiPropertyOptional({ enum: PREFERRED_CHANNELS, nullable: true, example: 'wechat' })
  @IsOptional()
  @IsIn(PREFERRED_CHANNELS)
  preferredChannel?: PreferredChannel | null;

  /**
   * The customer's openid in the business's mini-program, for WeChat subscription messages; unique
   * among customers (another customer's answers 409 `customer.wechat_open_id_taken`). Personal data:
   * masked like the phone for callers who see it masked.
   */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(OPEN_ID, { message: 'must be a mini-program openid: 6 to 64 letters, digits, _ or -' })
  wechatOpenId?: string | null;

  /**
   * Categories of messages the customer does not want (replaced whole when given): `reminders` (appointment
   * reminders, follow-up visits), `bookings` (confirmations and changes), `orders` (orders, shipping,
   * after-sales), `promotions` (campaigns, offers), `birthday` (greetings, birthday offers), `surveys`
   * (feedback requests). Repeats are dropped.
   */
  @ApiPropertyOptional({ enum: NOTIFICATION_CATEGORIES, isArray: true, example: ['promotions'] })
  @IsOptionalNotNull()
  @Distinct()
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_CATEGORIES.length)
  @IsIn(NOTIFICATION_CATEGORIES, { each: true })
  notificationOptOuts?: NotificationCategory[];
}

export class CustomerPhoneResponseDto {
  /** E.164, or masked (`139****5678`) for callers who may not see contact data. */
  @ApiProperty({ example: '+8613912345678' })
  number!: string;
  @ApiProperty({ type: String, nullable: true, example: 'work' })
  label!: string | null;
}

export class CustomerAddressResponseDto {
  @ApiProperty({ type: String, nullable: true, example: 'home' })
  label!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '王小红' })
  recipient!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+8613812345678' })
  phone!: string | null;
  @ApiProperty({ example: '延安西路 200 号 5 栋 1202 室' })
  line1!: string;
  @ApiProperty({ type: String, nullable: true })
  line2!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '长宁区' })
  district!: string | null;
  @ApiProperty({ example: '上海市' })
  city!: string;
  @ApiProperty({ type: String, nullable: true, example: '上海市' })
  province!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '200050' })
  postalCode!: string | null;
  @ApiProperty({ example: 'CN' })
  country!: string;
  @ApiProperty({ example: true })
  isDefault!: boolean;
}

export class CareNotesResponseDto {
  @ApiProperty({ type: String, nullable: true, example: 'combination, sensitive around the nose' })
  skinType!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'fine, colour-treated' })
  hairType!: string | null;
  @ApiProperty({ type: [String], example: ['PPD (hair dye)'] })
  allergies!: string[];
  @ApiProperty({ type: String, nullable: true })
  other!: string | null;
}

export class ConsentStateResponseDto {
  @ApiProperty({ example: true })
  granted!: boolean;
  @ApiProperty({ example: '2026-11-22T02:15:00.000Z' })
  at!: string;
  @ApiProperty({ example: 'in_store_form' })
  method!: string;
}

/** The current marketing consents; a channel never asked is null. */
export class ConsentsResponseDto {
  @ApiProperty({ type: ConsentStateResponseDto, nullable: true })
  sms!: ConsentStateResponseDto | null;
  @ApiProperty({ type: ConsentStateResponseDto, nullable: true })
  email!: ConsentStateResponseDto | null;
  @ApiProperty({ type: ConsentStateResponseDto, nullable: true })
  wechat!: ConsentStateResponseDto | null;
}

/** Figures kept up to date by the orders and appointments modules. */
export class CustomerFiguresResponseDto {
  @ApiProperty({ example: 12 })
  visitCount!: number;
  @ApiProperty({ type: Date, nullable: true, example: '2025-03-02T06:00:00.000Z' })
  firstVisitAt!: Date | null;
  @ApiProperty({ type: Date, nullable: true, example: '2026-11-20T07:30:00.000Z' })
  lastVisitAt!: Date | null;
  totalSpend!: MoneyResponseDto;
  /** Total spend divided by paid tickets, rounded to the minor unit; null before the first. */
  @ApiProperty({ type: MoneyResponseDto, nullable: true })
  averageTicket!: MoneyResponseDto | null;
  @ApiProperty({ example: 1 })
  noShowCount!: number;
  /** Appointments cancelled within the store's cancellation window. */
  @ApiProperty({ example: 0 })
  lateCancellationCount!: number;
}
