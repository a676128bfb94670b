/**
 * The calendar feed is an extension point: each kind of event a staff member's phone should show is a
 * source. Scheduling registers shifts and time off; appointments (which depend on scheduling) register
 * theirs at boot, the same way, without scheduling knowing them:
 *
 * ```ts
 * @Injectable()
 * export class AppointmentFeedSource implements CalendarFeedSource, OnModuleInit {
 *   readonly name = 'appointments';
 *   constructor(@Inject(CalendarFeedSources) private readonly sources: CalendarFeedSources, @Inject(Db) private readonly db: Db) {}
 *   onModuleInit() { this.sources.register(this); }
 *   async events({ staffMemberId, from, to }: FeedQuery): Promise<IcsEvent[]> {
 *     … WHERE staff_member_id = $1 AND during && tstzrange($2, $3) → one IcsEvent each, uid `appointment-<id>@bloom`
 *   }
 * }
 * ```
 *
 * Events must be a function of the stored rows and the query (no "now" of their own): the feed's ETag
 * is a hash of them, so a phone that asks again gets a 304 until something changed.
 */
import { Injectable } from '@nestjs/common';
import type { IcsEvent } from './ical.js';

/** The feed shows from FEED_DAYS_BEHIND days ago to FEED_DAYS_AHEAD days ahead. */
export const FEED_DAYS_BEHIND = 30;
export const FEED_DAYS_AHEAD = 120;
const DAY_MS = 86_400_000;

export interface FeedQuery {
  staffMemberId: string;
  /** The window: events that overlap `[from, to)`. */
  from: Date;
  to: Date;
  /** When the feed is made; withdrawn items changed since `from` still appear, as CANCELLED, so phones drop them. */
  now: Date;
}

export interface CalendarFeedSource {
  /** Unique, lower-case (`[a-z_]+`). */
  readonly name: string;
  /** The staff member's events in the window, each with a UID unique across sources. */
  events(query: FeedQuery): Promise<IcsEvent[]>;
}

export function feedWindow(staffMemberId: string, now: Date): FeedQuery {
  return { staffMemberId, now, from: new Date(now.getTime() - FEED_DAYS_BEHIND * DAY_MS), to: new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS) };
}

const SOURCE_NAME = /^[a-z_]+$/;

const startOf = (event: IcsEvent) => (event.start instanceof Date ? event.start.toISOString() : event.start.date);

/** The registry and the gathering. Sources register once, at boot. */
@Injectable()
export class CalendarFeedSources {
  private readonly sources = new Map<string, CalendarFeedSource>();

  register(source: CalendarFeedSource): void {
    if (!SOURCE_NAME.test(source.name)) throw new Error(`calendar feed source name ${JSON.stringify(source.name)} must match ${String(SOURCE_NAME)}`);
    if (this.sources.has(source.name)) throw new Error(`calendar feed source ${source.name} is registered twice`);
    this.sources.set(source.name, source);
  }

  get sourceNames(): string[] {
    return [...this.sources.keys()];
  }

  /** Every source's events, in start order (then UID), so the same rows always make the same feed. */
  async events(query: FeedQuery): Promise<IcsEvent[]> {
    const lists = await Promise.all([...this.sources.values()].map((source) => source.events(query)));
    return lists.flat().sort((a, b) => (startOf(a) < startOf(b) ? -1 : startOf(a) > startOf(b) ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  }
}
