import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock, formatInstant } from '../../../common/clock/index.js';
import { Db, isRetryableTransactionError, Transactional } from '../../../common/database/index.js';
import { toProblem } from '../../../common/errors/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import { UPCOMING_STATES } from '../booking/appointment-state.js';
import { BookingService } from '../booking/booking.service.js';
import { toAppointmentResponse } from '../booking/dto/appointment-response.dto.js';
import type { CreateAppointmentDto } from '../booking/dto/booking.dto.js';
import { AppointmentLifecycle } from '../lifecycle/appointment-lifecycle.service.js';
import type { CancelSeriesDto, CreateRecurringAppointmentsDto, RecurringBookingResponseDto, RecurringConflictDto, SeriesCancelResponseDto } from './dto/recurring.dto.js';
import { occurrenceStarts } from './occurrences.js';

/** Problems that say the request itself is wrong, the same for every occurrence: answered as they are, not as conflicts. */
const REQUEST_STATUSES = new Set([400, 401, 403, 404]);
const REQUEST_CODES = new Set(['reference.not_found', 'availability.variation_unavailable', 'appointment.staff_unavailable', 'appointment.customer_blocked']);

/**
 * Recurring appointments: a series booked one occurrence at a time through BookingService.book, each
 * under a savepoint of the one transaction (an Idempotency-Key replays the whole answer), so an
 * occurrence that collides is rolled back alone and reported, and the rest are booked. The series id
 * is the first booked occurrence's id.
 */
@Injectable()
export class RecurringService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(BookingService) private readonly booking: BookingService,
    @Inject(AppointmentLifecycle) private readonly lifecycle: AppointmentLifecycle,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
  ) {}

  @Transactional()
  async book(actor: Actor, dto: CreateRecurringAppointmentsDto): Promise<RecurringBookingResponseDto> {
    const { everyWeeks, occurrences, ...single } = dto;
    if (!canSeeStore(actor, single.storeId!)) throw AppointmentErrors.storeNotFound(single.storeId!);
    const timeZone = await this.stores.getTimeZone(single.storeId!);
    let who: Pick<CreateAppointmentDto, 'customerId' | 'customer'> = { customerId: single.customerId, customer: single.customer };
    let seriesId: string | null = null;
    const bookedIds: string[] = [];
    const conflicts: RecurringConflictDto[] = [];

    for (const start of occurrenceStarts(Date.parse(single.startsAt!), everyWeeks, occurrences, timeZone)) {
      const startsAt = formatInstant(start, timeZone);
      await this.db.execute('SAVEPOINT recurring_occurrence');
      try {
        const appointment = await this.booking.book(actor, { ...single, ...who, startsAt }, seriesId ? { seriesId } : {});
        if (!seriesId) {
          // The first booked occurrence names the series after itself; the next ones are booked into it.
          seriesId = appointment.id;
          await this.db.execute('UPDATE appointment SET series_id = id WHERE id = $1', [seriesId]);
        }
        await this.db.execute('RELEASE SAVEPOINT recurring_occurrence');
        bookedIds.push(appointment.id);
        // A customer given by name and phone is found or created once: the next occurrences are theirs.
        who = { customerId: appointment.customerId, customer: undefined };
      } catch (error) {
        if (isRetryableTransactionError(error)) throw error;
        const { problem, internal } = toProblem(error);
        if (internal || REQUEST_STATUSES.has(problem.status) || REQUEST_CODES.has(problem.code)) throw error;
        await this.db.execute('ROLLBACK TO SAVEPOINT recurring_occurrence');
        conflicts.push({ startsAt, code: problem.code, detail: problem.detail });
      }
    }
    if (!seriesId) throw AppointmentErrors.noOccurrenceBooked(conflicts);
    const booked = await this.records.findMany(bookedIds);
    return { seriesId, booked: booked.map(toAppointmentResponse), conflicts };
  }

  /** Cancels the series' occurrences still to come (booked or confirmed, starting after now), each through the life cycle, all or none. */
  @Transactional()
  async cancelSeries(actor: Actor, seriesId: string, dto: CancelSeriesDto): Promise<SeriesCancelResponseDto> {
    const [first] = await this.records.findMany([seriesId]);
    if (!first || first.seriesId !== seriesId || !canSeeStore(actor, first.storeId)) throw AppointmentErrors.seriesNotFound(seriesId);
    const future = await this.records.where('a.series_id = $1 AND a.status = ANY($2::text[]) AND a.starts_at > $3', [seriesId, UPCOMING_STATES, this.clock.now()]);
    const cancelled = [];
    for (const occurrence of future) cancelled.push(await this.lifecycle.cancel(actor, occurrence.id, dto.reason));
    return { seriesId, cancelled };
  }
}
