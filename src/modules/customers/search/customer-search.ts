/**
 * Customer search criteria → SQL (pure: unit-tested in customer-search.spec.ts). The criteria are the
 * query parameters of GET /v1/customers, also stored as a segment's criteria; every value reaches
 * PostgreSQL as a parameter, never inside the SQL text.
 *
 * Name fragments use the gram index of the customers migration: `customer_name_grams(name) @>
 * customer_fragment_grams(q)` narrows (GIN), then a case-insensitive substring test confirms. The
 * test is written `strpos(lower(name), lower(q)) <> 0` rather than `name ILIKE '%q%'` on purpose:
 * both mean the same, but the planner multiplies the ILIKE's own (small) selectivity guess into the
 * gram estimate as if they were independent, when the grams already imply most of it. With ILIKE it
 * underestimated a 1-character fragment matching 1.6 % of 200,000 customers (3,300 rows) as 129, and
 * fetched all 3,300 through the GIN index (10-16 ms); `<> 0` counts as ~1.0, the estimate is right,
 * and it walks `ix_customer_created` newest first, stopping after one page (~1 ms). Rare fragments
 * still go through the GIN index.
 *
 * A search in letters (`xiaoh`, `Wang Xiao`, `CHEN`) goes to the names' keys instead
 * (customer-name-keys.ts: the pinyin of Chinese names, the letters of the others, and initials),
 * through their trigram indexes: a BitmapOr of the two for a rare key (the columns' larger statistics
 * let the planner see it is rare), `ix_customer_created` newest first for a common one. The name
 * grams are not asked then: a trigram candidate that is not a match is rechecked against every arm
 * of the OR, and computing its grams cost 45 µs a row (16 ms for `tingting` over 60,000 customers).
 */
import { yearsBefore } from '../../../common/clock/index.js';
import type { FieldError } from '../../../common/errors/index.js';
import { pinyinQuery } from './customer-name-keys.js';
import type { CustomerPrivacy } from '../privacy/customer-privacy.js';
import { emailMatchSql, phoneMatchSql } from '../profile/customer-phones.js';
import type { CustomerStatus, Gender, SourceChannel } from '../profile/customer.entity.js';

/** Without `status`, searches show the customers the business deals with; merged and anonymized records only when asked. */
export const DEFAULT_STATUSES: readonly CustomerStatus[] = ['active', 'blocked'];

/** Validated, normalised criteria (dto/customer-search.dto.ts): phone is E.164 or 4 digits, email lower-case. */
export interface CustomerCriteria {
  q?: string;
  phone?: string;
  email?: string;
  tag?: string[];
  gender?: Gender;
  ageMin?: number;
  ageMax?: number;
  birthdayMonth?: number;
  source?: SourceChannel;
  homeStoreId?: string;
  createdFrom?: string;
  createdTo?: string;
  status?: CustomerStatus[];
}

/** The names of the criteria, in the order they are documented (and written to CSV exports' audit). */
export const CRITERIA_FIELDS = [
  'q',
  'phone',
  'email',
  'tag',
  'gender',
  'ageMin',
  'ageMax',
  'birthdayMonth',
  'source',
  'homeStoreId',
  'createdFrom',
  'createdTo',
  'status',
] as const satisfies ReadonlyArray<keyof CustomerCriteria>;

