import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { MoneyDto, MoneyResponseDto } from '../../../common/money/index.js';
import { AddressDto, IsInstant, IsOptionalNotNull, IsPhone, MultilineText, NestedObject, NestedObjects, phoneToE164, Trim } from '../../../common/validation/index.js';
import { ORDER_CHANNELS, ORDER_CLASSIFICATIONS, ORDER_LINE_KINDS, type OrderChannel, type OrderClassification, type OrderLineKind } from '../order.entity.js';
import { ORDER_PAYMENT_STATUSES, type OrderPaymentStatus } from '../payments/order-payment.entity.js';
import { orderStates, type OrderStatus } from '../order-state.js';

export const MAX_ORDER_LINES = 100;
/** Pieces or sessions on one line: a PostgreSQL `int`, and far more than one order holds. */
const MAX_QUANTITY = 10_000;
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const EXAMPLE_VARIATION = '8e4b2d6f-0a1c-4e3b-a5d7-9f1b3d5e7a9c';
const EXAMPLE_CUSTOMER = '5a7c9e1b-3d5f-4a7c-8e9b-1d3f5a7c9e2b';
const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';

/** A customer not yet on file: the one holding this phone when there is one (no duplicate), else a new customer. */
export class OrderCustomerDto {
  @ApiProperty({ description: 'e.g. 王小红' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ description: 'e.g. +8613812345678 (a mainland number may be given without +86)' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptionalNotNull()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

/** Where the goods go: a postal address with whom to hand them to. */
export class DeliveryAddressDto extends AddressDto {
  @ApiProperty({ example: '王小红' })
  @Trim()
  @IsString()
  @Length(1, 100)
  recipient!: string;

  @ApiProperty({ example: '+8613812345678' })
  @Transform(phoneToE164)
  @IsPhone()
  phone!: string;
}

export class OrderLineInputDto {
  /** A product (or give `variationId`). */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_PRODUCT })
  @ValidateIf((line: OrderLineInputDto) => line.variationId === undefined || line.productId !== undefined)
  @IsUUID('all', { message: 'must be a product id (or give variationId)' })
  productId?: string;

  /** A service variation (or give `productId`). */
  @ApiPropertyOptional({ format: 'uuid' })
  @ValidateIf((line: OrderLineInputDto) => line.variationId !== undefined)
  @IsUUID('all')
  variationId?: string;

  /** Whole pieces, or sessions of a service. */
  @ApiProperty({ minimum: 1, maximum: MAX_QUANTITY, example: 2 })
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;

  /** A partner's agreed price per piece: only partner keys with `orders:partner_price`; otherwise the store's catalog price applies. */
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => MoneyDto)
  unitPrice?: MoneyDto;
}

export class CreateOrderDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  @IsUUID('all')
  storeId!: string;

  @ApiProperty({ enum: ORDER_CHANNELS, example: 'online' })
  @IsIn(ORDER_CHANNELS)
  channel!: OrderChannel;

  /** An existing customer (or give `customer`). */
  @ApiPropertyOptional({ format: 'uuid', example: EXAMPLE_CUSTOMER })
  @ValidateIf((dto: CreateOrderDto) => dto.customer === undefined)
  @IsUUID('all', { message: 'must be a customer id (or give customer with name and phone)' })
  customerId?: string;

  /** A customer by name and phone (and e-mail): found by phone, or registered. */
  @ApiPropertyOptional({ type: OrderCustomerDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => OrderCustomerDto)
  customer?: OrderCustomerDto;

  @ApiProperty({ type: [OrderLineInputDto], minItems: 1, maxItems: MAX_ORDER_LINES })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one line: an order is never empty' })
  @ArrayMaxSize(MAX_ORDER_LINES)
  @NestedObjects()
  @Type(() => OrderLineInputDto)
  lines!: OrderLineInputDto[];

  /** The partner's own reference (partner orders sent with the partner's key): sending it again answers the same order. */
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 100)
  partnerReference?: string;

  @ApiPropertyOptional({ type: DeliveryAddressDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => DeliveryAddressDto)
  deliveryAddress?: DeliveryAddressDto;

  @ApiPropertyOptional({ description: 'When the customer wishes the goods, e.g. 2027-03-01T14:00:00+08:00' })
  @IsOptionalNotNull()
  @IsInstant()
  wishedDeliveryAt?: string;

  @ApiPropertyOptional({ description: 'What the customer asked for' })
  @IsOptionalNotNull()
  @MultilineText()
  @Length(1, 1000)
  specialRequests?: string;

  /** Charged for delivery; none when left out. */
  @ApiPropertyOptional({ type: MoneyDto })
  @IsOptionalNotNull()
  @NestedObject()
  @Type(() => MoneyDto)
  shippingFee?: MoneyDto;
}

