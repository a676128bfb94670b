import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { MoneyDto, MoneyResponseDto } from '../../../../common/money/index.js';
import { IsOptionalNotNull, NestedObject, Trim } from '../../../../common/validation/index.js';
import {
  ORDER_PAYMENT_STATUSES,
  PAYMENT_CHANNELS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  type OrderPaymentStatus,
  type PaymentChannel,
  type PaymentMethod,
  type PaymentStatus,
  type RefundStatus,
} from '../order-payment.entity.js';

const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const EXAMPLE_PAYMENT = '1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a7c';

/** A payment at the counter or from an app: how, how much, and what the method needs. */
export class CreatePaymentDto {
  @ApiProperty({ enum: PAYMENT_METHODS, example: 'cash' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  /** What goes to the order: at most its balance due (a part of it for a split or partial payment). */
  @ApiProperty({ type: MoneyDto })
  @NestedObject()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  /** Cash only: what the customer handed over, when more than `amount` (the answer says the change). */
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => MoneyDto)
  tendered?: MoneyDto;

  /** WeChat Pay / Alipay at the counter: the digits of the customer's payment code, as the scanner read them. */
  @ApiPropertyOptional({ example: '134567890123456789' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^\d{10,32}$/, { message: 'must be the 10 to 32 digits of a payment code' })
  authCode?: string;

  /** WeChat Pay / Alipay paid in the customer's app or mini-program (prepay): the answer's `clientParams` go to the provider's SDK. */
  @ApiPropertyOptional({ enum: ['app', 'mini_program'] })
  @IsOptionalNotNull()
  @IsIn(['app', 'mini_program'])
  channel?: 'app' | 'mini_program';

  /** The payer's id for the mini-program (WeChat openid, Alipay open_id): required for `mini_program`. */
  @ApiPropertyOptional({ example: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' })
  @IsOptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be the provider’s payer id (letters, digits, _ and -)' })
  payerId?: string;

  /** Card: the terminal's reference (voucher number), kept with the payment. */
  @ApiPropertyOptional({ example: '000123456789' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 64)
  reference?: string;
}

/** Examples that work against any order with a balance (the providers' need their merchant settings: see the field descriptions). */
export const CREATE_PAYMENT_EXAMPLES = {
  cash: { summary: 'Cash, with change', value: { method: 'cash', amount: { amount: 100, currency: 'CNY' }, tendered: { amount: 500, currency: 'CNY' } } },
  card: { summary: 'Part by bank card', value: { method: 'card', amount: { amount: 100, currency: 'CNY' }, reference: '000123456789' } },
  cod: { summary: 'Cash on delivery: the courier collects it', value: { method: 'cod', amount: { amount: 100, currency: 'CNY' } } },
};

export const CREATE_REFUND_EXAMPLES = {
  partial: { summary: 'Part of a payment back', value: { paymentId: EXAMPLE_PAYMENT, amount: { amount: 100, currency: 'CNY' }, reason: '退差价 Price difference' } },
};

/** The order's money after the change. */
export class OrderPaymentFiguresDto {
  @ApiProperty({ enum: ORDER_PAYMENT_STATUSES, example: 'paid' })
  paymentStatus!: OrderPaymentStatus;
  @ApiProperty({ type: MoneyResponseDto })
  total!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  paid!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  refunded!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  balanceDue!: MoneyResponseDto;
}

export class RefundResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  orderId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PAYMENT })
  paymentId!: string;
  @ApiProperty({ type: MoneyResponseDto })
  amount!: MoneyResponseDto;
  @ApiProperty({
    enum: REFUND_STATUSES,
    example: 'succeeded',
    description:
      '`processing`: the provider accepted it and the money is on its way (Bloom asks the provider every REFUND_CHECK_INTERVAL until it ends); ' +
      '`failed`: the provider could not pay it out (`failureReason`), and the amount counts as paid on the order again',
  })
  status!: RefundStatus;
  @ApiProperty({ type: String, nullable: true, example: null })
  providerReference!: string | null;
  @ApiProperty({ example: '顾客退货 Returned unopened' })
  reason!: string;
  /** Why the provider did not pay it out (`failed` only), e.g. the customer's bank card was closed. */
  @ApiProperty({ type: String, nullable: true, example: null })
  failureReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
  /** When it ended `succeeded` or `failed`; null while `processing`. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt!: Date | null;
  /** With the order's figures after it (on the answer to a new refund or a query). */
  @ApiPropertyOptional({ type: OrderPaymentFiguresDto })
  order?: OrderPaymentFiguresDto;
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PAYMENT })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  orderId!: string;
  @ApiProperty({ enum: PAYMENT_METHODS, example: 'cash' })
  method!: PaymentMethod;
  @ApiProperty({ enum: PAYMENT_CHANNELS, nullable: true, example: null, description: 'WeChat Pay / Alipay: `counter` (payment code) or `app` / `mini_program` (prepay)' })
  channel!: PaymentChannel | null;
  @ApiProperty({ type: MoneyResponseDto })
  amount!: MoneyResponseDto;
  /** Cash: what was handed over (null for other methods). */
  @ApiProperty({ type: MoneyResponseDto, nullable: true })
  tendered!: MoneyResponseDto | null;
  /** Cash: what to give back (zero for other methods). */
  @ApiProperty({ type: MoneyResponseDto })
  changeAmount!: MoneyResponseDto;
  @ApiProperty({
    enum: PAYMENT_STATUSES,
    example: 'succeeded',
    description: '`pending`: waiting for the customer (prepay, a code being confirmed on the phone) or the courier (cash on delivery)',
  })
  status!: PaymentStatus;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The provider’s transaction id, or the card terminal’s reference' })
  providerReference!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it failed or was cancelled' })
  failureReason!: string | null;
  @ApiProperty({ type: MoneyResponseDto, description: 'Given back from it so far' })
  refunded!: MoneyResponseDto;
  @ApiProperty({ type: [RefundResponseDto] })
  refunds!: RefundResponseDto[];
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt!: Date | null;
  /**
   * Prepay only, on the answer that created it: what the app hands to the provider's SDK as it is
   * (WeChat's `wx.requestPayment` / APP `PayReq` fields, Alipay's `orderStr` or `tradeNO`).
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { orderStr: 'app_id=2021…&sign=…' } })
  clientParams?: Record<string, string>;
  /** The order's figures after this payment (on the answers that change it). */
  @ApiPropertyOptional({ type: OrderPaymentFiguresDto })
  order?: OrderPaymentFiguresDto;
}

export class PaymentListResponseDto {
  @ApiProperty({ type: [PaymentResponseDto] })
  data!: PaymentResponseDto[];
  @ApiProperty({ type: OrderPaymentFiguresDto })
  order!: OrderPaymentFiguresDto;
}

export class CancelPaymentDto {
  @ApiProperty({ example: '顾客拒收 The customer refused the parcel', description: 'Why it is called off (kept on the payment)' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CreateRefundDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PAYMENT, description: 'The succeeded payment the money goes back from (by its own method)' })
  @IsUUID('all')
  paymentId!: string;

  @ApiProperty({ type: MoneyDto })
  @NestedObject()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: '顾客退货 Returned unopened' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}
