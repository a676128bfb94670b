import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { ResolveShortfallDto, ShortfallQueryDto, ShortfallResponseDto } from './dto/shortfalls.dto.js';
import { StockShortfalls } from './stock-shortfalls.js';

const EXAMPLE_SHORTFALL = '5d2e8f1a-3b4c-4d5e-8f6a-7b8c9d0e1f2a';

@ApiTags('inventory')
@Controller('v1/inventory/shortfalls')
export class ShortfallsController {
  constructor(@Inject(StockShortfalls) private readonly shortfalls: StockShortfalls) {}

  @Get()
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:read'] })
  @ApiOperation({
    summary: 'Back-bar shortfalls of your stores, newest first: the manager’s tasks (open ones unless asked for resolved ones)',
    description: 'A service used more of a product than the books held; stock never went below zero. Count the product and resolve each.',
  })
  @ApiPageResponse(ShortfallResponseDto, 'One page of shortfalls, newest first')
  @ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound('2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10'))
  list(@CurrentActor() actor: Actor, @Query() query: ShortfallQueryDto): Promise<Page<ShortfallResponseDto>> {
    return this.shortfalls.list(actor, query);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Allow({ roles: MANAGERS, scopes: ['inventory:write'] })
  @ApiOperation({
    summary: 'Resolve a shortfall: adjust the books to a count, or record why nothing changes (a manager of its store, or an owner)',
    description:
      'With `countedPieces` or `countedMeasure` and a `reason`, one adjustment posts the difference between the count and the books (none when they agree); ' +
      'without a count, `note` says why nothing changes. The product’s shortfall alert resolves when none of its shortfalls is left open. Once only. Audited.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The shortfall', example: EXAMPLE_SHORTFALL })
  @ApiBody({ type: ResolveShortfallDto })
  @ApiOkResponse({ type: ShortfallResponseDto, description: 'The shortfall, now resolved, with the movement posted if any' })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: both `countedPieces` and `countedMeasure`, a count without `reason`, neither a count nor a `note`, a fraction of a piece',
    CommonErrors.validation([{ field: 'note', message: 'is required without a count: why nothing changes' }]),
  )
  @ApiProblem(404, 'inventory.shortfall_not_found', 'No such shortfall in your stores', InventoryErrors.shortfallNotFound(EXAMPLE_SHORTFALL))
  @ApiProblem(
    409,
    'inventory.shortfall_resolved',
    'It was resolved already; or (`inventory.insufficient_stock`) the count is below what is held for orders',
    InventoryErrors.shortfallResolved(EXAMPLE_SHORTFALL),
  )
  @ApiProblem(
    422,
    'inventory.not_measured',
    '`countedMeasure` for a product counted in pieces; or (`inventory.unknown_product`) the product is no longer in the catalog',
    InventoryErrors.notMeasured('countedMeasure'),
  )
  @Idempotent()
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ResolveShortfallDto): Promise<ShortfallResponseDto> {
    return this.shortfalls.resolve(actor, id, body);
  }
}
