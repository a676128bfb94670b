import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { OrderErrors } from '../orders.errors.js';
import {
  CreateShipmentDto,
  MyShipmentsResponseDto,
  OrderShippingResponseDto,
  RecordShipmentEventsDto,
  ResolveShipmentExceptionDto,
  ShipmentExceptionQueryDto,
  ShipmentExceptionResponseDto,
  ShipmentResponseDto,
} from './dto/shipment.dto.js';
import { ShipmentTracking } from './shipment-tracking.js';
import { ShipmentErrors } from './shipments.errors.js';
import { ShipmentsService } from './shipments.service.js';

/** Staff of the store read parcels; the front desk and up (and keys with orders:write) send them; carriers' keys (shipments:write) report tracking. */
const READ = { roles: ALL_STAFF, scopes: ['orders:read', 'orders:write', 'shipments:write'] } as const;
const WRITE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['orders:write'] } as const;
const EXAMPLE_SHIPMENT = '7b3d5f7a-9c1e-4a3b-8d5f-7a9c1e3b5d7f';
const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const EXAMPLE_EXCEPTION = '3e5a7c9b-1d3f-4a5c-9e7b-1d3f5a7c9e1b';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The shipment', example: EXAMPLE_SHIPMENT });
const NotFound = () => ApiProblem(404, 'shipment.not_found', 'No such shipment in the stores you see', ShipmentErrors.notFound(EXAMPLE_SHIPMENT));

