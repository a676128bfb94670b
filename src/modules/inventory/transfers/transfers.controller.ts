import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import {
  CancelTransferDto,
  CREATE_TRANSFER_EXAMPLES,
  CreateTransferDto,
  ReceiveTransferDto,
  TransferHistoryResponseDto,
  TransferQueryDto,
  TransferResponseDto,
} from './dto/transfer.dto.js';
import { transferStates } from './transfer-state.js';
import { TransferErrors } from './transfers.errors.js';
import { TransfersService } from './transfers.service.js';

/** Staff read (a beautician at most reads); the front desk and up move goods; managers and owners approve. */
const READ = { roles: ALL_STAFF, scopes: ['inventory:read'] } as const;
const WRITE = { roles: ['owner', 'manager', 'receptionist'], scopes: ['inventory:write'] } as const;
const APPROVE = { roles: MANAGERS } as const;

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '4c2a6e8f-1b3d-4f5a-9c7e-2d4f6a8b0c1e';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The transfer', example: '3b9e1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e' });
const NotFound = () =>
  ApiProblem(
    404,
    'transfer.not_found',
    'No such transfer from or to the stores you see (another store’s answers 404 too)',
    TransferErrors.notFound('3b9e1c2d-4f5a-4b6c-8d7e-9f0a1b2c3d4e'),
  );
const Transition = (description: string, from: 'requested' | 'approved' | 'shipped' | 'received' | 'cancelled', to: 'approved' | 'shipped' | 'received' | 'cancelled') =>
  ApiProblem(409, 'transfer.invalid_transition', description, StateErrors.invalidTransition(transferStates, from, to));

@ApiTags('transfers')
@Controller('v1/transfers')
export class TransfersController {
  constructor(@Inject(TransfersService) private readonly transfers: TransfersService) {}

