/**
 * The customer timeline: an extension point each module contributes to. The customers module
 * registers its own sources (profile changes, consents, notes); modules that depend on customers
 * (appointments, orders, after-sales, messages) register theirs at boot:
 *
 * ```ts
 * @Injectable()
 * export class OrderTimelineSource implements CustomerTimelineSource, OnModuleInit {
 *   readonly name = 'orders';
 *   constructor(@Inject(CustomerTimeline) private readonly timeline: CustomerTimeline, @Inject(Db) private readonly db: Db) {}
 *   onModuleInit() { this.timeline.register(this); }
 *   async entries({ customerIds, before, limit }: TimelineQuery): Promise<TimelineEntry[]> {
 *     const bound = uuidBound(this.name, before); // rows strictly older than the cursor, in (at, id) order
 *     … WHERE customer_id = ANY($1) AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4
 *   }
 * }
 * ```
 *
 * Order is total: newest `at` first, then `key` (`<source>:<id>`) descending. A page asks every
 * source for at most limit + 1 entries strictly after the cursor in that order, merges them and keeps
 * `limit`; the cursor is the last entry's (at, key), opaque to the client. Times are compared to the
 * millisecond: sources whose column holds microseconds truncate it (`date_trunc('milliseconds', …)`).
 */
import { Injectable } from '@nestjs/common';
import type { JsonObject } from '../../../common/events/index.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import type { AuditActorType } from '../../../common/audit/index.js';

/** A position in the timeline: entries strictly after it (older, or same instant and smaller key) come next. */
export interface TimelinePosition {
  at: Date;
  /** `<source>:<id>` of the entry the previous page ended with. */
  key: string;
}

export interface TimelineActor {
  /** Null when the source does not know (a note records its author, not whether it was a person or a key). */
  type: AuditActorType | null;
  id: string | null;
  name: string | null;
}

export interface TimelineEntry {
  /** The contributing source (`profile`, `consents`, `notes`, later `appointments`, `orders`…). */
  source: string;
  /** Unique within the source (a row id). */
  id: string;
  at: Date;
  /** What happened, `<thing>.<verb>`: `profile.updated`, `consent.withdrawn`, `note.added`, `order.paid`. */
  type: string;
  /** One line for a person. */
  summary: string;
  actor: TimelineActor | null;
  /**
   * The customer record the entry was recorded on, when it may be one merged into this customer
   * (an entry of a duplicate, or a row a merge moved): the timeline marks those as coming from it.
   */
  recordId?: string;
  /** Details of the entry; never personal values the caller may not see (see `TimelineQuery.privacy`). */
  data: JsonObject;
}

export interface TimelineQuery {
  /** The customer and the records merged into it: their history is the customer's history. */
  customerIds: string[];
  /** Entries strictly after this position; null for the newest. */
  before: TimelinePosition | null;
  /** At most this many entries, newest first. */
  limit: number;
  /** What the caller may see of personal data: a source leaves out what it must not show. */
  privacy: CustomerPrivacy;
}

export interface CustomerTimelineSource {
  /** Unique, lower-case (`[a-z_]+`): the first part of every entry's key. */
  readonly name: string;
  /** Entries of these customers strictly after `before`, newest first, at most `limit`. */
  entries(query: TimelineQuery): Promise<TimelineEntry[]>;
}

export interface TimelinePage {
  data: TimelineEntry[];
  nextCursor: string | null;
}

const SOURCE_NAME = /^[a-z_]+$/;

export const keyOf = (entry: Pick<TimelineEntry, 'source' | 'id'>) => `${entry.source}:${entry.id}`;

/** Newest first; ties broken by key (plain code-unit order, as `COLLATE "C"` in SQL). */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const byTime = b.at.getTime() - a.at.getTime();
  if (byTime !== 0) return byTime;
  const ka = keyOf(a);
  const kb = keyOf(b);
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

/** The timeline's position: the last entry's time and `source:id` key. */
const TIMELINE = cursorCodec<TimelinePosition>('timeline', { at: cursorParts.instant, key: cursorParts.text(/^[a-z_]+:[^\s]{1,100}$/) });

export function encodeTimelineCursor(position: TimelinePosition): string {
  return TIMELINE.encode(position);
}

export function decodeTimelineCursor(cursor: string): TimelinePosition {
  return TIMELINE.decode(cursor);
}

const MIN_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * For a source whose ids are UUIDs: the `(at, id)` bound such that its rows with
 * `(at, id) < (bound.at, bound.id)` are exactly those after `before` in the timeline's order.
 * Null when there is no bound (the first page).
 */
export function uuidBound(source: string, before: TimelinePosition | null): { at: Date; id: string } | null {
  if (!before) return null;
  const prefix = `${source}:`;
  if (before.key.startsWith(prefix)) return { at: before.at, id: before.key.slice(prefix.length) };
  // The cursor is another source's entry: at the same instant, this source's keys all sort after it
  // (none is left to show) or all before it (all are).
  return { at: before.at, id: before.key > prefix ? MAX_UUID : MIN_UUID };
}

/** The registry and the merge. Sources register once, at boot. */
@Injectable()
export class CustomerTimeline {
  private readonly sources = new Map<string, CustomerTimelineSource>();

  register(source: CustomerTimelineSource): void {
    if (!SOURCE_NAME.test(source.name)) throw new Error(`customer timeline source name ${JSON.stringify(source.name)} must match ${String(SOURCE_NAME)}`);
    if (this.sources.has(source.name)) throw new Error(`customer timeline source ${source.name} is registered twice`);
    this.sources.set(source.name, source);
  }

  get sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  /** One page of the merged timeline, newest first. */
  async page(customerIds: string[], privacy: CustomerPrivacy, limit: number, cursor?: string): Promise<TimelinePage> {
    const before = cursor ? decodeTimelineCursor(cursor) : null;
    const query: TimelineQuery = { customerIds, before, limit: limit + 1, privacy };
    const lists = await Promise.all([...this.sources.values()].map((source) => source.entries(query)));
    // A source that answers more than it was asked for (or too old a page) cannot repeat entries.
    const merged = lists
      .flat()
      .filter((entry) => !before || entry.at.getTime() < before.at.getTime() || (entry.at.getTime() === before.at.getTime() && keyOf(entry) < before.key))
      .sort(compareEntries);
    const data = merged.slice(0, limit);
    const last = data[data.length - 1];
    return { data, nextCursor: merged.length > limit && last ? encodeTimelineCursor({ at: last.at, key: keyOf(last) }) : null };
  }
}
