import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, NestedObject, Trim } from '../../../../common/validation/index.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES, type NotificationChannel, type NotificationLocale } from '../../notification-contracts.js';

/** An object of at most `maxEntries` values, each text up to `maxLength` (or, with `numbers`, a finite number). */
const IsValueMap = ({ maxEntries, maxLength, numbers }: { maxEntries: number; maxLength: number; numbers: boolean }, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isValueMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= maxEntries &&
          Object.values(value).every((item) => (typeof item === 'string' && item.length <= maxLength) || (numbers && typeof item === 'number' && Number.isFinite(item))),
        defaultMessage: () => `must be an object of at most ${maxEntries} ${numbers ? 'text or number values' : 'text values'}, each text at most ${maxLength} characters long`,
      },
    },
    options,
  );

/** A template approved in a provider's console, and the value of each of its fields (each a Mustache template). */
export class TemplateProviderDto {
  /** WeChat: the subscription-message template id of your mini-program; Aliyun SMS: the template code. */
  @ApiProperty({ maxLength: 100, example: 'SMS_462310087' })
  @Trim()
  @IsString()
  @MaxLength(100)
  id!: string;

  /** One Mustache template per field of the provider's template (WeChat `thing1`, `time2`; Aliyun's params). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { name: '{{businessName}}', time: '{{sentAt}}' } })
  @IsValueMap({ maxEntries: 30, maxLength: 500, numbers: false })
  fields!: Record<string, string>;
}

/**
 * A template's text for one channel and locale, in Mustache: `{{variable}}` over the notification's
 * variables (GET /v1/notification-keys lists them), sections `{{#variable}}…{{/variable}}` and
 * `{{^variable}}…{{/variable}}`. Partials, set-delimiter tags and `{{{…}}}`/`{{&…}}` are refused.
 */
export class TemplateContentDto {
  /** E-mail subject (required for e-mail), in-app title; SMS and WeChat have none. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: '测试通知' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  subject?: string | null;

  /** The message: SMS text, e-mail text part, in-app body, WeChat fallback. Rendered as it is, never HTML-escaped. */
  @ApiProperty({ minLength: 1, maxLength: 5000, example: '您好，这是一条测试消息：通知设置成功，无需回复。' })
  @IsString()
  @Length(1, 5000)
  @MultilineText()
  body!: string;

  /** E-mail only: the HTML part, where variables are HTML-escaped. Without it, the body is sent as HTML paragraphs. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100000, example: '<p>您好，这是一条<strong>测试消息</strong>：通知设置成功，无需回复。</p>' })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  @MultilineText()
  html?: string | null;

  /** SMS (Aliyun) and WeChat (required there): the provider's approved template and its fields. */
  @ApiPropertyOptional({ type: TemplateProviderDto, nullable: true })
  @IsOptional()
  @NestedObject()
  @Type(() => TemplateProviderDto)
  provider?: TemplateProviderDto | null;
}

export class NotificationTemplateListQueryDto extends PageQueryDto {
  /** Only this notification key's templates. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;

  @ApiPropertyOptional({ enum: NOTIFICATION_LOCALES })
  @IsOptional()
  @IsIn(NOTIFICATION_LOCALES)
  locale?: NotificationLocale;
}

export class TemplateVariableDto {
  @ApiProperty({ example: 'businessName' })
  name!: string;
  @ApiProperty({ example: "The business's name, as its customers know it" })
  description!: string;
  /** What previews use when no value is given. */
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }], example: '花漾美业' })
  example!: string | number;
}

