/** Field rules every module's DTOs use: trimming, "optional but not null", UUIDs and LIKE terms. */
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsObject, ValidateIf, ValidateNested } from 'class-validator';

/** Optional, but `null` is not a value: the field may be left out, not cleared. */
export const IsOptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/**
 * A nested DTO. ValidateNested alone walks into any array it meets, so `[]` or `[[]]` passed as the
 * object (and reached the service as `{}`): the value must be an object first.
 */
export const NestedObject = () => applyDecorators(IsObject(), ValidateNested());

/** A list of nested DTOs (`[[]]` is not a list of objects; see NestedObject). */
export const NestedObjects = () => applyDecorators(IsObject({ each: true }), ValidateNested({ each: true }));

/** Surrounding spaces are never meant: `" Bloom "` is stored as `"Bloom"`. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs name nothing: answer 404 without asking PostgreSQL (which would say 22P02). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** `%`, `_` and `\` in a search term are literal characters, not patterns. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
