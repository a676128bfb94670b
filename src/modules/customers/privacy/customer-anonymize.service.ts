import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { privacyFor } from './customer-privacy.js';
import { findCustomer, historyIds, type ProfileField } from '../profile/customer-rows.js';
import { CUSTOMER_COLUMNS } from '../profile/customer-sql.js';
import type { Customer } from '../profile/customer.entity.js';
import { toCustomerResponse, type CustomerResponseDto } from '../dto/customer-response.dto.js';
import { CustomerErrors } from '../customers.errors.js';
import { CUSTOMER_ANONYMIZED } from '../customers.events.js';

export const ANONYMIZED_NAME = 'Anonymized customer';

/** What anonymization clears besides the preferred staff (source, home store, referrer and figures stay: they are not personal); the language goes back to the default. */
const ERASED: ProfileField[] = [
  'name',
  'phone',
  'otherPhones',
  'email',
  'otherEmails',
  'gender',
  'birthday',
  'addresses',
  'careNotes',
  'tags',
  'consents',
  'notes',
  'locale',
  'preferredChannel',
  'wechatOpenId',
  'notificationOptOuts',
];

/**
 * Erasure (PIPL art. 47, GDPR art. 17) without losing the books: personal data is overwritten for
 * good, while the record, its figures and every transactional reference to it stay. Records merged
 * into the customer are erased with it (they hold the same person's data).
 */
@Injectable()
export class CustomerAnonymizeService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
  ) {}

  /** Idempotent: anonymizing an anonymized customer answers it as it is and records nothing. */
  @Transactional()
  async anonymize(actor: Actor, id: string): Promise<CustomerResponseDto> {
    const row = await findCustomer(this.db, id, 'update');
    if (row.status === 'anonymized') return toCustomerResponse(row, privacyFor(actor));
    if (row.status === 'merged') throw CustomerErrors.merged(row.id, row.mergedIntoId!);
    const ids = await historyIds(this.db, id);
    // Every number goes (clearing `phone` would too, but after the row below is read back).
    await this.db.execute('DELETE FROM customer_phone WHERE customer_id = ANY($1::uuid[])', [ids]);
    const rows = await this.db.rows<Customer>(
      `UPDATE customer SET name = $2, name_pinyin = NULL, name_initials = NULL, phone = NULL, email = NULL, other_emails = '{}', gender = NULL, birthday = NULL, addresses = '[]', care_notes = NULL,
         tags = '{}', consents = '{}', notes = NULL, locale = DEFAULT, preferred_channel = NULL, wechat_open_id = NULL, notification_opt_outs = '{}', preferred_staff_ids = '{}', status = CASE WHEN id = $3 THEN 'anonymized' ELSE status END,
         version = version + 1, updated_at = now()
       WHERE id = ANY($1::uuid[]) RETURNING ${CUSTOMER_COLUMNS}`,
      [ids, ANONYMIZED_NAME, id],
    );
    // Note bodies and block reasons are erased; the notes stay (who wrote one and when is staff history, not personal data).
    await this.db.execute(`UPDATE customer_note SET body = '' WHERE customer_id = ANY($1::uuid[])`, [ids]);
    await this.db.execute('UPDATE customer_status_event SET reason = NULL WHERE customer_id = ANY($1::uuid[])', [ids]);
    const after = rows.find((r) => r.id === id)!;
    await this.audit.record({
      action: 'customer.anonymize',
      entityType: 'customer',
      entityId: id,
      before: { status: row.status, version: row.version },
      after: { status: after.status, version: after.version, fields: [...ERASED, 'preferredStaffIds'], mergedRecordIds: ids.slice(1) },
    });
    await this.events.publish(CUSTOMER_ANONYMIZED, { customerId: id });
    return toCustomerResponse(after, privacyFor(actor));
  }
}
