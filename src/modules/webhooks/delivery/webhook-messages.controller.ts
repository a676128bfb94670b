import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { EndpointIdParam, EndpointNotFound, WEBHOOK_MANAGERS } from '../endpoints/webhook-endpoints.controller.js';
import {
  ReplayResponseDto,
  ReplayWebhookMessagesDto,
  WebhookMessageDetailDto,
  WebhookMessageListQueryDto,
  WebhookMessageResponseDto,
  WebhookTestResponseDto,
} from './dto/webhook-message.dto.js';
import { WebhookMessagesService } from './webhook-messages.service.js';

const MessageIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The webhook message', example: '3f9a1c2e-8b7d-4e6f-a1b2-c3d4e5f60718' });
const MessageNotFound = () => ApiProblem(404, 'webhook_message.not_found', 'No such webhook message visible to you');
const EndpointDisabled = () => ApiProblem(409, 'webhook_endpoint.disabled', 'The endpoint is disabled: enable it first');

/** What was sent to an endpoint, each attempt, and the owner's actions on it. */
@ApiTags('webhooks')
@Controller('v1')
export class WebhookMessagesController {
  constructor(@Inject(WebhookMessagesService) private readonly messages: WebhookMessagesService) {}

  @Get('webhook-endpoints/:id/messages')
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: "An endpoint's messages, newest first", description: '`from` and `to` bound when the message was written.' })
  @EndpointIdParam()
  @ApiPageResponse(WebhookMessageResponseDto)
  @EndpointNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: WebhookMessageListQueryDto): Promise<Page<WebhookMessageResponseDto>> {
    return this.messages.list(actor, id, query);
  }

  @Post('webhook-endpoints/:id/replay')
  @HttpCode(202)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: "Send an endpoint's messages of a time range again (owners)",
    description:
      'The delivered and failed messages written in [from, to) (or only those of `status`) are sent again now, each with its own `webhook-id` and body ' +
      'as before, and a new cycle of retries. Answers how many.',
  })
  @EndpointIdParam()
  @ApiAcceptedResponse({ type: ReplayResponseDto })
  @EndpointNotFound()
  @EndpointDisabled()
  replay(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReplayWebhookMessagesDto): Promise<ReplayResponseDto> {
    return this.messages.replay(actor, id, body);
  }

  @Post('webhook-endpoints/:id/test')
  @HttpCode(202)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: 'Send a test event to an endpoint now (owners)',
    description: 'A `webhook.test` message, signed like every other, whatever types the endpoint listens to; follow it at GET /v1/webhook-messages/{messageId}.',
  })
  @EndpointIdParam()
  @ApiAcceptedResponse({ type: WebhookTestResponseDto })
  @EndpointNotFound()
  @EndpointDisabled()
  test(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookTestResponseDto> {
    return this.messages.sendTest(actor, id);
  }

  @Get('webhook-messages/:id')
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'Read a webhook message: its payload and every attempt (status, duration, the start of the answer)' })
  @MessageIdParam()
  @ApiOkResponse({ type: WebhookMessageDetailDto })
  @MessageNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookMessageDetailDto> {
    return this.messages.get(actor, id);
  }

  @Post('webhook-messages/:id/retry')
  @HttpCode(202)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'Retry a failed webhook message now (owners)', description: 'Same `webhook-id` and body; a new cycle of the retry schedule.' })
  @MessageIdParam()
  @ApiAcceptedResponse({ type: WebhookMessageResponseDto })
  @MessageNotFound()
  @ApiProblem(409, 'webhook_message.not_failed', 'Only failed messages can be retried (or the endpoint is disabled: webhook_endpoint.disabled)')
  retry(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookMessageResponseDto> {
    return this.messages.retry(actor, id);
  }
}
