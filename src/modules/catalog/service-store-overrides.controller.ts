import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem, ApiReferenceNotFound } from '../../common/openapi/index.js';
import { READ, STORE_WRITE } from './catalog-access.js';
import { ServiceIdParam, ServiceNotFound, StoreIdParam, StoreNotFound } from './catalog-openapi.js';
import { PutServiceStoreOverrideDto, ServiceStoreOverrideListDto, ServiceStoreOverrideResponseDto } from './dto/store-override.dto.js';
import { ServiceStoreOverridesService } from './service-store-overrides.service.js';

@ApiTags('services')
@Controller('v1/services/:id/store-overrides')
export class ServiceStoreOverridesController {
  constructor(@Inject(ServiceStoreOverridesService) private readonly overrides: ServiceStoreOverridesService) {}

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: "A service's per-store overrides, in the stores you can see" })
  @ServiceIdParam()
  @ApiOkResponse({ type: ServiceStoreOverrideListDto })
  @ServiceNotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<ServiceStoreOverrideListDto> {
    return this.overrides.list(actor, id);
  }

  @Put(':storeId')
  @Allow(STORE_WRITE)
  @ApiOperation({
    summary: 'Set how one store offers a service: available or not, and its own variation prices (owners; managers for their stores)',
    description: "Replaces the store's previous override whole: variations left out of `prices` go back to the catalog price. Idempotent.",
  })
  @ServiceIdParam()
  @StoreIdParam()
  @ApiOkResponse({ type: ServiceStoreOverrideResponseDto })
  @StoreNotFound('`service.not_found`: no such service')
  @ApiProblem(
    400,
    'request.validation_failed',
    "`errors[]` names each bad field: a negative price, another currency than the business's (`prices[0].price.currency`), a variation listed twice (`prices[0].variationId`)",
  )
  @ApiReferenceNotFound('prices[0].variationId', 'variation of this service', 'A `variationId` names no variation of this service')
  put(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('storeId') storeId: string,
    @Body() body: PutServiceStoreOverrideDto,
  ): Promise<ServiceStoreOverrideResponseDto> {
    return this.overrides.put(actor, id, storeId, body);
  }

  @Delete(':storeId')
  @HttpCode(204)
  @Allow(STORE_WRITE)
  @ApiOperation({ summary: "Remove a store's override: the catalog's availability and prices apply there again (owners; managers for their stores; idempotent)" })
  @ServiceIdParam()
  @StoreIdParam()
  @ApiNoContentResponse({ description: 'The store follows the catalog' })
  @StoreNotFound('`service.not_found`: no such service')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('storeId') storeId: string): Promise<void> {
    return this.overrides.remove(actor, id, storeId);
  }
}
