/**
 * Money is an integer count of minor units (fen, cents) and an ISO 4217 currency (DESIGN §3), never a
 * float. Columns are `bigint` (+ a `char(3)` currency); node-postgres reads `bigint` as a string, so
 * rows pass through `moneyOf()` on their way out.
 */
export interface Money {
  /** Minor units: 12800 is ¥128.00. */
  amount: number;
  currency: string;
}

export const DEFAULT_CURRENCY = 'CNY';

/** Largest amount we accept: well inside JavaScript's exact integers and PostgreSQL's bigint. */
export const MAX_AMOUNT = 1_000_000_000_00;

/** A `bigint` column value (string from pg, or number) and a currency as `Money`. */
export function moneyOf(amount: string | number | bigint, currency: string): Money {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new RangeError(`amount ${String(amount)} is not an exact integer`);
  return { amount: value, currency };
}

/** Like `moneyOf`, for nullable columns (an unset override). */
export function optionalMoneyOf(amount: string | number | bigint | null | undefined, currency: string): Money | null {
  return amount === null || amount === undefined ? null : moneyOf(amount, currency);
}
