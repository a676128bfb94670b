import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { cursorCodec, cursorParts } from './cursor.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list. Extend it with the list's filters. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'How many items to return' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's `nextCursor`" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** Lists are keyset-paginated on (created_at, id), newest first. The cursor is the last row's pair. */
interface CursorPosition {
  createdAt: string;
  id: string;
}

const NEWEST_FIRST = cursorCodec<CursorPosition>('created', { createdAt: cursorParts.instantText, id: cursorParts.uuid });

export function encodeCursor(position: CursorPosition): string {
  return NEWEST_FIRST.encode(position);
}

/** The position, or 400 naming `cursor` (see cursor.ts). */
export function decodeCursor(cursor: string): CursorPosition {
  return NEWEST_FIRST.decode(cursor);
}

/**
 * Applies keyset pagination to a query builder whose entity has `createdAt` and `id`.
 * `created_at` columns are `timestamptz(3)`, so a JavaScript Date holds them exactly and the
 * cursor round-trips without skipping or repeating rows.
 */
export async function paginate<E extends ObjectLiteral & { createdAt: Date; id: string }>(query: SelectQueryBuilder<E>, page: PageQueryDto): Promise<Page<E>> {
  const alias = query.alias;
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (page.cursor) {
    const position = decodeCursor(page.cursor);
    query.andWhere(`(${alias}.createdAt, ${alias}.id) < (:cursorCreatedAt, :cursorId)`, {
      cursorCreatedAt: position.createdAt,
      cursorId: position.id,
    });
  }
  const rows = await query
    .orderBy(`${alias}.createdAt`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(limit + 1)
    .getMany();
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return {
    data,
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
  };
}

/** Maps the items of a page (entity → response DTO). */
export function mapPage<T, R>(page: Page<T>, map: (item: T) => R): Page<R> {
  return { data: page.data.map(map), nextCursor: page.nextCursor };
}

/** Documents `{ data: Item[], nextCursor }` for a list route. */
export function ApiPageResponse(item: ClassType<unknown>, description = 'One page of results, newest first') {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'nextCursor'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(item) } },
          nextCursor: { type: 'string', nullable: true, description: 'Cursor of the next page; null on the last page' },
        },
      },
    }),
  );
}
