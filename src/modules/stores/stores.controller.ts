import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiIfMatch, IfMatchVersion } from '../../common/http/etag.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { CreateStoreDto, StoreListQueryDto, StoreResponseDto, UpdateStoreDto } from './dto/store.dto.js';
import { READ_SCOPES, WRITE_SCOPES } from './store-access.js';
import { StoreManagementService } from './store-management.service.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { StoreScoped } from './store-scope.guard.js';

const StoreIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });
const NotFound = () => ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)");

@ApiTags('stores')
@Controller('v1/stores')
@StoreScoped('id')
export class StoresController {
  constructor(@Inject(StoreManagementService) private readonly stores: StoreManagementService) {}

  @Post()
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @Idempotent()
  @ApiOperation({ summary: 'Open a store (owners)' })
  @ApiCreatedResponse({ type: StoreResponseDto })
  @ApiProblem(400, 'request.validation_failed', "`errors[]` names each bad field, e.g. a `currency` other than the business's one (BUSINESS_CURRENCY)")
  @ApiProblem(409, 'store.code_taken', 'Another store already uses this code; or (`idempotency.in_flight`) a request with this Idempotency-Key is still running')
  create(@Body() body: CreateStoreDto): Promise<StoreResponseDto> {
    return this.stores.create(body);
  }

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'List the stores you may see (owners and API keys: all; other staff: their stores)' })
  @ApiPageResponse(StoreResponseDto)
  list(@CurrentActor() actor: Actor, @Query() query: StoreListQueryDto): Promise<Page<StoreResponseDto>> {
    return this.stores.list(actor, query);
  }

  @Get(':id')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'Read a store, with its address and weekly hours' })
  @StoreIdParam()
  @ApiOkResponse({ type: StoreResponseDto, description: 'The store; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StoreResponseDto> {
    return this.stores.get(actor, id);
  }

  @Patch(':id')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Change a store (owners, or managers of that store); If-Match required' })
  @StoreIdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: StoreResponseDto })
  @NotFound()
  @ApiProblem(400, 'request.validation_failed', "`errors[]` names each bad field, e.g. a `currency` other than the business's one (BUSINESS_CURRENCY)")
  @ApiProblem(409, 'store.code_taken', 'Another store already uses this code')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdateStoreDto): Promise<StoreResponseDto> {
    return this.stores.update(actor, id, version, body);
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Archive a store: it keeps its history but takes no new business (owners; idempotent)' })
  @StoreIdParam()
  @ApiOkResponse({ type: StoreResponseDto })
  @NotFound()
  archive(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StoreResponseDto> {
    return this.stores.archive(actor, id);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Allow({ roles: ['owner'], scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Restore an archived store to active (owners; idempotent)' })
  @StoreIdParam()
  @ApiOkResponse({ type: StoreResponseDto })
  @NotFound()
  restore(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StoreResponseDto> {
    return this.stores.restore(actor, id);
  }
}
