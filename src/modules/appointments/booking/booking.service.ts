import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock, instantFormatter, instantToDate } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { assertVersion } from '../../../common/http/etag.js';
import type { Actor } from '../../../common/http/request-context.js';
import { HumanNumbers } from '../../../common/numbers/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { CustomersService } from '../../customers/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { AppointmentChanges } from '../appointment-changes.js';
import { assertVisible } from '../appointment-access.js';
import { AppointmentErrors, BookingErrors, type SlotConflict } from '../appointments.errors.js';
import { AvailabilityInputs, type LoadedAvailability } from '../availability/availability-inputs.js';
import type { AvailabilityProblem, Slot } from '../availability/availability-model.js';
import { toSlotDto } from '../availability/availability.service.js';
import { nearestSlots, proposalsAt } from '../availability/calculator.js';
import { AppointmentRecords, type AppointmentRecord } from './appointment-records.js';
import { appointmentTransitions, UPCOMING_STATES } from './appointment-state.js';
import { ONLINE_CHANNELS, type AppointmentChannel } from './appointment.entity.js';
import {
  deleteExpiredHoldsInTheWay,
  findCollision,
  heldSegments,
  insertAppointment,
  insertHold,
  insertSegments,
  lockHold,
  moveSegments,
  multirangeLiteral,
  takeOverHold,
  toSegmentsToWrite,
  type Collision,
  type SegmentToWrite,
} from './booking-rows.js';
import { toAppointmentResponse, type AppointmentResponseDto, type HoldResponseDto } from './dto/appointment-response.dto.js';
import type { CreateAppointmentDto, CreateHoldDto, RescheduleAppointmentDto } from './dto/booking.dto.js';
import { explainRefusal, narrowProblem, proposeAt, type ServiceChoice, type SlotRefusal } from './slot-request.js';

/** Who a booking is recorded as made by when it is not the actor itself (a customer session books as the customer). */
export interface BookedBy {
  type: 'user' | 'api_key' | 'customer' | 'system';
  id: string | null;
}

export interface BookingOptions {
  /** Default: the actor. */
  bookedBy?: BookedBy;
  /** Only the customer's own hold or appointment, and only for them (customer sessions): another's answers 404. */
  customerId?: string;
  /** As a customer booking online (customers' apps): only what is bookable online, whatever the channel says. */
  online?: boolean;
  /** A hold that lasts this long instead of the store's policy (a waitlist offer), in minutes. */
  holdMinutes?: number;
  /** The recurring series a booking belongs to. */
  seriesId?: string;
}

/**
 * A refused request's suggestions are searched this far around its start (the same and the next days
 * in any zone). Planning itself reads only the start's own time and day: most bookings succeed, and
 * reading three days of a busy store's calendar was most of a booking's cost.
 */
const AROUND_MS = 36 * 3_600_000;
const NEAREST_COUNT = 5;
/** "Any staff" lost a race for someone: plan again with what is left, this many times in all. */
const ATTEMPTS = 3;

/** Who an appointment is for, with the staff they prefer when already read (asked with their status, in one statement). */
interface BookingCustomer {
  id: string;
  preferredStaffIds?: string[];
}

interface SlotRequest {
  storeId: string;
  start: number;
  services: ServiceChoice[];
  mode: 'sequential' | 'parallel';
  online: boolean;
  customerId?: string;
  preferredStaffIds?: string[];
  excludeHoldId?: string;
  excludeAppointmentId?: string;
}

interface Plan {
  slot: Slot;
  segments: SegmentToWrite[];
  loaded: LoadedAvailability;
}

/**
 * Holds, bookings and reschedules (DESIGN §3: the database forbids double-booking). A request is
 * planned with the availability search's own code at exactly its start (AvailabilityInputs +
 * calculator), then written; the exclusion constraints decide between requests racing for one slot.
 * A taken slot answers 409 `appointment.slot_taken` naming the conflict and the nearest free times.
 */