  @Post()
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Ask for goods to be sent from one store to another (whole pieces per product)',
    description:
      'Numbered `TR-YYYYMMDD-NNNN` on the source store’s date, `requested`: a manager of the source store (or an owner) approves it, its staff ship it, ' +
      'the destination receives it. You must work at one of the two stores. Audited.',
  })
  @ApiBody({ type: CreateTransferDto, examples: CREATE_TRANSFER_EXAMPLES })
  @ApiCreatedResponse({ type: TransferResponseDto, description: 'The transfer, `requested`; `Location` names it' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: a fraction of a piece, no lines, a product on two lines')
  @ApiProblem(404, 'store.not_found', 'Neither store is one of yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  @ApiProblem(
    422,
    'transfer.same_store',
    '`toStoreId` is the store the goods come from; or (`reference.not_found`) a store id names no store; or (`inventory.unknown_product`) a product is not in the catalog; ' +
      'or (`idempotency.key_reused`) this Idempotency-Key was used for a different request',
    TransferErrors.sameStore(),
  )
  @Idempotent()
  async create(@CurrentActor() actor: Actor, @Body() body: CreateTransferDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<TransferResponseDto> {
    const transfer = await this.transfers.create(actor, body);
    void reply.header('location', `/v1/transfers/${transfer.id}`);
    return transfer;
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'Transfers from or to your stores, newest first' })
  @ApiPageResponse(TransferResponseDto, 'One page of transfers, newest first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  list(@CurrentActor() actor: Actor, @Query() query: TransferQueryDto): Promise<Page<TransferResponseDto>> {
    return this.transfers.list(actor, query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({ summary: 'One transfer: per line what was asked, shipped, received, is in transit, and the difference with its reason' })
  @IdParam()
  @ApiOkResponse({ type: TransferResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<TransferResponseDto> {
    return this.transfers.get(actor, id);
  }

  @Get(':id/history')
  @Allow(READ)
  @ApiOperation({ summary: 'The status changes of a transfer, oldest first: who moved it, when, and why (a cancellation)' })
  @IdParam()
  @ApiOkResponse({ type: TransferHistoryResponseDto })
  @NotFound()
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<TransferHistoryResponseDto> {
    return this.transfers.history(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(APPROVE)
  @ApiOperation({ summary: 'Approve a requested transfer (a manager of the source store, or an owner). Audited.' })
  @IdParam()
  @ApiOkResponse({ type: TransferResponseDto, description: 'The transfer, now `approved`' })
  @ApiProblem(403, 'transfer.source_store_only', 'You manage only the destination store; or your role may not approve', TransferErrors.sourceStoreOnly('approve it'))
  @NotFound()
  @Transition('It is not `requested` (someone approved or cancelled it first): `currentState` says what it is', 'cancelled', 'approved')
  approve(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<TransferResponseDto> {
    return this.transfers.approve(actor, id);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Ship an approved transfer: every line leaves the source store’s stock and is in transit (source store staff)',
    description: 'All lines or none: when a line is short, the answer names each short line and nothing is shipped. Of two shipments at once, one ships. Audited.',
  })
  @IdParam()
  @ApiOkResponse({ type: TransferResponseDto, description: 'The transfer, now `shipped`' })
  @ApiProblem(403, 'transfer.source_store_only', 'You work only at the destination store; or your role or API key scope may not do this', TransferErrors.sourceStoreOnly('ship it'))
  @NotFound()
  @ApiProblem(
    409,
    'inventory.insufficient_stock',
    'A line is short at the source store: `errors[]` names each (`lines[0].quantity`) with what is available, and nothing was shipped; ' +
      'or (`transfer.invalid_transition`) it is not `approved` (already shipped, or cancelled)',
    TransferErrors.shortLines([{ field: 'lines[0].quantity', productId: EXAMPLE_PRODUCT, requested: 6, available: 4 }]),
  )
  @ApiProblem(422, 'inventory.unknown_product', 'A product of a line is no longer in the catalog', InventoryErrors.unknownProduct('lines[0].productId', EXAMPLE_PRODUCT))
  ship(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<TransferResponseDto> {
    return this.transfers.ship(actor, id);
  }

  @Post(':id/receive')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({
    summary: 'Receive a shipped transfer at the destination store (its staff)',
    description:
      'Each line arrives as shipped unless `lines` gives fewer good pieces, with a reason (short, damaged): the difference is recorded on the line. ' +
      'What arrived comes into stock at the cost per piece it left with, so the value moves with the goods. Webhook `transfer.received`. Audited.',
  })
  @IdParam()
  @ApiBody({ type: ReceiveTransferDto, required: false })
  @ApiOkResponse({ type: TransferResponseDto, description: 'The transfer, now `received`' })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: an unknown or repeated `lineNumber`, more received than shipped, a fraction of a piece, a difference without `reason`',
    CommonErrors.validation([{ field: 'lines[0].reason', message: 'is required when fewer pieces arrived than were shipped (short, damaged)' }]),
  )
  @ApiProblem(403, 'transfer.destination_store_only', 'You work only at the source store; or your role or API key scope may not do this', TransferErrors.destinationStoreOnly())
  @NotFound()
  @Transition('It is not `shipped` (not yet, or already received): `currentState` says what it is', 'received', 'received')
  receive(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: ReceiveTransferDto): Promise<TransferResponseDto> {
    return this.transfers.receive(actor, id, body);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(WRITE)
  @ApiOperation({ summary: 'Cancel a transfer before it ships (staff of either store). Audited.' })
  @IdParam()
  @ApiBody({ type: CancelTransferDto, required: false })
  @ApiOkResponse({ type: TransferResponseDto, description: 'The transfer, now `cancelled`' })
  @NotFound()
  @Transition('It has shipped or is already cancelled: `currentState` says what it is', 'shipped', 'cancelled')
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CancelTransferDto): Promise<TransferResponseDto> {
    return this.transfers.cancel(actor, id, body);
  }
}
