/** Helpers of the customer search, segments and export e2e tests: customers inserted as rows (fast, exact created_at). */
import { nameKeyColumns } from '../src/modules/customers/search/customer-name-keys.js';
import { todayIn } from '../src/common/clock/index.js';
import type { TestApp } from './support/app.js';
export { fieldsOf, PROBLEM } from './support/responses.js';

export interface CustomerRow {
  name: string;
  phone?: string | null;
  email?: string | null;
  gender?: string | null;
  birthday?: string | null;
  source?: string;
  homeStoreId?: string | null;
  tags?: string[];
  status?: string;
  mergedIntoId?: string | null;
  createdAt?: string;
  notes?: string | null;
  careNotes?: Record<string, unknown> | null;
  spendTotal?: number;
}

let phoneCounter = Math.floor(Math.random() * 5_000_000);

/** A unique valid mainland mobile number (E.164) ending in 9: never one of the tests' chosen last-4 digits. */
export function uniquePhone(): string {
  phoneCounter = (phoneCounter + 7919) % 10_000_000;
  return `+86137${String(phoneCounter).padStart(7, '0')}9`;
}

export async function insertCustomer(t: TestApp, row: CustomerRow): Promise<string> {
  const status = row.status ?? 'active';
  const phone = row.phone === undefined ? (status === 'active' || status === 'blocked' ? uniquePhone() : null) : row.phone;
  const [inserted] = await t.sql<{ id: string }>(
    `INSERT INTO customer (name, phone, email, gender, birthday, source, home_store_id, tags, status, merged_into_id, created_at, updated_at, notes, care_notes, spend_total, name_pinyin, name_initials)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13, $14, $15, $16) RETURNING id`,
    [
      row.name,
      phone,
      row.email ?? null,
      row.gender ?? null,
      row.birthday ?? null,
      row.source ?? 'walk_in',
      row.homeStoreId ?? null,
      row.tags ?? [],
      status,
      row.mergedIntoId ?? null,
      row.createdAt ?? new Date().toISOString(),
      row.notes ?? null,
      row.careNotes ? JSON.stringify(row.careNotes) : null,
      row.spendTotal ?? 0,
      // As every write path does (customer-name-keys.ts).
      ...nameKeyColumns(row.name).map(([, value]) => value),
    ],
  );
  return inserted.id;
}

/** Today in Asia/Shanghai, as the search counts ages. */
export const today = () => todayIn('Asia/Shanghai', Date.now());

/**
 * A birthday in `month` (day 15) of someone exactly `age` today (Asia/Shanghai): born `age` years
 * ago if the 15th of that month has passed this year, a year earlier otherwise.
 */
export function birthdayFor(age: number, month: number): string {
  const [year, thisMonth, thisDay] = today().split('-').map(Number);
  const passed = month < thisMonth || (month === thisMonth && 15 <= thisDay);
  return `${year - age - (passed ? 0 : 1)}-${String(month).padStart(2, '0')}-15`;
}

/** Someone whose birthday is `offsetDays` from today (0: today, 1: tomorrow), turning `age` on it. */
export function birthdayInDays(age: number, offsetDays: number): string {
  const date = new Date(`${today()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  const [, month, day] = date.toISOString().slice(0, 10).split('-');
  // 29 February birthdays would need a leap year `age` years back: use 28 February then.
  const safeDay = month === '02' && day === '29' ? '28' : day;
  return `${date.getUTCFullYear() - age}-${month}-${safeDay}`;
}

/** The month `n` months after today's (1-12). */
export function monthFromNow(n: number): number {
  return ((Number(today().slice(5, 7)) - 1 + n) % 12) + 1;
}
