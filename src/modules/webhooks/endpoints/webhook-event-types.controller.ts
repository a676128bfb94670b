import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, SCOPES, type Scope } from '../../../common/auth/index.js';
import { WebhookEventTypeDto } from '../delivery/dto/webhook-message.dto.js';
import { webhookEventTypes } from '../webhook-events.js';

/** The catalog of webhook event types, for whoever builds against them. */
@ApiTags('webhooks')
@Controller('v1/webhook-event-types')
export class WebhookEventTypesController {
  @Get()
  // Any signed-in caller: the catalog holds no business data.
  @Allow({ roles: ALL_STAFF, scopes: Object.keys(SCOPES) as Scope[] })
  @ApiOperation({
    summary: 'List the webhook event types (any signed-in caller)',
    description: "Each type's `data` is the schema named here, in this document's `components.schemas`; the `x-webhooks` section shows each payload whole.",
  })
  @ApiOkResponse({ type: [WebhookEventTypeDto] })
  list(): WebhookEventTypeDto[] {
    return webhookEventTypes().map(({ type, description, schema }) => ({ type, description, schema: schema.name }));
  }
}
