import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../common/openapi/index.js';
import { READ, WRITE } from './catalog-access.js';
import { ServiceIdParam, ServiceNotFound, StoreContextQuery, StoreNotFound } from './catalog-openapi.js';
import { StoreContextQueryDto } from './dto/common.dto.js';
import { ServiceResponseDto } from './dto/service-response.dto.js';
import { CreateServiceDto, ServiceListQueryDto, UpdateServiceDto } from './dto/service.dto.js';
import { ServicesService } from './services.service.js';

const BadService = () =>
  ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: e.g. a negative price (`variations[0].price.amount`), another currency than the business's (`variations[0].price.currency`), a variation without `durationMinutes`, time blocks that do not add up; " +
      'or `categoryId` names an archived category (`service_category.archived`)',
  );
const UnknownCategory = () => ApiReferenceNotFound('categoryId', 'service category');

@ApiTags('services')
@Controller('v1/services')
export class ServicesController {
  constructor(@Inject(ServicesService) private readonly services: ServicesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({
    summary: 'List services with their variations, newest first',
    description: 'Filters: category, status (active by default), bookable online, a name fragment. With `storeId`, each service and variation says how that store sells it.',
  })
  @ApiPageResponse(ServiceResponseDto, 'One page of services, newest first')
  @StoreNotFound()
  list(@CurrentActor() actor: Actor, @Query() query: ServiceListQueryDto): Promise<Page<ServiceResponseDto>> {
    return this.services.list(actor, query);
  }

  @Post()
  @Allow(WRITE)
  @Idempotent()
  @ApiOperation({
    summary: 'Add a service with its variations (owners)',
    description:
      'Each variation has a price and a duration (a multiple of 5 minutes). Time blocks: the service sets default processing, finishing and buffer minutes; ' +
      'a variation may set its own. Active + processing + finishing must equal the duration (the buffer comes after); active work is at least 5 minutes.',
  })
  @ApiCreatedResponse({ type: ServiceResponseDto })
  @BadService()
  @UnknownCategory()
  create(@Body() body: CreateServiceDto): Promise<ServiceResponseDto> {
    return this.services.create(body);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'Read a service with all its variations (archived ones too)' })
  @ServiceIdParam()
  @StoreContextQuery()
  @ApiOkResponse({ type: ServiceResponseDto, description: 'The service; `ETag` carries its version' })
  @StoreNotFound('`service.not_found`: no such service')
  get(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: StoreContextQueryDto): Promise<ServiceResponseDto> {
    return this.services.get(actor, id, query);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Change a service (owners); If-Match required',
    description: 'New default time blocks must suit every variation that inherits them; variations change under `/variations`.',
  })
  @ServiceIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: ServiceResponseDto })
  @ServiceNotFound()
  @BadService()
  @UnknownCategory()
  update(@Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateServiceDto): Promise<ServiceResponseDto> {
    return this.services.update(id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Archive a service: no longer sold or booked, history stays readable (owners; idempotent)' })
  @ServiceIdParam()
  @ApiOkResponse({ type: ServiceResponseDto })
  @ServiceNotFound()
  archive(@Param('id') id: string): Promise<ServiceResponseDto> {
    return this.services.archive(id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Restore an archived service (owners; idempotent)' })
  @ServiceIdParam()
  @ApiOkResponse({ type: ServiceResponseDto })
  @ServiceNotFound()
  restore(@Param('id') id: string): Promise<ServiceResponseDto> {
    return this.services.restore(id);
  }
}
