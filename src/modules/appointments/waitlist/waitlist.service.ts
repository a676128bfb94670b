import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, daysBetween, instantFormatter, minutesOf, todayIn } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../../common/errors/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CustomersService } from '../../customers/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { BookingService } from '../booking/booking.service.js';
import type { AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';
import type { CreateWaitlistEntryDto, WaitlistEntryResponseDto, WaitlistQueryDto } from './dto/waitlist.dto.js';
import { MAX_WAIT_DAYS } from './dto/waitlist.dto.js';
import { WaitlistOffers } from './waitlist-offers.js';
import { BY_QUEUE, findWaitlistEntry, toWaitlistResponse, WAITLIST_COLUMNS, type WaitlistRow } from './waitlist-rows.js';
import { waitlistTransitions } from './waitlist-state.js';

/**
 * The waitlist at the desk (/v1/waitlist): putting a customer on it, reading the queue, taking them
 * off, and booking an offered slot when the customer says yes. Offering freed slots is WaitlistOffers'.
 */
@Injectable()
export class WaitlistService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(BookingService) private readonly booking: BookingService,
    @Inject(WaitlistOffers) private readonly offers: WaitlistOffers,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateWaitlistEntryDto): Promise<WaitlistEntryResponseDto> {
    if (!canSeeStore(actor, dto.storeId)) throw AppointmentErrors.storeNotFound(dto.storeId);
    const timeZone = await this.stores.getTimeZone(dto.storeId);
    const fieldErrors = this.rangeErrors(dto, todayIn(timeZone, this.clock.nowMs()));
    if (fieldErrors.length) throw CommonErrors.validation(fieldErrors);
    const customerId = await this.customers.resolveId(dto.customerId);
    if (!customerId) throw CommonErrors.referenceNotFound('customerId', 'customer', [dto.customerId]);
    await this.checkServices(dto);

    const [{ id }] = await this.db.rows<{ id: string }>(
      `INSERT INTO waitlist_entry (store_id, customer_id, variation_ids, staff_member_id, date_from, date_to, time_from, time_to, notes)
       VALUES ($1, $2, $3::uuid[], $4, $5, $6, $7, $8, $9) RETURNING id`,
      [dto.storeId, customerId, dto.variationIds, dto.staffMemberId ?? null, dto.dateFrom, dto.dateTo, dto.timeFrom ?? null, dto.timeTo ?? null, dto.notes ?? null],
    );
    const created = toWaitlistResponse(await findWaitlistEntry(this.db, id));
    await this.audit.record({ action: 'waitlist_entry.create', entityType: 'waitlist_entry', entityId: id, storeId: dto.storeId, after: created });
    return created;
  }

  /** The queue, oldest first, in the caller's stores. */
  async list(actor: Actor, query: WaitlistQueryDto): Promise<Page<WaitlistEntryResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw AppointmentErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_QUEUE.decode(query.cursor);
    const rows = await this.db.rows<WaitlistRow>(
      `SELECT ${WAITLIST_COLUMNS} FROM waitlist_entry w
        WHERE ($1::uuid[] IS NULL OR w.store_id = ANY($1)) AND ($2::uuid IS NULL OR w.store_id = $2) AND ($3::text IS NULL OR w.status = $3)
          AND ($4::uuid IS NULL OR w.customer_id = $4) AND ($5::timestamptz IS NULL OR (w.created_at, w.id) > ($5, $6::uuid))
        ORDER BY w.created_at, w.id LIMIT $7`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.status ?? null, query.customerId ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toWaitlistResponse), nextCursor: rows.length > limit && last ? BY_QUEUE.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<WaitlistEntryResponseDto> {
    return toWaitlistResponse(await this.visible(actor, id));
  }

  /** Takes the customer off the list. An offer they held ends; when nobody else holds it, the slot is free again. */
  @Transactional()
  async cancel(actor: Actor, id: string): Promise<WaitlistEntryResponseDto> {
    const before = await this.lockWithOffer(actor, id);
    await waitlistTransitions.apply(this.db, { id, to: 'cancelled', actor, reason: 'taken off the waitlist' });
    if (before.status === 'offered' && before.offerHoldId) await this.offers.releaseIfUnclaimed(actor, before.offerHoldId);
    const after = toWaitlistResponse(await findWaitlistEntry(this.db, id));
    await this.audit.record({
      action: 'waitlist_entry.cancel',
      entityType: 'waitlist_entry',
      entityId: id,
      storeId: before.storeId,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version },
    });
    return after;
  }

  /**
   * Books the offered slot for the entry's customer, as booked by phone (they answered the store). Every accept of one offer first locks the offer's
   * hold, so they queue: the first books it and ends the others' offers (back to waiting); the next
   * finds its entry waiting again and answers `waitlist.offer_taken`.
   */
  @Transactional()
  async accept(actor: Actor, id: string): Promise<AppointmentResponseDto> {
    const entry = await this.lockWithOffer(actor, id);
    if (entry.status !== 'offered') throw await this.whyNotOffered(entry);
    if (entry.offerExpiresAt!.getTime() <= this.clock.nowMs()) throw AppointmentErrors.offerExpired(instantFormatter(entry.timeZone)(entry.offerExpiresAt!.getTime()));
    const holdId = entry.offerHoldId!;
    const appointment = await this.booking.book(actor, { holdId, customerId: entry.customerId, channel: 'phone' });
    await waitlistTransitions.apply(this.db, { id, to: 'booked', actor, reason: `booked ${appointment.number}`, set: { appointment_id: appointment.id } });
    await this.offers.endOtherOffers(holdId, id, `taken: ${appointment.number} booked for another waiting customer`);
    await this.audit.record({
      action: 'waitlist_entry.accept',
      entityType: 'waitlist_entry',
      entityId: id,
      storeId: entry.storeId,
      before: { status: entry.status, holdId },
      after: { status: 'booked', appointmentId: appointment.id },
    });
    return appointment;
  }

  private async visible(actor: Actor, id: string): Promise<WaitlistRow> {
    const row = await findWaitlistEntry(this.db, id);
    if (!canSeeStore(actor, row.storeId)) throw AppointmentErrors.waitlistNotFound(id);
    return row;
  }

  /** The entry, locked after the hold of its offer (always in that order: accepts and cancels of one offer never deadlock). */
  private async lockWithOffer(actor: Actor, id: string): Promise<WaitlistRow> {
    const peek = await this.visible(actor, id);
    if (peek.offerHoldId) await this.db.rows('SELECT id FROM appointment_hold WHERE id = $1 FOR UPDATE', [peek.offerHoldId]);
    return findWaitlistEntry(this.db, id, { forUpdate: true });
  }

  /** A late accept: taken when another customer booked the same offer; expired when it simply ran out. */
  private async whyNotOffered(entry: WaitlistRow): Promise<Error> {
    if (entry.status !== 'waiting' || !entry.offerHoldId) return AppointmentErrors.notOffered(entry.status);
    const [taken] = await this.db.rows('SELECT 1 FROM waitlist_entry WHERE offer_hold_id = $1 AND status = $2', [entry.offerHoldId, 'booked']);
    if (taken) return AppointmentErrors.offerTaken();
    return AppointmentErrors.offerExpired(instantFormatter(entry.timeZone)(entry.offerExpiresAt!.getTime()));
  }

  private rangeErrors(dto: CreateWaitlistEntryDto, today: string): FieldError[] {
    const errors: FieldError[] = [];
    if (dto.dateTo < dto.dateFrom) errors.push({ field: 'dateTo', message: 'must not be before dateFrom' });
    else if (daysBetween(dto.dateFrom, dto.dateTo) + 1 > MAX_WAIT_DAYS)
      errors.push({ field: 'dateTo', message: `must be at most ${MAX_WAIT_DAYS} days after dateFrom, both counted` });
    else if (dto.dateTo < today) errors.push({ field: 'dateTo', message: `is in the past (today is ${today} at this store)` });
    if (dto.timeFrom !== undefined && dto.timeTo !== undefined && minutesOf(dto.timeTo) <= minutesOf(dto.timeFrom)) {
      errors.push({ field: 'timeTo', message: 'must be after timeFrom' });
    }
    return errors;
  }

  /** Each variation is sold at the store, and the staff member asked for does every one of them there. */
  private async checkServices(dto: CreateWaitlistEntryDto): Promise<void> {
    const unavailable: FieldError[] = [];
    const notDone: FieldError[] = [];
    for (const [index, variationId] of dto.variationIds.entries()) {
      const qualified = await this.scheduling.qualifiedStaff(variationId, dto.storeId);
      if (!qualified.variation) unavailable.push({ field: `variationIds[${index}]`, message: 'is not a service this store offers' });
      else if (dto.staffMemberId && !qualified.staff.some((member) => member.staffMemberId === dto.staffMemberId)) {
        notDone.push({ field: 'staffMemberId', message: `does not do ${qualified.variation.serviceName} at this store` });
      }
    }
    if (unavailable.length) throw AppointmentErrors.variationUnavailable(unavailable);
    if (notDone.length) throw CommonErrors.validation(notDone.slice(0, 1));
  }
}
