import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { StoresService } from '../../stores/index.js';
import { CalendarFeedSources, type CalendarFeedSource, type FeedQuery } from './calendar-feed-sources.js';
import type { IcsEvent } from './ical.js';

type StoreSummary = Awaited<ReturnType<StoresService['describeStores']>>[number];
type StoreAddress = StoreSummary['address'];
/** A shift as the feed reads it. */
export interface FeedShift {
  id: string;
  storeId: string;
  start: Date;
  end: Date;
  /** `[start, end]` of each break, in order. */
  breaks: Array<[string, string]>;
  status: 'scheduled' | 'cancelled';
  note: string | null;
  cancelReason: string | null;
  version: number;
  updatedAt: Date;
}

/** The address on one line, street first: `南京西路 1266 号, 静安区, 上海市 200040 CN`, `12 High St, London SW1A 1AA GB`. */
export function oneLineAddress(address: StoreAddress | null | undefined): string | null {
  if (!address) return null;
  const parts = [address.line1, address.line2, address.district, address.city, address.province !== address.city ? address.province : null];
  const text = parts.filter((part): part is string => Boolean(part?.trim())).join(', ');
  return [text, address.postalCode, address.country].filter(Boolean).join(' ').trim() || null;
}

const hhmm = (instant: string | Date, timeZone: string) => formatInstant(new Date(instant).getTime(), timeZone).slice(11, 16);

/** The event a shift is on the staff member's phone: busy time, at the store, with its breaks in local time. */
export function shiftEvent(shift: FeedShift, store: StoreSummary | undefined): IcsEvent {
  const timeZone = store?.timeZone ?? 'UTC';
  const lines: string[] = [];
  if (shift.status === 'cancelled') lines.push(`Cancelled${shift.cancelReason ? `: ${shift.cancelReason}` : ''}`);
  lines.push(shift.breaks.length ? `Breaks: ${shift.breaks.map(([from, to]) => `${hhmm(from, timeZone)}–${hhmm(to, timeZone)}`).join(', ')}` : 'No breaks planned');
  if (shift.note) lines.push(`Note: ${shift.note}`);
  return {
    uid: `shift-${shift.id}@bloom`,
    start: shift.start,
    end: shift.end,
    summary: `Shift · ${store?.name ?? 'store'}`,
    location: oneLineAddress(store?.address),
    description: lines.join('\n'),
    status: shift.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    transparency: 'OPAQUE',
    sequence: shift.version,
    lastModified: shift.updatedAt,
    categories: ['Shift'],
  };
}

/** Shifts of the window, cancelled ones included (as CANCELLED, so a phone that had them removes them). */
@Injectable()
export class ShiftFeedSource implements CalendarFeedSource, OnModuleInit {
  readonly name = 'shifts';

  constructor(
    @Inject(CalendarFeedSources) private readonly sources: CalendarFeedSources,
    @Inject(Db) private readonly db: Db,
    @Inject(StoresService) private readonly stores: StoresService,
  ) {}

  onModuleInit(): void {
    this.sources.register(this);
  }

  async events({ staffMemberId, from, to }: FeedQuery): Promise<IcsEvent[]> {
    const shifts = await this.db.rows<FeedShift>(
      `SELECT s.id, s.store_id AS "storeId", lower(s.during) AS start, upper(s.during) AS "end", s.status, s.note, s.cancel_reason AS "cancelReason",
              s.version, s.updated_at AS "updatedAt",
              coalesce((SELECT json_agg(json_build_array(lower(b), upper(b)) ORDER BY lower(b)) FROM unnest(s.breaks) AS b), '[]') AS breaks
         FROM shift s
        WHERE s.staff_member_id = $1 AND s.during && tstzrange($2, $3)
        ORDER BY lower(s.during), s.id`,
      [staffMemberId, from, to],
    );
    if (shifts.length === 0) return [];
    const stores = new Map((await this.stores.describeStores(shifts.map((shift) => shift.storeId))).map((store) => [store.id, store]));
    return shifts.map((shift) => shiftEvent(shift, stores.get(shift.storeId)));
  }
}
