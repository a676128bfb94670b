import { Controller, HttpCode, Inject, Param, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../../common/auth/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { Consumes } from '../../../common/http/request-body.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { NotificationReceiptsService } from './notification-receipts.service.js';
import { ChannelErrors } from '../channels/channels.errors.js';
import { addReceiptBodyCapture, RawReceiptBody, RECEIPT_CONTENT_TYPES } from './receipt-body.js';

@ApiTags('notifications')
@Controller('v1/notification-receipts')
export class NotificationReceiptsController implements OnModuleInit {
  constructor(
    @Inject(NotificationReceiptsService) private readonly receipts: NotificationReceiptsService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: AppConfigValues,
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
  @ApiProblem(401, 'notification_receipt.bad_signature', 'The signature (or token) does not prove the provider sent it', ChannelErrors.badSignature('twilio', 'X-Twilio-Signature'))
  @ApiProblem(
    404,
    'notification_receipt.unknown_provider',
    'No provider by this name sends receipts here, or its receipts are not enabled (their secret is not set)',
    ChannelErrors.unknownProvider('acme'),
  )
  async receive(
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @RawReceiptBody() rawBody: Buffer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | { received: number }> {
    const { parser, changed } = await this.receipts.apply(provider, {
      url: this.signedUrl(request),
      headers: request.headers,
      rawBody,
    });
    if (!parser.answer) return { received: changed };
    void reply.type(parser.answer.contentType);
    return parser.answer.body;
  }

  /**
   * The URL as the provider called it, which is what it signed: behind a proxy the request's own host is
   * not the public one, so PUBLIC_BASE_URL (the base the callback URLs were built from) wins when set.
   */
  private signedUrl(request: FastifyRequest): string {
    const base = this.config.PUBLIC_BASE_URL ? this.config.PUBLIC_BASE_URL.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
    return `${base}${request.url}`;
  }
}
