import { DEFAULT_CURRENCY, moneyOf, optionalMoneyOf } from './money.js';

describe('moneyOf', () => {
  it('reads a bigint column (a string from pg) as an exact amount', () => {
    expect(DEFAULT_CURRENCY).toBe('CNY');
    expect(moneyOf('12800', 'CNY')).toEqual({ amount: 12800, currency: 'CNY' });
    expect(moneyOf(12800n, 'JPY')).toEqual({ amount: 12800, currency: 'JPY' });
    expect(moneyOf(-5, 'USD')).toEqual({ amount: -5, currency: 'USD' });
  });

  it('refuses what is not an exact integer instead of rounding it', () => {
    expect(() => moneyOf('9007199254740993', 'CNY')).toThrow('amount 9007199254740993 is not an exact integer');
    expect(() => moneyOf('12.5', 'CNY')).toThrow(RangeError);
  });

  it('keeps an unset amount unset', () => {
    expect(optionalMoneyOf(null, 'CNY')).toBeNull();
    expect(optionalMoneyOf(undefined, 'CNY')).toBeNull();
    expect(optionalMoneyOf('0', 'CNY')).toEqual({ amount: 0, currency: 'CNY' });
    expect(optionalMoneyOf(7, 'CNY')).toEqual({ amount: 7, currency: 'CNY' });
  });
});
