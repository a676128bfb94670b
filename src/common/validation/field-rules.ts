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

/** Spaces (ASCII, no-break, the ideographic space of Chinese input methods): not tabs, line breaks nor other controls. */
const SURROUNDING_SPACES = /^\p{Zs}+|\p{Zs}+$/gu;

/**
 * Surrounding spaces are never meant: `" Bloom "` is stored as `"Bloom"`. Only spaces go: String.trim()
 * also removed tabs, line breaks and vertical tabs, so `"VIP\v"` passed the text rules (which run after
 * the transforms) as `"VIP"` instead of being refused as a control character.
 */
export function trimSpaces(value: string): string {
  return value.replace(SURROUNDING_SPACES, '');
}

/** A `@Transform` that trims surrounding spaces from a string (see trimSpaces). */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? trimSpaces(value) : value));

/**
 * A repeatable query parameter (`?tag=VIP&tag=新客`) arrives as a string once and an array twice: always an
 * array, each item trimmed, repeats dropped.
 */
export const AsList = () =>
  Transform(({ value }: { value: unknown }) => {
    const list = typeof value === 'string' ? [value] : value;
    return Array.isArray(list) ? [...new Set(list.map((item: unknown) => (typeof item === 'string' ? trimSpaces(item) : item)))] : list;
  });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that are not UUIDs name nothing: answer 404 without asking PostgreSQL (which would say 22P02). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** `%`, `_` and `\` in a search term are literal characters, not patterns. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
