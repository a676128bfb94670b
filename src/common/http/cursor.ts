/**
 * The one codec of list cursors: a cursor is the position of a page's last row, opaque to clients
 * (base64url of `[list, ...values]`). Each value is checked on the way back in, so a cursor that was
 * tampered with, cut short or taken from another list answers 400 naming `cursor`, and never reaches
 * PostgreSQL as a value it refuses (a 500).
 *
 *     const ORDERED = cursorCodec('ordered', { sortOrder: cursorParts.int(), id: cursorParts.uuid });
 *     ORDERED.encode({ sortOrder: 3, id }); ORDERED.decode(query.cursor);
 */
import { CommonErrors } from '../errors/domain-error.js';

/** How one value of a position is written into a cursor and checked when read back (undefined: refused). */
export interface CursorPart<T> {
  encode(value: T): string | number;
  decode(raw: unknown): T | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoInstant(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const time = new Date(raw);
  // Exactly what encode wrote (an ISO instant in UTC): anything looser would reach SQL as something else.
  return !Number.isNaN(time.getTime()) && time.toISOString() === raw ? raw : undefined;
}

export const cursorParts = {
  /** An instant, as a Date (timestamptz(3) columns: milliseconds round-trip exactly). */
  instant: {
    encode: (value: Date) => value.toISOString(),
    decode: (raw) => (isoInstant(raw) === undefined ? undefined : new Date(raw as string)),
  } satisfies CursorPart<Date>,
  /** An instant kept as its ISO text (for SQL parameters). */
  instantText: {
    encode: (value: string) => value,
    decode: isoInstant,
  } satisfies CursorPart<string>,
  /** A UUID, lower-cased. */
  uuid: {
    encode: (value: string) => value.toLowerCase(),
    decode: (raw) => (typeof raw === 'string' && UUID.test(raw) ? raw.toLowerCase() : undefined),
  } satisfies CursorPart<string>,
  /** A calendar date `YYYY-MM-DD` that exists. */
  date: {
    encode: (value: string) => value,
    decode: (raw) => {
      if (typeof raw !== 'string' || !PLAIN_DATE.test(raw)) return undefined;
      const day = new Date(`${raw}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(raw) ? raw : undefined;
    },
  } satisfies CursorPart<string>,
  /** An integer in [min, max] (PostgreSQL `int` by default). */
  int: (min = -(2 ** 31), max = 2 ** 31 - 1): CursorPart<number> => ({
    encode: (value) => value,
    decode: (raw) => (Number.isSafeInteger(raw) && (raw as number) >= min && (raw as number) <= max ? (raw as number) : undefined),
  }),
  /** Text matching `pattern` (anchor it), e.g. a bigint id as digits. */
  text: (pattern: RegExp): CursorPart<string> => ({
    encode: (value) => value,
    decode: (raw) => (typeof raw === 'string' && pattern.test(raw) ? raw : undefined),
  }),
};

export interface CursorCodec<P> {
  encode(position: P): string;
  /** The position, or 400 `request.validation_failed` naming `cursor`. */
  decode(cursor: string): P;
}

/** A codec for one list's positions; `list` tags its cursors so another list's are refused. */
export function cursorCodec<P extends object>(list: string, parts: { [K in keyof P]: CursorPart<P[K]> }): CursorCodec<P> {
  const keys = Object.keys(parts) as Array<keyof P & string>;
  const refused = () => CommonErrors.validation([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
  return {
    encode(position) {
      return Buffer.from(JSON.stringify([list, ...keys.map((key) => parts[key].encode(position[key]))])).toString('base64url');
    },
    decode(cursor) {
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        throw refused();
      }
      if (!Array.isArray(raw) || raw.length !== keys.length + 1 || raw[0] !== list) throw refused();
      const position: Partial<P> = {};
      for (const [i, key] of keys.entries()) {
        const value = parts[key].decode(raw[i + 1]);
        if (value === undefined) throw refused();
        position[key] = value;
      }
      return position as P;
    },
  };
}
