import { OTHER_PHONES_SQL } from './customer-phones.js';

/** SQL shared by the customers services: the columns of a customer as a `Customer`-shaped row (from `customer`, unaliased). */
export const CUSTOMER_COLUMNS = `id, name, phone, ${OTHER_PHONES_SQL} AS "otherPhones", email, other_emails AS "otherEmails", gender, to_char(birthday, 'YYYY-MM-DD') AS birthday, addresses, source,
  referred_by_id AS "referredById", home_store_id AS "homeStoreId", care_notes AS "careNotes", tags, consents, notes,
  status, merged_into_id AS "mergedIntoId", visit_count AS "visitCount", first_visit_at AS "firstVisitAt",
  last_visit_at AS "lastVisitAt", ticket_count AS "ticketCount", spend_total AS "spendTotal",
  spend_currency AS "spendCurrency", no_show_count AS "noShowCount", version, created_at AS "createdAt", updated_at AS "updatedAt"`;
