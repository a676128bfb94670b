import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { moneyOf, type Money } from '../../../common/money/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { SchedulingService } from '../../scheduling/index.js';
import { AppointmentRecords } from '../booking/appointment-records.js';
import type { AppointmentState } from '../booking/appointment-state.js';

/** An appointment as the counter checks it out: who served what, at which price. */
export interface AppointmentForCheckout {
  id: string;
  number: string;
  storeId: string;
  customerId: string;
  status: AppointmentState;
  completedAt: Date | null;
  /** In position order: one per service given, with the staff member who gave it and the price booked. */
  services: Array<{ variationId: string; staffMemberId: string; price: Money }>;
}

/** A no-show or late-cancellation fee the store's policy recorded on an appointment, for checkout to collect. */
export interface RecordedFee {
  appointmentId: string;
  number: string;
  kind: 'no_show' | 'late_cancellation';
  startsAt: Date;
  fee: Money;
}

/**
 * What orders' counter checkout (issue 15) asks appointments: the appointment, locked for the caller's
 * transaction (two checkouts of one appointment take turns), the fees recorded for a customer, and the
 * names of the staff who served. Orders decides which fees are still owed (its own lines say which
 * were collected).
 */
@Injectable()
export class AppointmentCheckouts {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AppointmentRecords) private readonly records: AppointmentRecords,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
  ) {}

  /** The appointment, its row locked until the caller's transaction ends; null when there is none. */
  async lockForCheckout(id: string): Promise<AppointmentForCheckout | null> {
    const record = await this.records.find(id, { forUpdate: true });
    if (!record) return null;
    return {
      id: record.id,
      number: record.number,
      storeId: record.storeId,
      customerId: record.customerId,
      status: record.status,
      completedAt: record.completedAt,
      services: record.segments.map((segment) => ({ variationId: segment.variationId, staffMemberId: segment.staffMemberId, price: segment.price })),
    };
  }

  /** Every fee recorded on this customer's cancelled or missed appointments at this store, oldest first. */
  async recordedFees(customerId: string, storeId: string): Promise<RecordedFee[]> {
    if (!isUuid(customerId) || !isUuid(storeId)) return [];
    const rows = await this.db.rows<{ appointmentId: string; number: string; status: string; startsAt: Date; amount: string; currency: string }>(
      `SELECT id AS "appointmentId", number, status, starts_at AS "startsAt", fee_amount::text AS amount, fee_currency AS currency
         FROM appointment
        WHERE customer_id = $1 AND store_id = $2 AND status IN ('cancelled', 'no_show') AND fee_amount > 0
        ORDER BY starts_at, id`,
      [customerId, storeId],
    );
    return rows.map((row) => ({
      appointmentId: row.appointmentId,
      number: row.number,
      kind: row.status === 'no_show' ? 'no_show' : 'late_cancellation',
      startsAt: row.startsAt,
      fee: moneyOf(row.amount, row.currency.trim()),
    }));
  }

  /** The names staff go by with customers (receipts), by id. */
  staffNames(ids: readonly string[]): Promise<Map<string, string>> {
    return this.scheduling.staffDisplayNames(ids);
  }
}
