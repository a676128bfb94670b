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
  CancelStocktakeDto,
  CREATE_COUNTS_EXAMPLES,
  CreateCountsDto,
  OPEN_STOCKTAKE_EXAMPLES,
  OpenStocktakeDto,
  ReplaceCountDto,
  StocktakeCountResponseDto,
  StocktakeCountsResponseDto,
  StocktakeHistoryResponseDto,
  StocktakeQueryDto,
  StocktakeResponseDto,
  StocktakeSummaryResponseDto,
  VarianceReportResponseDto,
} from './dto/stocktake.dto.js';
import { stocktakeStates, type StocktakeStatus } from './stocktake-state.js';
import { StocktakeErrors } from './stocktakes.errors.js';
import { StocktakesService } from './stocktakes.service.js';

/** Every member of a store's staff reads and counts; managers and owners open, close, read the variances, approve (people only) and cancel. */
const READ = { roles: ALL_STAFF, scopes: ['inventory:read'] } as const;
const COUNT = { roles: ALL_STAFF, scopes: ['inventory:write'] } as const;
const MANAGE = { roles: MANAGERS, scopes: ['inventory:write'] } as const;
const REPORT = { roles: MANAGERS, scopes: ['inventory:read'] } as const;
const APPROVE = { roles: MANAGERS } as const;

const EXAMPLE_ID = '5d2e7a9c-3b1f-4c8e-a6d4-0f2b8c7e1a93';
const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The stocktake', example: EXAMPLE_ID });
const NotFound = () =>
  ApiProblem(404, 'stocktake.not_found', 'No such stocktake in the stores you work at (another store’s answers 404 too)', StocktakeErrors.notFound(EXAMPLE_ID));
const Transition = (description: string, from: StocktakeStatus, to: StocktakeStatus) =>
  ApiProblem(409, 'stocktake.invalid_transition', description, StateErrors.invalidTransition(stocktakeStates, from, to));
const Closed = () =>
  ApiProblem(409, 'stocktake.not_counting', 'Counting is closed (submitted, approved or cancelled): nothing was recorded', StocktakeErrors.notCounting('submitted'));

@ApiTags('stocktakes')
@Controller('v1/stocktakes')
export class StocktakesController {
  constructor(@Inject(StocktakesService) private readonly stocktakes: StocktakesService) {}

