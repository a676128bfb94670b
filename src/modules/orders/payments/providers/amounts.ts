import { toDecimalString } from '../../../../common/money/index.js';

/**
 * Alipay writes amounts as yuan with up to two decimals ("128.00"); we keep fen integers. Both ways are
 * string arithmetic, never floats: 0.1 + 0.2 must not become a fen short.
 */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`amount must be a whole number of fen ≥ 0, not ${fen}`);
  return toDecimalString(fen, 'CNY');
}

/** "128.5" → 12850; undefined for anything that is not a plain non-negative decimal with ≤ 2 places. */
export function yuanToFen(yuan: string): number | undefined {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}
