import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DomainError } from '../../../common/errors/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CatalogService } from '../../catalog/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { StoresService } from '../../stores/index.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import { BookingService, type BookedBy } from '../booking/booking.service.js';
import { freedSlot, type FreedSlot } from './freed-slot.js';
import { waitlistStates, waitlistTransitions } from './waitlist-state.js';
import { WAITLIST_OFFER } from './waitlist.notifications.js';

/**
 * The waitlist takes holds as the system, not as whoever cancelled: an actor that sees every store,
 * recorded on the hold as `system`.
 */
const WAITLIST_ACTOR: Actor = { kind: 'api_key', id: '00000000-0000-4000-8000-000000000000', scopes: ['appointments:write'], storeIds: 'all', name: 'waitlist' };
const SYSTEM: BookedBy = { type: 'system', id: null };

interface Candidate {
  id: string;
  customerId: string;
}

/**
 * Offers freed slots to waiting customers. It listens to the durable events of a cancel and a
 * reschedule (not an AppointmentReaction: a cancel never fails or waits because of the waitlist), in
 * a worker, once per event. The oldest WAITLIST_OFFER_COUNT matching entries (one per customer) share
 * ONE hold on the slot for WAITLIST_OFFER_MINUTES and each get a message; the first to accept books it
 * (WaitlistService.accept), which ends the others' offers.
 */
