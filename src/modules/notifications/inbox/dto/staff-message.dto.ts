import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '../../../../common/http/pagination.js';
import type { StaffMessage } from '../staff-message.entity.js';

const EXAMPLE_ID = '3f9d2c1a-6b7e-4d8f-9a0b-1c2d3e4f5a6b';

export class StaffMessageListQueryDto extends PageQueryDto {
  /** `true`: only the messages you have not read yet. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  // A query string is text: `true`/`false` become booleans, anything else stays for @IsBoolean to refuse.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

/** One in-app message: the list's item, and the `data` of a stream's `notification` event. */
export class StaffMessageResponseDto {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID })
  id!: string;
  /** What happened, as a notification key. */
  @ApiProperty({ example: 'customer_import.finished' })
  key!: string;
  @ApiProperty({ example: 'staff' })
  category!: string;
  @ApiProperty({ example: '客户导入完成' })
  title!: string;
  @ApiProperty({ example: '导入了 1,204 位客户，3 行有错误。' })
  body!: string;
  /** Where the message takes its reader, when somewhere. */
  @ApiProperty({ type: String, nullable: true, example: '/v1/customer-imports/5b0c8a4e-1d2f-4c3b-8e9a-7f6d5c4b3a21' })
  link!: string | null;
  /** The store it is about, when one. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null })
  storeId!: string | null;
  @ApiProperty({ example: '2026-11-22T02:00:00.000Z' })
  createdAt!: Date;
  /** When you marked it read; null while unread. */
  @ApiProperty({ type: Date, nullable: true, example: null })
  readAt!: Date | null;
}

export class StaffMessagePageDto {
  @ApiProperty({ type: [StaffMessageResponseDto] })
  data!: StaffMessageResponseDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor!: string | null;
  /** How many of your messages are unread, whatever the page and filter. */
  @ApiProperty({ example: 3 })
  unreadCount!: number;
}

export class MarkAllReadResponseDto {
  /** How many messages this call marked read (0 when all were read already). */
  @ApiProperty({ example: 3 })
  marked!: number;
}

export class StreamTicketResponseDto {
  /** Single use: pass it as `ticket` to GET /v1/me/notifications/stream within `expiresAt`. */
  @ApiProperty({ example: 'BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY' })
  ticket!: string;
  @ApiProperty({ example: '2026-11-22T02:01:00.000Z' })
  expiresAt!: Date;
  /** The stream's path with the ticket, ready for `new EventSource(url)` (add `&lastEventId=` to resume). */
  @ApiProperty({ example: '/v1/me/notifications/stream?ticket=BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY' })
  url!: string;
}

/** A ticket is 32 random bytes in base64url. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export class StreamQueryDto {
  /** The single-use ticket from POST /v1/me/notifications/stream-tickets (a browser's EventSource cannot send an Authorization header). */
  @ApiProperty({ example: 'BwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSY' })
  @IsString()
  @Matches(TICKET_PATTERN, { message: 'must be a ticket from POST /v1/me/notifications/stream-tickets' })
  ticket!: string;

  /**
   * The id of the last message you received: the stream first sends the ones after it, in order. The
   * `Last-Event-ID` header (sent by EventSource when it reconnects) does the same; this is for a new
   * EventSource, which cannot send it.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a message (UUID)' })
  lastEventId?: string;
}

export function toStaffMessageResponse(row: StaffMessage): StaffMessageResponseDto {
  return {
    id: row.id,
    key: row.key,
    category: row.category,
    title: row.title,
    body: row.body,
    link: row.link,
    storeId: row.storeId,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}
