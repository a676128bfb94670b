import fc from 'fast-check';
import { money } from '../../common/money/index.js';
import { allocateDiscount, orderTotals, priceLines } from './order-totals.js';

const cny = (amount: number) => money(amount, 'CNY');

describe('order totals', () => {
  it('adds line totals, discount and shipping fee into the total and balance due', () => {
    const lines = priceLines([
      { unitPrice: cny(12800), quantity: 2 },
      { unitPrice: cny(3300), quantity: 1, discount: cny(300) },
    ]);
    expect(lines.map((line) => [line.lineTotal.amount, line.net.amount])).toEqual([
      [25600, 25600],
      [3300, 3000],
    ]);
    expect(orderTotals(lines, cny(1000), cny(5000))).toEqual({
      subtotal: cny(28900),
      discount: cny(300),
      shippingFee: cny(1000),
      total: cny(29600),
      paid: cny(5000),
      balanceDue: cny(24600),
    });
  });

  it('spreads a discount by largest remainder: 100 over three equal lines is 34, 33, 33', () => {
    const lines = priceLines([1, 1, 1].map(() => ({ unitPrice: cny(1000), quantity: 1 })));
    expect(allocateDiscount(lines, cny(100)).map((line) => line.discount.amount)).toEqual([34, 33, 33]);
  });

  it('weighs by what each line still costs after the discounts it already has', () => {
    const lines = priceLines([
      { unitPrice: cny(1000), quantity: 1, discount: cny(1000) },
      { unitPrice: cny(3000), quantity: 1 },
    ]);
    expect(allocateDiscount(lines, cny(500)).map((line) => [line.discount.amount, line.net.amount])).toEqual([
      [1000, 0],
      [500, 2500],
    ]);
  });

  it('refuses a discount above what the lines cost', () => {
    const lines = priceLines([{ unitPrice: cny(1000), quantity: 2 }]);
    expect(() => allocateDiscount(lines, cny(2001))).toThrow(RangeError);
  });

  it('always adds up exactly, never takes a line below zero, and stays within one fen of each exact share', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.integer({ min: 0, max: 1_000_000 }), quantity: fc.integer({ min: 1, max: 50 }) }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (input, fraction) => {
          const lines = priceLines(input.map((line) => ({ unitPrice: cny(line.price), quantity: line.quantity })));
          const subtotal = lines.reduce((total, line) => total + line.lineTotal.amount, 0);
          const discount = Math.floor(subtotal * fraction);
          const spread = allocateDiscount(lines, cny(discount));
          expect(spread.reduce((total, line) => total + line.discount.amount, 0)).toBe(discount);
          for (const line of spread) {
            expect(line.net.amount).toBeGreaterThanOrEqual(0);
            expect(line.net.amount + line.discount.amount).toBe(line.lineTotal.amount);
            const exact = subtotal === 0 ? 0 : (discount * line.lineTotal.amount) / subtotal;
            expect(Math.abs(line.discount.amount - exact)).toBeLessThan(1);
          }
        },
      ),
    );
  });
});