/** The template in effect for a key, channel and locale: the owner's edit, or the default Bloom ships. */
export class NotificationTemplateResponseDto {
  @ApiProperty({ example: 'notification.test' })
  key!: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'email' })
  channel!: NotificationChannel;
  @ApiProperty({ enum: NOTIFICATION_LOCALES, example: 'zh-CN' })
  locale!: NotificationLocale;
  @ApiProperty({ type: String, nullable: true, example: '{{businessName}}：邮件通知测试' })
  subject!: string | null;
  @ApiProperty({ example: '您好：\n\n这是 {{businessName}} 通过 Bloom 发送的一封测试邮件，发送时间 {{sentAt}}。' })
  body!: string;
  @ApiProperty({ type: String, nullable: true, example: null })
  html!: string | null;
  @ApiProperty({ type: TemplateProviderDto, nullable: true, example: null })
  provider!: TemplateProviderDto | null;
  /** True when an owner's edit is in effect; false for the default (DELETE goes back to it). */
  @ApiProperty({ example: false })
  customized!: boolean;
  /** The edit's version, 0 for the default: send it as `If-Match` to change an edit (also the `ETag`). */
  @ApiProperty({ example: 0 })
  version!: number;
  /** Set when this locale has no template of its own and its recipients get this other locale's (edit or default). */
  @ApiProperty({ enum: NOTIFICATION_LOCALES, nullable: true, example: null })
  fallbackLocale!: NotificationLocale | null;
  /** False when it cannot be sent yet (a WeChat template whose id no owner has set): `notReadyReason` says why. */
  @ApiProperty({ example: true })
  ready!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  notReadyReason!: string | null;
  /** The variables this notification's templates may use. */
  @ApiProperty({ type: [TemplateVariableDto] })
  variables!: TemplateVariableDto[];
  /** The staff user who saved the edit; null for the default. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  updatedBy!: string | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  updatedAt!: Date | null;
}

/** Renders a template with sample values: the stored one (edit or default), or `content` as you are editing it. */
export class PreviewTemplateDto {
  @ApiProperty({ example: 'notification.test' })
  @IsString()
  @Length(1, 100)
  key!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'email' })
  @IsIn(NOTIFICATION_CHANNELS)
  channel!: NotificationChannel;

  @ApiProperty({ enum: NOTIFICATION_LOCALES, example: 'zh-CN' })
  @IsIn(NOTIFICATION_LOCALES)
  locale!: NotificationLocale;

  /** A template to try before saving it; the stored one when left out. Checked as a save would check it (errors name `content.<field>`). */
  @ApiPropertyOptional({
    type: TemplateContentDto,
    example: { subject: '{{businessName}}：邮件通知测试', body: '您好：\n\n这是 {{businessName}} 的测试邮件，发送于 {{sentAt}}。' },
  })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => TemplateContentDto)
  content?: TemplateContentDto;

  /** Values for some of the variables; the others take their examples from GET /v1/notification-keys. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, example: { businessName: '花漾美业 静安店' } })
  @IsOptionalNotNull()
  @IsValueMap({ maxEntries: 50, maxLength: 1000, numbers: true })
  variables?: Record<string, string | number>;
}

export class TemplateProviderRenderedDto {
  @ApiProperty({ example: '' })
  id!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { thing1: '花漾美业', time2: '2026-11-22 10:30' } })
  fields!: Record<string, string>;
}

/** What the channel would send. */
export class TemplatePreviewResponseDto {
  @ApiProperty({ type: String, nullable: true, example: '花漾美业 静安店：邮件通知测试' })
  subject!: string | null;
  @ApiProperty({ example: '您好：\n\n这是 花漾美业 静安店 的测试邮件，发送于 2026-11-22 10:30。' })
  text!: string;
  /** E-mail only: its HTML part (made from the text when the template has none). */
  @ApiProperty({ type: String, nullable: true, example: '<!DOCTYPE html>\n<html lang="zh-CN">…</html>' })
  html!: string | null;
  @ApiProperty({ type: TemplateProviderRenderedDto, nullable: true, example: null })
  provider!: TemplateProviderRenderedDto | null;
  /** The values it was rendered with: the ones given, the examples for the rest. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    example: { businessName: '花漾美业 静安店', sentAt: '2026-11-22 10:30' },
  })
  variables!: Record<string, string | number>;
  /** Whether the stored template (edit or default) was rendered; false when `content` was given. */
  @ApiProperty({ example: false })
  stored!: boolean;
  @ApiProperty({ example: true })
  ready!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null })
  notReadyReason!: string | null;
}

/** A kind of message Bloom sends, with the variables its templates may use. */
export class NotificationKeyResponseDto {
  @ApiProperty({ example: 'notification.test' })
  key!: string;
  /** `service` (about what the customer booked or bought), `marketing` (needs consent), `staff`. */
  @ApiProperty({ enum: ['service', 'marketing', 'staff'], example: 'service' })
  kind!: string;
  /** What a customer opts out of; `staff` for staff messages. */
  @ApiProperty({ example: 'system' })
  category!: string;
  @ApiProperty({ example: "A test message an owner sends to check a channel's settings (POST /v1/notifications/test)" })
  description!: string;
  /** The channels it goes out on, in order of preference. */
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true, example: ['email', 'sms', 'wechat', 'in_app'] })
  channels!: NotificationChannel[];
  @ApiProperty({ type: [TemplateVariableDto] })
  variables!: TemplateVariableDto[];
}