/** Numbered parameters (`$1`, `$2`…) collected while conditions are written. */
export class SqlParams {
  readonly values: unknown[];
  constructor(initial: unknown[] = []) {
    this.values = [...initial];
  }
  /** Adds a value and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** True for a phone criterion that is the last 4 digits of a number (else it is a full E.164 number). */
export function isPhoneSuffix(phone: string): boolean {
  return /^\d{4}$/.test(phone);
}

/**
 * The WHERE conditions (ANDed) selecting the customers that match `criteria`. `today` is the
 * business's date (YYYY-MM-DD: today in BUSINESS_TIME_ZONE, from the Clock), from which ages are counted.
 */
export function criteriaConditions(criteria: CustomerCriteria, today: string, params: SqlParams): string[] {
  const where: string[] = [];
  where.push(`status = ANY(${params.add(criteria.status?.length ? criteria.status : DEFAULT_STATUSES)}::text[])`);
  if (criteria.q !== undefined) {
    const key = pinyinQuery(criteria.q);
    const byName = () => {
      const q = params.add(criteria.q);
      return [`customer_name_grams(name) @> customer_fragment_grams(${q})`, `strpos(lower(name), lower(${q})) <> 0`];
    };
    if (key === undefined) where.push(...byName());
    else if (key.length >= 3) {
      // Letters: part of the keys of the name (its pinyin, or its own letters; or of the initials).
      const pattern = params.add(`%${key}%`);
      where.push(`(name_pinyin LIKE ${pattern} OR name_initials LIKE ${pattern})`);
    } else {
      // 1-2 letters: the start of the keys (`w`, `wx`: anything would contain them), or in the name
      // (`Li` in `Emily`). The cheap strpos comes first: walking ix_customer_created for a common key
      // spares computing the grams of every row passed.
      const [grams, substring] = byName();
      const pattern = params.add(`${key}%`);
      where.push(`((${substring} AND ${grams}) OR name_pinyin LIKE ${pattern} OR name_initials LIKE ${pattern})`);
    }
  }
  // Any of the customer's numbers, its other phones included (customer-phones.ts).
  if (criteria.phone !== undefined) where.push(phoneMatchSql(params.add(criteria.phone), isPhoneSuffix(criteria.phone)));
  // Any of the customer's e-mails, its other ones included (customer-phones.ts).
  if (criteria.email !== undefined) where.push(emailMatchSql(params.add(criteria.email)));
  // Any case (`vip` finds `VIP`): the lower-cased tags are what ix_customer_tag_keys holds.
  if (criteria.tag?.length) where.push(`customer_tag_keys(tags) @> customer_tag_keys(${params.add(criteria.tag)}::text[])`);
  if (criteria.gender !== undefined) where.push(`gender = ${params.add(criteria.gender)}`);
  // Age a = born on or before today minus a years; age ≤ b = born after today minus (b + 1) years.
  if (criteria.ageMin !== undefined) where.push(`birthday <= ${params.add(yearsBefore(today, criteria.ageMin))}::date`);
  if (criteria.ageMax !== undefined) where.push(`birthday > ${params.add(yearsBefore(today, criteria.ageMax + 1))}::date`);
  if (criteria.birthdayMonth !== undefined) where.push(`extract(month FROM birthday) = ${params.add(criteria.birthdayMonth)}`);
  if (criteria.source !== undefined) where.push(`source = ${params.add(criteria.source)}`);
  if (criteria.homeStoreId !== undefined) where.push(`home_store_id = ${params.add(criteria.homeStoreId)}::uuid`);
  if (criteria.createdFrom !== undefined) where.push(`created_at >= ${params.add(criteria.createdFrom)}::timestamptz`);
  if (criteria.createdTo !== undefined) where.push(`created_at < ${params.add(criteria.createdTo)}::timestamptz`);
  return where;
}

/**
 * The criteria a caller may not use because they filter on what it sees masked (DESIGN §4: trying
 * the 10,000 numbers behind `139****8152` would otherwise confirm the right one): a whole phone
 * number (the last 4 digits are shown anyway), an e-mail, and anything that narrows the birthday.
 * `q` matches names only (and their pinyin), which everyone sees. Empty when all are allowed.
 */
export function hiddenCriteria(criteria: CustomerCriteria, privacy: Pick<CustomerPrivacy, 'fullContact'>, prefix = ''): FieldError[] {
  if (privacy.fullContact) return [];
  const errors: FieldError[] = [];
  if (criteria.phone !== undefined && !isPhoneSuffix(criteria.phone)) {
    errors.push({ field: `${prefix}phone`, message: 'may only be the last 4 digits of a phone number: you see phone numbers masked' });
  }
  if (criteria.email !== undefined) errors.push({ field: `${prefix}email`, message: 'is not available to you: you see e-mail addresses masked' });
  for (const field of ['ageMin', 'ageMax', 'birthdayMonth'] as const) {
    if (criteria[field] !== undefined) errors.push({ field: `${prefix}${field}`, message: 'is not available to you: you do not see birthdays' });
  }
  return errors;
}

/** Keyset position of a page: strictly after (older than) the cursor's row, newest first. */
export function afterCursorCondition(position: { createdAt: string; id: string }, params: SqlParams): string {
  return `(created_at, id) < (${params.add(position.createdAt)}::timestamptz, ${params.add(position.id)}::uuid)`;
}

/** The criteria as stored and shown: only the fields given, in the documented order. */
export function compactCriteria(criteria: CustomerCriteria): CustomerCriteria {
  const out: Record<string, unknown> = {};
  for (const field of CRITERIA_FIELDS) {
    const value = criteria[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}
