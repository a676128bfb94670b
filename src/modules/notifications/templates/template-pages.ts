/**
 * Pages of the template list and the key catalog. Both are computed from the key definitions in
 * code (plus the edits), not from one table, so they page in memory over a stable order with the
 * common cursor codec: the cursor is the last item's position.
 */
import { cursorCodec, cursorParts, type CursorCodec } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_LOCALES } from '../notification-contracts.js';

export interface TemplatePosition {
  key: string;
  channel: string;
  locale: string;
}

const KEY = cursorParts.text(/^[a-z][a-z0-9_.]{0,99}$/);
export const TEMPLATE_PAGES = cursorCodec<TemplatePosition>('notification_templates', {
  key: KEY,
  channel: cursorParts.text(new RegExp(`^(${NOTIFICATION_CHANNELS.join('|')})$`)),
  locale: cursorParts.text(new RegExp(`^(${NOTIFICATION_LOCALES.join('|')})$`)),
});
export const KEY_PAGES = cursorCodec<{ key: string }>('notification_keys', { key: KEY });

export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** By key name. */
export function keyOrder(a: { key: string }, b: { key: string }): number {
  return byCodePoint(a.key, b.key);
}

/** By key, then channel and locale in their declared order (e-mail first, zh-CN first). */
export function templateOrder(a: TemplatePosition, b: TemplatePosition): number {
  return (
    byCodePoint(a.key, b.key) ||
    NOTIFICATION_CHANNELS.indexOf(a.channel as never) - NOTIFICATION_CHANNELS.indexOf(b.channel as never) ||
    NOTIFICATION_LOCALES.indexOf(a.locale as never) - NOTIFICATION_LOCALES.indexOf(b.locale as never)
  );
}

/** One page of `items` (already in order), after the cursor's position. */
export function pageOf<T, P extends object>(
  items: T[],
  query: { limit?: number; cursor?: string },
  order: { codec: CursorCodec<P>; positionOf: (item: T) => P; compare: (a: P, b: P) => number },
): Page<T> {
  const { codec, positionOf, compare } = order;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (query.cursor) {
    const after = codec.decode(query.cursor);
    start = items.findIndex((item) => compare(positionOf(item), after) > 0);
    if (start < 0) start = items.length;
  }
  const data = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { data, nextCursor: more ? codec.encode(positionOf(data[data.length - 1])) : null };
}
