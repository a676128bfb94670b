/**
 * A customer's phone numbers: the primary (`customer.phone`) and the others, all in
 * `customer_phone`, each held by one customer only. Everything that asks "whose number is this?"
 * asks here: the duplicate check of create and edit, the phone search, the CSV import. The e-mail
 * search's match, which looks at the other e-mails too, is here as well.
 */
import type { Db } from '../../../common/database/index.js';
import { maskPhone } from '../../../common/validation/index.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import type { CustomerOtherPhone } from './customer-profile.js';

/** The constraints a number another customer holds runs into (the primary's column, or the book). */
export const PHONE_CONSTRAINTS: readonly string[] = ['uq_customer_phone', 'pk_customer_phone'];

/**
 * SQL (for a query over `customer`) that is true when the customer holds the number `placeholder`
 * (E.164) among any of its phones; with `suffix`, when one of them ends with those 4 digits.
 */
export function phoneMatchSql(placeholder: string, suffix: boolean): string {
  return `customer.id IN (SELECT customer_id FROM customer_phone WHERE ${suffix ? `right(number, 4) = ${placeholder}` : `number = ${placeholder}`})`;
}

/**
 * SQL (for a query over `customer`) that is true when the e-mail `placeholder` is the customer's
 * `email` (citext: any case; ix_customer_email) or one of its `other_emails` (lower-case; GIN).
 */
export function emailMatchSql(placeholder: string): string {
  return `(email = ${placeholder} OR other_emails @> ARRAY[lower(${placeholder})])`;
}

/** The column list expression giving a customer row its other numbers, oldest first (see CUSTOMER_COLUMNS). */
export const OTHER_PHONES_SQL = `coalesce((SELECT jsonb_agg(jsonb_build_object('number', p.number, 'label', p.label) ORDER BY p.created_at, p.number)
  FROM customer_phone p WHERE p.customer_id = customer.id AND NOT p.is_primary), '[]'::jsonb)`;

/** Who holds these numbers (E.164), primary or not: number → customer id. The CSV import's duplicate check uses it. */
export async function phoneHolders(db: Db, numbers: readonly string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db.rows<{ number: string; customerId: string }>('SELECT number, customer_id AS "customerId" FROM customer_phone WHERE number = ANY($1::text[])', [numbers]);
  return new Map(rows.map((row) => [row.number, row.customerId]));
}

/**
 * Sets the customer's other numbers to `phones` (the primary stays: it follows `customer.phone`).
 * Numbers it keeps keep their history (when added, which merge brought them). Answers the numbers
 * it could not take because another customer holds them (the caller refuses the change).
 */
export async function replaceOtherPhones(db: Db, customerId: string, phones: readonly CustomerOtherPhone[]): Promise<string[]> {
  const numbers = phones.map((p) => p.number);
  await db.execute('DELETE FROM customer_phone WHERE customer_id = $1 AND NOT is_primary AND NOT (number = ANY($2::text[]))', [customerId, numbers]);
  if (phones.length === 0) return [];
  // A number another customer holds is left alone (no row comes back for it); so is this one's primary.
  const written = await db.rows<{ number: string }>(
    `INSERT INTO customer_phone (number, customer_id, label)
     SELECT p.number, $1, p.label FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS p(number, label, n) ORDER BY p.n
     ON CONFLICT (number) DO UPDATE SET label = EXCLUDED.label
       WHERE customer_phone.customer_id = EXCLUDED.customer_id AND NOT customer_phone.is_primary
     RETURNING number`,
    [customerId, numbers, phones.map((p) => p.label)],
  );
  const taken = new Set(written.map((row) => row.number));
  return numbers.filter((number) => !taken.has(number));
}

/** The other numbers of a request: duplicates and the primary itself dropped, labels trimmed to null. */
export function otherPhonesOf(phones: ReadonlyArray<{ number: string; label?: string | null }>, primary: string | null): CustomerOtherPhone[] {
  const seen = new Set(primary ? [primary] : []);
  const out: CustomerOtherPhone[] = [];
  for (const phone of phones) {
    if (seen.has(phone.number)) continue;
    seen.add(phone.number);
    out.push({ number: phone.number, label: phone.label ?? null });
  }
  return out;
}

/** The other e-mails of a request: lower-case, duplicates and the primary dropped. */
export function otherEmailsOf(emails: readonly string[], primary: string | null): string[] {
  const seen = new Set(primary ? [primary.toLowerCase()] : []);
  const out: string[] = [];
  for (const email of emails.map((e) => e.toLowerCase())) {
    if (seen.has(email)) continue;
    seen.add(email);
    out.push(email);
  }
  return out;
}

/**
 * Moves every number of the duplicate to the survivor as an other number, marked with the record
 * it came from (the first one, when it travelled through several merges).
 */
export async function movePhones(db: Db, fromId: string, toId: string): Promise<void> {
  await db.execute('UPDATE customer_phone SET customer_id = $2, is_primary = false, merged_from_id = coalesce(merged_from_id, $1) WHERE customer_id = $1', [fromId, toId]);
}

/** A phone number as the caller may see it. */
export const visiblePhone = (number: string, privacy: CustomerPrivacy) => (privacy.fullContact ? number : maskPhone(number));
