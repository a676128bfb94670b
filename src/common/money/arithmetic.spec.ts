import fc from 'fast-check';
import {
  add,
  allocate,
  CurrencyMismatchError,
  divide,
  divideRounded,
  minorUnitDigits,
  money,
  MoneyOverflowError,
  multiply,
  negate,
  percentOf,
  subtract,
  sum,
  toDecimalString,
  type RoundingMode,
} from './arithmetic.js';

const cny = (amount: number) => money(amount, 'CNY');
const amounts = (m: { amount: number }[]) => m.map((x) => x.amount);
const MAX = Number.MAX_SAFE_INTEGER;
/** Amounts a salon could see, either sign, so sums stay exact. */
const anAmount = fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 });
const MODES: RoundingMode[] = ['half-up', 'half-even', 'down'];

describe('money', () => {
  it('refuses fractions of a minor unit and amounts past the safe integers', () => {
    expect(() => money(1.5, 'CNY')).toThrow(RangeError);
    expect(() => money(Number.NaN, 'CNY')).toThrow(RangeError);
    expect(() => money(BigInt(MAX) + 1n, 'CNY')).toThrow(MoneyOverflowError);
    expect(money(12800n, 'CNY')).toEqual({ amount: 12800, currency: 'CNY' });
    expect(() => money(1.5, 'CNY')).toThrow('amount must be a safe integer, not 1.5');
    expect(() => money(BigInt(MAX) + 1n, 'CNY')).toThrow('amount (9007199254740992) is beyond');
  });
});

describe('add, subtract, sum', () => {
  it('adds and subtracts amounts of one currency', () => {
    expect(add(cny(12800), cny(250))).toEqual(cny(13050));
    expect(subtract(cny(12800), cny(13000))).toEqual(cny(-200));
    expect(sum([cny(100), cny(250), cny(-50)], 'CNY')).toEqual(cny(300));
    expect(sum([], 'JPY')).toEqual(money(0, 'JPY'));
  });

  it('refuses to mix currencies, naming both', () => {
    expect(() => add(cny(1), money(1, 'USD'))).toThrow('cannot combine USD with CNY');
    expect(() => subtract(money(1, 'USD'), cny(1))).toThrow(CurrencyMismatchError);
    expect(() => sum([cny(1), money(2, 'JPY')], 'CNY')).toThrow('cannot combine JPY with CNY');
    expect(() => sum([money(2, 'JPY')], 'CNY')).toThrow(CurrencyMismatchError);
  });

  it('throws instead of losing a minor unit past the safe integers', () => {
    expect(() => add(cny(MAX), cny(1))).toThrow(MoneyOverflowError);
    expect(() => subtract(cny(-MAX), cny(1))).toThrow(MoneyOverflowError);
    expect(() => subtract(cny(-MAX), cny(1))).toThrow('difference (-9007199254740992) is beyond');
    expect(() => subtract(cny(1), { amount: 0.5, currency: 'CNY' })).toThrow('amount must be a safe integer');
    expect(() => add({ amount: 1, currency: 'CNY' }, { amount: 0.5, currency: 'CNY' })).toThrow('amount must be a safe integer');
    expect(() => sum([cny(MAX), cny(1)], 'CNY')).toThrow('sum (9007199254740992) is beyond');
    expect(() => sum([{ amount: 0.5, currency: 'CNY' }], 'CNY')).toThrow('amount must be a safe integer');
    expect(() => sum([cny(MAX), cny(MAX), cny(-MAX)], 'CNY')).not.toThrow();
    expect(() => sum([cny(MAX), cny(1)], 'CNY')).toThrow(MoneyOverflowError);
    expect(add(cny(MAX - 1), cny(1))).toEqual(cny(MAX));
    expect(subtract(cny(-MAX + 1), cny(1))).toEqual(cny(-MAX));
    expect(() => add(cny(MAX), cny(1))).toThrow('sum (9007199254740992) is beyond the exact integer range of an amount');
    expect(() => add(cny(MAX), cny(1))).toThrow(expect.objectContaining({ name: 'MoneyOverflowError' }));
    expect(() => add(cny(1), money(1, 'USD'))).toThrow(expect.objectContaining({ name: 'CurrencyMismatchError', expected: 'CNY', actual: 'USD' }));
    expect(() => add({ amount: 0.5, currency: 'CNY' }, cny(1))).toThrow(RangeError);
  });

  it('subtracting undoes adding (property)', () => {
    fc.assert(fc.property(anAmount, anAmount, (a, b) => expect(subtract(add(cny(a), cny(b)), cny(b))).toEqual(cny(a))));
  });

  it('a sum is the same in any order (property)', () => {
    fc.assert(
      fc.property(fc.array(anAmount, { maxLength: 20 }), (list) => {
        const forward = sum(list.map(cny), 'CNY');
        expect(sum([...list].reverse().map(cny), 'CNY')).toEqual(forward);
        expect(forward.amount).toBe(list.reduce((x, y) => x + y, 0));
      }),
    );
  });

  it('mixing currencies always throws (property)', () => {
    const currency = fc.constantFrom('CNY', 'USD', 'JPY', 'EUR', 'HKD');
    fc.assert(
      fc.property(anAmount, anAmount, currency, currency, (a, b, x, y) => {
        fc.pre(x !== y);
        expect(() => add(money(a, x), money(b, y))).toThrow(CurrencyMismatchError);
        expect(() => subtract(money(a, x), money(b, y))).toThrow(CurrencyMismatchError);
        expect(() => sum([money(a, x), money(b, y)], x)).toThrow(CurrencyMismatchError);
      }),
    );
  });

  it('negates without a negative zero', () => {
    expect(Object.is(negate(cny(0)).amount, 0)).toBe(true);
    expect(negate(cny(5))).toEqual(cny(-5));
  });
});

