import fc from 'fast-check';
import { DomainError } from '../errors/domain-error.js';
import { cursorCodec, cursorParts } from './cursor.js';
import { decodeCursor, encodeCursor } from './pagination.js';

const CREATED = cursorCodec<{ at: Date; id: string }>('created_test', { at: cursorParts.instant, id: cursorParts.uuid });
const ORDERED = cursorCodec<{ sortOrder: number; id: string }>('ordered_test', { sortOrder: cursorParts.int(), id: cursorParts.uuid });
const DATED = cursorCodec<{ date: string }>('dated_test', { date: cursorParts.date });
const ROWS = cursorCodec<{ rowNumber: number; id: string }>('rows_test', { rowNumber: cursorParts.int(1), id: cursorParts.text(/^\d{1,18}$/) });

const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const plainDate = instant.map((d) => d.toISOString().slice(0, 10));

/** Decoding answers the position or the 400 naming `cursor`; nothing else (no TypeError, no 500). */
function decodeOrRefusal<P>(decode: () => P): P | 'refused' {
  try {
    return decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ status: 400, code: 'request.validation_failed', options: { errors: [{ field: 'cursor' }] } });
    return 'refused';
  }
}

describe('list cursors', () => {
  it('round-trip every position of every shape', () => {
    fc.assert(fc.property(instant, fc.uuid(), (at, id) => expect(CREATED.decode(CREATED.encode({ at, id }))).toEqual({ at, id })));
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.uuid(), (sortOrder, id) =>
        expect(ORDERED.decode(ORDERED.encode({ sortOrder, id }))).toEqual({ sortOrder, id }),
      ),
    );
    fc.assert(fc.property(plainDate, (date) => expect(DATED.decode(DATED.encode({ date }))).toEqual({ date })));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), (rowNumber, id) =>
        expect(ROWS.decode(ROWS.encode({ rowNumber, id: String(id) }))).toEqual({ rowNumber, id: String(id) }),
      ),
    );
    fc.assert(
      fc.property(instant, fc.uuid(), (at, id) => {
        const position = { createdAt: at.toISOString(), id };
        expect(decodeCursor(encodeCursor(position))).toEqual(position);
      }),
    );
  });

  it('are opaque: URL-safe, and upper-case UUIDs come back lower-case', () => {
    const id = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
    const cursor = ORDERED.encode({ sortOrder: 1, id });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(ORDERED.decode(cursor).id).toBe(id.toLowerCase());
  });

  it('answer 400 naming cursor for any garbage, never another error', () => {
    for (const codec of [CREATED, ORDERED, DATED, ROWS]) {
      fc.assert(fc.property(fc.string(), (text) => void decodeOrRefusal(() => codec.decode(text))));
      fc.assert(fc.property(fc.json(), (json) => void decodeOrRefusal(() => codec.decode(Buffer.from(json).toString('base64url')))));
    }
  });

  it('refuse a cursor with a value changed, cut short or lengthened, or from another list', () => {
    const id = '0e6a3b0c-1d2e-4f50-8a6b-7c8d9e0f1a2b';
    const wrap = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const refused = [
      wrap(['created_test', '2026-01-01T00:00:00Z', id]), // not the exact ISO form it wrote
      wrap(['created_test', '2026-01-01T00:00:00.000Z', `${id}'`]),
      wrap(['created_test', '2026-01-01T00:00:00.000Z']),
      wrap(['created_test', '2026-01-01T00:00:00.000Z', id, 'x']),
      wrap(['other_list', '2026-01-01T00:00:00.000Z', id]),
      wrap({ at: '2026-01-01T00:00:00.000Z', id }),
      wrap(null),
      '',
      '%%%',
    ];
    for (const cursor of refused) expect(decodeOrRefusal(() => CREATED.decode(cursor))).toBe('refused');
    expect(decodeOrRefusal(() => ORDERED.decode(wrap(['ordered_test', 1.5, id])))).toBe('refused');
    expect(decodeOrRefusal(() => ORDERED.decode(wrap(['ordered_test', 2 ** 31, id])))).toBe('refused');
    expect(decodeOrRefusal(() => DATED.decode(wrap(['dated_test', '2026-02-30'])))).toBe('refused');
    expect(decodeOrRefusal(() => ROWS.decode(wrap(['rows_test', 0, '1'])))).toBe('refused');
    expect(decodeOrRefusal(() => ROWS.decode(wrap(['rows_test', 1, '1; DROP TABLE x'])))).toBe('refused');
  });

  it('a tampered cursor decodes to a valid position or is refused', () => {
    fc.assert(
      fc.property(instant, fc.uuid(), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), (at, id, index, char) => {
        const cursor = CREATED.encode({ at, id });
        const i = index % cursor.length;
        const result = decodeOrRefusal(() => CREATED.decode(`${cursor.slice(0, i)}${char}${cursor.slice(i + 1)}`));
        if (result !== 'refused') {
          expect(result.at.toISOString()).toMatch(/^\d{4}-\d{2}-\d{2}T/);
          expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
        }
      }),
    );
  });
});
