import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import { CommonErrors } from '../../common/errors/index.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import {
  CancelOrderDto,
  CREATE_ORDER_EXAMPLES,
  CreateOrderDto,
  ManualDiscountDto,
  OrderHistoryResponseDto,
  OrderQueryDto,
  OrderResponseDto,
  OrderTransitionDto,
  ScheduleOrderDto,
} from './dto/order.dto.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import type { OrderStatus } from './order-state.js';
import { OrderErrors } from './orders.errors.js';
import { OrdersService } from './orders.service.js';
import { ConfirmOrderDto, ShipOrderDto } from './shipments/dto/shipment.dto.js';
import { ShipmentsService } from './shipments/shipments.service.js';

/** Every member of staff reads their stores' orders; the front desk and up (and keys with orders:write) take and move them; managers give discounts. */
const READ = { roles: ALL_STAFF, scopes: ['orders:read', 'orders:write'] } as const;
const WRITE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['orders:write'] } as const;

const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The order', example: EXAMPLE_ORDER });
const NotFound = () => ApiProblem(404, 'order.not_found', 'No such order in the stores you see (another store’s answers 404 too)', OrderErrors.notFound(EXAMPLE_ORDER));
const Refused = (description: string, from: OrderStatus, to: OrderStatus, allowed: OrderStatus[]) =>
  ApiProblem(409, 'order.invalid_transition', `${description}: \`currentState\` and \`allowedStates\` say where it is and where it may go`, OrderErrors.refused(from, to, allowed));