describe('multiply', () => {
  it('multiplies by a whole quantity', () => {
    expect(multiply(cny(5800), 3)).toEqual(cny(17400));
    expect(multiply(cny(5800), 0)).toEqual(cny(0));
    expect(multiply(cny(-5800), 2)).toEqual(cny(-11600));
  });

  it('refuses fractional quantities and overflow', () => {
    expect(() => multiply(cny(100), 1.5)).toThrow(RangeError);
    expect(() => multiply(cny(MAX), 2)).toThrow(MoneyOverflowError);
    expect(() => multiply(cny(100), 1.5)).toThrow('quantity must be a safe integer, not 1.5');
    expect(() => multiply({ amount: 0.5, currency: 'CNY' }, 2)).toThrow('amount must be a safe integer');
    expect(() => multiply(cny(MAX), 2)).toThrow('product (18014398509481982) is beyond');
  });
});

describe('divideRounded', () => {
  const cases: Array<[number, number, Record<RoundingMode, number>]> = [
    [25, 10, { 'half-up': 3, 'half-even': 2, down: 2 }],
    [35, 10, { 'half-up': 4, 'half-even': 4, down: 3 }],
    [29, 10, { 'half-up': 3, 'half-even': 3, down: 2 }],
    [21, 10, { 'half-up': 2, 'half-even': 2, down: 2 }],
    [-25, 10, { 'half-up': -3, 'half-even': -2, down: -2 }],
    [-29, 10, { 'half-up': -3, 'half-even': -3, down: -2 }],
    [25, -10, { 'half-up': -3, 'half-even': -2, down: -2 }],
    [20, 10, { 'half-up': 2, 'half-even': 2, down: 2 }],
    [0, 7, { 'half-up': 0, 'half-even': 0, down: 0 }],
  ];
  it.each(cases)('%d / %d', (n, d, expected) => {
    for (const mode of MODES) expect([mode, Number(divideRounded(BigInt(n), BigInt(d), mode))]).toEqual([mode, expected[mode]]);
  });

  it('refuses a zero divisor', () => {
    expect(() => divideRounded(1n, 0n, 'down')).toThrow('division by zero');
  });

  it('is symmetric around zero in every mode, and within half a unit of the exact quotient (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.constantFrom(...MODES), (n, d, mode) => {
        const q = divideRounded(n, d, mode);
        expect(divideRounded(-n, d, mode)).toBe(-q);
        const error = n - q * d; // exact − rounded, times d
        const abs = error < 0n ? -error : error;
        if (mode === 'down') {
          expect(abs < d).toBe(true);
          expect(error === 0n || error > 0n === n > 0n).toBe(true);
        } else expect(2n * abs <= d).toBe(true);
        if (mode === 'half-even' && 2n * abs === d) expect(q % 2n).toBe(0n);
      }),
    );
  });
});

