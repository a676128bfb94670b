import fc from 'fast-check';
import { fenToYuan, yuanToFen } from './amounts.js';

describe('Alipay amounts (yuan strings) and fen', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [12800, '128.00'],
    [30, '0.30'],
    [123456789, '1234567.89'],
  ])('writes %d fen as %s', (fen, yuan) => expect(fenToYuan(fen)).toBe(yuan));

  it.each([
    ['128', 12800],
    ['128.5', 12850],
    ['128.50', 12850],
    ['0.01', 1],
    ['0.3', 30],
    ['1234567.89', 123456789],
  ])('reads %s as %d fen', (yuan, fen) => expect(yuanToFen(yuan)).toBe(fen));

  it.each(['', '-1.00', '1.005', '1,00', '1e3', 'abc', '.5', '12.'])('refuses %j', (yuan) => expect(yuanToFen(yuan)).toBeUndefined());

  it('refuses fractions of a fen and negative amounts on the way out', () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
  });

  it('round-trips every amount exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000_000_00 }), (fen) => yuanToFen(fenToYuan(fen)) === fen));
  });
});
