/**
 * Human-facing numbers people read aloud and type back (DESIGN §3): `SO-20261206-0042` for the
 * business, `SO-SH01-20261206-0042` for a store (its code, so the number stays unique in the
 * business). The date is the local date of the store the number belongs to; the sequence restarts
 * each day, is zero-padded to four digits and simply widens past 9999 (`SO-20261206-10000`), so
 * order numbers by `compareHumanNumbers`, not as strings. Pure; numbers are taken by `HumanNumbers`.
 */

export interface HumanNumberParts {
  /** `SO`, `CS`, `PO`: upper-case letters. */
  prefix: string;
  /** A store's code (`SH01`), for per-store series; shown upper-case. */
  scopeCode?: string;
  /** Local calendar date `YYYY-MM-DD`. */
  date: string;
  /** 1, 2, 3 … within the day. */
  sequence: number;
}

export const SEQUENCE_DIGITS = 4;
const PREFIX = /^[A-Z]{1,6}$/;
const SCOPE_CODE = /^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER = /^([A-Z]{1,6})-(?:([A-Z0-9-]+)-)?(\d{8})-(\d{4,})$/;

export function isHumanNumberPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

export function formatHumanNumber({ prefix, scopeCode, date, sequence }: HumanNumberParts): string {
  if (!PREFIX.test(prefix)) throw new Error(`A number prefix is 1 to 6 upper-case letters, not ${JSON.stringify(prefix)}`);
  if (scopeCode !== undefined && !SCOPE_CODE.test(scopeCode)) throw new Error(`Not a scope code: ${JSON.stringify(scopeCode)}`);
  if (!DATE.test(date)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`A sequence is a whole number from 1, not ${sequence}`);
  const scope = scopeCode === undefined ? '' : `${scopeCode.toUpperCase()}-`;
  return `${prefix}-${scope}${date.replace(/-/g, '')}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** The parts of a number `formatHumanNumber` wrote, or undefined (a typo at the desk, say). */
export function parseHumanNumber(text: string): HumanNumberParts | undefined {
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const [, prefix, scopeCode, day, digits] = match;
  // Four digits are padded; past 9999 the number widens, so a longer run never starts with 0.
  if (digits.length > SEQUENCE_DIGITS && digits.startsWith('0')) return undefined;
  const sequence = Number(digits);
  if (sequence < 1 || !Number.isSafeInteger(sequence)) return undefined;
  if (scopeCode !== undefined && !SCOPE_CODE.test(scopeCode)) return undefined;
  const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
  return scopeCode === undefined ? { prefix, date, sequence } : { prefix, scopeCode, date, sequence };
}

/**
 * Orders numbers of one series as they were taken: by date, then sequence (string order puts
 * `…-10000` before `…-9999`). Unparseable text sorts last, by string.
 */
export function compareHumanNumbers(a: string, b: string): number {
  const left = parseHumanNumber(a);
  const right = parseHumanNumber(b);
  if (!left || !right) return left ? -1 : right ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (left.date !== right.date) return left.date < right.date ? -1 : 1;
  return left.sequence - right.sequence;
}