@Injectable()
export class BookingService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AvailabilityInputs) private readonly inputs: AvailabilityInputs,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(AppointmentChanges) private readonly changes: AppointmentChanges,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Reserves a slot for a few minutes (the store's `holdMinutes`): nobody else can take it; it expires by itself. */
  async hold(actor: Actor, dto: CreateHoldDto, options: BookingOptions = {}): Promise<HoldResponseDto> {
    const customer: BookingCustomer | null = options.customerId ? { id: options.customerId } : dto.customerId ? await this.bookableCustomer(dto.customerId, 'customerId') : null;
    const customerId = customer?.id ?? null;
    const request = this.slotRequest(dto, { online: options.online ?? dto.online ?? false, customer });
    const by = options.bookedBy ?? actorRef(actor);
    return this.db.transaction(async () => {
      for (let attempt = 1; ; attempt++) {
        const plan = await this.plan(actor, request);
        const minutes = options.holdMinutes ?? plan.loaded.policy.holdMinutes;
        const now = this.clock.now();
        const hold = await insertHold(this.db, {
          storeId: request.storeId,
          customerId,
          expiresAt: new Date(now.getTime() + minutes * 60_000),
          createdByType: by.type,
          createdById: by.id,
        });
        if ((await insertSegments(this.db, { holdId: hold.id }, request.storeId, plan.segments)) === 'written') {
          return toHoldResponse(hold, plan.loaded.problem.timeZone, plan.slot);
        }
        await this.db.execute('DELETE FROM appointment_hold WHERE id = $1', [hold.id]);
        await this.afterCollision(request, plan, attempt, {}, now);
      }
    });
  }

  /** Lets a held slot go before it expires. */
  async releaseHold(actor: Actor, holdId: string, options: BookingOptions = {}): Promise<void> {
    await this.db.transaction(async () => {
      const hold = isUuid(holdId) ? await lockHold(this.db, holdId) : null;
      if (!hold || !canSeeStore(actor, hold.storeId) || (options.customerId && hold.customerId !== options.customerId)) throw BookingErrors.holdNotFound(holdId);
      await this.db.execute('DELETE FROM appointment_hold WHERE id = $1', [holdId]);
    });
  }

  /** Books from a hold, or directly (the front desk, a phone call), for an existing customer or one found or registered by phone. */
  async book(actor: Actor, dto: CreateAppointmentDto, options: BookingOptions = {}): Promise<AppointmentResponseDto> {
    if (dto.holdId !== undefined && (dto.storeId !== undefined || dto.startsAt !== undefined || dto.services !== undefined)) throw BookingErrors.holdConflicting('holdId');
    if ((dto.customerId === undefined) === (dto.customer === undefined) && !options.customerId) {
      throw AppointmentErrors.invalid([{ field: 'customerId', message: 'give either customerId or customer (name and phone), not both' }]);
    }
    const by = options.bookedBy ?? actorRef(actor);
    return this.db.transaction(async () => {
      const customer = await this.customerFor(actor, dto, options);
      const id = dto.holdId !== undefined ? await this.bookHold(actor, dto.holdId, customer.id, dto, by, options) : await this.bookDirectly(actor, dto, customer, by, options);
      const record = (await this.records.find(id))!;
      await this.audit.record({ action: 'appointment.create', entityType: 'appointment', entityId: id, storeId: record.storeId, after: auditView(record) });
      await this.changes.record({ kind: 'created', appointment: record, actor });
      return toAppointmentResponse(record);
    });
  }

  /**
   * Moves every segment to a new start in one transaction, keeping their order and gaps, with the same
   * staff (or others named, or anyone free). Only booked or confirmed appointments move; a confirmed one
   * goes back to booked (the customer has not confirmed the new time).
   */
  async reschedule(actor: Actor, id: string, dto: RescheduleAppointmentDto, options: BookingOptions & { expectedVersion?: number } = {}): Promise<AppointmentResponseDto> {
    return this.db.transaction(async () => {
      const before = assertVisible(actor, await this.records.find(id, { forUpdate: true }), id);
      if (options.customerId && before.customerId !== options.customerId) throw AppointmentErrors.notFound(id);
      if (options.expectedVersion !== undefined) assertVersion(before, options.expectedVersion);
      if (!UPCOMING_STATES.includes(before.status)) throw BookingErrors.notReschedulable(before.status);
      if (dto.staffMemberIds && dto.staffMemberIds.length !== before.segments.length) {
        throw AppointmentErrors.invalid([{ field: 'staffMemberIds', message: `must name one staff member for each of the ${before.segments.length} services` }]);
      }
      const services: ServiceChoice[] = before.segments.map((segment, k) => ({
        variationId: segment.variationId,
        staffMemberId: dto.staffMemberIds?.[k] ?? (dto.anyStaff ? null : segment.staffMemberId),
      }));
      const parallel = before.segments.length > 1 && before.segments.every((segment) => segment.startsAt.getTime() === before.segments[0].startsAt.getTime());
      const request: SlotRequest = {
        storeId: before.storeId,
        start: Date.parse(dto.startsAt),
        services,
        mode: parallel ? 'parallel' : 'sequential',
        online: options.online ?? false,
        customerId: before.customerId,
        excludeAppointmentId: before.id,
      };
      for (let attempt = 1; ; attempt++) {
        const plan = await this.plan(actor, request, 'staffMemberIds');
        if ((await moveSegments(this.db, before.id, before.storeId, plan.segments)) === 'written') break;
        await this.afterCollision(request, plan, attempt, { appointmentId: before.id }, this.clock.now());
      }
      const reason = dto.reason ?? null;
      const [{ startsAt }] = await this.db.rows<{ startsAt: Date }>(
        `UPDATE appointment SET starts_at = b.starts_at, ends_at = b.ends_at, version = version + 1, updated_at = now()
           FROM (SELECT min(starts_at) AS starts_at, max(ends_at) AS ends_at FROM booking_segment WHERE appointment_id = $1) b
          WHERE appointment.id = $1 RETURNING appointment.starts_at AS "startsAt", appointment.ends_at AS "endsAt"`,
        [before.id],
      );
      const moved = `rescheduled from ${before.startsAt.toISOString()} to ${startsAt.toISOString()}${reason ? `: ${reason}` : ''}`;
      const by = options.bookedBy ?? actorRef(actor);
      if (before.status === 'confirmed') await appointmentTransitions.apply(this.db, { id: before.id, to: 'booked', reason: moved, by });
      else
        await this.db.execute(`INSERT INTO appointment_status_history (appointment_id, from_status, to_status, actor_type, actor_id, reason) VALUES ($1, $2, $2, $3, $4, $5)`, [
          before.id,
          before.status,
          by.type,
          by.id,
          moved,
        ]);
      const after = (await this.records.find(before.id))!;
      await this.audit.record({
        action: 'appointment.reschedule',
        entityType: 'appointment',
        entityId: before.id,
        storeId: before.storeId,
        before: auditView(before),
        after: auditView(after),
      });
      await this.changes.record({
        kind: 'rescheduled',
        appointment: after,
        previous: { startsAt: before.startsAt, endsAt: before.endsAt, segments: before.segments },
        actor,
        reason,
      });
      return toAppointmentResponse(after);
    });
  }

  private async bookDirectly(actor: Actor, dto: CreateAppointmentDto, customer: BookingCustomer, by: BookedBy, options: BookingOptions): Promise<string> {
    const online = options.online ?? ONLINE_CHANNELS.includes(dto.channel);
    const request = this.slotRequest({ storeId: dto.storeId!, startsAt: dto.startsAt!, services: dto.services!, mode: dto.mode }, { online, customer });
    for (let attempt = 1; ; attempt++) {
      const plan = await this.plan(actor, request);
      const id = await this.insertAppointment(dto, request.storeId, customer.id, plan.loaded.problem.timeZone, plan.slot.start, plan.slot.end, by, options);
      if ((await insertSegments(this.db, { appointmentId: id }, request.storeId, plan.segments)) === 'written') return id;
      await this.db.execute('DELETE FROM appointment_status_history WHERE appointment_id = $1', [id]);
      await this.db.execute('DELETE FROM appointment WHERE id = $1', [id]);
      await this.afterCollision(request, plan, attempt, {}, this.clock.now());
    }
  }

  private async bookHold(actor: Actor, holdId: string, customerId: string, dto: CreateAppointmentDto, by: BookedBy, options: BookingOptions): Promise<string> {
    const hold = isUuid(holdId) ? await lockHold(this.db, holdId) : null;
    if (!hold || !canSeeStore(actor, hold.storeId)) throw BookingErrors.holdNotFound(holdId);
    if (options.customerId && hold.customerId !== null && hold.customerId !== options.customerId) throw BookingErrors.holdNotFound(holdId);
    if (hold.expiresAt.getTime() <= this.clock.now().getTime()) throw BookingErrors.holdExpired(holdId);
    if (hold.customerId !== null && hold.customerId !== customerId) throw BookingErrors.holdOfAnother('holdId');
    const segments = await heldSegments(this.db, holdId);
    const [{ timeZone }] = await this.db.rows<{ timeZone: string }>(`SELECT ${storeTimeZoneSql('$1')} AS "timeZone"`, [hold.storeId]);
    const startsAt = Math.min(...segments.map((segment) => segment.startsAt.getTime()));
    const endsAt = Math.max(...segments.map((segment) => segment.endsAt.getTime()));
    const id = await this.insertAppointment(dto, hold.storeId, customerId, timeZone, startsAt, endsAt, by, options);
    await takeOverHold(this.db, holdId, id);
    return id;
  }

  private async insertAppointment(
    dto: CreateAppointmentDto,
    storeId: string,
    customerId: string,
    timeZone: string,
    start: number,
    end: number,
    by: BookedBy,
    options: BookingOptions,
  ): Promise<string> {
    const { number } = await this.numbers.take({ prefix: 'AP', scope: 'business', timeZone, at: this.clock.now() });
    const id = await insertAppointment(this.db, {
      number,
      storeId,
      customerId,
      channel: dto.channel,
      startsAt: new Date(start),
      endsAt: new Date(end),
      notes: dto.notes ?? null,
      specialRequests: dto.specialRequests ?? null,
      bookedByType: by.type,
      bookedById: by.id,
      seriesId: options.seriesId ?? null,
    });
    return id;
  }

  /** The customer of a booking: the session's own, an existing one (merges followed), or one found or registered by phone. */
  private async customerFor(actor: Actor, dto: CreateAppointmentDto, options: BookingOptions): Promise<BookingCustomer> {
    if (options.customerId) return this.bookableCustomer(options.customerId, 'customerId');
    if (dto.customerId !== undefined) return this.bookableCustomer(dto.customerId, 'customerId');
    const contact = dto.customer!;
    const found = await this.customers.findOrRegisterByPhone(actor, { name: contact.name, phone: contact.phone, source: sourceOf(dto.channel) });
    if (found.status === 'blocked') throw BookingErrors.customerBlocked('customer.phone');
    return { id: found.id };
  }

  private async bookableCustomer(id: string, field: string): Promise<BookingCustomer> {
    const customer = await this.customers.bookingStatus(id);
    if (!customer || customer.status === 'anonymized' || customer.status === 'merged') throw BookingErrors.customerUnknown(field);
    if (customer.status === 'blocked') throw BookingErrors.customerBlocked(field);
    return { id: customer.id, preferredStaffIds: customer.preferredStaffIds };
  }

  private slotRequest(
    dto: {
      storeId: string;
      startsAt: string;
      services: Array<{ variationId: string; staffMemberId?: string | null; resourceId?: string | null }>;
      mode?: 'sequential' | 'parallel';
    },
    extra: { online: boolean; customer: BookingCustomer | null },
  ): SlotRequest {
    return {
      storeId: dto.storeId,
      start: Date.parse(dto.startsAt),
      services: dto.services.map((service) => ({ variationId: service.variationId, staffMemberId: service.staffMemberId ?? null, resourceId: service.resourceId ?? null })),
      mode: dto.mode ?? 'sequential',
      online: extra.online,
      customerId: extra.customer?.id,
      preferredStaffIds: extra.customer?.preferredStaffIds,
    };
  }

  /** The best assignment at exactly the start asked for, or the problem saying why there is none. */
  private async plan(actor: Actor, request: SlotRequest, staffField = 'services'): Promise<Plan> {
    if (!canSeeStore(actor, request.storeId)) throw AppointmentErrors.storeNotFound(request.storeId);
    const now = this.clock.now();
    const loaded = await this.load(request, 0, now);
    const unavailable = loaded.variations.flatMap((variation, i) => {
      const field = `services[${i}].variationId`;
      if (!variation) return [{ field, message: 'names no service variation' }];
      if (!variation.sellable) return [{ field, message: `${variation.serviceName} · ${variation.variationName} is not offered in this store` }];
      if (request.online && !variation.bookableOnline) return [{ field, message: `${variation.serviceName} · ${variation.variationName} cannot be booked online` }];
      return [];
    });
    if (unavailable.length > 0) throw AppointmentErrors.variationUnavailable(unavailable);
    const prefix = staffField === 'services' ? 'services' : staffField;
    const { problem, refusal } = narrowProblem(loaded.problem, request.services, prefix);
    if (refusal) throw await this.refusalError(refusal, loaded, request);
    const slot = proposeAt(problem, request.start);
    if (!slot)
      throw await this.refusalError(
        await this.named(explainRefusal(problem, request.start, now.getTime(), request.services, 'startsAt', prefix), loaded, request),
        loaded,
        request,
      );
    const claimed = await this.claimFreeStaff(problem, request, slot, now);
    return { slot: claimed, segments: toSegmentsToWrite(claimed.segments), loaded };
  }

  /**
   * "Any staff" among bookings in flight at once: each claims its stylist for the day with a
   * transaction-scoped advisory lock, and one already claimed by another booking (not yet committed,
   * so not yet busy in what we read) is passed over for the next best. Without this, thirty bookings
   * of one popular time all chose the same least-booked stylist and queued behind each other on the
   * exclusion constraint, one at a time. When everyone free is claimed, the first proposal stands and
   * the constraint decides, as for a stylist asked for by name (never claimed: those wait their turn).
   */
  private async claimFreeStaff(problem: AvailabilityProblem, request: SlotRequest, first: Slot, now: Date): Promise<Slot> {
    const date = instantToDate(request.start, problem.timeZone);
    if (problem.services.length === 1 && !request.services[0]?.staffMemberId) return this.claimOneOf(problem, request, first, date, now);
    const passedOver = new Set<string>();
    let slot: Slot | null = first;
    while (slot) {
      const taken = await this.claimedByOthers(slot, request, date);
      if (taken.length === 0) return slot;
      for (const id of taken) passedOver.add(id);
      slot = proposeAt(withoutStaff(problem, request, passedOver), request.start);
    }
    return first;
  }

  /**
   * One service by anyone: every stylist who could take it, in the calculator's order (a proposal
   * each, without the ones before), claimed in one statement — the first not held by another booking
   * and still free: a booking that held a stylist when we read their time and has committed since
   * lets go of its claim, and without a second look we would propose the time it just took (under
   * load, a quarter of all bookings then collided and planned again).
   */
  private async claimOneOf(problem: AvailabilityProblem, request: SlotRequest, first: Slot, date: string, now: Date): Promise<Slot> {
    const proposals = proposalsAt(problem, request.start);
    // A function scan hands rows to the filter in order and LIMIT stops it: only the stylist taken is
    // locked (the lock is tried first, so a stylist found busy stays claimed by us: others pass over them too).
    const [claimed] = await this.db.rows<{ id: string }>(
      `SELECT c.id FROM unnest($1::uuid[], $2::tstzmultirange[]) AS c(id, busy)
        WHERE pg_try_advisory_xact_lock(hashtextextended('booking:' || c.id || ':' || $3, 0))
          AND NOT EXISTS (SELECT 1 FROM booking_segment b
                           WHERE b.active AND b.staff_member_id = c.id AND b.staff_busy && c.busy
                             AND (b.hold_id IS NULL OR EXISTS (SELECT 1 FROM appointment_hold h WHERE h.id = b.hold_id AND h.expires_at > $4))
                             AND ($5::uuid IS NULL OR b.hold_id IS DISTINCT FROM $5) AND ($6::uuid IS NULL OR b.appointment_id IS DISTINCT FROM $6))
        LIMIT 1`,
      [
        proposals.map((slot) => slot.segments[0].staffMemberId),
        proposals.map((slot) => multirangeLiteral(slot.segments[0].staffBusy)),
        date,
        now,
        uuidOrNull(request.excludeHoldId),
        uuidOrNull(request.excludeAppointmentId),
      ],
    );
    return proposals.find((slot) => slot.segments[0].staffMemberId === claimed?.id) ?? first;
  }

  /** Tries to claim each freely chosen stylist of the slot; answers those another booking holds. */
  private async claimedByOthers(slot: Slot, request: SlotRequest, date: string): Promise<string[]> {
    const free = slot.segments.filter((segment, k) => !request.services[k]?.staffMemberId).map((segment) => segment.staffMemberId);
    if (free.length === 0) return [];
    const rows = await this.db.rows<{ staffMemberId: string; claimed: boolean }>(
      `SELECT id AS "staffMemberId", pg_try_advisory_xact_lock(hashtextextended('booking:' || id || ':' || $2, 0)) AS claimed FROM unnest($1::text[]) AS id`,
      [[...new Set(free)], date],
    );
    return rows.filter((row) => !row.claimed).map((row) => row.staffMemberId);
  }

  /** A taken time names the booking in its way, as a collision does (one query, on refusal only). */
  private async named(refusal: SlotRefusal, loaded: LoadedAvailability, request: SlotRequest): Promise<SlotRefusal> {
    if (refusal.kind !== 'taken' || !refusal.tried || (refusal.conflict.kind !== 'staff_busy' && refusal.conflict.kind !== 'resource_busy')) return refusal;
    const tried = toSegmentsToWrite(refusal.tried).filter((segment) => segment.position === refusal.conflict.segment);
    const collision = await findCollision(this.db, tried, { appointmentId: request.excludeAppointmentId, holdId: request.excludeHoldId });
    if (!collision || collision.kind !== refusal.conflict.kind) return refusal;
    return { kind: 'taken', conflict: this.conflictOf(collision, loaded, refusal.conflict) };
  }

  private conflictOf(collision: Collision, loaded: LoadedAvailability, known?: SlotConflict): SlotConflict {
    const at = instantFormatter(loaded.problem.timeZone);
    return {
      ...known,
      segment: collision.position,
      kind: collision.kind,
      staffMemberId: collision.staffMemberId,
      ...(collision.kind === 'resource_busy' && collision.resourceId ? { resourceId: collision.resourceId } : {}),
      appointmentNumber: collision.appointmentNumber,
      held: collision.held,
      start: at(collision.startsAt.getTime()),
      end: at(collision.endsAt.getTime()),
    };
  }

  /**
   * A collision: with an expired hold not yet swept (deleted, then try again: it counts for nothing), or
   * with a booking that committed after we planned (plan again when "any staff" may find someone
   * else, else 409 naming it).
   */
  private async afterCollision(request: SlotRequest, plan: Plan, attempt: number, own: { appointmentId?: string; holdId?: string }, now: Date): Promise<void> {
    if ((await deleteExpiredHoldsInTheWay(this.db, plan.segments, now)) > 0) return;
    const flexible = request.services.some((service) => !service.staffMemberId || !service.resourceId);
    if (flexible && attempt < ATTEMPTS) return;
    const collision = await findCollision(this.db, plan.segments, own);
    const conflict: SlotConflict = collision ? this.conflictOf(collision, plan.loaded) : { segment: 0, kind: 'staff_busy' };
    throw BookingErrors.slotTaken(conflict, await this.nearest(request));
  }

  /** The inputs of the search at the request's start, `aroundMs` either side (the start's own day is always read whole, for the counts). */
  private load(request: SlotRequest, aroundMs: number, now: Date): Promise<LoadedAvailability> {
    return this.inputs.load(
      {
        storeId: request.storeId,
        variationIds: request.services.map((service) => service.variationId),
        mode: request.mode,
        from: new Date(request.start - aroundMs),
        to: new Date(request.start + aroundMs),
        online: request.online,
        customerId: request.customerId,
        preferredStaffIds: request.preferredStaffIds,
        excludeHoldId: request.excludeHoldId,
        excludeAppointmentId: request.excludeAppointmentId,
        countBookings: true,
      },
      now,
    );
  }

  private async refusalError(refusal: SlotRefusal, loaded: LoadedAvailability, request: SlotRequest): Promise<Error> {
    const { policy } = loaded;
    switch (refusal.kind) {
      case 'window':
        return BookingErrors.outsideWindow(refusal.field, refusal.reason, WINDOW_WORDS[refusal.reason](policy.minNoticeMinutes, policy.horizonDays, policy.slotMinutes));
      case 'not_working':
        return BookingErrors.notWorking(refusal.field, refusal.staffMemberId ? 'is not working at that time' : `nobody who does service ${refusal.segment + 1} works at that time`);
      case 'not_qualified':
        return BookingErrors.staffNotQualified(
          refusal.field,
          refusal.field.endsWith('staffMemberId')
            ? request.online
              ? 'cannot do this service here, or is not bookable online'
              : 'cannot do this service in this store (skill, level, or not working here)'
            : 'nobody in this store can do this service',
        );
      case 'resource':
        return BookingErrors.resourceUnavailable(refusal.field, refusal.words);
      case 'taken':
        return BookingErrors.slotTaken(refusal.conflict, await this.nearest(request));
    }
  }

  /** Free times near the one asked for (the same day first, the staff asked for first), as the search shows them: read around it on refusal only. */
  private async nearest(request: SlotRequest): Promise<unknown[]> {
    const loaded = await this.load(request, AROUND_MS, this.clock.now());
    const fixed = request.services.flatMap((service) => (service.staffMemberId ? [service.staffMemberId] : []));
    const at = instantFormatter(loaded.problem.timeZone);
    return nearestSlots(loaded.problem, request.start, NEAREST_COUNT + 1, fixed)
      .filter((slot) => slot.start !== request.start)
      .slice(0, NEAREST_COUNT)
      .map((slot) => toSlotDto(slot, at));
  }
}

