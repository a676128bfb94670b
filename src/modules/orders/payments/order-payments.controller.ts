import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { OrderErrors } from '../orders.errors.js';
import {
  CancelPaymentDto,
  CREATE_PAYMENT_EXAMPLES,
  CREATE_REFUND_EXAMPLES,
  CreatePaymentDto,
  CreateRefundDto,
  PaymentListResponseDto,
  PaymentResponseDto,
  RefundResponseDto,
} from './dto/order-payment.dto.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrderRefundsService } from './order-refunds.service.js';
import { PaymentErrors } from './payment.errors.js';
import { PaymentProviderError } from './providers/index.js';

const READ = { roles: ALL_STAFF, scopes: ['orders:read', 'orders:write'] } as const;
const WRITE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['orders:write'] } as const;
const EXAMPLE_ORDER = '9c1e3a5b-7d9f-4b1d-8f3a-5c7e9b1d3f5a';
const EXAMPLE_PAYMENT = '1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a7c';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The order', example: EXAMPLE_ORDER });
const PaymentParam = () => ApiParam({ name: 'paymentId', format: 'uuid', description: 'One of its payments', example: EXAMPLE_PAYMENT });
const NotFound = () =>
  ApiProblem(404, 'order.not_found', 'No such order in the stores you see; or (`payment.not_found`) no such payment on it', OrderErrors.notFound(EXAMPLE_ORDER));
const Unavailable = () =>
  ApiProblem(
    502,
    'payment.provider_unavailable',
    'WeChat Pay or Alipay did not answer (a charge at the counter is then queried, and cancelled when that fails too: scan again); or (`payment.provider_amount_mismatch`) it recorded another amount',
    new PaymentProviderError('wechat_pay', 'unavailable', 'WeChat Pay could not be reached: no answer within 10000 ms.'),
  );
const NotConfigured = () =>
  ApiProblem(
    503,
    'payment.provider_not_configured',
    'This provider’s merchant settings are not set',
    new PaymentProviderError('alipay', 'not_configured', 'Alipay is not configured: set ALIPAY_APP_ID.'),
  );

@ApiTags('orders')
@Controller('v1/orders')
export class OrderPaymentsController {
  constructor(
    @Inject(OrderPaymentsService) private readonly payments: OrderPaymentsService,
    @Inject(OrderRefundsService) private readonly refunds: OrderRefundsService,
  ) {}

