import { ApiProperty } from '@nestjs/swagger';
import { divide, moneyOf } from '../../../common/money/index.js';
import { maskEmail, maskPhone } from '../../../common/validation/index.js';
import { maskOpenId, type CustomerPrivacy } from '../privacy/customer-privacy.js';
import {
  CUSTOMER_LOCALES,
  CUSTOMER_STATUSES,
  GENDERS,
  NOTIFICATION_CATEGORIES,
  PREFERRED_CHANNELS,
  SOURCE_CHANNELS,
  type Customer,
  type CustomerLocale,
  type CustomerStatus,
  type Gender,
  type NotificationCategory,
  type PreferredChannel,
  type SourceChannel,
} from '../profile/customer.entity.js';
import { CareNotesResponseDto, ConsentsResponseDto, CustomerAddressResponseDto, CustomerFiguresResponseDto, CustomerPhoneResponseDto } from './customer.dto.js';

/**
 * A customer as the caller may see it (customer-privacy.ts): callers without full access get
 * `phone`, `email` and `wechatOpenId` masked (`138****5678`), `birthday` null and `addresses` empty, and
 * `masked: true` says so.
 */
export class CustomerResponseDto {
  @ApiProperty({ format: 'uuid', example: '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e' })
  id!: string;
  @ApiProperty({ example: '王小红' })
  name!: string;
  /** E.164, or masked (`138****5678`); null once anonymized or merged away. */
  @ApiProperty({ type: String, nullable: true, example: '+8613812345678' })
  phone!: string | null;
  /** The numbers besides `phone` (masked like it); a merge brings the duplicate's here. */
  @ApiProperty({ type: [CustomerPhoneResponseDto] })
  otherPhones!: CustomerPhoneResponseDto[];
  /** The primary e-mail, or masked. */
  @ApiProperty({ type: String, nullable: true, example: 'xiaohong.wang@example.com' })
  email!: string | null;
  /** E-mails besides `email` (masked like it); a merge brings the duplicate's here. */
  @ApiProperty({ type: [String], example: [] })
  otherEmails!: string[];
  @ApiProperty({ enum: GENDERS, nullable: true, example: 'female' })
  gender!: Gender | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '1992-05-12' })
  birthday!: string | null;
  @ApiProperty({ type: [CustomerAddressResponseDto] })
  addresses!: CustomerAddressResponseDto[];
  @ApiProperty({ enum: SOURCE_CHANNELS, example: 'referral' })
  source!: SourceChannel;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  referredById!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  homeStoreId!: string | null;
  /** Null when none were recorded, or when the caller may not see them. */
  @ApiProperty({ type: CareNotesResponseDto, nullable: true })
  careNotes!: CareNotesResponseDto | null;
  @ApiProperty({ type: [String], example: ['VIP'] })
  tags!: string[];
  consents!: ConsentsResponseDto;
  @ApiProperty({ type: String, nullable: true, example: 'Prefers a quiet room; tea, no coffee.' })
  notes!: string | null;
  /** The language of the messages the customer gets. */
  @ApiProperty({ enum: CUSTOMER_LOCALES, example: 'zh-CN' })
  locale!: CustomerLocale;
  /** The channel the customer prefers for messages about their bookings and orders; null: each message's usual order. */
  @ApiProperty({ enum: PREFERRED_CHANNELS, nullable: true, example: 'wechat' })
  preferredChannel!: PreferredChannel | null;
  /** The customer's openid in the business's mini-program, or masked (`oUpF****eS6o`) like the phone. */
  @ApiProperty({ type: String, nullable: true, example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
  wechatOpenId!: string | null;
  /** Categories of messages the customer does not want. */
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, isArray: true, example: ['promotions'] })
  notificationOptOuts!: NotificationCategory[];
  /** Staff members the customer likes to be served by, most preferred first (set through `PUT /v1/customers/{id}/preferred-staff`). */
  @ApiProperty({ type: [String], format: 'uuid', example: ['7a3f9c1e-2b5d-4e8f-9a0b-1c2d3e4f5a6b'] })
  preferredStaffIds!: string[];
  /** `blocked`: takes no bookings or orders; `anonymized`: personal data erased; `merged`: see `mergedIntoId`. */
  @ApiProperty({ enum: CUSTOMER_STATUSES, example: 'active' })
  status!: CustomerStatus;
  /** The record this one was merged into. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  mergedIntoId!: string | null;
  figures!: CustomerFiguresResponseDto;
  /** True when contact data is masked or left out for this caller. */
  @ApiProperty({ example: false })
  masked!: boolean;
  /** Send it back as `If-Match: "<version>"` to change the customer (also the `ETag`). */
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  updatedAt!: Date;
}

export function toCustomerResponse(customer: Customer, privacy: CustomerPrivacy): CustomerResponseDto {
  const full = privacy.fullContact;
  const spend = moneyOf(customer.spendTotal, customer.spendCurrency);
  return {
    id: customer.id,
    name: customer.name,
    phone: customer.phone === null ? null : full ? customer.phone : maskPhone(customer.phone),
    otherPhones: (customer.otherPhones ?? []).map((p) => ({ number: full ? p.number : maskPhone(p.number), label: p.label })),
    email: customer.email === null ? null : full ? customer.email : maskEmail(customer.email),
    otherEmails: full ? customer.otherEmails : customer.otherEmails.map(maskEmail),
    gender: customer.gender,
    birthday: full ? customer.birthday : null,
    addresses: full ? customer.addresses : [],
    source: customer.source,
    referredById: customer.referredById,
    homeStoreId: customer.homeStoreId,
    careNotes: privacy.careNotes ? customer.careNotes : null,
    tags: customer.tags,
    consents: { sms: customer.consents.sms ?? null, email: customer.consents.email ?? null, wechat: customer.consents.wechat ?? null },
    notes: customer.notes,
    locale: customer.locale,
    preferredChannel: customer.preferredChannel,
    wechatOpenId: customer.wechatOpenId === null ? null : full ? customer.wechatOpenId : maskOpenId(customer.wechatOpenId),
    notificationOptOuts: customer.notificationOptOuts,
    preferredStaffIds: customer.preferredStaffIds,
    status: customer.status,
    mergedIntoId: customer.mergedIntoId,
    figures: {
      visitCount: customer.visitCount,
      firstVisitAt: customer.firstVisitAt,
      lastVisitAt: customer.lastVisitAt,
      totalSpend: spend,
      averageTicket: customer.ticketCount > 0 ? divide(spend, customer.ticketCount, 'half-up') : null,
      noShowCount: customer.noShowCount,
      lateCancellationCount: customer.lateCancellationCount,
    },
    masked: !full,
    version: customer.version,
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}
