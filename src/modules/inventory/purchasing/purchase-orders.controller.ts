import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor } from '../../../common/auth/index.js';
import { ApiIfMatch, IfMatchVersion } from '../../../common/http/etag.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, PageQueryDto, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import {
  CreatePurchaseOrderDto,
  CreateReceiptDto,
  PurchaseOrderHistoryDto,
  PurchaseOrderQueryDto,
  PurchaseOrderReasonDto,
  PurchaseOrderResponseDto,
  ReceiptResponseDto,
  UpdatePurchaseOrderDto,
} from './dto/purchase-order.dto.js';
import { purchaseOrderStates } from './purchase-order-state.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import { APPROVE, READ, RECEIVE, WRITE } from './purchasing-access.js';
import { PurchasingErrors } from './purchasing.errors.js';

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '4d5e6f70-8192-4a3b-8c4d-5e6f70819203';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The purchase order', example: '8c2e4f6a-0b1d-4e3f-a5b7-c9d1e3f5a7b9' });
const NotFound = () =>
  ApiProblem(
    404,
    'purchase_order.not_found',
    "No such purchase order in the stores you see (another store's answers 404 too)",
    PurchasingErrors.purchaseOrderNotFound('8c2e4f6a-0b1d-4e3f-a5b7-c9d1e3f5a7b9'),
  );
const BadLines = (more = '') =>
  ApiProblem(
    400,
    'request.validation_failed',
    `\`errors[]\` names each bad field: a quantity that is not a whole number of pieces (\`lines[0].quantity\`), a negative cost, another currency than the business's${more}`,
  );
const UnknownReference = () =>
  ApiProblem(
    422,
    'inventory.unknown_product',
    'A line names no product (`errors[]` names `lines[i].productId`); or (`purchase_order.unknown_supplier`) `supplierId` names no supplier, or an archived one',
    InventoryErrors.unknownProduct('lines[0].productId', EXAMPLE_PRODUCT),
  );
const Transition = (current: 'draft' | 'approved' | 'partly_received' | 'received', requested: 'approved' | 'ordered' | 'cancelled' | 'received', words: string) =>
  ApiProblem(409, 'purchase_order.invalid_transition', words, StateErrors.invalidTransition(purchaseOrderStates, current, requested));

