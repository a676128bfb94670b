import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { columnList } from '../../../common/database/index.js';
import { PageQueryDto } from '../../../common/http/pagination.js';
import { Trim } from '../../../common/validation/index.js';
import type { CustomerImport } from '../imports/customer-import.entity.js';

export const ON_DUPLICATE = ['skip', 'update'] as const;
export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
/** How many row errors GET /v1/customer-imports/{id} shows inline; the rest are at …/errors. */
export const INLINE_ERRORS = 100;

/** The query of POST /v1/customer-imports (the body is the CSV file itself). */
export class CreateCustomerImportQueryDto {
  /**
   * What a row whose phone is already a customer's does: `skip` leaves the customer as it is
   * (counted as skipped); `update` writes the row's non-empty cells over the customer's fields
   * (tags replaced, consents changed only where they differ; empty cells change nothing). `skip`
   * when left out.
   */
  @ApiPropertyOptional({ enum: ON_DUPLICATE, default: 'skip' })
  @IsOptional()
  @IsIn(ON_DUPLICATE)
  onDuplicate?: (typeof ON_DUPLICATE)[number];

  /** The file's name, shown in the list of imports. */
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 255)
  fileName?: string;
}

export class CustomerImportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_STATUSES })
  @IsOptional()
  @IsIn(IMPORT_STATUSES)
  status?: (typeof IMPORT_STATUSES)[number];
}

/** `?limit=&cursor=` of an import's error report, in row order. */
export class CustomerImportErrorsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100, description: 'How many errors to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's `nextCursor`" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** One bad row: it was not imported (nothing of it was written). */
export class CustomerImportErrorResponseDto {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  @ApiProperty({ example: 7 })
  rowNumber!: number;

  /** The column at fault (`name`, `phone`, `email`, `gender`, `birthday`, `source`, `tags`, `notes`, `home_store_id`, `sms_consent`, `email_consent`, `wechat_consent`); null when it is the row as a whole. */
  @ApiProperty({ type: String, nullable: true, example: 'phone' })
  field!: string | null;

  @ApiProperty({ example: 'must be a valid phone number (China by default; others with their + country code)' })
  message!: string;
}

export class CustomerImportCountsDto {
  /** New customers. */
  @ApiProperty({ example: 9_812 })
  created!: number;
  /** Existing customers changed by their row (`onDuplicate=update`). */
  @ApiProperty({ example: 0 })
  updated!: number;
  /** Rows whose phone was already a customer's and that changed nothing (`skip`, or `update` with nothing new). */
  @ApiProperty({ example: 150 })
  skipped!: number;
  /** Rows refused, each listed in the error report. */
  @ApiProperty({ example: 38 })
  errors!: number;
}

export class CustomerImportSummaryDto {
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-8a4e-4f0a-9b1c-2d3e4f5a6b7c' })
  id!: string;

  /** `queued` (waiting for a worker), `running`, `completed`, or `failed` (see `failure`; rows before `processedRows` stay imported). */
  @ApiProperty({ enum: IMPORT_STATUSES, example: 'running' })
  status!: (typeof IMPORT_STATUSES)[number];

  @ApiProperty({ enum: ON_DUPLICATE, example: 'skip' })
  onDuplicate!: (typeof ON_DUPLICATE)[number];

  @ApiProperty({ type: String, nullable: true, example: '老客户名单-2026.csv' })
  fileName!: string | null;

  /** Customer rows in the file (header and blank rows not counted). */
  @ApiProperty({ example: 10_000 })
  totalRows!: number;

  /** Rows dealt with so far (created, updated, skipped or refused). */
  @ApiProperty({ example: 4_500 })
  processedRows!: number;

  /** `processedRows / totalRows`, 0 to 1. */
  @ApiProperty({ example: 0.45, minimum: 0, maximum: 1 })
  progress!: number;

  @ApiProperty({ type: CustomerImportCountsDto })
  counts!: CustomerImportCountsDto;

  /** Header columns the import does not know, as the file spells them; their cells were not read. */
  @ApiProperty({ type: [String], example: ['会员等级', '积分'] })
  ignoredColumns!: string[];

  /** Why the import stopped, when `failed`. */
  @ApiProperty({ type: String, nullable: true, example: null })
  failure!: string | null;

  /** The staff user or API key that uploaded the file. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '0e5b3c1a-7d2f-4b8e-9c6a-1f2e3d4c5b6a' })
  createdById!: string | null;

  @ApiProperty({ example: '2026-11-22T02:15:00.000Z' })
  createdAt!: Date;

  @ApiProperty({ type: Date, nullable: true, example: '2026-11-22T02:15:00.250Z' })
  startedAt!: Date | null;

  @ApiProperty({ type: Date, nullable: true, example: null })
  finishedAt!: Date | null;
}

export class CustomerImportResponseDto extends CustomerImportSummaryDto {
  /** The first 100 bad rows, in row order; all of them at GET /v1/customer-imports/{id}/errors. */
  @ApiProperty({ type: [CustomerImportErrorResponseDto] })
  errors!: CustomerImportErrorResponseDto[];

  /** Whether the report has more errors than listed here. */
  @ApiProperty({ example: false })
  moreErrors!: boolean;
}

/** The fields of an import row the responses need (the CSV `content` is never read back). */
export type CustomerImportRow = Omit<CustomerImport, 'content'>;

export const IMPORT_COLUMNS = columnList<CustomerImportRow>({
  id: 'id',
  status: 'status',
  onDuplicate: 'on_duplicate',
  fileName: 'file_name',
  totalRows: 'total_rows',
  processedRows: 'processed_rows',
  createdCount: 'created_count',
  updatedCount: 'updated_count',
  skippedCount: 'skipped_count',
  errorCount: 'error_count',
  ignoredColumns: 'ignored_columns',
  failure: 'failure',
  createdById: 'created_by_id',
  createdAt: 'created_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
});

export function toImportSummary(row: CustomerImportRow): CustomerImportSummaryDto {
  return {
    id: row.id,
    status: row.status,
    onDuplicate: row.onDuplicate,
    fileName: row.fileName,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    progress: row.totalRows === 0 ? 0 : Math.min(1, Math.round((row.processedRows / row.totalRows) * 10_000) / 10_000),
    counts: { created: row.createdCount, updated: row.updatedCount, skipped: row.skippedCount, errors: row.errorCount },
    ignoredColumns: row.ignoredColumns,
    failure: row.failure,
    createdById: row.createdById,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
