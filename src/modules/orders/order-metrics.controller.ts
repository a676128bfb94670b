import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import { CommonErrors } from '../../common/errors/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { MAX_METRICS_DAYS, OrderMetricsQueryDto, OrderMetricsResponseDto } from './dto/order-metrics.dto.js';
import { OrderMetricsService } from './order-metrics.service.js';
import { OrderErrors } from './orders.errors.js';

/** What the business watches about its orders: owners, managers (their stores) and keys with orders:read. Its own controller: `/v1/orders/metrics` is static, so it wins over `/v1/orders/{id}`. */
@ApiTags('orders')
@Controller('v1/orders/metrics')
export class OrderMetricsController {
  constructor(@Inject(OrderMetricsService) private readonly metrics: OrderMetricsService) {}

  @Get()
  @Allow({ roles: MANAGERS, scopes: ['orders:read'] })
  @ApiOperation({
    summary: 'How the orders received in a period fared, in total and per store, channel, responsible staff member or day (owners, managers of their stores, orders:read keys)',
    description:
      'Over the orders received in [`from`, `to`) in the stores you see: how many; confirmation time (received → confirmed) and shipping time (confirmed → shipped), median and 90th percentile in seconds; ' +
      'the share confirmed within the promise (`confirmedAt` ≤ confirmation due time) and shipped within it (`shippedAt` ≤ shipping due time), counted over orders whose promise is decided ' +
      '(done, or due time passed; an order cancelled before its due time is left out); the status-update delay: for every status change of these orders, the time since its previous change ' +
      '(for the first, since it was received), median and p90 in seconds; the cancellation rate (cancelled / received); and the error rate: orders that missed a promise or were cancelled after ' +
      'confirmation, over received. Figures are computed when asked, from the orders as they stand now.',
  })
  @ApiOkResponse({ type: OrderMetricsResponseDto })
  @ApiProblem(
    400,
    'request.validation_failed',
    `\`errors[]\` names each bad field: \`from\` or \`to\` missing or not a time with its offset, \`to\` not after \`from\` or more than ${MAX_METRICS_DAYS} days later, \`groupBy\` unknown, \`storeId\` not a uuid`,
    CommonErrors.validation([{ field: 'to', message: 'must be after from' }]),
  )
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', OrderErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  get(@CurrentActor() actor: Actor, @Query() query: OrderMetricsQueryDto): Promise<OrderMetricsResponseDto> {
    return this.metrics.metrics(actor, query);
  }
}
