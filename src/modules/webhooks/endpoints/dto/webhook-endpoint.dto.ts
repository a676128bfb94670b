import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsOptionalNotNull, MultilineText, Trim } from '../../../../common/validation/index.js';
import { DISABLED_REASONS, ENDPOINT_STATUSES, type DisabledReason, type EndpointStatus } from '../webhook-endpoint.entity.js';

const EXAMPLE_ID = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a09';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';

export class CreateWebhookEndpointDto {
  /** Where messages are POSTed: https (http is accepted outside production only); it must resolve to a public address when sent. */
  @ApiProperty({ maxLength: 2000, example: 'https://partner.example/webhooks/bloom' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  url!: string;

  /** Event types to hear: a type (`customer.created`), a resource's every type (`customer.*`) or `*`; see GET /v1/webhook-event-types. */
  @ApiProperty({ type: [String], example: ['*'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  eventTypes!: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Loyalty app: new and changed customers' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  @MultilineText()
  description?: string | null;

  /**
   * The stores it may hear about: their resources, and business-wide ones (customers). Null or left
   * out: every store. API keys limited to stores must name some of theirs.
   */
  @ApiPropertyOptional({ type: [String], nullable: true, format: 'uuid', example: [EXAMPLE_STORE] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[] | null;

  /** Send personal data (phone, e-mail, birthday) unmasked. API keys need `customers:pii` to set it. Default false. */
  @ApiPropertyOptional({ example: false })
  @IsOptionalNotNull()
  @IsBoolean()
  includePii?: boolean;
}

/** The fields to change; `eventTypes` and `storeIds`, when given, replace the old lists whole. */
export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'https://partner.example/webhooks/bloom-v2' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ type: [String], example: ['*'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Loyalty app (v2 receiver)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  @MultilineText()
  description?: string | null;

  /** Null: every store. */
  @ApiPropertyOptional({ type: [String], nullable: true, format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[] | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  includePii?: boolean;
}

export class WebhookEndpointListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ENDPOINT_STATUSES })
  @IsOptional()
  @IsIn(ENDPOINT_STATUSES)
  status?: EndpointStatus;
}

/** An endpoint as lists and reads show it: never its secret. */
export class WebhookEndpointResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  @ApiProperty({ example: 'https://partner.example/webhooks/bloom' })
  url!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Loyalty app: new and changed customers' })
  description!: string | null;
  @ApiProperty({ type: [String], example: ['customer.*'] })
  eventTypes!: string[];
  /** Null: every store. */
  @ApiProperty({ type: [String], nullable: true, example: null })
  storeIds!: string[] | null;
  @ApiProperty({ example: false })
  includePii!: boolean;
  /** `disabled` endpoints receive nothing (no message is written for them) until enabled. */
  @ApiProperty({ enum: ENDPOINT_STATUSES, example: 'enabled' })
  status!: EndpointStatus;
  /** `manual` (an owner), `failing` (no success for 5 days); null while enabled. */
  @ApiProperty({ enum: DISABLED_REASONS, nullable: true, example: null })
  disabledReason!: DisabledReason | null;
  @ApiProperty({ type: Date, nullable: true, example: null })
  disabledAt!: Date | null;
  /** The first failed attempt since the last success; null when the last attempt succeeded. */
  @ApiProperty({ type: Date, nullable: true, example: null })
  failingSince!: Date | null;
  /** After a rotation, messages are signed with the previous secret too until then. */
  @ApiProperty({ type: Date, nullable: true, example: null })
  previousSecretValidUntil!: Date | null;
  /** Send it back as `If-Match: "<version>"` to change the endpoint (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

/** The endpoint and its secret: shown this once (at creation and at each rotation), never again. */
export class WebhookEndpointWithSecretDto extends WebhookEndpointResponseDto {
  /** Verify signatures with it (`new Webhook(secret).verify(body, headers)` in the standardwebhooks libraries). */
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret!: string;
}