describe('percentOf', () => {
  it('takes 12.5 % off and a 3 % fee, exactly', () => {
    expect(percentOf(cny(9999), '12.5', 'half-up')).toEqual(cny(1250)); // 1249.875
    expect(percentOf(cny(9999), '12.5', 'down')).toEqual(cny(1249));
    expect(percentOf(cny(12800), '3', 'half-up')).toEqual(cny(384));
    expect(percentOf(cny(12800), { basisPoints: 1250 }, 'half-up')).toEqual(cny(1600));
    expect(percentOf(cny(100), '0.5', 'half-even')).toEqual(cny(0)); // 0.5 → 0
    expect(percentOf(cny(300), '0.5', 'half-even')).toEqual(cny(2)); // 1.5 → 2
    expect(percentOf(cny(100), '0.5', 'half-up')).toEqual(cny(1));
    expect(percentOf(cny(-100), '0.5', 'half-up')).toEqual(cny(-1));
    expect(percentOf(cny(1000), '-10', 'down')).toEqual(cny(-100));
    expect(percentOf(cny(12345), '100', 'down')).toEqual(cny(12345));
    expect(percentOf(money(12345, 'JPY'), '0.001', 'half-up')).toEqual(money(0, 'JPY'));
  });

  it('has no floating point drift: 0.1 + 0.2 style percentages are exact', () => {
    // 1.15 % of 10000 is exactly 115; in floats 10000 * 1.15 / 100 = 114.99999999999999.
    expect(percentOf(cny(10000), '1.15', 'down')).toEqual(cny(115));
    expect(percentOf(cny(MAX), '100', 'down')).toEqual(cny(MAX));
  });

  it('refuses percentages that are not plain decimals', () => {
    for (const bad of ['', '12,5', '1e2', '.5', '5.', ' 5', 'abc', '--1']) expect(() => percentOf(cny(1), bad, 'down')).toThrow('percentage must be a decimal');
    expect(() => percentOf(cny(1), { basisPoints: 1.5 }, 'down')).toThrow(RangeError);
    expect(() => percentOf(cny(1), '1234567890123', 'down')).toThrow('percentage must be a decimal');
    expect(() => percentOf(cny(1), '1.1234567890123', 'down')).toThrow('percentage must be a decimal');
    expect(percentOf(cny(10 ** 12), '0.000000000001', 'down')).toEqual(cny(0));
    expect(percentOf(cny(10 ** 14), '0.000000000001', 'down')).toEqual(cny(1));
    expect(() => percentOf(cny(MAX), '200', 'down')).toThrow(MoneyOverflowError);
    expect(() => percentOf(cny(MAX), '200', 'down')).toThrow('percentage (18014398509481982) is beyond');
    expect(() => percentOf(cny(1), { basisPoints: 1.5 }, 'down')).toThrow('basis points must be a safe integer');
    expect(() => percentOf({ amount: 0.5, currency: 'CNY' }, '1', 'down')).toThrow('amount must be a safe integer');
  });

  it('basis points and decimal strings agree (property)', () => {
    fc.assert(
      fc.property(anAmount, fc.integer({ min: -100_000, max: 100_000 }), (amount, bps) => {
        const asString = `${bps < 0 ? '-' : ''}${Math.floor(Math.abs(bps) / 100)}.${String(Math.abs(bps) % 100).padStart(2, '0')}`;
        for (const mode of MODES) expect(percentOf(cny(amount), asString, mode)).toEqual(percentOf(cny(amount), { basisPoints: bps }, mode));
      }),
    );
  });
});

describe('divide', () => {
  it('averages a total over a count', () => {
    expect(divide(cny(1000), 3, 'half-up')).toEqual(cny(333));
    expect(divide(cny(1001), 2, 'half-up')).toEqual(cny(501));
    expect(divide(cny(1001), 2, 'half-even')).toEqual(cny(500));
    expect(() => divide(cny(1), 0, 'down')).toThrow('count must be a positive integer');
    expect(() => divide(cny(1), 1.5, 'down')).toThrow(RangeError);
    expect(() => divide({ amount: 0.5, currency: 'CNY' }, 2, 'down')).toThrow('amount must be a safe integer');
  });
});