export const CREATE_ORDER_EXAMPLES = {
  online: {
    summary: 'Two bottles, delivered, from the online shop',
    value: {
      storeId: EXAMPLE_STORE,
      channel: 'online',
      customerId: EXAMPLE_CUSTOMER,
      lines: [{ productId: EXAMPLE_PRODUCT, quantity: 2 }],
      deliveryAddress: { recipient: '王小红', phone: '+8613812345678', province: '上海市', city: '上海市', district: '静安区', line1: '南京西路 1266 号' },
    },
  },
  service: {
    summary: 'A service by phone, for a new customer',
    value: {
      storeId: EXAMPLE_STORE,
      channel: 'phone',
      customer: { name: '王小红', phone: '+8613812345678' },
      lines: [{ variationId: EXAMPLE_VARIATION, quantity: 1 }],
    },
  },
};

/** A discount a manager gives by hand, before confirmation, with why. It is spread over the lines so later refunds are exact. */
export class ManualDiscountDto {
  @ApiProperty({ type: MoneyDto })
  @NestedObject()
  @Type(() => MoneyDto)
  amount!: MoneyDto;

  @ApiProperty({ example: '老顾客 Loyal customer' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

/** A note kept with the status change (who packed it, the courier's name). */
export class OrderTransitionDto {
  @ApiPropertyOptional({ example: '已打包 Packed by Li' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class ScheduleOrderDto extends OrderTransitionDto {
  /** The appointment the service is booked as. */
  @ApiProperty({ format: 'uuid', example: '3b9e1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' })
  @IsUUID('all')
  appointmentId!: string;
}

export class CancelOrderDto {
  @ApiProperty({ example: '顾客取消 The customer changed their mind' })
  @Trim()
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export const ORDER_OVERDUE_FILTERS = ['confirmation', 'shipping'] as const;
export type OrderOverdueFilter = (typeof ORDER_OVERDUE_FILTERS)[number];

export class OrderQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only orders of this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: orderStates.states, description: 'Only orders in this state' })
  @IsOptional()
  @IsIn(orderStates.states)
  status?: OrderStatus;

  @ApiPropertyOptional({ enum: ORDER_CHANNELS, description: 'Only orders from this channel' })
  @IsOptional()
  @IsIn(ORDER_CHANNELS)
  channel?: OrderChannel;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this customer's orders" })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;

  @ApiPropertyOptional({ description: 'Received at or after this time (with its offset)' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Received before this time (with its offset)' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({
    enum: ORDER_OVERDUE_FILTERS,
    description: 'Only orders whose confirmation (`confirmDueAt`) or shipping (`shipDueAt`) is past due and still not done (not yet confirmed; confirmed but not shipped)',
  })
  @IsOptional()
  @IsIn(ORDER_OVERDUE_FILTERS)
  overdue?: OrderOverdueFilter;
}

export class OrderLineResponseDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;
  @ApiProperty({ enum: ORDER_LINE_KINDS, example: 'product' })
  kind!: OrderLineKind;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: EXAMPLE_PRODUCT })
  productId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  variationId!: string | null;
  @ApiProperty({ example: '玻尿酸精华 Hyaluronic serum' })
  name!: string;
  @ApiProperty({ example: 2 })
  quantity!: number;
  @ApiProperty({ type: MoneyResponseDto })
  unitPrice!: MoneyResponseDto;
  /** Unit price × quantity. */
  @ApiProperty({ type: MoneyResponseDto })
  lineTotal!: MoneyResponseDto;
  /** This line's share of the order's discounts. */
  @ApiProperty({ type: MoneyResponseDto })
  discount!: MoneyResponseDto;
  /** Line total less its discount: what a refund of the whole line gives back. */
  @ApiProperty({ type: MoneyResponseDto })
  net!: MoneyResponseDto;
  /** Who performed the service (a checkout of an appointment), for commissions; null on other lines. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  staffMemberId!: string | null;
  /** A `fee` line: the cancelled or missed appointment whose fee it collects. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  feeAppointmentId!: string | null;
}

export class OrderResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  id!: string;
  @ApiProperty({ example: 'SO-20261206-0042' })
  number!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ enum: ORDER_CHANNELS, example: 'online' })
  channel!: OrderChannel;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The partner’s reference (partner orders)' })
  partnerReference!: string | null;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_CUSTOMER })
  customerId!: string;
  @ApiProperty({ enum: ORDER_CLASSIFICATIONS, example: 'product' })
  classification!: OrderClassification;
  @ApiProperty({ type: String, nullable: true, example: '线上组 Online team' })
  team!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '6d2f8a1c-3e5b-4c7d-9f1a-2b4c6d8e0f13' })
  responsibleStaffMemberId!: string | null;
  @ApiProperty({ enum: orderStates.states, example: 'pending_confirmation' })
  status!: OrderStatus;
  /** What may happen next, on this order's path (the buttons to show). */
  @ApiProperty({ enum: orderStates.states, isArray: true, example: ['confirmed', 'cancelled'] })
  allowedTransitions!: OrderStatus[];
  @ApiProperty({ type: [OrderLineResponseDto] })
  lines!: OrderLineResponseDto[];
  @ApiProperty({ type: DeliveryAddressDto, nullable: true })
  deliveryAddress!: DeliveryAddressDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  wishedDeliveryAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  specialRequests!: string | null;
  @ApiProperty({ type: MoneyResponseDto })
  subtotal!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  discount!: MoneyResponseDto;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why a manager gave a discount by hand' })
  manualDiscountReason!: string | null;
  @ApiProperty({ type: MoneyResponseDto })
  shippingFee!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  total!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  paid!: MoneyResponseDto;
  @ApiProperty({ type: MoneyResponseDto })
  balanceDue!: MoneyResponseDto;
  /** Given back so far (already taken off `paid`). */
  @ApiProperty({ type: MoneyResponseDto })
  refunded!: MoneyResponseDto;
  @ApiProperty({ enum: ORDER_PAYMENT_STATUSES, example: 'unpaid' })
  paymentStatus!: OrderPaymentStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  appointmentId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null })
  cancelReason!: string | null;
  @ApiProperty({ example: 1 })
  version!: number;
  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  shippedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When confirmation is due (ORDER_CONFIRM_WINDOW after receipt)' })
  confirmDueAt!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When shipping is due (ORDER_SHIP_WINDOW after confirmation); null for an order without goods or not yet confirmed',
  })
  shipDueAt!: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the order was found unconfirmed past `confirmDueAt` (set once; kept after it is confirmed)',
  })
  confirmationOverdueAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the order was found unshipped past `shipDueAt` (set once; kept after it ships)' })
  shippingOverdueAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class OrderHistoryEntryDto {
  @ApiProperty({ enum: orderStates.states, example: 'pending_confirmation' })
  fromStatus!: string;
  @ApiProperty({ enum: orderStates.states, example: 'confirmed' })
  toStatus!: string;
  @ApiProperty({ example: 'user', description: '`user`, `api_key` or `system`' })
  actorType!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId!: string | null;
  /** The note or the reason given with the change. */
  @ApiProperty({ type: String, nullable: true, example: null })
  reason!: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;
}

export class OrderHistoryResponseDto {
  @ApiProperty({ type: [OrderHistoryEntryDto] })
  data!: OrderHistoryEntryDto[];
}
