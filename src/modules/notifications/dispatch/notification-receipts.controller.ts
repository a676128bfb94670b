import { Controller, HttpCode, Inject, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../common/auth/index.js';
import { DomainError } from '../../../common/errors/index.js';
import { Consumes } from '../../../common/http/request-body.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { NotificationReceiptsService } from './notification-receipts.service.js';
import { NotificationErrors } from './notifications.errors.js';
import { addReceiptBodyCapture, RawReceiptBody, RECEIPT_CONTENT_TYPES } from './receipt-body.js';

@ApiTags('notifications')
@Controller('v1/notification-receipts')
export class NotificationReceiptsController implements OnModuleInit {
  constructor(
    @Inject(NotificationReceiptsService) private readonly receipts: NotificationReceiptsService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    addReceiptBodyCapture(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Post(':provider')
  @HttpCode(200)
  @Public()
  @Consumes(...RECEIPT_CONTENT_TYPES)
  @ApiOperation({
    summary: "A provider's delivery receipts (called by the provider, not by people)",
    description:
      'Each provider posts in its own format and proves it is the sender: `twilio` (form-encoded status callbacks, `X-Twilio-Signature`), ' +
      '`aliyun` (the JSON array of the SMS report push, with the shared `?token=` configured as ALIYUN_SMS_RECEIPT_TOKEN), `wechat` (its signature query). ' +
      'Each receipt marks the message the provider knows by its id `delivered` or `failed`; a receipt sent twice changes nothing the second time, ' +
      'and one for a message Bloom does not know is accepted and ignored. The answer is what the provider expects (Aliyun: `{"code":0,"msg":"成功"}`).',
  })
  @ApiParam({ name: 'provider', description: 'Who sends the receipts', example: 'twilio' })
  @ApiOkResponse({ description: 'Accepted' })
  @ApiProblem(
    401,
    'notification_receipt.bad_signature',
    'The signature (or token) does not prove the provider sent it',
    new DomainError('notification_receipt.bad_signature', 401, 'The receipt is not signed by the provider.'),
  )
  @ApiProblem(404, 'notification_receipt.unknown_provider', 'No provider by this name sends receipts here', NotificationErrors.unknownProvider('acme'))
  async receive(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @RawReceiptBody() rawBody: Buffer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | { received: number }> {
    const { parser, changed } = await this.receipts.apply(provider, {
      url: `${request.protocol}://${request.host}${request.url}`,
      headers: request.headers,
      rawBody,
    });
    if (!parser.answer) return { received: changed };
    void reply.type(parser.answer.contentType);
    return parser.answer.body;
  }
}
