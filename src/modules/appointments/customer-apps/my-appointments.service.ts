import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import { BookingService, type BookingOptions } from '../booking/booking.service.js';
import { toAppointmentResponse, type AppointmentResponseDto, type HoldResponseDto } from '../booking/dto/appointment-response.dto.js';
import type { CreateAppointmentDto, RescheduleAppointmentDto } from '../booking/dto/booking.dto.js';
import { AppointmentLifecycle } from '../lifecycle/appointment-lifecycle.service.js';
import { customerOf, type CustomerActor } from './app-of.js';
import type { CreateMyAppointmentDto, CreateMyHoldDto, MyAppointmentsQueryDto } from './dto/me.dto.js';

const UPCOMING = cursorCodec('my-appointments-upcoming', { startsAt: cursorParts.instant, id: cursorParts.uuid });
const PAST = cursorCodec('my-appointments-past', { startsAt: cursorParts.instant, id: cursorParts.uuid });

/**
 * The signed-in customer's own appointments: read, held, booked, moved and cancelled only as theirs
 * (another's id answers 404 as an unknown one does), through the key's store limit, bookable online
 * only, recorded as done by the customer, on the channel of their app. The store's rules (notice,
 * horizon, cancellation window) are BookingService's and AppointmentLifecycle's, as for the desk.
 */
@Injectable()
export class MyAppointmentsService {
  constructor(
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(BookingService) private readonly booking: BookingService,
    @Inject(AppointmentLifecycle) private readonly lifecycle: AppointmentLifecycle,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Upcoming (not over yet) soonest first, or past latest first; keyset pages on (start, id). */
  async list(actor: Actor, query: MyAppointmentsQueryDto): Promise<Page<AppointmentResponseDto>> {
    const customer = customerOf(actor);
    const past = query.when === 'past';
    const codec = past ? PAST : UPCOMING;
    const after = query.cursor ? codec.decode(query.cursor) : null;
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const stores = visibleStoreIds(customer);
    const parameters: unknown[] = [customer.id, this.clock.now(), stores === 'all' ? null : stores, after?.startsAt ?? null, after?.id ?? null];
    const condition =
      `a.customer_id = $1 AND ${past ? 'a.ends_at <= $2' : 'a.ends_at > $2'} AND ($3::uuid[] IS NULL OR a.store_id = ANY($3::uuid[]))` +
      ` AND ($4::timestamptz IS NULL OR (a.starts_at, a.id) ${past ? '<' : '>'} ($4::timestamptz, $5::uuid))`;
    const rows = await this.records.where(condition, parameters, { limit: limit + 1, latestFirst: past });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { data: page.map(toAppointmentResponse), nextCursor: rows.length > limit && last ? codec.encode({ startsAt: last.startsAt, id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<AppointmentResponseDto> {
    const customer = customerOf(actor);
    const record = await this.records.find(id);
    if (!record || record.customerId !== customer.id || !canSeeStore(customer, record.storeId)) throw AppointmentErrors.notFound(id);
    return toAppointmentResponse(record);
  }

  hold(actor: Actor, dto: CreateMyHoldDto): Promise<HoldResponseDto> {
    return this.booking.hold(actor, { ...dto, online: true }, this.options(customerOf(actor)));
  }

  releaseHold(actor: Actor, holdId: string): Promise<void> {
    return this.booking.releaseHold(actor, holdId, this.options(customerOf(actor)));
  }

  book(actor: Actor, dto: CreateMyAppointmentDto): Promise<AppointmentResponseDto> {
    const customer = customerOf(actor);
    const booking: CreateAppointmentDto = { ...dto, channel: customer.channel };
    return this.booking.book(actor, booking, this.options(customer));
  }

  reschedule(actor: Actor, id: string, dto: RescheduleAppointmentDto, expectedVersion: number | undefined): Promise<AppointmentResponseDto> {
    return this.booking.reschedule(actor, id, dto, { ...this.options(customerOf(actor)), expectedVersion });
  }

  cancel(actor: Actor, id: string, reason: string | null, expectedVersion: number | undefined): Promise<AppointmentResponseDto> {
    const customer = customerOf(actor);
    return this.lifecycle.cancel(actor, id, reason, { by: { type: 'customer', id: customer.id }, customerId: customer.id, expectedVersion });
  }

  private options(customer: CustomerActor): BookingOptions {
    return { bookedBy: { type: 'customer', id: customer.id }, customerId: customer.id, online: true };
  }
}
