import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Allow, CurrentActor, MANAGERS } from '../../common/auth/index.js';
import { Idempotent } from '../../common/http/idempotency/index.js';
import { ApiPageResponse, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { ApiProblem } from '../../common/openapi/index.js';
import { WRITE_SCOPES } from './customer-access.js';
import { addCsvParser, CsvFile, IMPORT_ROUTE } from './customer-csv-upload.js';
import { CustomerImportErrors } from './customer-imports.errors.js';
import { CustomerImportsService } from './customer-imports.service.js';
import {
  CreateCustomerImportQueryDto,
  CustomerImportErrorResponseDto,
  CustomerImportErrorsQueryDto,
  CustomerImportListQueryDto,
  CustomerImportResponseDto,
  CustomerImportSummaryDto,
} from './dto/customer-import.dto.js';

const ImportIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The import', example: '6f1d2c3b-8a4e-4f0a-9b1c-2d3e4f5a6b7c' });
const NotFound = () => ApiProblem(404, 'customer_import.not_found', 'No such import');
const EXAMPLE_CSV = '姓名,手机号,邮箱,性别,生日,标签,sms_consent\n王小红,138 1234 5678,xiaohong.wang@example.com,女,1992-05-12,VIP;烫发,是\n';

@ApiTags('customer-imports')
@Controller('v1/customer-imports')
@Allow({ roles: MANAGERS, scopes: WRITE_SCOPES })
export class CustomerImportsController implements OnModuleInit {
  constructor(
    @Inject(CustomerImportsService) private readonly imports: CustomerImportsService,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    addCsvParser(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }

  @Post()
  @HttpCode(202)
  @Idempotent()
  @ApiOperation({
    summary: 'Import customers from a CSV file (owners, managers, `customers:write` keys)',
    description: [
      'The body is the file itself (`Content-Type: text/csv`), UTF-8 (Excel: "CSV UTF-8"), at most 20 MB and 50,000 rows. ',
      'Columns: `name` and `phone` required; `email`, `gender` (female/male/other/undisclosed, 女/男), `birthday` (YYYY-MM-DD or 1992/5/12), ',
      '`source`, `tags` (separated by `;` or `|`), `notes`, `home_store_id`, `sms_consent`/`email_consent`/`wechat_consent` (yes/no, 是/否; recorded with method `import`). ',
      'Chinese headers work too (姓名, 手机/手机号, 邮箱, 性别, 生日, 来源, 标签, 备注); other columns are ignored and listed in `ignoredColumns`. ',
      'The file is checked at once (encoding, columns, size); the rows are then validated like POST /v1/customers and written by a background job: ',
      'follow `Location` for progress and the per-row error report. A row is imported whole or reported, never in part. ',
      'Phones are the key: a row whose phone is a customer\'s is skipped or updates that customer (`onDuplicate`), so importing the same file again creates nothing twice; ',
      'a phone repeated within the file is reported on its later rows.',
    ].join(''),
  })
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'The CSV file, header row first', schema: { type: 'string', example: EXAMPLE_CSV } })
  @ApiAcceptedResponse({ type: CustomerImportResponseDto, description: 'Accepted and queued; `Location` is the import' })
  @ApiProblem(400, 'customer_import.missing_columns', 'The header lacks `name` or `phone`; also `customer_import.empty_file`, `customer_import.malformed_csv`, `customer_import.duplicate_columns`', CustomerImportErrors.missingColumns(['phone'], ['姓名', '邮箱']))
  @ApiProblem(413, 'customer_import.too_many_rows', 'More than 50,000 rows; or (`request.body_too_large`) a file over 20 MB', CustomerImportErrors.tooManyRows(61_250))
  @ApiProblem(415, 'customer_import.bad_encoding', 'The file is not UTF-8 (save it as "CSV UTF-8"); or (`request.unsupported_media_type`) the body is not text/csv')
  @ApiProblem(409, 'idempotency.in_flight', 'A request with this Idempotency-Key is still running')
  async create(
    @CurrentActor() actor: Actor,
    @Query() query: CreateCustomerImportQueryDto,
    @CsvFile() file: Buffer,
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
