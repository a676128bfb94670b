import { Controller, HttpCode, Inject, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../common/auth/index.js';
import { Consumes } from '../../../common/http/request-body.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { acceptRawBodies, RawReceiptBody, RECEIPT_CONTENT_TYPES } from '../../notifications/index.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { PaymentErrors } from './payment.errors.js';
import { PAYMENT_NOTIFICATION_PATHS, PaymentProviderError, PaymentProviders, type PaymentProviderName } from './providers/index.js';

/** `wechat-pay` → `wechat_pay`: the path each provider was given as its notify_url. */
const BY_PATH = new Map(Object.entries(PAYMENT_NOTIFICATION_PATHS).map(([name, path]) => [path.split('/').pop()!, name as PaymentProviderName]));

@ApiTags('orders')
@Controller('v1/payment-notifications')
export class PaymentNotificationsController implements OnModuleInit {
  constructor(
    @Inject(OrderPaymentsService) private readonly payments: OrderPaymentsService,
    @Inject(PaymentProviders) private readonly providers: PaymentProviders,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Signatures cover the body's bytes: this route keeps them. */
  onModuleInit(): void {
    acceptRawBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), '/v1/payment-notifications/:provider');
  }

  @Post(':provider')
  @HttpCode(200)
  @Public()
  @Consumes(...RECEIPT_CONTENT_TYPES)
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'A payment provider’s notification that a payment was made, or a refund ended (called by WeChat Pay or Alipay, not by people)',
    description:
      '`wechat-pay`: a WeChat Pay API v3 notification (JSON, `Wechatpay-*` signature headers, AEAD_AES_256_GCM resource); `alipay`: Alipay’s form-encoded ' +
      'asynchronous notification (RSA2 `sign`). The signature is verified and the body decrypted; the payment its `out_trade_no` names must have the same ' +
      'amount and currency. WeChat Pay’s refund notices (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`) end the processing refund their `out_refund_no` ' +
      'names, as a refund query would. Applied once per notification id: a resent one changes nothing and is acknowledged again. The answer is what the provider ' +
      'expects: 204 for WeChat Pay, `success` for Alipay.',
  })
  @ApiParam({ name: 'provider', enum: [...BY_PATH.keys()], example: 'alipay' })
  @ApiOkResponse({ description: 'Alipay: accepted (`success`)' })
  @ApiNoContentResponse({ description: 'WeChat Pay: accepted' })
  @ApiProblem(400, 'payment_notification.malformed', 'Not a notification of this provider; or (`payment_notification.undecryptable`) its resource does not decrypt')
  @ApiProblem(
    401,
    'payment_notification.bad_signature',
    'The signature does not verify with the provider’s public key; or (`payment_notification.stale`) a WeChat Pay timestamp more than 5 minutes off',
    new PaymentProviderError('alipay', 'bad_signature', 'The notification’s signature does not verify with the Alipay public key.'),
  )
  @ApiProblem(
    404,
    'payment_notification.unknown_provider',
    'No such provider; or (`payment_notification.unknown_payment`) no payment of it has this out_trade_no; or (`payment_notification.unknown_refund`) no refund of the payment has this out_refund_no',
    PaymentErrors.unknownProvider('paypal'),
  )
  @ApiProblem(422, 'payment_notification.amount_mismatch', 'The amount or currency is not the payment’s: nothing changed', PaymentErrors.amountMismatch('25600 CNY', '100 CNY'))
  @ApiProblem(
    503,
    'payment.provider_not_configured',
    'This provider’s merchant settings are not set',
    new PaymentProviderError('alipay', 'not_configured', 'Alipay is not configured: set ALIPAY_APP_ID.'),
  )
  async receive(
    @Param('provider') path: string,
    @Req() request: FastifyRequest,
    @RawReceiptBody() rawBody: Buffer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const name = BY_PATH.get(path);
    if (!name) throw PaymentErrors.unknownProvider(path);
    const provider = this.providers.get(name);
    await this.payments.notify(provider, request.headers, rawBody);
    void reply.status(provider.notificationAck.status).type(provider.notificationAck.contentType);
    return provider.notificationAck.body;
  }
}
