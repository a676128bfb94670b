import { outTradeNo, paymentIdOf } from './payment-rows.js';

describe('out_trade_no of a payment', () => {
  const id = '1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a7c';

  it('is the id’s 32 hex digits, which both providers accept, and names the payment back', () => {
    expect(outTradeNo(id)).toBe('1d3f5a7c9e1b4d3f8a5c7e9b1d3f5a7c');
    expect(outTradeNo(id)).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(paymentIdOf(outTradeNo(id))).toBe(id);
    expect(paymentIdOf(outTradeNo(id).toUpperCase())).toBe(id);
  });

  it('names nothing for what is not one of ours', () => {
    for (const other of ['', 'SO-20261207-0001', 'g'.repeat(32), `${'a'.repeat(32)}0`, '1d3f5a7c-9e1b-4d3f-8a5c-7e9b1d3f5a7c']) expect(paymentIdOf(other)).toBeUndefined();
  });
});