@Injectable()
export class WaitlistOffers {
  private readonly logger = new Logger('WaitlistOffers');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(BookingService) private readonly booking: BookingService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
  ) {}

  @OnDurableEvent('appointment.cancelled', { name: 'appointments.waitlist-offer-cancelled' })
  async onCancelled(event: DeliveredEvent<'appointment.cancelled'>): Promise<void> {
    await this.offerFreedSlot(event.payload.appointmentId, null);
  }

  @OnDurableEvent('appointment.rescheduled', { name: 'appointments.waitlist-offer-rescheduled' })
  async onRescheduled(event: DeliveredEvent<'appointment.rescheduled'>): Promise<void> {
    if (event.payload.previousStartsAt) await this.offerFreedSlot(event.payload.appointmentId, new Date(event.payload.previousStartsAt));
  }

  /**
   * Offers the time the appointment freed (where it was before a reschedule, when given) to the first
   * waiting customers; answers the entries offered it. Nothing when the time has passed, nobody waits
   * for it, or it cannot be held (someone else booked it meanwhile, the store's notice): that is no error.
   * Runs in the caller's transaction (the event's delivery).
   */
  async offerFreedSlot(appointmentId: string, previousStartsAt: Date | null): Promise<string[]> {
    this.db.requireTransaction('waitlist offer');
    const record = await this.records.find(appointmentId);
    if (!record) return [];
    const slot = freedSlot(record, previousStartsAt);
    if (slot.startsAt.getTime() <= this.clock.nowMs()) return [];
    const candidates = await this.matching(slot, record.customerId);
    if (candidates.length === 0) return [];
    const hold = await this.holdSlot(slot, appointmentId);
    if (!hold) return [];

    const offered: Candidate[] = [];
    for (const candidate of candidates) {
      if (await this.markOffered(candidate.id, hold, `the slot of ${record.number} freed`)) offered.push(candidate);
    }
    if (offered.length === 0) {
      // Another offer took them all meanwhile: free the slot again.
      await this.booking.releaseHold(WAITLIST_ACTOR, hold.id, { bookedBy: SYSTEM });
      return [];
    }
    await this.tell(offered, slot, hold);
    return offered.map((entry) => entry.id);
  }

  /** After one accepted: the others offered the same hold wait again, for the next freed slot. */
  async endOtherOffers(holdId: string, acceptedId: string, reason: string): Promise<void> {
    const others = await this.db.rows<{ id: string }>(`SELECT id FROM waitlist_entry WHERE offer_hold_id = $1 AND status = 'offered' AND id <> $2 ORDER BY created_at, id`, [
      holdId,
      acceptedId,
    ]);
    for (const other of others) await waitlistTransitions.apply(this.db, { id: other.id, to: 'waiting', reason });
  }

  /** When nobody holds the offer any more (the last one offered was taken off the list), the slot is free again at once. */
  async releaseIfUnclaimed(actor: Actor, holdId: string): Promise<void> {
    const [claimed] = await this.db.rows(`SELECT 1 FROM waitlist_entry WHERE offer_hold_id = $1 AND status = 'offered'`, [holdId]);
    const [live] = await this.db.rows('SELECT 1 FROM appointment_hold WHERE id = $1', [holdId]);
    if (!claimed && live) await this.booking.releaseHold(actor, holdId, { bookedBy: SYSTEM });
  }

  /**
   * Waiting entries of the store for exactly these services, whose dates hold the slot's local date,
   * whose time window holds its local start and end, and whose staff member (if they named one) does
   * it; the oldest first, one per customer, never the customer who freed it.
   */
  private matching(slot: FreedSlot, freedBy: string): Promise<Candidate[]> {
    return this.db.rows<Candidate>(
      `SELECT id, customer_id AS "customerId" FROM (
         SELECT DISTINCT ON (w.customer_id) w.id, w.customer_id, w.created_at FROM waitlist_entry w
          WHERE w.store_id = $1 AND w.status = 'waiting' AND w.customer_id <> $2
            AND w.variation_ids @> $3::uuid[] AND w.variation_ids <@ $3::uuid[]
            AND $4::date BETWEEN w.date_from AND w.date_to
            AND (w.time_from IS NULL OR (extract(epoch FROM w.time_from) / 60 <= $5 AND extract(epoch FROM w.time_to) / 60 >= $6))
            AND (w.staff_member_id IS NULL OR w.staff_member_id = ANY($7::uuid[]))
          ORDER BY w.customer_id, w.created_at, w.id) first
        ORDER BY created_at, id LIMIT $8`,
      [slot.storeId, freedBy, slot.variationIds, slot.localDate, slot.startMinutes, slot.endMinutes, slot.staffMemberIds, this.config.WAITLIST_OFFER_COUNT],
    );
  }

  /** One hold for everyone offered, for WAITLIST_OFFER_MINUTES; null (and nothing written) when the slot cannot be held. */
  private async holdSlot(slot: FreedSlot, appointmentId: string): Promise<{ id: string; expiresAt: Date } | null> {
    await this.db.execute('SAVEPOINT waitlist_hold');
    try {
      // Longer than a booking's hold: the customers need time to answer.
      const hold = await this.booking.hold(
        WAITLIST_ACTOR,
        { storeId: slot.storeId, startsAt: slot.startsAt.toISOString(), services: slot.services, mode: slot.mode },
        { bookedBy: SYSTEM, holdMinutes: this.config.WAITLIST_OFFER_MINUTES },
      );
      await this.db.execute('RELEASE SAVEPOINT waitlist_hold');
      return { id: hold.id, expiresAt: new Date(hold.expiresAt) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.db.execute('ROLLBACK TO SAVEPOINT waitlist_hold');
      this.logger.log({ code: error.code, appointmentId }, 'a freed slot could not be held for the waitlist');
      return null;
    }
  }

  /** False when the entry is no longer waiting (another offer took it meanwhile). */
  private async markOffered(id: string, hold: { id: string; expiresAt: Date }, reason: string): Promise<boolean> {
    try {
      await waitlistTransitions.apply(this.db, {
        id,
        to: 'offered',
        actor: null,
        reason,
        set: { offer_hold_id: hold.id, offered_at: this.clock.now(), offer_expires_at: hold.expiresAt },
      });
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === `${waitlistStates.entity}.invalid_transition`) return false;
      throw error;
    }
  }

  private async tell(offered: Candidate[], slot: FreedSlot, hold: { id: string; expiresAt: Date }): Promise<void> {
    const [store] = await this.stores.describeStores([slot.storeId]);
    const names: string[] = [];
    for (const variationId of slot.variationIds) {
      const variation = await this.catalog.variationForStore(variationId, slot.storeId);
      if (variation) names.push(variation.serviceName);
    }
    const local = (instant: Date) => formatInstant(instant.getTime(), store.timeZone).slice(0, 16).replace('T', ' ');
    const variables = { storeName: store.name, services: names.join(' + '), start: local(slot.startsAt), expiresAt: local(hold.expiresAt) };
    for (const entry of offered) {
      // Urgent: quiet hours would hold the message past the offer's end.
      await this.notifications.toCustomer(entry.customerId, WAITLIST_OFFER.key, variables, {
        storeId: slot.storeId,
        urgent: true,
        dedupeKey: `waitlist.offer:${entry.id}:${hold.id}`,
      });
    }
  }
}