@ApiTags('shipments')
@Controller('v1/shipments')
export class ShipmentsController {
  constructor(
    @Inject(ShipmentsService) private readonly shipments: ShipmentsService,
    @Inject(ShipmentTracking) private readonly tracking: ShipmentTracking,
  ) {}

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({
    summary: 'Send a parcel of a packed order’s goods: which lines, how many pieces, by which carrier (split shipments)',
    description:
      'Each line’s pieces leave once: more than a line has left answers 409 naming it (of two parcels of the same goods at once, one is refused). ' +
      'The parcel’s stock is taken out of what confirmation reserved (back-ordered pieces from what has arrived since). The parcel that carries the last goods moves the order to `shipped` ' +
      '(webhook `order.shipped`). Audited.',
  })
  @ApiBody({ type: CreateShipmentDto })
  @ApiCreatedResponse({ type: ShipmentResponseDto, description: 'The parcel; `Location` names it' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: no lines, a line twice, a quantity of 0 or a fraction')
  @ApiProblem(404, 'order.not_found', 'No such order in your stores', OrderErrors.notFound(EXAMPLE_ORDER))
  @ApiProblem(
    409,
    'shipment.already_shipped',
    'A line has fewer pieces left to ship (`errors[]` names it); or (`shipment.order_not_packed`) the order is not packed; or (`inventory.insufficient_stock`) back-ordered pieces have not arrived',
    ShipmentErrors.overShipped('lines[0].quantity', 1, 0),
  )
  @ApiProblem(422, 'shipment.unknown_line', '`lines[].lineNumber` names no product line of the order', ShipmentErrors.notProductLine('lines[0].lineNumber', 7))
  async create(@CurrentActor() actor: Actor, @Body() body: CreateShipmentDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ShipmentResponseDto> {
    const shipment = await this.shipments.create(actor, body);
    void reply.header('location', `/v1/shipments/${shipment.id}`);
    return shipment;
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One parcel: carrier, tracking number, lines, status, delivery and its tracking events, oldest first' })
  @IdParam()
  @ApiOkResponse({ type: ShipmentResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ShipmentResponseDto> {
    return this.shipments.get(actor, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['shipments:write'] })
  @ApiOperation({
    summary: 'Tracking events of a parcel, from its carrier or an aggregator (API key with shipments:write), or typed in by the front desk',
    description:
      'Each event once: one sent again (same time and description) changes nothing. The parcel’s status follows its latest event. ' +
      '`exception` (with `exceptionKind`: delayed, lost, damaged), `returned` and `refused` open a follow-up task for the store (GET /v1/shipment-exceptions), ' +
      'tell the customer and the store’s managers. `delivered` delivers the parcel; when every parcel of a shipped order is delivered, the order is (webhook `order.delivered`).',
  })
  @IdParam()
  @ApiBody({ type: RecordShipmentEventsDto })
  @ApiOkResponse({ type: ShipmentResponseDto, description: 'The parcel with all its events' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: an unknown status, a time without its offset')
  @NotFound()
  events(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RecordShipmentEventsDto): Promise<ShipmentResponseDto> {
    return this.tracking.record(actor, id, body);
  }
}

@ApiTags('shipments')
@Controller('v1/orders')
export class OrderShippingController {
  constructor(@Inject(ShipmentsService) private readonly shipments: ShipmentsService) {}

  @Get(':id/shipping')
  @Allow(READ)
  @ApiOperation({ summary: 'What an order’s product lines have shipped, have left and have back-ordered, with its parcels' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order', example: EXAMPLE_ORDER })
  @ApiOkResponse({ type: OrderShippingResponseDto })
  @ApiProblem(404, 'order.not_found', 'No such order in your stores', OrderErrors.notFound(EXAMPLE_ORDER))
  shipping(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<OrderShippingResponseDto> {
    return this.shipments.orderShipping(actor, id);
  }
}

@ApiTags('shipments')
@Controller('v1/shipment-exceptions')
export class ShipmentExceptionsController {
  constructor(@Inject(ShipmentTracking) private readonly tracking: ShipmentTracking) {}

  @Get()
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['orders:read', 'orders:write'] })
  @ApiOperation({
    summary: 'Parcels gone wrong in your stores, newest first: the store’s follow-up tasks (open ones unless asked for resolved ones)',
    description: 'A carrier or Kuaidi100 reported a parcel delayed, lost, damaged, returned or refused. Follow up with the carrier and the customer, then resolve it.',
  })
  @ApiPageResponse(ShipmentExceptionResponseDto, 'One page of shipment exceptions, newest first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', ShipmentErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  list(@CurrentActor() actor: Actor, @Query() query: ShipmentExceptionQueryDto): Promise<Page<ShipmentExceptionResponseDto>> {
    return this.tracking.listExceptions(actor, query);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: ['orders:write'] })
  @ApiOperation({ summary: 'Resolve a shipment exception with a note saying what was done (a manager of its store, or an owner). Once only. Audited.' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The shipment exception', example: EXAMPLE_EXCEPTION })
  @ApiBody({ type: ResolveShipmentExceptionDto })
  @ApiOkResponse({ type: ShipmentExceptionResponseDto, description: 'The exception, now resolved' })
  @ApiProblem(400, 'request.validation_failed', '`note` is missing or empty', CommonErrors.validation([{ field: 'note', message: 'must be between 1 and 500 characters' }]))
  @ApiProblem(404, 'shipment.exception_not_found', 'No such shipment exception in your stores', ShipmentErrors.exceptionNotFound(EXAMPLE_EXCEPTION))
  @ApiProblem(409, 'shipment.exception_resolved', 'It was resolved already', ShipmentErrors.exceptionResolved(EXAMPLE_EXCEPTION))
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ResolveShipmentExceptionDto): Promise<ShipmentExceptionResponseDto> {
    return this.tracking.resolveException(actor, id, body);
  }
}

@ApiTags('customer-me')
@Controller('v1/me/shipments')
export class MyShipmentsController {
  constructor(@Inject(ShipmentTracking) private readonly tracking: ShipmentTracking) {}

  @Get()
  @Allow({ customers: true })
  @ApiOperation({ summary: 'Your parcels, newest first (the latest 50), with their tracking: the ones to follow and to confirm' })
  @ApiOkResponse({ type: MyShipmentsResponseDto })
  list(@CurrentActor() actor: Actor): Promise<MyShipmentsResponseDto> {
    return this.tracking.mine(actor);
  }

  @Post(':id/confirm-delivery')
  @HttpCode(200)
  @Allow({ customers: true })
  @ApiOperation({
    summary: 'Confirm you received a parcel of your order (确认收货)',
    description: 'Once every parcel of the order is delivered, the order is. Confirming again changes nothing.',
  })
  @IdParam()
  @ApiOkResponse({ type: ShipmentResponseDto, description: 'The parcel, delivered' })
  @ApiProblem(404, 'shipment.not_found', "No such parcel of yours (another customer's answers the same)", ShipmentErrors.notFound(EXAMPLE_SHIPMENT))
  confirm(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ShipmentResponseDto> {
    return this.tracking.confirmByCustomer(actor, id);
  }
}
