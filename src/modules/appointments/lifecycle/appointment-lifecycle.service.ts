import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock, instantFormatter } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import type { Actor } from '../../../common/http/request-context.js';
import type { Money } from '../../../common/money/index.js';
import { CustomersService, type CustomerActivity } from '../../customers/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import { assertVisible } from '../appointment-access.js';
import { AppointmentChanges, type AppointmentChangeKind } from '../appointment-changes.js';
import { AppointmentErrors } from '../appointments.errors.js';
import { BookingPolicies } from '../booking-policy/booking-policies.js';
import { AppointmentRecords, type AppointmentRecord } from '../booking/appointment-records.js';
import { appointmentStates, appointmentTransitions, UPCOMING_STATES, type AppointmentState } from '../booking/appointment-state.js';
import type { BookedBy } from '../booking/booking.service.js';
import { toAppointmentResponse, type AppointmentResponseDto } from '../booking/dto/appointment-response.dto.js';
import { cancellationTerms, noShowFee } from './cancellation-terms.js';

export interface TransitionOptions {
  /** If-Match: the version the caller saw (412 when stale). */
  expectedVersion?: number;
  /** Recorded as done by (a customer session or a reminder link: the customer), when not the actor. */
  by?: BookedBy;
  /** Only this customer's appointment (customer sessions, links): another's answers 404. */
  customerId?: string;
}

/** Notes and special requests; null clears one, left out keeps it. */
export interface AppointmentDetails {
  notes?: string | null;
  specialRequests?: string | null;
}

/** One move: its target, the change it records, the columns it sets and what it adds to the customer's figures. */
interface Move {
  to: AppointmentState;
  kind: AppointmentChangeKind;
  reason?: string | null;
  set?: Record<string, unknown>;
  activity?: CustomerActivity;
}

/** The reason the automatic no-show writes in the history. */
export const AUTOMATIC_NO_SHOW_REASON = 'never checked in';

/**
 * The life cycle of an appointment (appointment-state.ts): one public method per transition, each one
 * transaction that locks the appointment, moves the state and writes the history in one statement
 * (a refused move is a 409 naming the current state), sets the transition's columns, audits, and
 * records the change (AppointmentChanges: the durable event, the no-show deadline, notices).
 *
 * `actor` is who called: staff or an API key, checked against the appointment's store (404 for
 * another store's). Null is no signed-in caller: the system (a deadline), or, with `options.by`, a
 * customer acting by a reminder's link, whose token was checked by the caller.
 */
@Injectable()
export class AppointmentLifecycle {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(AppointmentChanges) private readonly changes: AppointmentChanges,
    @Inject(BookingPolicies) private readonly policies: BookingPolicies,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The customer says they will come. */
  @Transactional()
  async confirm(actor: Actor | null, id: string, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    return toAppointmentResponse(await this.move(actor, record, { to: 'confirmed', kind: 'confirmed' }, options));
  }

  /** The customer has arrived (confirmed or not). */
  @Transactional()
  async checkIn(actor: Actor | null, id: string, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    return toAppointmentResponse(await this.move(actor, record, { to: 'checked_in', kind: 'checked_in', set: { checked_in_at: this.clock.now() } }, options));
  }

  /** In service; a beautician starts only an appointment in which she performs a service. */
  @Transactional()
  async start(actor: Actor | null, id: string, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    await this.assertPerformer(actor, record);
    return toAppointmentResponse(await this.move(actor, record, { to: 'in_service', kind: 'started' }, options));
  }

  /** Done (from in service, or straight from checked in): a visit on the customer's figures. */
  @Transactional()
  async complete(actor: Actor | null, id: string, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    await this.assertPerformer(actor, record);
    const now = this.clock.now();
    return toAppointmentResponse(await this.move(actor, record, { to: 'completed', kind: 'completed', set: { completed_at: now }, activity: { visitAt: now } }, options));
  }

  /**
   * Cancelled by whom (the actor or `options.by`), why (required of staff, optional for a customer);
   * late when inside the store's cancellation window: counted on the customer, the fee recorded for
   * checkout. Frees the appointment's time for others.
   */
  @Transactional()
  async cancel(actor: Actor | null, id: string, reason: string | null, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    if (options.by?.type !== 'customer' && !reason) throw AppointmentErrors.reasonRequired();
    const now = this.clock.now();
    const terms = cancellationTerms(record.startsAt, now, await this.policies.forStore(record.storeId));
    const who = this.who(actor, options.by);
    const set = { cancelled_at: now, cancel_reason: reason, cancelled_by_type: who.kind, cancelled_by_id: who.id, late_cancellation: terms.late, ...feeColumns(terms.fee) };
    const activity = terms.late ? { lateCancellation: true } : undefined;
    return toAppointmentResponse(await this.move(actor, record, { to: 'cancelled', kind: 'cancelled', reason, set, activity }, options));
  }

  /** The customer did not come (the front desk says so once the start has passed): counted on the customer, the policy's fee recorded. */
  @Transactional()
  async noShow(actor: Actor | null, id: string, reason: string | null, options: TransitionOptions = {}): Promise<AppointmentResponseDto> {
    const record = await this.load(actor, id, options);
    if (appointmentStates.canTransition(record.status, 'no_show') && this.clock.nowMs() < record.startsAt.getTime()) {
      throw AppointmentErrors.notStartedYet(instantFormatter(record.timeZone)(record.startsAt.getTime()));
    }
    return toAppointmentResponse(await this.markNoShow(actor, record, reason, options));
  }

