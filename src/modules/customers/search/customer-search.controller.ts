import { Controller, Get, Inject, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow, ALL_STAFF, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { READ_SCOPES } from '../privacy/customer-access.js';
import { CSV_COLUMNS, CSV_CONTENT_TYPE } from './customer-csv-export.js';
import { FilterNotAllowed, RateLimited } from './customer-search.errors.js';
import { XLSX_CONTENT_TYPE } from '../imports/customer-imports.errors.js';
import { CustomerSearchService } from './customer-search.service.js';
import { CustomerResponseDto } from '../dto/customer-response.dto.js';
import { CustomerCriteriaDto, CustomerSearchQueryDto } from '../dto/customer-search.dto.js';

const CSV_EXAMPLE =
  `\uFEFF${CSV_COLUMNS.join(',')}\r\n` +
  '8d5e1c7a-2b4f-4e8a-9c3d-1f6a7b8c9d0e,王小红,+8613812345678,xiaohong.wang@example.com,female,1992-05-12,referral,2f1c4a8e-6b0d-4c1e-9a57-3e7d2b8f9c10,VIP,' +
  'yes,2026-03-02T06:00:00.000Z,,,no,2026-03-02T06:00:00.000Z,active,12,2026-11-20T07:30:00.000Z,3840.00,CNY,,2025-03-02T06:00:00.000Z\r\n';
const EXPORT_DESCRIPTION =
  'The filters of GET /v1/customers, every matching customer, newest first. Columns: ' +
  CSV_COLUMNS.map((column) => `\`${column}\``).join(', ') +
  '; a consent is `yes` or `no` with when it was given or withdrawn, empty when never asked. API keys without `customers:pii` get masked ' +
  'phones and e-mails and no birthdays, and may not filter by them (as in GET /v1/customers: 403). Every export is written to the ' +
  'audit log (`customer.export`, with its filters and format) and counts as one look-up against the rate limit. ';
/** The customer list: search (any combination of filters) and the CSV export of the same filters. */
@ApiTags('customers')
@Controller('v1/customers')
export class CustomerSearchController {
  constructor(@Inject(CustomerSearchService) private readonly search: CustomerSearchService) {}

  @Get()
  @Allow({ roles: ALL_STAFF, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'Search customers by any combination of filters, newest first',
    description:
      'Name fragment, phone (last 4 digits or whole), e-mail, tags, gender, age range, birthday month, source, home store, ' +
      'creation range and status, combined with AND; `active` and `blocked` customers unless `status` says otherwise. ' +
      "Ages are counted on today's date in the business's time zone (BUSINESS_TIME_ZONE, Asia/Shanghai unless configured). `q` also finds Chinese names by pinyin (`xiaoh`) and initials (`wxh`). " +
      'Customers belong to the business, not to a store: every staff member searches the whole book. ' +
      'Beauticians, and API keys without `customers:pii`, get masked contact data and may not filter by what the mask hides: ' +
      'phone only by its last 4 digits, no `email`, `ageMin`, `ageMax` or `birthdayMonth` (403 `customer.filter_not_allowed`). ' +
      'Each customer an API key with `customers:pii` reads is written to the audit log (`customer.read_pii`). ' +
      'Look-ups are limited per user or API key (CUSTOMER_LOOKUP_RATE_LIMIT per CUSTOMER_LOOKUP_RATE_WINDOW, shared with the export ' +
      'and segment member pages): 429 with Retry-After beyond it.',
  })
  @ApiPageResponse(CustomerResponseDto, 'One page of matching customers, newest first')
  @FilterNotAllowed()
  @RateLimited()
  list(@CurrentActor() actor: Actor, @Query() query: CustomerSearchQueryDto): Promise<Page<CustomerResponseDto>> {
    return this.search.search(actor, query, query);
  }

  @Get('export.csv')
  @Allow({ roles: MANAGERS, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'Download the matching customers as CSV (owners, managers, API keys), streamed',
    description:
      EXPORT_DESCRIPTION +
      'UTF-8 with a byte-order mark (Excel), RFC 4180 quoting; cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return are ' +
      "prefixed with `'` so no spreadsheet runs them, except phone numbers in E.164 form (`+8613812345678`), which are not formulas. " +
      'Excel shows such a phone as a number: for phones as text, download GET /v1/customers/export.xlsx.',
  })
  @FilterNotAllowed()
  @RateLimited()
  @ApiProduces(CSV_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The CSV file (`Content-Disposition: attachment; filename="customers-YYYYMMDD.csv"`)',
    content: { [CSV_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' }, example: CSV_EXAMPLE } },
  })
  async export(@CurrentActor() actor: Actor, @Query() query: CustomerCriteriaDto): Promise<StreamableFile> {
    const { fileName, stream } = await this.search.export(actor, query, 'csv');
    return new StreamableFile(stream, { type: CSV_CONTENT_TYPE, disposition: `attachment; filename="${fileName}"` });
  }

  @Get('export.xlsx')
  @Allow({ roles: MANAGERS, scopes: READ_SCOPES })
  @ApiOperation({
    summary: 'Download the matching customers as an Excel workbook (.xlsx; owners, managers, API keys), streamed',
    description:
      EXPORT_DESCRIPTION +
      'One sheet, `Customers`, header row frozen. Phones, ids, birthdays and every other text are text cells (never numbers, never ' +
      'formulas); `visitCount` and `totalSpend` are numbers. The file reads back through POST /v1/customer-imports.',
  })
  @FilterNotAllowed()
  @RateLimited()
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOkResponse({
    description: 'The workbook (`Content-Disposition: attachment; filename="customers-YYYYMMDD.xlsx"`)',
    content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } },
  })
  async exportXlsx(@CurrentActor() actor: Actor, @Query() query: CustomerCriteriaDto): Promise<StreamableFile> {
    const { fileName, stream } = await this.search.export(actor, query, 'xlsx');
    return new StreamableFile(stream, { type: XLSX_CONTENT_TYPE, disposition: `attachment; filename="${fileName}"` });
  }
}
