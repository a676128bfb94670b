import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import { IsInstant, IsOptionalNotNull, NestedObjects, Trim } from '../../../../common/validation/index.js';
import { OrderTransitionDto } from '../../dto/order.dto.js';
import { SHIPMENT_EXCEPTION_KINDS, SHIPMENT_STATUSES, type ShipmentExceptionKind, type ShipmentStatus } from '../shipment.entity.js';

const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const EXAMPLE_SHIPMENT = '7b3d5f7a-9c1e-4a3b-8d5f-7a9c1e3b5d7f';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
export const MAX_SHIPMENT_LINES = 100;
export const MAX_EVENTS = 100;

/** Carrier and tracking number, as a carrier or Kuaidi100 names them (`shunfeng`, `SF1234567890`). */
class CarrierFields extends OrderTransitionDto {
  @ApiPropertyOptional({ example: 'shunfeng', description: 'The carrier: Kuaidi100’s company code (`shunfeng`, `yuantong`, `zhongtong`) or a name' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 50)
  carrier?: string;

  @ApiPropertyOptional({ example: 'SF1234567890' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 60)
  trackingNumber?: string;
}

/** `POST /v1/orders/{id}/ship`: everything not yet shipped leaves in one shipment. */
export class ShipOrderDto extends CarrierFields {}

/** `POST /v1/orders/{id}/confirm`: with `backorder`, a line short of stock is back-ordered instead of refusing the confirmation. */
export class ConfirmOrderDto extends OrderTransitionDto {
  @ApiPropertyOptional({
    example: false,
    description: 'Confirm even when a product line is short: it holds what there is and records a back-order (and a purchase suggestion) for the rest',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  backorder?: boolean;
}

export class ShipmentLineInputDto {
  @ApiProperty({ minimum: 1, example: 1, description: 'The order line (its `lineNumber`): a product line' })
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(MAX_SHIPMENT_LINES)
  lineNumber!: number;

  @ApiProperty({ minimum: 1, maximum: 10_000, example: 1, description: 'Pieces of the line in this parcel' })
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(10_000)
  quantity!: number;
}

export class CreateShipmentDto extends CarrierFields {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  @IsUUID('all')
  orderId!: string;

  @ApiProperty({ type: [ShipmentLineInputDto], minItems: 1, maxItems: MAX_SHIPMENT_LINES })
  @IsArray()
  @ArrayMinSize(1, { message: 'must hold at least one line: a parcel carries something' })
  @ArrayMaxSize(MAX_SHIPMENT_LINES)
  @NestedObjects()
  @Type(() => ShipmentLineInputDto)
  lines!: ShipmentLineInputDto[];
}

export class ShipmentEventInputDto {
  @ApiProperty({ enum: SHIPMENT_STATUSES, example: 'in_transit' })
  @IsIn(SHIPMENT_STATUSES)
  status!: ShipmentStatus;

  @ApiPropertyOptional({ enum: SHIPMENT_EXCEPTION_KINDS, description: 'What went wrong, with status `exception` (`delayed` when left out)' })
  @IsOptionalNotNull()
  @IsIn(SHIPMENT_EXCEPTION_KINDS)
  exceptionKind?: ShipmentExceptionKind;

  @ApiProperty({ example: '2027-05-11T09:30:00+08:00', description: 'When it happened, with its offset' })
  @IsInstant()
  occurredAt!: string;

  @ApiPropertyOptional({ example: '上海市 浦东转运中心' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 200)
  location?: string;

  @ApiPropertyOptional({ example: '快件已到达【上海浦东转运中心】' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  description?: string;
}

export class RecordShipmentEventsDto {
  @ApiProperty({ type: [ShipmentEventInputDto], minItems: 1, maxItems: MAX_EVENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENTS)
  @NestedObjects()
  @Type(() => ShipmentEventInputDto)
  events!: ShipmentEventInputDto[];
}

export class ShipmentLineResponseDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: '修护精华 Repair serum 30 ml' })
  name!: string;
  @ApiProperty({ example: 1 })
  quantity!: number;
}

export class ShipmentEventResponseDto {
  @ApiProperty({ enum: SHIPMENT_STATUSES })
  status!: ShipmentStatus;
  @ApiProperty({ enum: SHIPMENT_EXCEPTION_KINDS, nullable: true })
  exceptionKind!: ShipmentExceptionKind | null;
  @ApiProperty()
  occurredAt!: Date;
  @ApiProperty({ type: String, nullable: true })
  location!: string | null;
  @ApiProperty()
  description!: string;
  @ApiProperty({ enum: ['api', 'kuaidi100'], description: 'Who told: a carrier through the API, or Kuaidi100’s push' })
  source!: string;
}

export class ShipmentResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SHIPMENT })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  orderId!: string;
  @ApiProperty({ example: 'SO-20270510-0042' })
  orderNumber!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'shunfeng' })
  carrier!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SF1234567890' })
  trackingNumber!: string | null;
  @ApiProperty({ enum: SHIPMENT_STATUSES, description: 'The latest tracking status (`shipped` until the carrier says more)' })
  status!: ShipmentStatus;
  @ApiProperty({ type: [ShipmentLineResponseDto] })
  lines!: ShipmentLineResponseDto[];
  @ApiProperty({ type: Date, nullable: true })
  deliveredAt!: Date | null;
  @ApiProperty({ type: String, nullable: true, enum: ['carrier', 'customer', 'staff'], description: 'Who confirmed the delivery' })
  deliveredBy!: string | null;
  @ApiProperty({ type: [ShipmentEventResponseDto], description: 'Tracking events, oldest first' })
  events!: ShipmentEventResponseDto[];
  @ApiProperty()
  createdAt!: Date;
}

