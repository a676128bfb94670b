import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '../../auth/index.js';
import { ApiPageResponse, type Page } from '../../http/pagination.js';
import { ApiProblem } from '../../openapi/index.js';
import { isUuid } from '../../validation/index.js';
import { EventDeliveryErrors } from './event-deliveries.errors.js';
import { EventDeliveriesService } from './event-deliveries.service.js';
import { EventDeliveryQueryDto, EventDeliveryResponseDto } from './event-delivery.dto.js';

/** Durable event deliveries, for owners: what reacted to what, and the reactions that gave up (`dead`). */
@ApiTags('admin')
@Controller('v1/admin/event-deliveries')
@Allow({ roles: ['owner'] })
export class EventDeliveriesController {
  constructor(@Inject(EventDeliveriesService) private readonly deliveries: EventDeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: 'Durable event deliveries, newest first (owners)',
    description:
      'Each durable event (a customer merged, a customer anonymized, …) is delivered to every module that reacts to it, retried with backoff when the ' +
      'reaction fails, and marked `dead` after EVENT_MAX_ATTEMPTS attempts. `?status=dead` lists the reactions that need an owner: fix the cause, then retry them.',
  })
  @ApiPageResponse(EventDeliveryResponseDto)
  list(@Query() query: EventDeliveryQueryDto): Promise<Page<EventDeliveryResponseDto>> {
    return this.deliveries.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Retry a dead delivery (owners)',
    description: 'Gives the delivery a fresh series of attempts, the first at once; audited. The subscriber applies the event at most once whatever happens.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The delivery', example: '6f1d2c3b-8a4e-4f0a-9b1c-2d3e4f5a6b7c' })
  @ApiOkResponse({ type: EventDeliveryResponseDto, description: 'The delivery, pending again' })
  @ApiProblem(404, 'event_delivery.not_found', 'No such delivery')
  @ApiProblem(409, 'event_delivery.not_dead', 'The delivery is pending or delivered, not dead', EventDeliveryErrors.notDead('delivered'))
  retry(@Param('id') id: string): Promise<EventDeliveryResponseDto> {
    if (!isUuid(id)) throw EventDeliveryErrors.notFound(id);
    return this.deliveries.retry(id);
  }
}
