import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, daysBetween, endOfDay, startOfDay } from '../../../common/clock/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageQueryDto } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CustomersService } from '../../customers/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import { StoresService, storeTimeZoneSql } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { AppointmentRecords, type AppointmentRecord } from '../booking/appointment-records.js';
import { MAX_LIST_DAYS, type AppointmentListQueryDto, type StaffDayQueryDto } from './dto/view-queries.dto.js';
import type { AppointmentViewDto, StaffDayResponseDto } from './dto/view-responses.dto.js';
import { toAppointmentView, ViewNamesReader } from './view-names.js';

/** `GET /v1/appointments`: in start order; the position is the last row's start and id. */
const LIST = cursorCodec<{ startsAt: Date; id: string }>('appointments', { startsAt: cursorParts.instant, id: cursorParts.uuid });
/** A customer's: upcoming (not ended) soonest first, then past latest first; the position names the part too. */
const CUSTOMER = cursorCodec<{ part: string; startsAt: Date; id: string }>('customer-appointments', {
  part: cursorParts.text(/^(upcoming|past)$/),
  startsAt: cursorParts.instant,
  id: cursorParts.uuid,
});

/** Keyset comparisons to the millisecond, as cursors carry them. */
const POSITION = `(date_trunc('milliseconds', a.starts_at), a.id)`;

/** SQL parameters in order: `add(value)` answers its placeholder. */
class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The condition limiting appointments to the stores the actor sees (none for owners and keys not limited to stores). */
function visibleStores(actor: Actor, parameters: Parameters): string[] {
  const stores = visibleStoreIds(actor);
  return stores === 'all' ? [] : [`a.store_id = ANY(${parameters.add(stores)}::uuid[])`];
}

/**
 * Lists of appointments: a store's (filtered), a customer's, a staff member's day. Each is one statement
 * for the appointments and three for the names they show (ViewNamesReader), whatever their number.
 */
