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
 */
import { emailMatchSql, phoneMatchSql } from './customer-phones.js';
import type { CustomerStatus, Gender, SourceChannel } from './customer.entity.js';

/** Ages are counted on today's date here: the business's zone (all stores are in mainland China). */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/** Without `status`, searches show the customers the business deals with; merged and anonymised records only when asked. */
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
  'q', 'phone', 'email', 'tag', 'gender', 'ageMin', 'ageMax', 'birthdayMonth', 'source', 'homeStoreId', 'createdFrom', 'createdTo', 'status',
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
 * business's date (YYYY-MM-DD, see `businessToday`), from which ages are counted.
 */
export function criteriaConditions(criteria: CustomerCriteria, today: string, params: SqlParams): string[] {
  const where: string[] = [];
  where.push(`status = ANY(${params.add(criteria.status?.length ? criteria.status : DEFAULT_STATUSES)}::text[])`);
  if (criteria.q !== undefined) {
    const q = params.add(criteria.q);
    where.push(`customer_name_grams(name) @> customer_fragment_grams(${q})`, `strpos(lower(name), lower(${q})) <> 0`);
  }
  // Any of the customer's numbers, its other phones included (customer-phones.ts).
  if (criteria.phone !== undefined) where.push(phoneMatchSql(params.add(criteria.phone), isPhoneSuffix(criteria.phone)));
  // Any of the customer's e-mails, its other ones included (customer-phones.ts).
  if (criteria.email !== undefined) where.push(emailMatchSql(params.add(criteria.email)));
  if (criteria.tag?.length) where.push(`tags @> ${params.add(criteria.tag)}::text[]`);
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

/** Keyset position of a page: strictly after (older than) the cursor's row, newest first. */
export function afterCursorCondition(position: { createdAt: string; id: string }, params: SqlParams): string {
  return `(created_at, id) < (${params.add(position.createdAt)}::timestamptz, ${params.add(position.id)}::uuid)`;
}

/** Today's date (YYYY-MM-DD) in `zone`. */
export function businessToday(now: Date = new Date(), zone: string = BUSINESS_TIME_ZONE): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The date `years` years before `date` (YYYY-MM-DD). 29 February becomes 28 February in a
 * non-leap year, as PostgreSQL's `date - interval 'n years'` and `age()` count it: someone born on
 * 29 February 2008 turns 18 on 1 March 2026.
 */
export function yearsBefore(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = year - years;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** Full years between a birthday and `today` (both YYYY-MM-DD): what ageMin/ageMax compare. */
export function ageOn(birthday: string, today: string): number {
  const [by, bm, bd] = birthday.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** The criteria as stored and shown: only the fields given, in the documented order. */
export function compactCriteria(criteria: CustomerCriteria): CustomerCriteria {
  const out: Record<string, unknown> = {};
  for (const field of CRITERIA_FIELDS) {
    const value = criteria[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out as CustomerCriteria;
}
