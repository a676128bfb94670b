/**
 * Money arithmetic on integer minor units (DESIGN §3): pure, exact, no floating point. Amounts are
 * JavaScript safe integers in and out; products and quotients are computed in bigint, so a 12.5 %
 * discount on ¥0.01 … ¥9e13 rounds the same way every time, and any result outside the safe
 * integers throws instead of silently losing a fen.
 *
 * Rounding modes (for results between two whole minor units):
 * - `half-up`: to the nearest, halves away from zero (2.5 → 3, −2.5 → −3): what a receipt does;
 * - `half-even`: to the nearest, halves to the even neighbour (2.5 → 2, 3.5 → 4): banker's
 *   rounding, no upward bias when many roundings are summed;
 * - `down`: towards zero (2.9 → 2, −2.9 → −2): never give away more than the exact share.
 *
 * Mixing currencies is a programming error (a price in CNY plus a fee in USD means something
 * upstream forgot a conversion): it throws `CurrencyMismatchError`, never a 4xx.
 */
import type { Money } from './money.js';

export type RoundingMode = 'half-up' | 'half-even' | 'down';

export class CurrencyMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`cannot combine ${actual} with ${expected}: amounts must be in one currency`);
    this.name = 'CurrencyMismatchError';
  }
}

/** A result that is not a JavaScript safe integer (beyond ±9,007,199,254,740,991 minor units). */
export class MoneyOverflowError extends RangeError {
  constructor(what: string) {
    super(`${what} is beyond the exact integer range of an amount`);
    this.name = 'MoneyOverflowError';
  }
}

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

function toSafe(value: bigint, what: string): number {
  if (value > MAX || value < -MAX) throw new MoneyOverflowError(`${what} (${value})`);
  return Number(value);
}

