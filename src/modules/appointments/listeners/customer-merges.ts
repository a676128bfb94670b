import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';

/**
 * Appointments, holds and places on the waitlist follow their customer into the survivor of a merge
 * (DESIGN §5: references move when customers merge), so the survivor's views, and their customer
 * session, see them.
 */
@Injectable()
export class AppointmentsFollowCustomerMerges {
  constructor(@Inject(Db) private readonly db: Db) {}

  @OnDurableEvent('customer.merged', { name: 'appointments.move-customer-refs' })
  async move(event: DeliveredEvent<'customer.merged'>): Promise<void> {
    const { mergedId, survivorId } = event.payload;
    await this.db.execute('UPDATE appointment SET customer_id = $2, version = version + 1, updated_at = now() WHERE customer_id = $1', [mergedId, survivorId]);
    await this.db.execute('UPDATE appointment_hold SET customer_id = $2 WHERE customer_id = $1', [mergedId, survivorId]);
    await this.db.execute('UPDATE waitlist_entry SET customer_id = $2, version = version + 1, updated_at = now() WHERE customer_id = $1', [mergedId, survivorId]);
  }
}
