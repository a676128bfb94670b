import { Body, Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { AdjustmentResponseDto, CreateAdjustmentDto, StockLevelQueryDto, StockLevelResponseDto, StockMovementQueryDto, StockMovementResponseDto } from './dto/stock.dto.js';
import { StockAdjustments } from './stock-adjustments.js';
import { StockViews } from './stock-views.js';

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const StoreNotFound = () => ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound(EXAMPLE_STORE));

@ApiTags('inventory')
@Controller('v1/inventory')
export class InventoryController {
  constructor(
    @Inject(StockViews) private readonly views: StockViews,
    @Inject(StockAdjustments) private readonly adjustments: StockAdjustments,
  ) {}

  @Get('levels')
  @Allow({ roles: ['owner', 'manager', 'receptionist', 'beautician'], scopes: ['inventory:read'] })
  @ApiOperation({
    summary: 'Stock of your stores, per store and product: on hand, held for orders, available, and its value at cost',
    description: 'Products measured in ml or g also show what an opened piece still holds. A product a store never stocked has no level.',
  })
  @ApiPageResponse(StockLevelResponseDto, 'One page of levels, by store and product')
  @StoreNotFound()
  levels(@CurrentActor() actor: Actor, @Query() query: StockLevelQueryDto): Promise<Page<StockLevelResponseDto>> {
    return this.views.levels(actor, query);
  }

  @Get('movements')
  @Allow({ roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:read'] })
  @ApiOperation({
    summary: 'The stock ledger of your stores: every movement, newest first, with who, why, the document and the cost',
    description: 'Receipts, sales, returns, adjustments, transfers, stocktake corrections, service consumption and write-offs. Movements are never changed or removed.',
  })
  @ApiPageResponse(StockMovementResponseDto, 'One page of movements, newest first')
  @StoreNotFound()
  movements(@CurrentActor() actor: Actor, @Query() query: StockMovementQueryDto): Promise<Page<StockMovementResponseDto>> {
    return this.views.movements(actor, query);
  }

  @Post('adjustments')
  @Allow({ roles: MANAGERS, scopes: ['inventory:write'] })
  @ApiOperation({
    summary: 'Correct a store’s stock, or write stock off (damaged, expired), with a reason',
    description:
      'One movement: `in` adds stock at the moving average cost, `out` takes it first-expiring-first (an `expiry` write-off takes expired batches first). ' +
      'Stock never goes below zero or below what is held for orders. Measured products may be adjusted by `measure` (ml or g). Audited.',
  })
  @ApiCreatedResponse({ type: AdjustmentResponseDto, description: 'The movement, and the level after it' })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: no reason, both or neither of `pieces` and `measure`, a fraction of a piece, `damage` or `expiry` with `in`',
  )
  @StoreNotFound()
  @ApiProblem(
    409,
    'inventory.insufficient_stock',
    'Less is available than the adjustment takes out (`available` says how much)',
    InventoryErrors.insufficientStock('pieces', EXAMPLE_PRODUCT, 3, 1),
  )
  @ApiProblem(
    422,
    'inventory.unknown_product',
    '`productId` names no product; or (`inventory.not_measured`) `measure` for a product counted in pieces',
    InventoryErrors.unknownProduct('productId', EXAMPLE_PRODUCT),
  )
  @Idempotent()
  adjust(@CurrentActor() actor: Actor, @Body() body: CreateAdjustmentDto): Promise<AdjustmentResponseDto> {
    return this.adjustments.create(actor, body);
  }
}