function wholeBigint(value: number | bigint, what: string): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, not ${value}`);
  return BigInt(value);
}

/** `{ amount, currency }`, checking the amount is a whole number of minor units. */
export function money(amount: number | bigint, currency: string): Money {
  return { amount: toSafe(wholeBigint(amount, 'amount'), 'amount'), currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: toSafe(wholeBigint(a.amount, 'amount') + wholeBigint(b.amount, 'amount'), 'sum'), currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: toSafe(wholeBigint(a.amount, 'amount') - wholeBigint(b.amount, 'amount'), 'difference'), currency: a.currency };
}

/** The total of `amounts`, all in `currency` (which an empty list needs to be a sum at all). */
export function sum(amounts: readonly Money[], currency: string): Money {
  let total = 0n;
  for (const item of amounts) {
    if (item.currency !== currency) throw new CurrencyMismatchError(currency, item.currency);
    total += wholeBigint(item.amount, 'amount');
  }
  return { amount: toSafe(total, 'sum'), currency };
}

export function negate(a: Money): Money {
  return { amount: a.amount === 0 ? 0 : -a.amount, currency: a.currency };
}

/** `a` times a whole quantity (3 bottles at ¥58.00). */
export function multiply(a: Money, quantity: number): Money {
  return { amount: toSafe(wholeBigint(a.amount, 'amount') * wholeBigint(quantity, 'quantity'), 'product'), currency: a.currency };
}

/** `numerator / denominator` rounded to a whole number by `mode` (denominator ≠ 0). */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideRounded(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  // Work on the magnitude (bigint division truncates towards zero), then put the sign back: every
  // mode here is symmetric around zero.
  let quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  if (mode !== 'down' && twiceRemainder > 0n) {
    if (twiceRemainder > denominator) quotient += 1n;
    else if (twiceRemainder === denominator && (mode === 'half-up' || quotient % 2n === 1n)) quotient += 1n;
  }
  return negative ? -quotient : quotient;
}

const PERCENT = /^(-?)(\d{1,12})(?:\.(\d{1,12}))?$/;

/**
 * A percentage as an exact fraction: `'12.5'` (12.5 %), `'3'`, `'0.75'`, or a number of basis
 * points (`{ basisPoints: 1250 }` is 12.5 %). A number like `12.5` is refused: write it as a
 * string, so what is meant is what is computed.
 */
export type Percentage = string | { basisPoints: number };

function fractionOf(percent: Percentage): [numerator: bigint, denominator: bigint] {
  if (typeof percent === 'object') return [wholeBigint(percent.basisPoints, 'basis points'), 10_000n];
  const match = PERCENT.exec(percent);
  if (!match) throw new RangeError(`percentage must be a decimal such as "12.5", not ${JSON.stringify(percent)}`);
  const decimals = match[3] ?? '';
  const numerator = BigInt(match[2] + decimals) * (match[1] === '-' ? -1n : 1n);
  return [numerator, 100n * 10n ** BigInt(decimals.length)];
}

/** `percent` of `a`, rounded to a minor unit by `mode` (12.5 % off ¥99.99: `percentOf(a, '12.5', 'half-up')`). */
export function percentOf(a: Money, percent: Percentage, mode: RoundingMode): Money {
  const [numerator, denominator] = fractionOf(percent);
  return { amount: toSafe(divideRounded(wholeBigint(a.amount, 'amount') * numerator, denominator, mode), 'percentage'), currency: a.currency };
}

/** `a` divided into `count` equal shares, one share rounded by `mode` (an average ticket). */
export function divide(a: Money, count: number, mode: RoundingMode): Money {
  if (!Number.isSafeInteger(count) || count <= 0) throw new RangeError(`count must be a positive integer, not ${count}`);
  return { amount: Number(divideRounded(wholeBigint(a.amount, 'amount'), BigInt(count), mode)), currency: a.currency };
}

/**
 * `a` split across lines in proportion to `weights` (non-negative integers: line totals, quantities),
 * by largest remainder: each line gets its exact share rounded down, and the minor units left over
 * go one each to the lines with the largest remainders, ties to the earlier line. So the parts
 * always add up to `a`, each is within one minor unit of its exact share, and a line of weight 0
 * gets 0. A negative amount (a refund) is split as its magnitude, with every part negated.
 * All-zero weights cannot share anything but 0: they throw for any other amount.
 */
export function allocate(a: Money, weights: readonly (number | bigint)[]): Money[] {
  if (weights.length === 0) throw new RangeError('allocate needs at least one weight');
  const w = weights.map((weight) => {
    const value = wholeBigint(weight, 'weight');
    if (value < 0n) throw new RangeError(`weights must not be negative, not ${value}`);
    return value;
  });
  const total = w.reduce((x, y) => x + y, 0n);
  const amount = wholeBigint(a.amount, 'amount');
  if (total === 0n) {
    if (amount !== 0n) throw new RangeError('cannot allocate an amount across weights that are all zero');
    return w.map(() => ({ amount: 0, currency: a.currency }));
  }
  const magnitude = amount < 0n ? -amount : amount;
  const parts = w.map((weight) => (magnitude * weight) / total);
  const remainders = w.map((weight, index) => ({ index, remainder: (magnitude * weight) % total }));
  let left = magnitude - parts.reduce((x, y) => x + y, 0n);
  // Largest remainder first; equal remainders in line order, so the result never depends on sort stability.
  remainders.sort((x, y) => (x.remainder === y.remainder ? x.index - y.index : x.remainder > y.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] += 1n;
    left -= 1n;
  }
  return parts.map((part) => ({ amount: amount < 0n && part !== 0n ? -Number(part) : Number(part), currency: a.currency }));
}

const digitCache = new Map<string, number>();

/**
 * How many decimals the currency's minor unit has (CNY, USD 2; JPY, KRW 0; KWD, BHD 3), from the
 * ICU data Node ships. An unknown code: 2, as most currencies have.
 */
export function minorUnitDigits(currency: string): number {
  let digits = digitCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitCache.set(currency, digits);
  }
  return digits;
}

/** Minor units as a decimal in the currency's own digits: 12800 CNY → `128.00`, 500 JPY → `500`, −5 USD → `-0.05`. Exact. */
export function toDecimalString(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, not ${amount}`);
  const digits = minorUnitDigits(currency);
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return amount < 0 ? `-${whole}` : whole;
}
