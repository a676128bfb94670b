import { Inject, Injectable } from '@nestjs/common';
import { addDays, Clock, endOfDay, instantFormatter, startOfDay, todayIn } from '../../../common/clock/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { SchedulingService } from '../../scheduling/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import { buildBook } from './appointment-book.js';
import { toArrival } from './arrivals.js';
import type { AppointmentBookQueryDto, ArrivalsQueryDto } from './dto/view-queries.dto.js';
import type { AppointmentBookResponseDto, ArrivalsResponseDto } from './dto/view-responses.dto.js';
import { ViewNamesReader } from './view-names.js';

/** Who the front desk still expects or is serving today. */
const ARRIVING = ['booked', 'confirmed', 'checked_in', 'in_service'];

/**
 * A store's screens: the appointment book (a day or a week, by staff or by resource) and today's
 * arrivals. The route checked the store is the caller's (another store's id answers 404). The book is
 * six statements whatever it holds: the zone, the appointments, three for names (with the store's
 * staff and resources) and the working time of its staff.
 */
@Injectable()
export class StoreBookService {
  constructor(
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(ViewNamesReader) private readonly names: ViewNamesReader,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async book(actor: Actor, storeId: string, query: AppointmentBookQueryDto): Promise<AppointmentBookResponseDto> {
    const timeZone = await this.stores.getTimeZone(storeId);
    const by = query.by ?? 'staff';
    const last = addDays(query.date, (query.days ?? 1) - 1);
    const from = startOfDay(query.date, timeZone);
    const to = endOfDay(last, timeZone);
    // Cancelled appointments leave the book; no-shows stay, marked, so the desk sees what happened.
    const records = await this.records.where(`a.store_id = $1 AND a.starts_at < $3 AND a.ends_at > $2 AND a.status <> 'cancelled'`, [storeId, new Date(from), new Date(to)]);
    const names = await this.names.of(records, actor, { storeId, from: new Date(from), to: new Date(to) });
    const working =
      by === 'staff'
        ? await this.scheduling.workingIntervals({ storeId, staffMemberIds: names.staff.map((member) => member.staffMemberId), from: new Date(from), to: new Date(to) })
        : new Map();
    const columns = buildBook({ by, from, to, records, names, working, at: instantFormatter(timeZone) });
    return { storeId: storeId.toLowerCase(), timeZone, from: query.date, to: last, by, columns };
  }

  /** The front desk's list for a local date (today by default): who is expected or in the salon, in start order. */
  async arrivals(actor: Actor, storeId: string, query: ArrivalsQueryDto): Promise<ArrivalsResponseDto> {
    const timeZone = await this.stores.getTimeZone(storeId);
    const now = this.clock.nowMs();
    const date = query.date ?? todayIn(timeZone, now);
    const records = await this.records.where(`a.store_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status = ANY($4::text[])`, [
      storeId,
      new Date(startOfDay(date, timeZone)),
      new Date(endOfDay(date, timeZone)),
      ARRIVING,
    ]);
    const names = await this.names.of(records, actor);
    const at = instantFormatter(timeZone);
    return { storeId: storeId.toLowerCase(), timeZone, date, arrivals: records.map((record) => toArrival(record, names, now, at)) };
  }
}
