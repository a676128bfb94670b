import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../../common/openapi/index.js';
import {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookEndpointListQueryDto,
  WebhookEndpointResponseDto,
  WebhookEndpointWithSecretDto,
} from './dto/webhook-endpoint.dto.js';
import { WebhookEndpointsService } from './webhook-endpoints.service.js';

export const WEBHOOK_MANAGERS = { roles: ['owner'], scopes: ['webhooks:manage'] } as const;

export const EndpointIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The webhook endpoint', example: '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a09' });
export const EndpointNotFound = () => ApiProblem(404, 'webhook_endpoint.not_found', 'No such webhook endpoint visible to you');
const InvalidUrl = () => ApiProblem(422, 'webhook_endpoint.invalid_url', 'url: must be an https URL');
const UnknownType = () => ApiProblem(422, 'webhook_endpoint.unknown_event_type', 'eventTypes[0]: customer.deleted is not an event type');
const StoresRequired = () =>
  ApiProblem(403, 'webhook_endpoint.stores_required', 'An API key limited to stores must name some of them in storeIds (auth.forbidden when the caller may not manage webhooks)');

/** Partners' endpoints: where signed events go (Standard Webhooks). */
@ApiTags('webhooks')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(@Inject(WebhookEndpointsService) private readonly endpoints: WebhookEndpointsService) {}

  @Post()
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: 'Register a webhook endpoint (owners); answers its secret, this once',
    description:
      'Messages are POSTed as `{ type, timestamp, data }` with the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and `webhook-signature` ' +
      '(verify them with the secret, e.g. `new Webhook(secret).verify(body, headers)` of the standardwebhooks libraries). A 2xx answer is success; ' +
      'anything else (redirects too) is retried for about 3 days with the same `webhook-id`. The URL must be https in production and resolve to a public address.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretDto, description: 'The endpoint with its secret (shown only now); `Location` names it' })
  @InvalidUrl()
  @UnknownType()
  @StoresRequired()
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist or is not one your key may reach')
  create(@CurrentActor() actor: Actor, @Body() body: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretDto> {
    return this.endpoints.create(actor, body);
  }

  @Get()
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'List the webhook endpoints, newest first (never their secrets)' })
  @ApiPageResponse(WebhookEndpointResponseDto)
  list(@CurrentActor() actor: Actor, @Query() query: WebhookEndpointListQueryDto): Promise<Page<WebhookEndpointResponseDto>> {
    return this.endpoints.list(actor, query);
  }

  @Get(':id')
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'Read a webhook endpoint (never its secret)' })
  @EndpointIdParam()
  @ApiOkResponse({ type: WebhookEndpointResponseDto, description: 'The endpoint; `ETag` carries its version' })
  @EndpointNotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.get(actor, id);
  }

  @Patch(':id')
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'Change a webhook endpoint (owners); If-Match required', description: 'Messages already written keep their body; new ones follow the change.' })
  @EndpointIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  @EndpointNotFound()
  @InvalidUrl()
  @UnknownType()
  @StoresRequired()
  @ApiReferenceNotFound('storeIds', 'store', 'A store in `storeIds` does not exist or is not one your key may reach')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateWebhookEndpointDto): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.update(actor, id, version, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: 'Delete a webhook endpoint with its message log (owners)',
    description: 'Nothing more is sent to it, and its messages and attempts are deleted; the audit log keeps the deletion. To stop it but keep its log, disable it.',
  })
  @EndpointIdParam()
  @ApiNoContentResponse({ description: 'Deleted' })
  @EndpointNotFound()
  remove(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.endpoints.remove(actor, id);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({ summary: 'Disable a webhook endpoint (owners): no message is written for it, pending ones fail', description: 'Disabling a disabled endpoint changes nothing.' })
  @EndpointIdParam()
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  @EndpointNotFound()
  disable(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.disable(actor, id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: 'Enable a webhook endpoint again (owners); its failing streak is forgotten',
    description: 'Messages of the time it was disabled were not written; failed ones can be retried or replayed.',
  })
  @EndpointIdParam()
  @ApiOkResponse({ type: WebhookEndpointResponseDto })
  @EndpointNotFound()
  enable(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEndpointResponseDto> {
    return this.endpoints.enable(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @Allow(WEBHOOK_MANAGERS)
  @ApiOperation({
    summary: 'Give a webhook endpoint a new secret (owners); answers it, this once',
    description:
      'For 24 hours messages carry two signatures, separated by a space in `webhook-signature`: one with the new secret and one with the previous one, ' +
      'so the receiver can switch whenever it likes. Rotating again drops the oldest secret.',
  })
  @EndpointIdParam()
  @ApiOkResponse({ type: WebhookEndpointWithSecretDto })
  @EndpointNotFound()
  rotateSecret(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.endpoints.rotateSecret(actor, id);
  }
}