/** The problem without these staff for the services the caller left to anyone. */
function withoutStaff(problem: AvailabilityProblem, request: SlotRequest, staff: ReadonlySet<string>): AvailabilityProblem {
  return {
    ...problem,
    services: problem.services.map((service, k) =>
      request.services[k]?.staffMemberId ? service : { ...service, staff: service.staff.filter((c) => !staff.has(c.staffMemberId)) },
    ),
  };
}

const WINDOW_WORDS: Record<'before_notice' | 'beyond_horizon' | 'off_grid' | 'past', (notice: number, horizon: number, slot: number) => string> = {
  past: () => 'is in the past',
  before_notice: (notice) => `is too soon: this store takes bookings at least ${notice} minutes ahead`,
  beyond_horizon: (_notice, horizon) => `is too far ahead: this store takes bookings up to ${horizon} days ahead`,
  off_grid: (_notice, _horizon, slot) => `must be on the store's ${slot}-minute grid (e.g. 10:00, 10:${String(slot).padStart(2, '0')})`,
};

function actorRef(actor: Actor): BookedBy {
  return actor.kind === 'user' ? { type: 'user', id: actor.id } : { type: 'api_key', id: actor.id };
}

function sourceOf(channel: AppointmentChannel): 'walk_in' | 'online' | 'app' | 'phone' | 'partner' {
  switch (channel) {
    case 'walk_in':
      return 'walk_in';
    case 'phone':
      return 'phone';
    case 'partner':
      return 'partner';
    case 'online':
      return 'online';
    default:
      return 'app';
  }
}

function auditView(record: AppointmentRecord): object {
  return {
    number: record.number,
    status: record.status,
    customerId: record.customerId,
    channel: record.channel,
    startsAt: record.startsAt.toISOString(),
    endsAt: record.endsAt.toISOString(),
    segments: record.segments.map((segment) => ({
      variationId: segment.variationId,
      staffMemberId: segment.staffMemberId,
      resourceId: segment.resourceId,
      startsAt: segment.startsAt.toISOString(),
    })),
  };
}

function toHoldResponse(hold: { id: string; storeId: string; customerId: string | null; expiresAt: Date }, timeZone: string, slot: Slot): HoldResponseDto {
  const at = instantFormatter(timeZone);
  const dto = toSlotDto(slot, at);
  return {
    id: hold.id,
    storeId: hold.storeId,
    customerId: hold.customerId,
    expiresAt: at(hold.expiresAt.getTime()),
    start: dto.start,
    end: dto.end,
    segments: dto.segments,
    price: dto.price,
  };
}

function uuidOrNull(id: string | undefined): string | null {
  return id !== undefined && isUuid(id) ? id : null;
}