describe('allocate', () => {
  it('splits by weights, the leftover to the largest remainders', () => {
    expect(amounts(allocate(cny(100), [1, 1, 1]))).toEqual([34, 33, 33]);
    expect(amounts(allocate(cny(1000), [5000, 3000, 2000]))).toEqual([500, 300, 200]);
    // 1000 × 1/6 = 166.67, × 2/6 = 333.33, × 3/6 = 500: the leftover fen goes to the 0.67.
    expect(amounts(allocate(cny(1000), [1, 2, 3]))).toEqual([167, 333, 500]);
    // 1.5, 1.5, 1.5, 0.5: equal remainders, so the two fen left go to the first lines.
    expect(amounts(allocate(cny(5), [3, 3, 3, 1]))).toEqual([2, 2, 1, 0]);
  });

  it('breaks ties by line order, whatever the order of the weights', () => {
    expect(amounts(allocate(cny(2), [1, 1, 1]))).toEqual([1, 1, 0]);
    expect(amounts(allocate(cny(1), [2, 1, 2]))).toEqual([1, 0, 0]);
    expect(amounts(allocate(cny(1), [1, 2, 2]))).toEqual([0, 1, 0]);
  });

  it('gives zero-weight lines nothing and splits refunds symmetrically', () => {
    expect(amounts(allocate(cny(100), [0, 1, 0, 1]))).toEqual([0, 50, 0, 50]);
    expect(amounts(allocate(cny(-100), [1, 1, 1]))).toEqual([-34, -33, -33]);
    expect(allocate(cny(-1), [1, 1]).map((p) => Object.is(p.amount, 0))).toEqual([false, true]);
    expect(amounts(allocate(cny(0), [0, 0]))).toEqual([0, 0]);
    expect(allocate(money(7, 'JPY'), [1])).toEqual([money(7, 'JPY')]);
  });

  it('refuses what cannot be allocated', () => {
    expect(() => allocate(cny(1), [])).toThrow('at least one weight');
    expect(() => allocate(cny(1), [0, 0])).toThrow('all zero');
    expect(() => allocate(cny(1), [1, -1])).toThrow('must not be negative');
    expect(() => allocate(cny(1), [0.5])).toThrow(RangeError);
    expect(() => allocate(cny(1), [0.5])).toThrow('weight must be a safe integer, not 0.5');
    expect(() => allocate({ amount: 0.5, currency: 'CNY' }, [1])).toThrow('amount must be a safe integer');
  });

  it('parts add up to the whole, each within one minor unit of its exact share (property)', () => {
    fc.assert(
      fc.property(anAmount, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), (amount, weights) => {
        const total = weights.reduce((x, y) => x + y, 0);
        fc.pre(total > 0);
        const parts = allocate(cny(amount), weights);
        expect(parts).toHaveLength(weights.length);
        expect(sum(parts, 'CNY').amount).toBe(amount);
        parts.forEach((part, i) => {
          // |part − amount × w / total| < 1  ⇔  |part × total − amount × w| < total
          const error = BigInt(part.amount) * BigInt(total) - BigInt(amount) * BigInt(weights[i]);
          expect((error < 0n ? -error : error) < BigInt(total)).toBe(true);
          if (weights[i] === 0) expect(part.amount).toBe(0);
          expect(part.currency).toBe('CNY');
        });
        expect(amounts(allocate(cny(-amount), weights))).toEqual(amounts(parts).map((x) => (x === 0 ? 0 : -x)));
      }),
    );
  });

  it('gives a larger weight at least as much as a smaller one (property)', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 2, maxLength: 10 }), (amount, weights) => {
        const parts = amounts(allocate(cny(amount), weights));
        for (let i = 0; i < weights.length; i++) for (let j = 0; j < weights.length; j++) if (weights[i] > weights[j]) expect(parts[i]).toBeGreaterThanOrEqual(parts[j]);
      }),
    );
  });
});

describe('toDecimalString', () => {
  it('writes minor units in the currency’s own digits', () => {
    expect(minorUnitDigits('CNY')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(minorUnitDigits('XYZ?')).toBe(2);
    expect(toDecimalString(12800, 'CNY')).toBe('128.00');
    expect(toDecimalString(5, 'USD')).toBe('0.05');
    expect(toDecimalString(-5, 'USD')).toBe('-0.05');
    expect(toDecimalString(0, 'CNY')).toBe('0.00');
    expect(toDecimalString(500, 'JPY')).toBe('500');
    expect(toDecimalString(-500, 'JPY')).toBe('-500');
    expect(toDecimalString(1234, 'KWD')).toBe('1.234');
    expect(toDecimalString(MAX, 'CNY')).toBe('90071992547409.91');
    expect(() => toDecimalString(1.5, 'CNY')).toThrow(RangeError);
    expect(() => toDecimalString(1.5, 'CNY')).toThrow('amount must be a safe integer, not 1.5');
  });

  it('reads back as the same number of minor units (property)', () => {
    fc.assert(
      fc.property(anAmount, fc.constantFrom('CNY', 'JPY', 'KWD'), (amount, currency) => {
        const text = toDecimalString(amount, currency);
        expect(text).toMatch(minorUnitDigits(currency) === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${minorUnitDigits(currency)}}$`));
        expect(BigInt(text.replace('.', ''))).toBe(BigInt(amount));
      }),
    );
  });
});