  /**
   * The no-show deadline's: marks the appointment a no-show (by the system) if the customer never
   * came, i.e. it is still booked or confirmed, and its store still wants that done (its policy's
   * `noShowAfterMinutes` may have been turned off since); answers whether it did.
   */
  @Transactional()
  async noShowIfNeverCame(id: string): Promise<boolean> {
    const record = await this.records.find(id, { forUpdate: true });
    if (!record || !UPCOMING_STATES.includes(record.status)) return false;
    if ((await this.policies.forStore(record.storeId)).noShowAfterMinutes === null) return false;
    await this.markNoShow(null, record, AUTOMATIC_NO_SHOW_REASON, {});
    return true;
  }

  /** Notes and special requests (If-Match required): nothing about time or people. */
  @Transactional()
  async updateDetails(actor: Actor | null, id: string, details: AppointmentDetails, options: TransitionOptions & { expectedVersion: number }): Promise<AppointmentResponseDto> {
    const changes: Array<readonly [string, unknown]> = [];
    if (details.notes !== undefined) changes.push(['notes', details.notes]);
    if (details.specialRequests !== undefined) changes.push(['special_requests', details.specialRequests]);
    if (changes.length === 0) throw AppointmentErrors.nothingToChange();
    const before = await this.load(actor, id, options);
    await updateVersioned(this.db, { table: 'appointment', id, expectedVersion: options.expectedVersion, changes, returning: 'id' });
    const after = (await this.records.find(id))!;
    await this.audit.record({
      action: 'appointment.details',
      entityType: 'appointment',
      entityId: id,
      storeId: after.storeId,
      before: { notes: before.notes, specialRequests: before.specialRequests, version: before.version },
      after: { notes: after.notes, specialRequests: after.specialRequests, version: after.version },
    });
    await this.changes.record({ kind: 'details', appointment: after, actor, by: options.by });
    return toAppointmentResponse(after);
  }

  /** The appointment, locked for this transaction, if the caller may act on it (404 otherwise) and at the version they saw (412). */
  private async load(actor: Actor | null, id: string, options: TransitionOptions): Promise<AppointmentRecord> {
    const found = await this.records.find(id, { forUpdate: true });
    const record = actor ? assertVisible(actor, found, id) : found;
    if (!record || (options.customerId !== undefined && record.customerId !== options.customerId)) throw AppointmentErrors.notFound(id);
    if (options.expectedVersion !== undefined) assertVersion(record, options.expectedVersion);
    return record;
  }

  /** A beautician may start or complete only appointments in which she performs a service; everyone else the route lets through. */
  private async assertPerformer(actor: Actor | null, record: AppointmentRecord): Promise<void> {
    if (actor?.kind !== 'user' || actor.role !== 'beautician') return;
    const staffMemberId = await this.scheduling.staffMemberIdOf(actor);
    if (!staffMemberId || !record.segments.some((segment) => segment.staffMemberId === staffMemberId)) throw AppointmentErrors.notYourAppointment(record.id);
  }

  private async markNoShow(actor: Actor | null, record: AppointmentRecord, reason: string | null, options: TransitionOptions): Promise<AppointmentRecord> {
    const fee = noShowFee(await this.policies.forStore(record.storeId));
    return this.move(actor, record, { to: 'no_show', kind: 'no_show', reason, set: feeColumns(fee), activity: { noShow: true } }, options);
  }

  private async move(actor: Actor | null, record: AppointmentRecord, move: Move, options: TransitionOptions): Promise<AppointmentRecord> {
    const who = this.who(actor, options.by);
    await appointmentTransitions.apply(this.db, { id: record.id, to: move.to, reason: move.reason ?? null, actor, by: options.by, set: move.set });
    // A cancelled or missed appointment no longer holds staff or resource time: others may book it.
    if (move.to === 'cancelled' || move.to === 'no_show') await this.db.execute('UPDATE booking_segment SET active = false WHERE appointment_id = $1', [record.id]);
    if (move.activity) await this.customers.recordActivity(record.customerId, move.activity);
    const after = (await this.records.find(record.id))!;
    await this.audit.record({
      action: `appointment.${move.kind}`,
      entityType: 'appointment',
      entityId: record.id,
      storeId: record.storeId,
      before: { status: record.status, version: record.version },
      after: { status: after.status, version: after.version, reason: move.reason ?? null, by: who.kind === 'customer' ? who : undefined, fee: after.fee },
    });
    await this.changes.record({ kind: move.kind, appointment: after, actor, by: options.by, reason: move.reason ?? null });
    return after;
  }

  /** Who the history and the cancellation name: the customer the caller acts for, else the caller, else the system. */
  private who(actor: Actor | null, by: BookedBy | undefined): { kind: string; id: string | null } {
    if (by) return { kind: by.type, id: by.id };
    return actor ? { kind: actor.kind, id: actor.id } : { kind: 'system', id: null };
  }
}

function feeColumns(fee: Money | null): Record<string, unknown> {
  return { fee_amount: fee?.amount ?? null, fee_currency: fee?.currency ?? null };
}
