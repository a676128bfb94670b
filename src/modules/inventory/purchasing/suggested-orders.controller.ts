import { Body, Controller, Get, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { CreatedSuggestedOrdersDto, CreateSuggestedOrdersDto, SuggestedOrdersDto, SuggestedOrdersQueryDto } from './dto/suggested-order.dto.js';
import { SUGGEST, WRITE } from './purchasing-access.js';
import { PurchasingErrors } from './purchasing.errors.js';
import { SuggestedOrdersService } from './suggested-orders.service.js';

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const StoreNotFound = () => ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound(EXAMPLE_STORE));

/**
 * Suggested purchase orders sit under /v1/purchase-orders: what they answer is purchase orders to be
 * (and the POST creates real ones), next to the drafts a manager then approves.
 */
@ApiTags('purchase-orders')
@Controller('v1/purchase-orders/suggested')
export class SuggestedOrdersController {
  constructor(@Inject(SuggestedOrdersService) private readonly suggestions: SuggestedOrdersService) {}

  @Get()
  @Allow(SUGGEST)
  @ApiOperation({
    summary: "What to reorder for a store's open low-stock alerts, one suggested order a supplier (managers, owners, `inventory:read`)",
    description:
      'Each product goes to its preferred active supplier (else its cheapest active one); products no active supplier sells are grouped under `supplier: null`. ' +
      "A line orders the alert rule's reorder quantity less what the store's open purchase orders (drafts included) still expect, raised to the supplier's " +
      "minimum order and up to whole packs; products with enough on order are left out. Costs are the supplier's, else the store's moving average.",
  })
  @ApiOkResponse({ type: SuggestedOrdersDto })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `storeId` when it is missing or not an id')
  @StoreNotFound()
  suggest(@CurrentActor() actor: Actor, @Query() query: SuggestedOrdersQueryDto): Promise<SuggestedOrdersDto> {
    return this.suggestions.suggest(actor, query.storeId);
  }

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Draft the suggested purchase orders of a store: one draft a supplier (managers, owners, `inventory:write`). Audited.',
    description:
      'Made exactly as `POST /v1/purchase-orders` makes them (numbers, audit, history), in one transaction; `supplierIds` limits it to those suppliers. ' +
      'Products without a supplier stay suggested. Once drafted, what they order counts as on order, so the suggestion no longer proposes it.',
  })
  @ApiCreatedResponse({
    type: CreatedSuggestedOrdersDto,
    description: 'The drafts created',
    headers: locationHeader("The store's draft purchase orders"),
  })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: `storeId` not an id, `supplierIds[i]` not an id or given twice')
  @StoreNotFound()
  @ApiProblem(
    422,
    'purchase_order.unknown_supplier',
    '`supplierIds[i]` names no supplier, or an archived one (`errors[]` names it); or (`idempotency.key_reused`) this Idempotency-Key was used for another request',
    PurchasingErrors.unknownSupplier('supplierIds[0]', '3b9d6f2a-1c4e-4a8b-9d7f-2e6c5a4b3d21'),
  )
  @Idempotent()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateSuggestedOrdersDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedSuggestedOrdersDto> {
    const data = await this.suggestions.createDrafts(actor, body);
    void reply.header('location', `/v1/purchase-orders?storeId=${encodeURIComponent(body.storeId)}&status=draft`);
    return { data };
  }
}
