import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import type { Actor } from '../../common/http/request-context.js';
import type { Page } from '../../common/http/pagination.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { ClosureListQueryDto, ClosurePageDto, ClosureResponseDto, CreateClosureDto } from './dto/closure.dto.js';
import { OpeningHoursQueryDto, OpeningHoursResponseDto } from './dto/opening-hours.dto.js';
import { READ_SCOPES, WRITE_SCOPES } from './store-access.js';
import { StoreClosuresService } from './store-closures.service.js';
import { StoreScoped } from './store-scope.guard.js';

const StoreIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The store', example: '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10' });
const NotFound = () => ApiProblem(404, 'store.not_found', "No such store is visible to you (another store's id answers the same)");

@ApiTags('stores')
@Controller('v1/stores/:id')
@StoreScoped('id')
export class StoreClosuresController {
  constructor(@Inject(StoreClosuresService) private readonly closures: StoreClosuresService) {}

  @Get('closures')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: "List a store's closures and special hours, soonest first" })
  @StoreIdParam()
  @ApiOkResponse({ type: ClosurePageDto })
  @NotFound()
  list(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: ClosureListQueryDto): Promise<Page<ClosureResponseDto>> {
    return this.closures.list(actor, id, query);
  }

  @Post('closures')
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Close a store for a day, or give it special hours that day (owners, managers of the store)' })
  @StoreIdParam()
  @ApiCreatedResponse({ type: ClosureResponseDto })
  @NotFound()
  @ApiProblem(409, 'store_closure.date_taken', 'This store already has a closure or special hours on this date')
  create(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateClosureDto): Promise<ClosureResponseDto> {
    return this.closures.create(actor, id, body);
  }

  @Delete('closures/:closureId')
  @HttpCode(204)
  @Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
  @ApiOperation({ summary: 'Remove a closure or special hours: the weekly hours apply again that day' })
  @StoreIdParam()
  @ApiParam({ name: 'closureId', format: 'uuid', description: 'The closure' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblem(404, 'store_closure.not_found', 'This store has no such closure, or the store is not visible to you (`store.not_found`)')
  remove(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('closureId') closureId: string): Promise<void> {
    return this.closures.remove(actor, id, closureId);
  }

  @Get('opening-hours')
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({ summary: 'When the store is open on each date of a range (at most 62 days), closures and special hours applied' })
  @StoreIdParam()
  @ApiOkResponse({ type: OpeningHoursResponseDto })
  @NotFound()
  openingHours(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: OpeningHoursQueryDto): Promise<OpeningHoursResponseDto> {
    return this.closures.openingHours(actor, id, query);
  }
}
