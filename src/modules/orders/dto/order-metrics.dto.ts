import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsInstant } from '../../../common/validation/index.js';

export const ORDER_METRICS_GROUPS = ['store', 'channel', 'staff', 'day'] as const;
export type OrderMetricsGroup = (typeof ORDER_METRICS_GROUPS)[number];
/** A year and a day: enough for year-on-year questions, bounded so one request cannot scan all history. */
export const MAX_METRICS_DAYS = 366;

export class OrderMetricsQueryDto {
  @ApiProperty({ description: 'Orders received at or after this time (with its offset)', example: '2026-12-01T00:00:00+08:00' })
  @IsInstant()
  from!: string;

  @ApiProperty({ description: `Orders received before this time (with its offset); after \`from\`, at most ${MAX_METRICS_DAYS} days later`, example: '2026-12-08T00:00:00+08:00' })
  @IsInstant()
  to!: string;

  @ApiPropertyOptional({
    enum: ORDER_METRICS_GROUPS,
    description:
      'One row per store, channel, responsible staff member (who confirms the order; `group` null for orders nobody was assigned) or day received (in the business time zone); none: only the total',
  })
  @IsOptional()
  @IsIn(ORDER_METRICS_GROUPS)
  groupBy?: OrderMetricsGroup;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only orders of this store (one of yours)' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;
}

/** A duration's middle and 90th percentile in seconds (continuous percentiles), over `count` orders or changes; nulls when there are none. */
export class DurationStatsDto {
  @ApiProperty({ description: 'How many durations were measured', example: 42 })
  count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Median, seconds', example: 5400 })
  median!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile, seconds', example: 21600 })
  p90!: number | null;
}

/** Of `due` orders whose promise was decided, `met` kept it; `share` = met / due (null when none was due). */
export class PromiseShareDto {
  @ApiProperty({ description: 'Orders whose promise is decided: the step was done, or its due time passed (orders cancelled before their due time are left out)', example: 40 })
  due!: number;
  @ApiProperty({ description: 'Of those, done at or before the due time', example: 38 })
  met!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'met / due, 0 to 1, four decimals', example: 0.95 })
  share!: number | null;
}

/** Of `received` orders, `count` are in the case; `rate` = count / received (null with no orders). */
export class OrderRateDto {
  @ApiProperty({ example: 3 })
  count!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'count / received, 0 to 1, four decimals', example: 0.0714 })
  rate!: number | null;
}

export class OrderMetricsRowDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the row is about: the store id, the channel, the responsible staff member id (null: nobody assigned) or the day (`YYYY-MM-DD`); null in the total',
    example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10',
  })
  group!: string | null;

  @ApiProperty({ description: 'Orders received in the period', example: 42 })
  received!: number;

  @ApiProperty({ type: DurationStatsDto, description: 'From receipt to confirmation, over the orders confirmed' })
  confirmationTime!: DurationStatsDto;

  @ApiProperty({ type: DurationStatsDto, description: 'From confirmation to shipment, over the orders shipped' })
  shippingTime!: DurationStatsDto;

  @ApiProperty({ type: PromiseShareDto, description: 'Confirmed within the promise (`confirmedAt` ≤ the confirmation due time), over orders that carry one' })
  confirmedOnTime!: PromiseShareDto;

  @ApiProperty({ type: PromiseShareDto, description: 'Shipped within the promise (`shippedAt` ≤ the shipping due time), over confirmed orders with goods' })
  shippedOnTime!: PromiseShareDto;

  @ApiProperty({
    type: DurationStatsDto,
    description:
      'How long orders wait for each status update: for every status change of these orders, the time since the order’s previous change (for its first change, since it was received)',
  })
  statusUpdateDelay!: DurationStatsDto;

  @ApiProperty({ type: OrderRateDto, description: 'Orders cancelled (at any step, for any reason)' })
  cancellations!: OrderRateDto;

  @ApiProperty({
    type: OrderRateDto,
    description:
      'Orders that went wrong for the customer: a promise missed (confirmed or shipped after its due time, or not yet when the due time passed, as counted in `confirmedOnTime` and `shippedOnTime`), ' +
      'or cancelled after they were confirmed (the business had accepted them, then could not serve them). An order counts once.',
  })
  errors!: OrderRateDto;
}

export class OrderMetricsResponseDto {
  @ApiProperty({ example: '2026-11-30T16:00:00.000Z' })
  from!: string;
  @ApiProperty({ example: '2026-12-07T16:00:00.000Z' })
  to!: string;
  @ApiProperty({ enum: ORDER_METRICS_GROUPS, nullable: true, example: 'store' })
  groupBy!: OrderMetricsGroup | null;
  @ApiProperty({ type: OrderMetricsRowDto, description: 'All the orders of the period you see' })
  total!: OrderMetricsRowDto;
  @ApiProperty({ type: [OrderMetricsRowDto], description: 'One row per group that received orders, ordered by `group` (null last); without `groupBy`, the total as the one row' })
  data!: OrderMetricsRowDto[];
}
