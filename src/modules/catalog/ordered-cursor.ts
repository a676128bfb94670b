/**
 * Keyset pagination for lists shown in a chosen order (`sort_order`, then id) rather than newest
 * first: the cursor is the last row's pair, opaque to clients.
 */
import { CommonErrors } from '../../common/errors/index.js';
import { isUuid } from '../../common/validation/index.js';

export interface OrderedPosition {
  sortOrder: number;
  id: string;
}

export function encodeOrderedCursor(position: OrderedPosition): string {
  return Buffer.from(JSON.stringify(['o', position.sortOrder, position.id])).toString('base64url');
}

export function decodeOrderedCursor(cursor: string): OrderedPosition {
  try {
    const [tag, sortOrder, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (tag === 'o' && Number.isSafeInteger(sortOrder) && typeof id === 'string' && isUuid(id)) return { sortOrder: sortOrder as number, id: id.toLowerCase() };
  } catch {
    // fall through to the validation problem
  }
  throw CommonErrors.validation([{ field: 'cursor', message: 'is not a cursor this list gave out' }]);
}
