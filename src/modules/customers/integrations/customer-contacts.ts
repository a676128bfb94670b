import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { isUuid } from '../../../common/validation/index.js';
import { NotificationRecipients, type CustomerContact, type CustomerContactResolver } from '../../notifications/index.js';
import type { Consents, CustomerLocale, CustomerStatus, PreferredChannel } from '../profile/customer.entity.js';

interface ContactRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  wechatOpenId: string | null;
  locale: CustomerLocale;
  preferredChannel: PreferredChannel | null;
  consents: Consents;
  optOuts: string[];
  homeStoreId: string | null;
  status: CustomerStatus;
}

/**
 * What notifications may know about customers (how to reach them, in which language, what they agreed
 * to), registered with NotificationRecipients at boot: notifications imports no business module.
 */
@Injectable()
export class CustomerContacts implements CustomerContactResolver, OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
  ) {}

  onModuleInit(): void {
    this.recipients.registerCustomers(this);
  }

  /**
   * The contacts of these customers, in one query (on the caller's transaction when there is one).
   * An id that names no customer is left out of the map. Anonymized and merged records answer
   * `reachable: false` (a merged one's messages belong to its survivor: `CustomersService.resolveId`).
   */
  async contacts(customerIds: string[]): Promise<Map<string, CustomerContact>> {
    const ids = [...new Set(customerIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const contacts = new Map<string, CustomerContact>();
    if (ids.length === 0) return contacts;
    const rows = await this.db.rows<ContactRow>(
      `SELECT id, name, phone, email, wechat_open_id AS "wechatOpenId", locale, preferred_channel AS "preferredChannel", consents,
              notification_opt_outs AS "optOuts", home_store_id AS "homeStoreId", status
         FROM customer WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    // Keyed by the ids as the caller gave them (any letter case).
    for (const id of customerIds) {
      const row = isUuid(id) ? byId.get(id.toLowerCase()) : undefined;
      if (row) contacts.set(id, toContact(row));
    }
    return contacts;
  }
}

function toContact(row: ContactRow): CustomerContact {
  return {
    customerId: row.id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    wechatOpenId: row.wechatOpenId,
    locale: row.locale,
    preferredChannel: row.preferredChannel,
    marketingConsent: { sms: row.consents.sms?.granted === true, email: row.consents.email?.granted === true, wechat: row.consents.wechat?.granted === true },
    optedOut: row.optOuts,
    homeStoreId: row.homeStoreId,
    // Blocked customers take no new bookings, but still hear about what they have.
    reachable: row.status === 'active' || row.status === 'blocked',
  };
}