@Injectable()
export class AppointmentListsService {
  constructor(
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(ViewNamesReader) private readonly names: ViewNamesReader,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: AppointmentListQueryDto): Promise<Page<AppointmentViewDto>> {
    const storeId = this.storeOf(actor, query.storeId);
    const timeZone = await this.stores.getTimeZone(storeId);
    if (query.from && query.to) {
      const days = daysBetween(query.from, query.to) + 1;
      if (days < 1) throw AppointmentErrors.invalid([{ field: 'to', message: 'must not be before from' }]);
      if (days > MAX_LIST_DAYS) throw AppointmentErrors.invalid([{ field: 'to', message: `must be at most ${MAX_LIST_DAYS - 1} days after from` }]);
    }
    const parameters = new Parameters();
    const conditions = [`a.store_id = ${parameters.add(storeId)}`];
    if (query.from) conditions.push(`a.starts_at >= ${parameters.add(new Date(startOfDay(query.from, timeZone)))}`);
    if (query.to) conditions.push(`a.starts_at < ${parameters.add(new Date(endOfDay(query.to, timeZone)))}`);
    if (query.staffMemberId)
      conditions.push(`EXISTS (SELECT 1 FROM booking_segment b WHERE b.appointment_id = a.id AND b.staff_member_id = ${parameters.add(query.staffMemberId)})`);
    if (query.customerId) conditions.push(`a.customer_id = ${parameters.add(query.customerId)}`);
    if (query.status?.length) conditions.push(`a.status = ANY(${parameters.add(query.status)}::text[])`);
    if (query.channel) conditions.push(`a.channel = ${parameters.add(query.channel)}`);
    if (query.cursor) {
      const after = LIST.decode(query.cursor);
      conditions.push(`${POSITION} > (${parameters.add(after.startsAt)}::timestamptz, ${parameters.add(after.id)}::uuid)`);
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.records.where(conditions.join(' AND '), parameters.values, { limit: limit + 1 });
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return {
      data: await this.views(data, actor),
      nextCursor: rows.length > limit && last ? LIST.encode({ startsAt: last.startsAt, id: last.id }) : null,
    };
  }

  /** A customer's appointments at the stores the actor sees: upcoming (not yet ended) soonest first, then past ones latest first. */
  async ofCustomer(actor: Actor, customerId: string, page: PageQueryDto): Promise<Page<AppointmentViewDto>> {
    const id = await this.customers.resolveId(customerId);
    if (!id) throw AppointmentErrors.customerNotFound(customerId);
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    const position = page.cursor ? CUSTOMER.decode(page.cursor) : null;
    const now = new Date(this.clock.nowMs());
    const read = (part: 'upcoming' | 'past', count: number) => {
      const parameters = new Parameters();
      const conditions = [`a.customer_id = ${parameters.add(id)}`, ...visibleStores(actor, parameters)];
      conditions.push(part === 'upcoming' ? `a.ends_at > ${parameters.add(now)}` : `a.ends_at <= ${parameters.add(now)}`);
      if (position?.part === part)
        conditions.push(`${POSITION} ${part === 'upcoming' ? '>' : '<'} (${parameters.add(position.startsAt)}::timestamptz, ${parameters.add(position.id)}::uuid)`);
      return this.records.where(conditions.join(' AND '), parameters.values, { limit: count, latestFirst: part === 'past' });
    };
    const upcoming = position?.part === 'past' ? [] : await read('upcoming', limit + 1);
    const rows = upcoming.length > limit ? upcoming : [...upcoming, ...(await read('past', limit + 1 - upcoming.length))];
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    const part = last && upcoming.includes(last) ? 'upcoming' : 'past';
    return {
      data: await this.views(data, actor),
      nextCursor: rows.length > limit && last ? CUSTOMER.encode({ part, startsAt: last.startsAt, id: last.id }) : null,
    };
  }

  /**
   * A staff member's appointments on a local date (in each store's zone: someone working at stores in
   * two zones sees each appointment on its store's date), cancelled ones left out, at the stores the
   * actor sees. Who may ask about whom follows scheduling's rules (a beautician: only herself).
   */
  async staffDay(actor: Actor, staffMemberId: string, query: StaffDayQueryDto): Promise<StaffDayResponseDto> {
    const member = await this.scheduling.visibleStaffMember(actor, staffMemberId);
    const parameters = new Parameters();
    const zone = storeTimeZoneSql('a.store_id');
    const date = parameters.add(query.date);
    const conditions = [
      `EXISTS (SELECT 1 FROM booking_segment b WHERE b.appointment_id = a.id AND b.staff_member_id = ${parameters.add(member.id)}
          AND b.starts_at < ((${date}::date + 1)::timestamp AT TIME ZONE ${zone}) AND b.ends_at > (${date}::date::timestamp AT TIME ZONE ${zone}))`,
      `a.status <> 'cancelled'`,
      ...visibleStores(actor, parameters),
    ];
    const records = await this.records.where(conditions.join(' AND '), parameters.values);
    return { staffMemberId: member.id, displayName: member.displayName, date: query.date, appointments: await this.views(records, actor) };
  }

  private async views(records: AppointmentRecord[], actor: Actor): Promise<AppointmentViewDto[]> {
    const names = await this.names.of(records, actor);
    return records.map((record) => toAppointmentView(record, names));
  }

  /** The store asked for, or the only one the actor sees; another store answers 404 as one that does not exist. */
  private storeOf(actor: Actor, storeId: string | undefined): string {
    if (storeId === undefined) {
      const stores = visibleStoreIds(actor);
      if (stores !== 'all' && stores.length === 1) return stores[0];
      throw AppointmentErrors.invalid([{ field: 'storeId', message: 'is required: you see more than one store' }]);
    }
    if (!canSeeStore(actor, storeId)) throw AppointmentErrors.storeNotFound(storeId);
    return storeId.toLowerCase();
  }
}
