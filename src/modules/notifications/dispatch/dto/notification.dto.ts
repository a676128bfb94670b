import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { NestedObject, normaliseEmail, Trim } from '../../../../common/validation/index.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES, type NotificationChannel, type NotificationLocale } from '../../notification-contracts.js';
import { NOTIFICATION_REASONS, NOTIFICATION_STATUSES, type NotificationReason, type NotificationStatus } from '../notification.entity.js';

/** Filters of `GET /v1/notifications`; combine freely. */
export class NotificationQueryDto extends PageQueryDto {
  /** Only the notifications of this customer. */
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ enum: NOTIFICATION_CHANNELS })
  @IsOptional()
  @IsIn(NOTIFICATION_CHANNELS)
  channel?: NotificationChannel;

  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  /** Only this notification key, e.g. `appointment.reminder`. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  key?: string;

  /** Only notifications created at or after this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  /** Only notifications created before this instant (ISO 8601). */
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class NotificationResponseDto {
  id!: string;
  /** The notification key: what it is about (`appointment.reminder`). */
  key!: string;
  /** `service`, `marketing` or `staff`. */
  kind!: string;
  /** What a customer may opt out of (`reminders`, `promotions`); `staff` for staff messages. */
  category!: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel!: NotificationChannel;
  /** The customer it was for, if a customer. */
  customerId!: string | null;
  /** The member of staff it was for, if staff. */
  staffUserId!: string | null;
  storeId!: string | null;
  /**
   * The phone, e-mail or WeChat openid it went to: masked (`138****5678`) for API keys without
   * `customers:pii`; null for in-app messages, skipped ones and once the customer was anonymized.
   */
  recipient!: string | null;
  @ApiProperty({ enum: NOTIFICATION_LOCALES })
  locale!: NotificationLocale;
  /** Sent at once, even in the store's quiet hours. */
  urgent!: boolean;
  /** `queued` (on its way), `deferred` (until the store's quiet hours end), `sent`, `delivered` (the provider's receipt), `failed`, `skipped`. */
  @ApiProperty({ enum: NOTIFICATION_STATUSES })
  status!: NotificationStatus;
  /** Why it was skipped or failed (see the operation's description); null otherwise. */
  @ApiProperty({ enum: NOTIFICATION_REASONS, nullable: true })
  reason!: NotificationReason | null;
  /** Send attempts so far, over every resend. */
  attempts!: number;
  /** Who sent it: `smtp`, `aliyun`, `twilio`, `wechat`, `log`, `in_app`. */
  provider!: string | null;
  /** The provider's id of the message, which its delivery receipts name. */
  providerMessageId!: string | null;
  /** The last error, in the provider's words, or what was missing when skipped. */
  lastError!: string | null;
  /** When a deferred notification goes out. */
  deferredUntil!: string | null;
  createdAt!: string;
  sentAt!: string | null;
  deliveredAt!: string | null;
  failedAt!: string | null;
}

/**
 * An e-mail address, by the rule the app normalises addresses with. Not class-validator's IsEmail: it
 * throws on text with broken UTF-16, which the text rules refuse but the pipe still validates (a 500).
 */
const IsEmailAddress = () =>
  ValidateBy({
    name: 'isEmail',
    validator: { validate: (value) => typeof value === 'string' && normaliseEmail(value) !== undefined, defaultMessage: () => 'must be an e-mail address' },
  });

/** Where the test message goes: the address the channel uses. */
export class TestRecipientDto {
  /** For `sms`: a phone number (China by default; others with their + country code). */
  @ApiPropertyOptional({ example: '+8613812345678' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  phone?: string;

  /** For `email`. */
  @ApiPropertyOptional({ example: 'owner@example.com' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsEmailAddress()
  @MaxLength(254)
  email?: string;

  /** For `wechat`: the openid of a user of the business's mini-program who subscribed to the template. */
  @ApiPropertyOptional({ example: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  wechatOpenId?: string;
}

/** `POST /v1/notifications/test`: checks a provider's settings with the `notification.test` message. */
export class SendTestNotificationDto {
  @ApiProperty({ enum: ['email', 'sms', 'wechat'], example: 'email' })
  @IsIn(['email', 'sms', 'wechat'])
  channel!: Exclude<NotificationChannel, 'in_app'>;

  @ApiProperty({ type: TestRecipientDto, example: { email: 'owner@example.com' } })
  @NestedObject()
  @Type(() => TestRecipientDto)
  to!: TestRecipientDto;

  @ApiPropertyOptional({ enum: NOTIFICATION_LOCALES, default: 'zh-CN', example: 'zh-CN' })
  @IsOptional()
  @IsIn(NOTIFICATION_LOCALES)
  locale?: NotificationLocale;
}

export class NotificationIdResponseDto {
  /** The notification: follow it in `GET /v1/notifications/{id}`. */
  id!: string;
}
