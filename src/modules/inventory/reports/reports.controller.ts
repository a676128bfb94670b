import { applyDecorators, Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { batched, CSV_CONTENT_TYPE, csvStream } from '../../../common/http/csv.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem } from '../../../common/openapi/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import {
  ExpiringBatchRowDto,
  ExpiringCsvQueryDto,
  ExpiringQueryDto,
  MovementReportCsvQueryDto,
  MovementReportQueryDto,
  MovementReportRowDto,
  SlowMoverRowDto,
  SlowMoversCsvQueryDto,
  SlowMoversQueryDto,
  StockOnHandCsvQueryDto,
  StockOnHandQueryDto,
  StockOnHandReportDto,
  TurnoverCsvQueryDto,
  TurnoverQueryDto,
  TurnoverRowDto,
} from './dto/reports.dto.js';
import { InventoryReports, type ReportBatch } from './inventory-reports.js';
import { csvExample, EXPIRING_CSV, MOVEMENTS_CSV, SLOW_MOVERS_CSV, STOCK_ON_HAND_CSV, TURNOVER_CSV, type ReportCsv } from './report-csv.js';

const EXAMPLE_STORE = '2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10';
const EXAMPLE_PRODUCT = '7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
/** Rows per query of a CSV download: quick, and memory stays flat. */
const CSV_BATCH = 500;
const WHO = { roles: MANAGERS, scopes: ['inventory:read'] } as const;
const ACCESS = ' Owners, managers (their stores) and API keys with `inventory:read` (their stores): receptionists and beauticians get 403, cost is not theirs to see.';
const CSV_NOTE =
  ' The same rows as the JSON report, all of them, as CSV: UTF-8 with a byte-order mark (Excel), RFC 4180 quoting, a header row; quantities in the ' +
  "product's `unit` (pieces, or ml or g), money as a decimal of its currency (`128.00`) beside a `currency` column, times ISO 8601 with the store's offset. " +
  "Text cells starting with `=`, `+`, `-`, `@` are prefixed with `'` so no spreadsheet runs them.";

const Errors = (badParameters: string) =>
  applyDecorators(
    ApiProblem(400, 'request.validation_failed', `\`errors[]\` names each bad query parameter: ${badParameters}`),
    ApiProblem(404, 'store.not_found', 'No such store among yours', InventoryErrors.storeNotFound(EXAMPLE_STORE)),
  );

const CsvResponse = (csv: ReportCsv<never>, line: string) =>
  applyDecorators(
    ApiProduces(CSV_CONTENT_TYPE),
    ApiOkResponse({
      description: `The CSV file (\`Content-Disposition: attachment; filename="inventory-${csv.name}-YYYYMMDD.csv"\`). Columns: ${csv.columns.map((c) => `\`${c}\``).join(', ')}`,
      content: { [CSV_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' }, example: csvExample(csv, line) } },
    }),
  );

const SCOPE_PARAMETERS = '`storeId`, `productId` not UUIDs, `limit`, `cursor`';
const TURNOVER_HOW =
  'For each store and product over a period of whole days in the store’s time zone (`from` to `to`, both included; the last 30 days, today included, ' +
  'when left out): `sold` and `consumed` are the units of sale and consumption movements; `costOfGoodsOut` is their value at cost (the moving average ' +
  'cost each movement was posted at); `openingValue` and `closingValue` are the stock’s value at cost when the period began and when it ended (now, for a ' +
  'period ending today), summed from the ledger; `averageValue` is the value over the period weighted by time (the opening value, plus each movement’s value change times the part of the period after it, over the period’s length; a period not over yet counts to now); `turnover` = costOfGoodsOut / averageValue (times the stock ' +
  'turned over in the period; null when the average is 0); `daysOfCover` = closingValue / (costOfGoodsOut / days in the period), how many days the stock ' +
  'left lasts at the period’s pace (null when nothing went out). Products a store had no stock of and did not move in the period are left out.';

@ApiTags('inventory-reports')
@Controller('v1/inventory/reports')
export class ReportsController {
  constructor(@Inject(InventoryReports) private readonly reports: InventoryReports) {}

  @Get('stock-on-hand')
  @Allow(WHO)
  @ApiOperation({
    summary: 'Stock on hand with its value, per store and product, and each store’s total value',
    description:
      'Every product your stores stock (nothing on hand included): on hand, held for orders, available, the average cost of one piece and the value at cost ' +
      '(moving weighted average). `totals` adds up the value per store over every row the filters select, whichever page.' +
      ACCESS,
  })
  @ApiOkResponse({ type: StockOnHandReportDto, description: 'One page of rows by store and product, and the totals per store' })
  @Errors(`${SCOPE_PARAMETERS}, \`category\` empty or longer than 100`)
  async stockOnHand(@CurrentActor() actor: Actor, @Query() query: StockOnHandQueryDto): Promise<StockOnHandReportDto> {
    const batch = await this.reports.stockOnHand(actor, query, query.limit ?? 20, query.cursor);
    return { ...toPage(batch), totals: await this.reports.stockOnHandTotals(actor, query) };
  }

  @Get('stock-on-hand.csv')
  @Allow(WHO)
  @ApiOperation({ summary: 'Stock on hand with its value, as CSV (every row)', description: 'The filters of GET /v1/inventory/reports/stock-on-hand.' + CSV_NOTE + ACCESS })
  @CsvResponse(STOCK_ON_HAND_CSV, `${EXAMPLE_STORE},${EXAMPLE_PRODUCT},KER-BAIN-250,"卡诗 洗发水 Bain Satin, 250 ml",hair care,pcs,8,1,7,98.00,784.00,CNY`)
  @Errors('`storeId`, `productId` not UUIDs, `category` empty or longer than 100')
  stockOnHandCsv(@CurrentActor() actor: Actor, @Query() query: StockOnHandCsvQueryDto): Promise<StreamableFile> {
    return this.download(STOCK_ON_HAND_CSV, (limit, cursor) => this.reports.stockOnHand(actor, query, limit, cursor));
  }

  @Get('movements')
  @Allow(WHO)
  @ApiOperation({
    summary: 'Movement history with filters: store, product, kinds, time, document; newest first, with who, why, the document and the value',
    description: 'Each movement with its quantity, the cost of one piece it was posted at and how it moved the stock’s value at cost (negative out).' + ACCESS,
  })
  @ApiPageResponse(MovementReportRowDto, 'One page of movements, newest first')
  @Errors(`${SCOPE_PARAMETERS}, a \`kind\` that is no movement kind, \`from\` or \`to\` not an instant with its offset, \`to\` not after \`from\``)
  async movements(@CurrentActor() actor: Actor, @Query() query: MovementReportQueryDto): Promise<Page<MovementReportRowDto>> {
    return toPage(await this.reports.movements(actor, query, query.limit ?? 20, query.cursor));
  }

  @Get('movements.csv')
  @Allow(WHO)
  @ApiOperation({ summary: 'Movement history, as CSV (every row the filters select)', description: 'The filters of GET /v1/inventory/reports/movements.' + CSV_NOTE + ACCESS })
  @CsvResponse(
    MOVEMENTS_CSV,
    `2027-05-10T12:00:00.000+08:00,0b7f4f1e-3c2d-4e5f-8a9b-1c2d3e4f5a6b,${EXAMPLE_STORE},${EXAMPLE_PRODUCT},KER-BAIN-250,卡诗 洗发水 Bain Satin 250 ml,sale,out,pcs,2,98.00,-196.00,CNY,,order,SO-20270510-0042,user,3f0c2a1e-5b7d-4c9e-8a2f-1d6b4e8c0a57`,
  )
  @Errors('`storeId`, `productId` not UUIDs, a `kind` that is no movement kind, `from` or `to` not an instant with its offset, `to` not after `from`')
  movementsCsv(@CurrentActor() actor: Actor, @Query() query: MovementReportCsvQueryDto): Promise<StreamableFile> {
    return this.download(MOVEMENTS_CSV, (limit, cursor) => this.reports.movements(actor, query, limit, cursor));
  }

  @Get('slow-movers')
  @Allow(WHO)
  @ApiOperation({
    summary: 'Slow movers: products with stock on hand and no sale in the last `days` days',
    description:
      'Days are whole days in the store’s time zone, today included: `days=90` on 10 May lists products not sold since 9 February. With the last sale ever ' +
      '(null if never sold), how many days ago it was, what is on hand and its value at cost. By store and product.' +
      ACCESS,
  })
  @ApiPageResponse(SlowMoverRowDto, 'One page of slow movers, by store and product')
  @Errors(`${SCOPE_PARAMETERS}, \`days\` not a whole number from 1 to 3650`)
  async slowMovers(@CurrentActor() actor: Actor, @Query() query: SlowMoversQueryDto): Promise<Page<SlowMoverRowDto>> {
    return toPage(await this.reports.slowMovers(actor, query, query.limit ?? 20, query.cursor));
  }

  @Get('slow-movers.csv')
  @Allow(WHO)
  @ApiOperation({ summary: 'Slow movers, as CSV (every row)', description: 'The filters of GET /v1/inventory/reports/slow-movers.' + CSV_NOTE + ACCESS })
  @CsvResponse(SLOW_MOVERS_CSV, `${EXAMPLE_STORE},${EXAMPLE_PRODUCT},KER-BAIN-250,卡诗 洗发水 Bain Satin 250 ml,pcs,8,784.00,CNY,2027-01-12T15:20:00.000+08:00,118`)
  @Errors('`storeId`, `productId` not UUIDs, `days` not a whole number from 1 to 3650')
  slowMoversCsv(@CurrentActor() actor: Actor, @Query() query: SlowMoversCsvQueryDto): Promise<StreamableFile> {
    return this.download(SLOW_MOVERS_CSV, (limit, cursor) => this.reports.slowMovers(actor, query, limit, cursor));
  }

  @Get('expiring')
  @Allow(WHO)
  @ApiOperation({
    summary: 'Batches expiring within `days` days, expired ones included and marked, soonest first',
    description:
      'Batches with stock left whose expiry date is at most `days` days after today in the store’s time zone: lot, expiry date, days left (negative: ' +
      'expired, and no longer sold or used), what remains and its value at the batch’s own cost. Batches without an expiry date never show.' +
      ACCESS,
  })
  @ApiPageResponse(ExpiringBatchRowDto, 'One page of batches, soonest expiry first')
  @Errors(`${SCOPE_PARAMETERS}, \`days\` not a whole number from 1 to 3650`)
  async expiring(@CurrentActor() actor: Actor, @Query() query: ExpiringQueryDto): Promise<Page<ExpiringBatchRowDto>> {
    return toPage(await this.reports.expiring(actor, query, query.limit ?? 20, query.cursor));
  }

  @Get('expiring.csv')
  @Allow(WHO)
  @ApiOperation({ summary: 'Expiring batches, as CSV (every row)', description: 'The filters of GET /v1/inventory/reports/expiring.' + CSV_NOTE + ACCESS })
  @CsvResponse(
    EXPIRING_CSV,
    `${EXAMPLE_STORE},${EXAMPLE_PRODUCT},KER-BAIN-250,卡诗 洗发水 Bain Satin 250 ml,5d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d,L2407A,2027-06-01,22,no,pcs,3,98.00,294.00,CNY`,
  )
  @Errors('`storeId`, `productId` not UUIDs, `days` not a whole number from 1 to 3650')
  expiringCsv(@CurrentActor() actor: Actor, @Query() query: ExpiringCsvQueryDto): Promise<StreamableFile> {
    return this.download(EXPIRING_CSV, (limit, cursor) => this.reports.expiring(actor, query, limit, cursor));
  }

  @Get('turnover')
  @Allow(WHO)
  @ApiOperation({
    summary: 'Stock turnover per product and store over a period, with units sold and used, cost of goods out and days of cover',
    description: TURNOVER_HOW + ACCESS,
  })
  @ApiPageResponse(TurnoverRowDto, 'One page of rows, by store and product')
  @Errors(`${SCOPE_PARAMETERS}, \`from\` or \`to\` not a date YYYY-MM-DD, \`to\` before \`from\`, a period of 3650 days or more`)
  async turnover(@CurrentActor() actor: Actor, @Query() query: TurnoverQueryDto): Promise<Page<TurnoverRowDto>> {
    return toPage(await this.reports.turnover(actor, query, query.limit ?? 20, query.cursor));
  }

  @Get('turnover.csv')
  @Allow(WHO)
  @ApiOperation({ summary: 'Stock turnover, as CSV (every row)', description: 'The filters of GET /v1/inventory/reports/turnover. ' + TURNOVER_HOW + CSV_NOTE + ACCESS })
  @CsvResponse(TURNOVER_CSV, `${EXAMPLE_STORE},${EXAMPLE_PRODUCT},KER-BAIN-250,卡诗 洗发水 Bain Satin 250 ml,2027-04-11,2027-05-10,pcs,6,0,588.00,980.00,784.00,882.00,CNY,0.67,40`)
  @Errors('`storeId`, `productId` not UUIDs, `from` or `to` not a date YYYY-MM-DD, `to` before `from`, a period of 3650 days or more')
  turnoverCsv(@CurrentActor() actor: Actor, @Query() query: TurnoverCsvQueryDto): Promise<StreamableFile> {
    return this.download(TURNOVER_CSV, (limit, cursor) => this.reports.turnover(actor, query, limit, cursor));
  }

  /**
   * The first batch is read before answering, so a bad filter or another's store is still a problem
   * (400, 404), not a broken download; the rest follow as the client takes them.
   */
  private async download<T>(csv: ReportCsv<T>, read: (limit: number, cursor?: string) => Promise<ReportBatch<T>>): Promise<StreamableFile> {
    const first = await read(CSV_BATCH);
    let next = first.next;
    const nextBatch = async (): Promise<T[]> => {
      if (next === null) return [];
      const batch = await read(CSV_BATCH, next);
      next = batch.next;
      return batch.data;
    };
    const stream = csvStream(csv.columns, batched(first.data, nextBatch), csv.cells);
    const fileName = `inventory-${csv.name}-${this.reports.today().replace(/-/g, '')}.csv`;
    return new StreamableFile(stream, { type: CSV_CONTENT_TYPE, disposition: `attachment; filename="${fileName}"` });
  }
}

function toPage<T>(batch: ReportBatch<T>): Page<T> {
  return { data: batch.data, nextCursor: batch.next };
}