export class MyShipmentsResponseDto {
  @ApiProperty({ type: [ShipmentResponseDto], description: 'Your parcels, newest first (the latest 50)' })
  data!: ShipmentResponseDto[];
}

export class OrderShippingLineDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_PRODUCT })
  productId!: string;
  @ApiProperty({ example: '修护精华 Repair serum 30 ml' })
  name!: string;
  @ApiProperty({ example: 3, description: 'Pieces ordered' })
  quantity!: number;
  @ApiProperty({ example: 1, description: 'Pieces shipped so far' })
  shipped!: number;
  @ApiProperty({ example: 2, description: 'Pieces still to ship' })
  remaining!: number;
  @ApiProperty({ example: 0, description: 'Pieces confirmed without stock (an open back-order): they ship once stock arrives' })
  backordered!: number;
}

export class OrderShippingResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  orderId!: string;
  @ApiProperty({ type: [OrderShippingLineDto], description: 'The product lines' })
  lines!: OrderShippingLineDto[];
  @ApiProperty({ type: [ShipmentResponseDto], description: 'Its shipments, oldest first' })
  shipments!: ShipmentResponseDto[];
}

export class ShipmentExceptionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Only exceptions in this state; open ones (the tasks still to do) when left out' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: 'open' | 'resolved';
}

export class ResolveShipmentExceptionDto {
  @ApiProperty({ example: '已联系快递重新派送 Carrier re-delivers tomorrow' })
  @Trim()
  @IsString()
  @Length(1, 500)
  note!: string;
}

export class ShipmentExceptionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_SHIPMENT })
  shipmentId!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ORDER })
  orderId!: string;
  @ApiProperty({ example: 'SO-20270510-0042' })
  orderNumber!: string;
  @ApiProperty({ format: 'uuid', example: EXAMPLE_STORE })
  storeId!: string;
  @ApiProperty({ enum: SHIPMENT_EXCEPTION_KINDS })
  kind!: ShipmentExceptionKind;
  @ApiProperty({ example: '快件延误' })
  description!: string;
  @ApiProperty({ enum: ['open', 'resolved'] })
  status!: 'open' | 'resolved';
  @ApiProperty()
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  resolvedAt!: Date | null;
  @ApiProperty({ type: String, nullable: true })
  resolutionNote!: string | null;
}

export class Kuaidi100AnswerDto {
  @ApiProperty({ example: true })
  result!: boolean;
  @ApiProperty({ example: '200' })
  returnCode!: string;
  @ApiProperty({ example: '成功' })
  message!: string;
}
