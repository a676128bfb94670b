import { Body, Controller, Delete, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiPageResponse, mapPage, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../../common/openapi/index.js';
import { IdParam } from '../id-param.js';
import { CreatePublishableKeyDto, PublishableKeyResponseDto, toPublishableKeyResponse } from './dto/publishable-key.dto.js';
import { PublishableKeysService } from './publishable-keys.service.js';

const NOT_FOUND = "No publishable key with this id is visible to you (another store's key answers the same)";

@ApiTags('publishable-keys')
@Controller('v1/publishable-keys')
@Allow({ roles: MANAGERS })
export class PublishableKeysController {
  constructor(@Inject(PublishableKeysService) private readonly keys: PublishableKeysService) {}

  @Post()
  @ApiOperation({
    summary: "Create a publishable key for a customers' app (a booking page, a mini-program)",
    description:
      'The key (`pk_…`) is not a secret: it ships in the app and is sent as `X-Publishable-Key`. It reads only the bookable menu ' +
      '(GET /v1/booking-menu), staff shown online (GET /v1/booking-staff) and availability (online only), of its store or, for a key ' +
      'of the whole business (owners only), of every store; and it signs customers in by SMS code (POST /v1/customer-auth/codes). ' +
      'Appointments booked through the app are recorded with its `channel`. Managers create keys for their own stores.',
  })
  @ApiCreatedResponse({ type: PublishableKeyResponseDto })
  @ApiProblem(403, 'publishable_key.store_required', 'A manager must name one of their stores (only owners create keys for the whole business)')
  @ApiReferenceNotFound('storeId', 'store', 'The store does not exist, or is not one of yours')
  async create(@CurrentActor() actor: Actor, @Body() body: CreatePublishableKeyDto): Promise<PublishableKeyResponseDto> {
    return toPublishableKeyResponse(await this.keys.create(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'List publishable keys', description: "Revoked keys included. A manager sees their stores' keys." })
  @ApiPageResponse(PublishableKeyResponseDto)
  async list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<Page<PublishableKeyResponseDto>> {
    return mapPage(await this.keys.list(actor, query), toPublishableKeyResponse);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a publishable key' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PublishableKeyResponseDto })
  @ApiProblem(404, 'publishable_key.not_found', NOT_FOUND)
  async get(@CurrentActor() actor: Actor, @IdParam('publishable_key') id: string): Promise<PublishableKeyResponseDto> {
    return toPublishableKeyResponse(await this.keys.get(actor, id));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke a publishable key',
    description: 'Requests with it, and with every customer session opened through it, answer 401 from now on. Revoking twice changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: PublishableKeyResponseDto, description: 'The key, revoked' })
  @ApiProblem(404, 'publishable_key.not_found', NOT_FOUND)
  async revoke(@CurrentActor() actor: Actor, @IdParam('publishable_key') id: string): Promise<PublishableKeyResponseDto> {
    return toPublishableKeyResponse(await this.keys.revoke(actor, id));
  }
}