@ApiTags('orders')
@Controller('v1/orders')
export class OrdersController {
  constructor(
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(OrderLifecycle) private readonly lifecycle: OrderLifecycle,
    @Inject(ShipmentsService) private readonly shipments: ShipmentsService,
  ) {}

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Take an order from any channel (the front desk and up at their stores; shops and partners with orders:write)',
    description:
      'Numbered `SO-YYYYMMDD-NNNN` on the store’s date, `pending_confirmation`. The customer is `customerId`, or `customer` (found by phone, else registered); ' +
      'a blocked customer is refused. Lines are products and/or service variations, priced from the store’s catalog (a partner key with ' +
      '`orders:partner_price` may set `unitPrice`); the order is classified (service, product, mixed) and routed by the store’s assignment for the channel. ' +
      'A partner order (channel `partner`, sent with the partner’s key) names its `partnerReference`: sending it again answers the existing order with 200. ' +
      'Totals are computed here. Webhook `order.created`. Audited.',
  })
  @ApiBody({ type: CreateOrderDto, examples: CREATE_ORDER_EXAMPLES })
  @ApiCreatedResponse({ type: OrderResponseDto, description: 'The order; `Location` names it' })
  @ApiOkResponse({ type: OrderResponseDto, description: 'This partner sent this `partnerReference` before: its order, unchanged' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: no lines, a quantity of 0 or a fraction, neither `customerId` nor `customer`, a bad address')
  @ApiProblem(
    403,
    'order.partner_price_not_allowed',
    'A line sets `unitPrice` without a partner key holding orders:partner_price',
    OrderErrors.partnerPriceNotAllowed('lines[0].unitPrice'),
  )
  @ApiProblem(404, 'store.not_found', '`storeId` is not one of your stores', OrderErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  @ApiProblem(
    422,
    'order.product_not_sold',
    'A line names a product not sold in this store (unknown, archived, not for sale), or (`order.variation_not_sold`) a service not offered here; ' +
      'or `order.customer_blocked`, `order.customer_unknown`, `order.currency_mismatch`, `order.partner_reference_required`, `order.partner_reference_not_allowed`; ' +
      'or (`idempotency.key_reused`) this Idempotency-Key was used for a different request',
    OrderErrors.productNotSold('lines[0].productId', EXAMPLE_PRODUCT),
  )
  @Idempotent()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateOrderDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderResponseDto> {
    const { order, created } = await this.orders.create(actor, body);
    if (created) void reply.header('location', `/v1/orders/${order.id}`);
    else void reply.status(200);
    return order;
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'Orders of your stores, newest received first, filtered by store, state, channel, customer and time received' })
  @ApiPageResponse(OrderResponseDto, 'One page of orders, newest received first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', OrderErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  list(@CurrentActor() actor: Actor, @Query() query: OrderQueryDto): Promise<Page<OrderResponseDto>> {
    return this.orders.list(actor, query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One order: lines with their discount shares, totals, and `allowedTransitions` (what may happen next)' })
  @IdParam()
  @ApiOkResponse({ type: OrderResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrderResponseDto> {
    return this.orders.get(actor, id);
  }

  @Get(':id/history')
  @Allow(READ)
  @ApiOperation({ summary: 'The status changes of an order, oldest first: who moved it, when, and the note or reason' })
  @IdParam()
  @ApiOkResponse({ type: OrderHistoryResponseDto })
  @NotFound()
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrderHistoryResponseDto> {
    return this.orders.history(actor, id);
  }

  @Post(':id/discount')
  @HttpCode(200)
  @Allow({ roles: MANAGERS })
  @ApiOperation({
    summary: 'Give a discount by hand, with its reason, before confirmation (owners, managers of the store). Audited.',
    description: 'Spread over the lines by what each still costs (largest remainder): each line’s `discount` and `net` say what a refund of it gives back. One per order.',
  })
  @IdParam()
  @ApiBody({ type: ManualDiscountDto })
  @ApiOkResponse({ type: OrderResponseDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `amount` negative or a fraction, `reason` missing')
  @NotFound()
  @ApiProblem(
    409,
    'order.discount_closed',
    'The order is confirmed already; or (`order.discount_already_given`) it has its manual discount',
    OrderErrors.discountAfterConfirmation('confirmed'),
  )
  @ApiProblem(422, 'order.discount_too_large', 'More than the lines still cost; or (`order.currency_mismatch`) another currency', OrderErrors.discountTooLarge(25600))
  discount(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ManualDiscountDto): Promise<OrderResponseDto> {
    return this.orders.discount(actor, id, body);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Confirm an order: its product lines are reserved in the store’s stock, all or none',
    description:
      'A short line refuses the confirmation with 409 `inventory.insufficient_stock` naming it (`lines[0].quantity`); nothing is held. ' +
      'With `backorder: true` it is confirmed anyway: the short line holds what there is, the rest is back-ordered (`GET /v1/orders/{id}/shipping` shows it) ' +
      'and appears in the store’s suggested purchase orders. Of two confirmations at once one wins. Webhook `order.confirmed`. Audited.',
  })
  @IdParam()
  @ApiBody({ type: ConfirmOrderDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `confirmed`' })
  @NotFound()
  @ApiProblem(
    409,
    'inventory.insufficient_stock',
    'A product line is short: `errors[]` names it with what is available; or (`order.invalid_transition`) the order is not `pending_confirmation`',
    OrderErrors.refused('confirmed', 'confirmed', ['in_progress', 'cancelled']),
  )
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ConfirmOrderDto): Promise<OrderResponseDto> {
    return this.lifecycle.confirm(actor, id, body?.note, body?.backorder ?? false);
  }

  @Post(':id/start')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Start working on a confirmed order. Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `in_progress`' })
  @NotFound()
  @Refused('It is not `confirmed`', 'pending_confirmation', 'in_progress', ['confirmed', 'cancelled'])
  start(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'in_progress', body?.note);
  }

  @Post(':id/pick')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The goods of an order in progress are picked (product and mixed orders). Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `picked`' })
  @NotFound()
  @Refused('It is not `in_progress`, or it is a service order', 'confirmed', 'picked', ['in_progress', 'cancelled'])
  pick(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'picked', body?.note);
  }

  @Post(':id/pack')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The picked goods are packed. Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `packed`' })
  @NotFound()
  @Refused('It is not `picked`', 'in_progress', 'packed', ['picked', 'cancelled'])
  pack(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'packed', body?.note);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary:
      'The packed goods leave, all that is left in one parcel (with its carrier and tracking number): what confirmation reserved becomes sale movements. Webhook `order.shipped`. Audited.',
    description: 'To split the goods over several parcels, send them with `POST /v1/shipments`: the last one ships the order.',
  })
  @IdParam()
  @ApiBody({ type: ShipOrderDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `shipped`' })
  @NotFound()
  @Refused('It is not `packed`', 'picked', 'shipped', ['packed', 'cancelled'])
  ship(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ShipOrderDto): Promise<OrderResponseDto> {
    return this.shipments.shipOrder(actor, id, body ?? {});
  }

  @Post(':id/deliver')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The shipped goods reached the customer. Webhook `order.delivered`. Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `delivered`' })
  @NotFound()
  @Refused('It is not `shipped`', 'packed', 'delivered', ['shipped', 'cancelled'])
  deliver(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'delivered', body?.note);
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'A service order in progress is booked as an appointment (service orders only; a mixed order follows the goods). Audited.' })
  @IdParam()
  @ApiBody({ type: ScheduleOrderDto })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `scheduled`, with its `appointmentId`' })
  @ApiProblem(400, 'request.validation_failed', '`appointmentId` is not a uuid')
  @NotFound()
  @Refused('It is not `in_progress`, or it is not a service order', 'confirmed', 'scheduled', ['in_progress', 'cancelled'])
  @ApiProblem(422, 'reference.not_found', '`appointmentId` names no appointment', CommonErrors.referenceNotFound('appointmentId', 'appointment'))
  schedule(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ScheduleOrderDto): Promise<OrderResponseDto> {
    return this.lifecycle.schedule(actor, id, body.appointmentId, body.note);
  }

  @Post(':id/serve')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The scheduled service was given. Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `served`' })
  @NotFound()
  @Refused('It is not `scheduled`', 'in_progress', 'served', ['scheduled', 'cancelled'])
  serve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'served', body?.note);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Close a delivered or served order. Webhook `order.completed`. Audited.' })
  @IdParam()
  @ApiBody({ type: OrderTransitionDto, required: false })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `completed`' })
  @NotFound()
  @Refused('It is not `delivered` or `served`', 'shipped', 'completed', ['delivered'])
  complete(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: OrderTransitionDto): Promise<OrderResponseDto> {
    return this.lifecycle.advance(actor, id, 'completed', body?.note);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Cancel an order before it ships or is served, with a reason: reserved stock is released. Webhook `order.cancelled`. Audited.' })
  @IdParam()
  @ApiBody({ type: CancelOrderDto })
  @ApiOkResponse({ type: OrderResponseDto, description: 'The order, now `cancelled`' })
  @ApiProblem(400, 'request.validation_failed', '`reason` is missing or empty')
  @NotFound()
  @Refused('It has shipped or been served, or is already cancelled or completed; or (`order.partly_shipped`) some of its goods left in parcels', 'shipped', 'cancelled', [
    'delivered',
  ])
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CancelOrderDto): Promise<OrderResponseDto> {
    return this.lifecycle.cancel(actor, id, body.reason);
  }
}