  @Post(':id/payments')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Pay an order, in whole or in part: cash (with change), bank card, WeChat Pay, Alipay, cash on delivery',
    description:
      '`amount` goes to the order and is at most its balance due, less what pending payments hold: a split payment is several payments. ' +
      'Cash may hand over more (`tendered`): the answer’s `changeAmount` is the change; no other method takes `tendered`. ' +
      'WeChat Pay and Alipay at the counter take the scanned `authCode` and settle at once (or stay `pending` while the customer confirms on the phone: ' +
      'query it); in the app or mini-program (`channel`) the answer’s `clientParams` go to the provider’s SDK and the payment stays `pending` ' +
      'until the provider’s notification (or a query) settles it. Cash on delivery stays `pending` until the courier’s collection is recorded. ' +
      'The answer carries the order’s figures; webhook `order.paid` when the order is covered. Audited.',
  })
  @IdParam()
  @ApiBody({ type: CreatePaymentDto, examples: CREATE_PAYMENT_EXAMPLES })
  @ApiCreatedResponse({
    type: PaymentResponseDto,
    description: 'The payment (`succeeded`, or `pending`); `Location` names the order’s payments',
    headers: locationHeader('The order’s payments: `/v1/orders/{id}/payments`'),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: an unknown method, an amount that is not whole minor units, an `authCode` that is not digits')
  @NotFound()
  @ApiProblem(
    409,
    'payment.order_cancelled',
    'The order is cancelled; or (`idempotency.in_flight`) a request with this Idempotency-Key is still in progress',
    PaymentErrors.orderCancelled(),
  )
  @ApiProblem(
    422,
    'payment.exceeds_balance',
    'More than is due (`errors[]` names `amount`); or `payment.change_only_for_cash` (`tendered` on another method), `payment.tendered_too_little`, ' +
      '`payment.amount_invalid`, `payment.provider_way_required`, `payment.payer_id_required`, `payment.field_not_for_method`, `order.currency_mismatch`; ' +
      'or `payment.provider_declined` (the provider refused the code: nothing was taken); or (`idempotency.key_reused`) the key was used for another request',
    PaymentErrors.exceedsBalance(12800),
  )
  @Unavailable()
  @NotConfigured()
  @Idempotent()
  async create(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: CreatePaymentDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentResponseDto> {
    const payment = await this.payments.create(actor, id, body, key || undefined);
    void reply.header('location', `/v1/orders/${payment.orderId}/payments`);
    return payment;
  }

  @Get(':id/payments')
  @Allow(READ)
  @ApiOperation({ summary: 'An order’s payments, oldest first, each with its refunds, and the order’s figures (paid, refunded, balance due, payment status)' })
  @IdParam()
  @ApiOkResponse({ type: PaymentListResponseDto })
  @NotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PaymentListResponseDto> {
    return this.payments.list(actor, id);
  }

  @Post(':id/payments/:paymentId/query')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Ask WeChat Pay or Alipay again about a pending payment: paid settles it, closed or failed ends it, otherwise it stays pending',
    description: 'A payment that is no longer pending is answered as it is. Audited when it changes.',
  })
  @IdParam()
  @PaymentParam()
  @ApiOkResponse({ type: PaymentResponseDto })
  @NotFound()
  @ApiProblem(409, 'payment.wrong_method', 'Not a WeChat Pay or Alipay payment', PaymentErrors.wrongMethod('cash', 'queried at a provider'))
  @Unavailable()
  @NotConfigured()
  query(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('paymentId') paymentId: string): Promise<PaymentResponseDto> {
    return this.payments.query(actor, id, paymentId);
  }

  @Post(':id/payments/:paymentId/collect')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'The courier handed over a cash-on-delivery payment: it succeeds and counts for the order. Audited.' })
  @IdParam()
  @PaymentParam()
  @ApiOkResponse({ type: PaymentResponseDto })
  @NotFound()
  @ApiProblem(409, 'payment.not_pending', 'It was collected already; or (`payment.wrong_method`) it is not cash on delivery', PaymentErrors.notPending('succeeded', 'collected'))
  collect(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('paymentId') paymentId: string): Promise<PaymentResponseDto> {
    return this.payments.collect(actor, id, paymentId);
  }

  @Post(':id/payments/:paymentId/cancel')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Call off a pending payment, with a reason: cash on delivery the customer refused, a payment code never confirmed, a prepay that will not be paid',
    description:
      'A WeChat Pay or Alipay payment is asked of its provider first: one already taken answers 409 `payment.already_paid` (query it, it settles; refund it to give it back); otherwise it is closed there (a code charge revoked, a prepay closed) so it cannot be paid later. The cancelled payment no longer holds its amount against the balance. Audited.',
  })
  @IdParam()
  @PaymentParam()
  @ApiBody({ type: CancelPaymentDto })
  @ApiOkResponse({ type: PaymentResponseDto, description: 'The payment, now `cancelled` (or `failed`/`cancelled` as the provider had already ended it)' })
  @ApiProblem(400, 'request.validation_failed', '`reason` is missing or empty')
  @NotFound()
  @ApiProblem(409, 'payment.not_pending', 'It is no longer pending; or (`payment.already_paid`) the provider has taken it', PaymentErrors.notPending('succeeded', 'cancelled'))
  @Unavailable()
  @NotConfigured()
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('paymentId') paymentId: string, @Body() body: CancelPaymentDto): Promise<PaymentResponseDto> {
    return this.payments.cancel(actor, id, paymentId, body.reason);
  }

  @Post(':id/refunds')
  @Allow({ roles: MANAGERS, scopes: ['orders:write'] })
  @ApiOperation({
    summary: 'Give money back from one succeeded payment, by its method (owners, managers of the store)',
    description:
      'Cash, card and cash on delivery are recorded as given back; WeChat Pay and Alipay are asked first (`processing`: accepted, the money is on its way) ' +
      'and a refused refund records nothing. At most what is left of the payment. The order’s `paid`, `refunded` and `paymentStatus` follow; webhook `order.refunded`. ' +
      'A `processing` refund is asked of its provider every REFUND_CHECK_INTERVAL (or at once: `POST …/refunds/{refundId}/query`) until it ends; ' +
      'one the provider cannot pay out ends `failed`, counts as paid again, and the managers are told (webhook `order.refund_failed`). ' +
      'The returns flow that decides refunds comes later. Audited.',
  })
  @IdParam()
  @ApiBody({ type: CreateRefundDto, examples: CREATE_REFUND_EXAMPLES })
  @ApiCreatedResponse({
    type: RefundResponseDto,
    description: 'The refund, with the order’s figures; `Location` names the order’s payments',
    headers: locationHeader('The order’s payments: `/v1/orders/{id}/payments`'),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `paymentId` not a uuid, `reason` missing')
  @NotFound()
  @ApiProblem(
    409,
    'refund.payment_not_succeeded',
    'The payment has not succeeded; or (`idempotency.in_flight`) a request with this Idempotency-Key is still in progress',
    PaymentErrors.refundNotAllowed('pending'),
  )
  @ApiProblem(
    422,
    'refund.exceeds_payment',
    'More than is left of the payment (`errors[]` names `amount`); or `payment.unknown_reference` (`paymentId`), `payment.amount_invalid`, `order.currency_mismatch`, ' +
      '`refund.declined` (the provider refused); or (`idempotency.key_reused`) the key was used for another request',
    PaymentErrors.refundTooLarge(5000),
  )
  @Unavailable()
  @NotConfigured()
  @Idempotent()
  async refund(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateRefundDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RefundResponseDto> {
    const refund = await this.refunds.refund(actor, id, body);
    void reply.header('location', `/v1/orders/${refund.orderId}/payments`);
    return refund;
  }

  @Post(':id/refunds/:refundId/query')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: ['orders:write'] })
  @ApiOperation({
    summary: 'Ask WeChat Pay or Alipay now where a processing refund stands (owners, managers of the store)',
    description:
      'Paid out: `succeeded`. Not paid out (the customer’s card or account is closed, say): `failed` with `failureReason`; the amount counts as paid on the order again, ' +
      'the managers are told, webhook `order.refund_failed`: give the money back another way. Still on its way: `processing` (Bloom keeps asking every REFUND_CHECK_INTERVAL). ' +
      'A refund that has ended, or one of another method, is answered as it is. Audited when it ends.',
  })
  @IdParam()
  @ApiParam({ name: 'refundId', format: 'uuid', description: 'One of its refunds', example: '5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d3f' })
  @ApiOkResponse({ type: RefundResponseDto, description: 'The refund, with the order’s figures' })
  @ApiProblem(404, 'order.not_found', 'No such order in the stores you see; or (`refund.not_found`) no such refund on it', OrderErrors.notFound(EXAMPLE_ORDER))
  @Unavailable()
  @NotConfigured()
  queryRefund(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('refundId') refundId: string): Promise<RefundResponseDto> {
    return this.refunds.query(actor, id, refundId);
  }
}
