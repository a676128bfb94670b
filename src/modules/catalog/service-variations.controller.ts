import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../common/openapi/index.js';
import { READ, WRITE } from './catalog-access.js';
import { ServiceIdParam, ServiceNotFound, StoreContextQuery, StoreNotFound, VariationIdParam, VariationNotFound } from './catalog-openapi.js';
import { ConsumptionService } from './consumption.service.js';
import { StoreContextQueryDto } from './dto/common.dto.js';
import { ConsumptionResponseDto, PutConsumptionDto } from './dto/consumption.dto.js';
import { VariationResponseDto } from './dto/service-response.dto.js';
import { CreateVariationDto, UpdateVariationDto, VariationListQueryDto } from './dto/variation.dto.js';
import { ServiceVariationsService } from './service-variations.service.js';

const BadVariation = () =>
  ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: a negative price (`price.amount`), a price in another currency than the business's (`price.currency`), a missing `durationMinutes`, time blocks that do not add up (`timeBlocks`)",
  );

@ApiTags('services')
@Controller('v1/services/:id/variations')
export class ServiceVariationsController {
  constructor(
    @Inject(ServiceVariationsService) private readonly variations: ServiceVariationsService,
    @Inject(ConsumptionService) private readonly consumption: ConsumptionService,
  ) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: "A service's variations in their order (one page: a service has at most 30)" })
  @ServiceIdParam()
  @ApiPageResponse(VariationResponseDto, 'Every matching variation; `nextCursor` is null')
  @StoreNotFound('`service.not_found`: no such service')
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: VariationListQueryDto): Promise<Page<VariationResponseDto>> {
    return this.variations.list(actor, id, query);
  }

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({ summary: 'Add a variation to a service (owners)' })
  @ServiceIdParam()
  @ApiCreatedResponse({ type: VariationResponseDto })
  @ServiceNotFound()
  @BadVariation()
  @ApiProblem(409, 'service.too_many_variations', 'The service already has 30 variations; or (`idempotency.in_flight`) a request with this Idempotency-Key is still running')
  create(@Param('id') id: string, @Body() body: CreateVariationDto): Promise<VariationResponseDto> {
    return this.variations.create(id, body);
  }

  @Get(':variationId')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a variation (archived ones too)' })
  @ServiceIdParam()
  @VariationIdParam()
  @StoreContextQuery()
  @ApiOkResponse({ type: VariationResponseDto, description: 'The variation; `ETag` carries its version' })
  @StoreNotFound('no such service or variation (`service.not_found`, `service_variation.not_found`)')
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('variationId') variationId: string, @Query() query: StoreContextQueryDto): Promise<VariationResponseDto> {
    return this.variations.get(actor, id, variationId, query);
  }

  @Patch(':variationId')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Change a variation (owners); If-Match required' })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: VariationResponseDto })
  @VariationNotFound()
  @BadVariation()
  update(@Param('id') id: string, @Param('variationId') variationId: string, @IfMatchVersion() version: number, @Body() body: UpdateVariationDto): Promise<VariationResponseDto> {
    return this.variations.update(id, variationId, version, body);
  }

  @Post(':variationId/archive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Archive a variation: no longer sold, history stays readable (owners; idempotent)' })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiOkResponse({ type: VariationResponseDto })
  @VariationNotFound()
  @ApiProblem(409, 'service.last_active_variation', "This is the service's last active variation")
  archive(@Param('id') id: string, @Param('variationId') variationId: string): Promise<VariationResponseDto> {
    return this.variations.archive(id, variationId);
  }

  @Post(':variationId/restore')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Restore an archived variation (owners; idempotent)' })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiOkResponse({ type: VariationResponseDto })
  @VariationNotFound()
  restore(@Param('id') id: string, @Param('variationId') variationId: string): Promise<VariationResponseDto> {
    return this.variations.restore(id, variationId);
  }

  @Get(':variationId/consumption')
  @Allow(READ)
  @ApiOperation({ summary: 'The professional products one performance of the variation uses' })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiOkResponse({ type: ConsumptionResponseDto })
  @VariationNotFound()
  getConsumption(@Param('id') id: string, @Param('variationId') variationId: string): Promise<ConsumptionResponseDto> {
    return this.consumption.get(id, variationId);
  }

  @Put(':variationId/consumption')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Set what one performance of the variation uses (owners)',
    description: "Replaces the list whole (`[]` clears it). Only active products for professional use (`professional` or `both`), each once, in the product's unit.",
  })
  @ServiceIdParam()
  @VariationIdParam()
  @ApiOkResponse({ type: ConsumptionResponseDto })
  @VariationNotFound()
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad entry: a retail-only or archived product (`items[0].productId`), a quantity of 0 or less (`items[0].quantity`)',
  )
  @ApiReferenceNotFound('items[0].productId', 'product', 'A `productId` names no product')
  putConsumption(@Param('id') id: string, @Param('variationId') variationId: string, @Body() body: PutConsumptionDto): Promise<ConsumptionResponseDto> {
    return this.consumption.replace(id, variationId, body);
  }
}
