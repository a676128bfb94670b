import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';

/**
 * Customer sessions follow their customer, by the customers module's events (identity does not import
 * customers): a merged record's sessions go on as the survivor's, an anonymized customer's end.
 */
@Injectable()
export class CustomerSessionFollowers {
  constructor(@Inject(Db) private readonly db: Db) {}

  @OnDurableEvent('customer.merged', { name: 'identity.customer-sessions-follow-merge' })
  async followMerge(event: DeliveredEvent<'customer.merged'>): Promise<void> {
    await this.db.execute('UPDATE customer_session SET customer_id = $2 WHERE customer_id = $1', [event.payload.mergedId, event.payload.survivorId]);
  }

  @OnDurableEvent('customer.anonymized', { name: 'identity.customer-sessions-end-on-erasure' })
  async endOnErasure(event: DeliveredEvent<'customer.anonymized'>): Promise<void> {
    await this.db.execute('UPDATE customer_session SET revoked_at = now() WHERE customer_id = $1 AND revoked_at IS NULL', [event.payload.customerId]);
  }
}