  @Post()
  @Allow(MANAGE)
  @ApiOperation({
    summary: 'Open a stocktake of a store: its whole stock, or the products of some categories (a manager or owner)',
    description:
      'Numbered `ST-<STORE CODE>-YYYYMMDD-NNNN`, `counting`. The products counted are fixed now: those of `categories` (active ones, and archived ones the store still ' +
      'stocks), or without categories every product the store stocks; none of them may be in another open stocktake of the store. Its staff then count; a manager closes counting (`submit`) and approves. Audited.',
  })
  @ApiBody({ type: OpenStocktakeDto, examples: OPEN_STOCKTAKE_EXAMPLES })
  @ApiCreatedResponse({ type: StocktakeResponseDto, description: 'The stocktake, `counting`, with the products to count; `Location` names it' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names each bad field: an empty or overlong category, too many categories')
  @ApiProblem(404, 'store.not_found', 'The store is not one of yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  @ApiProblem(
    409,
    'stocktake.scope_overlap',
    'Another stocktake of the store, still open (counting or submitted), counts some of these products: approve or cancel it first (a product is counted by one open stocktake at a time)',
    StocktakeErrors.scopeOverlap('categories', 'ST-SH01-20270510-0001', 3),
  )
  @ApiProblem(
    422,
    'stocktake.empty_scope',
    'Nothing to count: the store stocks no product (of these categories); or (`idempotency.key_reused`) this Idempotency-Key was used for a different request',
    StocktakeErrors.emptyScope('categories'),
  )
  @Idempotent()
  async open(@CurrentActor() actor: Actor, @Body() body: OpenStocktakeDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StocktakeResponseDto> {
    const stocktake = await this.stocktakes.open(actor, body);
    void reply.header('location', `/v1/stocktakes/${stocktake.id}`);
    return stocktake;
  }

  @Get()
  @Allow(READ)
  @ApiOperation({ summary: 'Stocktakes of your stores, newest first (without their lines)' })
  @ApiPageResponse(StocktakeSummaryResponseDto, 'One page of stocktakes, newest first')
  @ApiProblem(404, 'store.not_found', 'The `storeId` filter names a store that is not yours', InventoryErrors.storeNotFound(EXAMPLE_STORE))
  list(@CurrentActor() actor: Actor, @Query() query: StocktakeQueryDto): Promise<Page<StocktakeSummaryResponseDto>> {
    return this.stocktakes.list(actor, query);
  }

  @Get(':id')
  @Allow(READ)
  @ApiOperation({
    summary: 'One stocktake: each product to count and what was counted so far',
    description: 'Blind: it never shows what the books expect, for anyone; the variance report does, once counting is closed.',
  })
  @IdParam()
  @ApiOkResponse({ type: StocktakeResponseDto })
  @NotFound()
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StocktakeResponseDto> {
    return this.stocktakes.get(actor, id);
  }

  @Get(':id/history')
  @Allow(READ)
  @ApiOperation({ summary: 'The status changes of a stocktake, oldest first: who moved it, when, and why (a cancellation)' })
  @IdParam()
  @ApiOkResponse({ type: StocktakeHistoryResponseDto })
  @NotFound()
  history(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StocktakeHistoryResponseDto> {
    return this.stocktakes.history(actor, id);
  }

  @Get(':id/counts')
  @Allow(READ)
  @ApiOperation({
    summary: 'The count entries in force (corrected ones replaced): managers, owners and API keys read everyone’s, other staff their own',
    description: 'Blind: an entry says what was counted, by whom and when, never what the books expect.',
  })
  @IdParam()
  @ApiOkResponse({ type: StocktakeCountsResponseDto })
  @NotFound()
  counts(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StocktakeCountsResponseDto> {
    return this.stocktakes.counts(actor, id);
  }

  @Post(':id/counts')
  @Allow(COUNT)
  @ApiOperation({
    summary: 'Record counted quantities (the store’s staff, on their phones: by product or scanned barcode)',
    description:
      'Each line is one entry, recorded with who and when; entries of the same product add up (two people, two shelves). Pieces for products counted in pieces ' +
      '(whole), ml or g up to 3 decimals for measured ones (opened pieces included). All lines or none. Send an `Idempotency-Key` so a retry on a bad ' +
      'connection does not count twice. A product sold or received during the count is expected as the books held it at the moment of its last entry.',
  })
  @IdParam()
  @ApiBody({ type: CreateCountsDto, examples: CREATE_COUNTS_EXAMPLES })
  @ApiCreatedResponse({ type: StocktakeCountsResponseDto, description: 'The entries recorded (`GET …/counts` lists those in force)' })
  @ApiProblem(
    400,
    'request.validation_failed',
    '`errors[]` names each bad field: both or neither of `productId` and `barcode`, a negative count, a fraction of a piece, more than 3 decimals',
    CommonErrors.validation([{ field: 'lines[0].quantity', message: 'must be a whole number of pieces (this product is counted in pieces)' }]),
  )
  @NotFound()
  @Closed()
  @ApiProblem(
    422,
    'stocktake.not_in_scope',
    '`errors[]` names each line whose product is not counted in this stocktake, or whose barcode no product has; nothing was recorded',
    StocktakeErrors.unknownLines([{ field: 'lines[1].barcode', message: 'is the barcode of no product' }]),
  )
  @Idempotent()
  count(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CreateCountsDto): Promise<StocktakeCountsResponseDto> {
    return this.stocktakes.count(actor, id, body);
  }

  @Post(':id/counts/:countId/correct')
  @Allow(COUNT)
  @ApiOperation({
    summary: 'Correct your own count entry: a new entry replaces it',
    description: 'The replaced entry is kept but no longer counts. Only its counter may correct it, while counting is open.',
  })
  @IdParam()
  @ApiParam({ name: 'countId', format: 'uuid', description: 'The entry to correct', example: '8e3b1d6f-2a4c-4e7b-9d0f-6c1a3e5b7d29' })
  @ApiCreatedResponse({ type: StocktakeCountResponseDto, description: 'The new entry (`replacesId` names the old one)' })
  @ApiProblem(400, 'request.validation_failed', '`errors[]` names `quantity`: negative, a fraction of a piece, more than 3 decimals')
  @ApiProblem(403, 'stocktake.not_your_count', 'Someone else counted this entry; or your role or API key scope may not count', StocktakeErrors.notYourCount())
  @ApiProblem(404, 'stocktake.count_not_found', 'No such entry in this stocktake; or (`stocktake.not_found`) no such stocktake of yours', StocktakeErrors.countNotFound(EXAMPLE_ID))
  @ApiProblem(
    409,
    'stocktake.count_replaced',
    'The entry was corrected already (correct the newer one); or (`stocktake.not_counting`) counting is closed',
    StocktakeErrors.countReplaced('8e3b1d6f-2a4c-4e7b-9d0f-6c1a3e5b7d29'),
  )
  correct(@CurrentActor() actor: Actor, @Param('id') id: string, @Param('countId') countId: string, @Body() body: ReplaceCountDto): Promise<StocktakeCountResponseDto> {
    return this.stocktakes.correct(actor, id, countId, body);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Allow(MANAGE)
  @ApiOperation({ summary: 'Close counting (a manager or owner): no more entries, and the variance report is ready. Audited.' })
  @IdParam()
  @ApiOkResponse({ type: StocktakeResponseDto, description: 'The stocktake, now `submitted`' })
  @NotFound()
  @Transition('It is not `counting` (submitted already, approved or cancelled): `currentState` says what it is', 'approved', 'submitted')
  submit(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StocktakeResponseDto> {
    return this.stocktakes.submit(actor, id);
  }

  @Get(':id/variances')
  @Allow(REPORT)
  @ApiOperation({
    summary: 'The variance report (managers and owners, once counting is closed): per product expected, counted, variance and its value; totals',
    description:
      'Expected is what the books held at the moment of the product’s last count entry, so a sale or receipt during the count is no variance. Values are at the ' +
      'moving average cost (approved: as posted). Products nobody counted are listed as `not_counted`: approval leaves their stock unchanged.',
  })
  @IdParam()
  @ApiOkResponse({ type: VarianceReportResponseDto })
  @NotFound()
  @ApiProblem(409, 'stocktake.still_counting', 'Counting is still open (submit first); or (`stocktake.cancelled`) it was cancelled', StocktakeErrors.stillCounting())
  variances(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<VarianceReportResponseDto> {
    return this.stocktakes.variances(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Allow(APPROVE)
  @ApiOperation({
    summary: 'Approve a submitted stocktake (a manager of its store, or an owner): the corrections are posted',
    description:
      'One `stocktake` movement per counted product whose count differs from what was expected: `counted − expected` onto the stock as it is now (so movements ' +
      'after the count are kept), in at the moving average cost, out taking expired batches first. All or nothing; of two approvals at once one posts. ' +
      'Products not counted are left unchanged. Event `stocktake.approved`. Audited.',
  })
  @IdParam()
  @ApiOkResponse({ type: VarianceReportResponseDto, description: 'The report as posted; the stocktake is now `approved`' })
  @NotFound()
  @ApiProblem(
    409,
    'stocktake.invalid_transition',
    'It is not `submitted` (still counting, approved already, or cancelled): `currentState` says what it is; or (`inventory.insufficient_stock`) a shortage would take stock held for orders, and nothing was posted',
    StateErrors.invalidTransition(stocktakeStates, 'approved', 'approved'),
  )
  approve(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<VarianceReportResponseDto> {
    return this.stocktakes.approve(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Allow(MANAGE)
  @ApiOperation({ summary: 'Cancel a stocktake before approval (a manager or owner): nothing was posted, nothing is. Audited.' })
  @IdParam()
  @ApiBody({ type: CancelStocktakeDto, required: false })
  @ApiOkResponse({ type: StocktakeResponseDto, description: 'The stocktake, now `cancelled`' })
  @NotFound()
  @Transition('It is approved or already cancelled: `currentState` says what it is', 'approved', 'cancelled')
  cancel(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: CancelStocktakeDto): Promise<StocktakeResponseDto> {
    return this.stocktakes.cancel(actor, id, body);
  }
}
