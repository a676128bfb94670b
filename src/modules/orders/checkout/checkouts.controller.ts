import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { CREATE_CHECKOUT_EXAMPLES, CreateCheckoutDto } from '../dto/checkout.dto.js';
import { OrderResponseDto } from '../dto/order.dto.js';
import { OrderErrors } from '../orders.errors.js';
import { CheckoutService } from './checkout.service.js';

const EXAMPLE_APPOINTMENT = '3b5d7f9a-1c3e-4a5b-8d7f-9a1c3e5b7d9f';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';

@ApiTags('orders')
@Controller('v1/checkouts')
export class CheckoutsController {
  constructor(@Inject(CheckoutService) private readonly checkouts: CheckoutService) {}

  @Post()
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['orders:write'] })
  @ApiOperation({
    summary: 'Check out a completed appointment, or sell products to a walk-in customer, at the counter (the front desk and up at their stores; keys with orders:write)',
    description:
      'Makes an `in_store` order linked to the appointment (`appointmentId`): a line per service given, with the staff member who gave it (`staffMemberId`, ' +
      'for commissions) at the price booked; the `products` sold at the counter, priced from the store’s catalog, whose stock leaves at once as sales ' +
      '(never picked, packed or shipped); and a `fee` line for each no-show or late-cancellation fee the store’s policy recorded for this customer at ' +
      'this store and no order has collected yet. The order is `served` at once (history: confirmed, in_progress, scheduled, served) and becomes ' +
      '`completed` when paid; `balanceDue` is the amount to pay. An appointment is checked out once: of two checkouts at once, one makes the order. ' +
      'Without `appointmentId` it is a walk-in sale: `storeId`, `customerId` and at least one of `products` (with any fee the customer owes at the store); ' +
      'the goods are handed over at once, so the order is `served` straight from `in_progress` (history: confirmed, in_progress, served). ' +
      'Webhook `order.created`. Audited.',
  })
  @ApiBody({ type: CreateCheckoutDto, examples: CREATE_CHECKOUT_EXAMPLES })
  @ApiCreatedResponse({
    type: OrderResponseDto,
    description: 'The order, `served`, with `balanceDue` to pay; `Location` names it',
    headers: locationHeader('The order: `/v1/orders/{id}`'),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `appointmentId` not a uuid, a quantity of 0, negative or a fraction')
  @ApiProblem(
    404,
    'appointment.not_found',
    '`appointmentId` names no appointment of your stores; or (`store.not_found`) a walk-in sale’s `storeId` is not one of your stores',
    OrderErrors.checkoutAppointmentNotFound(EXAMPLE_APPOINTMENT),
  )
  @ApiProblem(
    409,
    'checkout.already_checked_out',
    'The appointment already has its order (`orderId`, `number`); or (`checkout.appointment_not_completed`) it is not completed; or ' +
      '(`inventory.insufficient_stock`) a product is short (`products[0].quantity`); or (`idempotency.in_flight`) a request with this Idempotency-Key is still running',
    OrderErrors.alreadyCheckedOut('9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a', 'SO-20261206-0042'),
  )
  @ApiProblem(
    422,
    'order.product_not_sold',
    'A product is unknown, archived or not sold in this store (`products[0].productId`); or (`checkout.walk_in_incomplete`) a walk-in sale lacks `storeId`, ' +
      '`customerId` or `products`, or a checkout of an appointment names them; or `order.customer_unknown`, `order.customer_blocked` (`customerId`); ' +
      'or (`idempotency.key_reused`) this Idempotency-Key was used for a different request',
    OrderErrors.productNotSold('products[0].productId', EXAMPLE_PRODUCT),
  )
  @Idempotent()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateCheckoutDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<OrderResponseDto> {
    const order = await this.checkouts.checkout(actor, body);
    void reply.header('location', `/v1/orders/${order.id}`);
    return order;
  }
}
