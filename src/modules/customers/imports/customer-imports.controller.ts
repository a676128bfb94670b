import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Allow, CurrentActor, MANAGERS } from '../../../common/auth/index.js';
import { Idempotent } from '../../../common/http/idempotency/index.js';
import { Consumes } from '../../../common/http/request-body.js';
import { ApiPageResponse, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { ApiProblem, locationHeader } from '../../../common/openapi/index.js';
import { WRITE_SCOPES } from '../privacy/customer-access.js';
import { addImportParsers, ImportFile, IMPORT_ROUTE, type ImportUpload } from './customer-csv-upload.js';
import { BIRTHDAY_FORMATS_MESSAGE } from './customer-csv.js';
import { CustomerImportErrors, IMPORT_CONTENT_TYPES } from './customer-imports.errors.js';
import { CustomerImportsService } from './customer-imports.service.js';
import {
  CreateCustomerImportQueryDto,
  CustomerImportErrorResponseDto,
  CustomerImportErrorsQueryDto,
  CustomerImportListQueryDto,
  CustomerImportResponseDto,
  CustomerImportSummaryDto,
} from '../dto/customer-import.dto.js';

const ImportIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The import', example: '6f1d2c3b-8a4e-4f0a-9b1c-2d3e4f5a6b7c' });
const NotFound = () => ApiProblem(404, 'customer_import.not_found', 'No such import');
/** Not the create example's customer: the import runs in the background and would take her phone first. */
const EXAMPLE_CSV = '姓名,手机号,邮箱,性别,生日,标签,sms_consent\n孙丽,137 1234 5678,li.sun@example.com,女,1992-05-12,VIP;烫发,是\n';

@ApiTags('customer-imports')
@Controller('v1/customer-imports')
@Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
export class CustomerImportsController implements OnModuleInit {
  constructor(
    @Inject(CustomerImportsService) private readonly imports: CustomerImportsService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    addImportParsers(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Post()
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Import customers from a CSV file or an Excel workbook (owners, managers, `customers:write` keys)',
    description: [
      'The body is the file itself: `Content-Type: text/csv` for a CSV file, or `Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` ',
      'for an Excel workbook (.xlsx: its first sheet is read, row numbers as Excel shows them); any other content type answers 415 naming these two. ',
      'At most 20 MB and 50,000 rows. A CSV file may be UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or GBK/GB18030 ',
      '(what Excel on Chinese Windows saves as "CSV (Comma delimited)"); its delimiter is a comma, a semicolon or a tab, as its header row shows. ',
      'Columns: `name` and `phone` required; `email`, `gender` (female/male/other/undisclosed, 女/男), `birthday` (1992-05-12, 1992/5/12, 1992.5.12 or 1992年5月12日; in a workbook also a date cell), ',
      '`source`, `tags` (separated by `;` or `|`), `notes`, `home_store_id`, `sms_consent`/`email_consent`/`wechat_consent` (yes/no, 是/否; recorded with method `import`). ',
      'Chinese headers work too (姓名, 手机/手机号, 邮箱, 性别, 生日, 来源, 标签, 备注); other columns are ignored and listed in `ignoredColumns`, so a file from the customers export reads back. ',
      'The file is checked at once (content type, encoding, columns, size); the rows are then validated like POST /v1/customers and written by a background job: ',
      'follow `Location` for progress and the per-row error report. A row is imported whole or reported, never in part. ',
      "Phones are the key: a row whose phone is a customer's is skipped or updates that customer (`onDuplicate`), so importing the same file again creates nothing twice; ",
      'a phone repeated within the file is reported on its later rows.',
    ].join(''),
  })
  @Consumes(...IMPORT_CONTENT_TYPES)
  @ApiBody({
    description: `The file, header row first; as CSV, for example:\n\n\`\`\`\n${EXAMPLE_CSV}\`\`\`\n\nA birthday in another form is reported as: "${BIRTHDAY_FORMATS_MESSAGE}".`,
    schema: { type: 'string', format: 'binary', example: EXAMPLE_CSV },
  })
  @ApiAcceptedResponse({
    type: CustomerImportResponseDto,
    description: 'Accepted and queued; `Location` is the import',
    headers: locationHeader('The import: `/v1/customer-imports/{id}`'),
  })
  @ApiProblem(
    400,
    'customer_import.missing_columns',
    'The header lacks `name` or `phone`; also `customer_import.empty_file`, `customer_import.malformed_csv`, `customer_import.duplicate_columns`, `customer_import.bad_xlsx` (not a readable .xlsx)',
    CustomerImportErrors.missingColumns(['phone'], ['姓名', '邮箱']),
  )
  @ApiProblem(413, 'customer_import.too_many_rows', 'More than 50,000 rows; or (`request.body_too_large`) a file over 20 MB', CustomerImportErrors.tooManyRows(61_250))
  @ApiProblem(
    415,
    'request.unsupported_media_type',
    'The body is neither CSV nor an .xlsx workbook (`accepted` lists the types); or (`customer_import.bad_encoding`) the CSV is not text in UTF-8, UTF-16 or GB18030',
  )
  @ApiProblem(409, 'idempotency.in_flight', 'A request with this Idempotency-Key is still running')
  async create(
    @CurrentActor() actor: Actor,
    @Query() query: CreateCustomerImportQueryDto,
    @ImportFile() file: ImportUpload,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerImportResponseDto> {
    const created = await this.imports.create(actor, query, file);
    void reply.header('location', `${IMPORT_ROUTE}/${created.id}`);
    return created;
  }

  @Get()
  @ApiOperation({ summary: 'List customer imports, newest first' })
  @ApiPageResponse(CustomerImportSummaryDto)
  list(@Query() query: CustomerImportListQueryDto): Promise<Page<CustomerImportSummaryDto>> {
    return this.imports.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An import: status, counts, progress and its first 100 row errors (all of them at …/errors)' })
  @ImportIdParam()
  @ApiOkResponse({ type: CustomerImportResponseDto })
  @NotFound()
  get(@Param('id') id: string): Promise<CustomerImportResponseDto> {
    return this.imports.get(id);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: "An import's error report: every refused row with the column at fault, in row order" })
  @ImportIdParam()
  @ApiPageResponse(CustomerImportErrorResponseDto, 'One page of errors, in row order')
  @NotFound()
  errors(@Param('id') id: string, @Query() query: CustomerImportErrorsQueryDto): Promise<Page<CustomerImportErrorResponseDto>> {
    return this.imports.errors(id, query);
  }
}