@ApiTags('purchase-orders')
@Controller('v1/purchase-orders')
export class PurchaseOrdersController {
  constructor(@Inject(PurchaseOrdersService) private readonly orders: PurchaseOrdersService) {}

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Draft a purchase order for a store from a supplier (managers, owners, `inventory:write`)',
    description:
      'Lines are products in whole pieces at a unit cost. The order is numbered `PO-<STORE CODE>-YYYYMMDD-NNNN` (per store, the local date). ' +
      'A manager approves it, then it is ordered and received. Audited.',
  })
  @ApiCreatedResponse({ type: PurchaseOrderResponseDto, description: 'The order, `draft`; `Location` names it' })
  @BadLines()
  @ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  @UnknownReference()
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreatePurchaseOrderDto): Promise<PurchaseOrderResponseDto> {
    return this.orders.create(actor, body);
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'The purchase orders of your stores, newest first' })
  @ApiPageResponse(PurchaseOrderResponseDto, 'One page of orders, newest first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  list(@CurrentActor() actor: Actor, @Query() query: PurchaseOrderQueryDto): Promise<Page<PurchaseOrderResponseDto>> {
    return this.orders.list(actor, query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One purchase order, with what has arrived of each line' })
  @IdParam()
  @ApiOkResponse({ type: PurchaseOrderResponseDto, description: 'The order; `ETag` carries its version' })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PurchaseOrderResponseDto> {
    return this.orders.get(actor, id);
  }

  @Get(':id/history')
  @Allow(READ)
  @ApiOperation({ summary: 'Who moved the purchase order along, and when (oldest first)' })
  @IdParam()
  @ApiOkResponse({ type: PurchaseOrderHistoryDto })
  @NotFound()
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PurchaseOrderHistoryDto> {
    return this.orders.history(actor, id);
  }

  @Patch(':id')
  @Allow(WRITE)
  @ApiOperation({ summary: 'Change a draft: its supplier, notes, or all its lines (`lines` replaces them); If-Match required. Audited.' })
  @IdParam()
  @ApiIfMatch()
  @ApiOkResponse({ type: PurchaseOrderResponseDto })
  @NotFound()
  @BadLines()
  @UnknownReference()
  @ApiProblem(409, 'purchase_order.not_draft', 'It is no longer a draft: only drafts change', PurchasingErrors.notDraft('approved'))
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @IfMatchVersion() version: number, @Body() body: UpdatePurchaseOrderDto): Promise<PurchaseOrderResponseDto> {
    return this.orders.update(actor, id, version, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(APPROVE)
  @ApiOperation({ summary: 'Approve a draft (managers of its store, owners; no API key). Audited.' })
  @IdParam()
  @ApiBody({ type: PurchaseOrderReasonDto, required: false })
  @ApiOkResponse({ type: PurchaseOrderResponseDto, description: 'The order, now `approved`' })
  @NotFound()
  @Transition('approved', 'approved', 'It is not a draft (`currentState` says what it is: someone approved or cancelled it first)')
  approve(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.orders.approve(actor, id, body);
  }

  @Post(':id/order')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Mark an approved order as sent to the supplier (managers, owners, `inventory:write`). Audited.' })
  @IdParam()
  @ApiBody({ type: PurchaseOrderReasonDto, required: false })
  @ApiOkResponse({ type: PurchaseOrderResponseDto, description: 'The order, now `ordered`' })
  @NotFound()
  @Transition('draft', 'ordered', 'It is not approved (`currentState` says what it is)')
  order(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.orders.markOrdered(actor, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Cancel an order before anything of it was received (managers, owners, `inventory:write`). Audited.' })
  @IdParam()
  @ApiBody({ type: PurchaseOrderReasonDto, required: false })
  @ApiOkResponse({ type: PurchaseOrderResponseDto, description: 'The order, now `cancelled`' })
  @NotFound()
  @Transition('partly_received', 'cancelled', 'Something was received already, or it is received or cancelled (`currentState` says what it is)')
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.orders.cancel(actor, id, body);
  }

  @Post(':id/receipts')
  @Allow(RECEIVE)
  @ApiOperation({
    summary: 'Receive a delivery of an ordered purchase order (the desk: receptionists of its store too)',
    description:
      "Each line brings its pieces into the store's stock at the line's unit cost: a batch (with the lot and dates given, else dated by the product's shelf life) " +
      'and a `receipt` movement, all in one transaction or none. More than is still open on a line needs `overReceive: true`. The order becomes ' +
      '`partly_received`, or `received` once every line has arrived (webhook `purchase_order.received`). Audited.',
  })
  @IdParam()
  @ApiCreatedResponse({ type: ReceiptResponseDto, description: 'The receipt, with the movement of each line; `Location` names it' })
  @BadLines(', a line given twice, `expiresOn` before `producedOn`')
  @NotFound()
  @ApiProblem(
    422,
    'purchase_order.over_receipt',
    'A line receives more than is still open on it without `overReceive: true` (`errors[]` names `lines[i].quantity`); nothing was received. Or (`reference.not_found`) `lines[i].lineId` names no line of this order',
    PurchasingErrors.overReceipt([{ field: 'lines[0].quantity', message: 'is more than the 4 still open on line 1' }]),
  )
  @Transition(
    'received',
    'received',
    'It is not ordered yet, or already received or cancelled (`currentState` says what it is); or (`idempotency.in_flight`) a request with this Idempotency-Key is still running',
  )
  @Idempotent()
  receive(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateReceiptDto): Promise<ReceiptResponseDto> {
    return this.orders.receive(actor, id, body);
  }

  @Get(':id/receipts')
  @Allow(READ)
  @ApiOperation({ summary: 'What has arrived of a purchase order, receipt by receipt (oldest first), with the stock movement of each line' })
  @IdParam()
  @ApiPageResponse(ReceiptResponseDto, 'One page of receipts, oldest first')
  @NotFound()
  receipts(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: PageQueryDto): Promise<Page<ReceiptResponseDto>> {
    return this.orders.receipts(actor, id, query);
  }

  @Get(':id/receipts/:receiptId')
  @Allow(READ)
  @ApiOperation({ summary: 'One receipt of a purchase order, with the stock movement of each line' })
  @IdParam()
  @ApiParam({ name: 'receiptId', format: 'uuid', description: 'The receipt', example: '5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f' })
  @ApiOkResponse({ type: ReceiptResponseDto })
  @ApiProblem(404, 'purchase_order.not_found', 'No such purchase order among your stores; or (`purchase_order_receipt.not_found`) no such receipt of it')
  getReceipt(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('receiptId') receiptId: string): Promise<ReceiptResponseDto> {
    return this.orders.getReceipt(actor, id, receiptId);
  }
}
