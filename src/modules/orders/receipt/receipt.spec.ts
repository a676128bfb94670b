import type { OrderResponseDto } from '../dto/order.dto.js';
import { receiptHtml } from './receipt-html.js';
import { buildReceipt, formatAmount, formatLocalTime } from './receipt.js';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const line = (over: Partial<OrderResponseDto['lines'][number]>): OrderResponseDto['lines'][number] => ({
  lineNumber: 1,
  kind: 'service',
  productId: null,
  variationId: null,
  name: '剪发 Cut',
  quantity: 1,
  unitPrice: cny(12800),
  lineTotal: cny(12800),
  discount: cny(0),
  net: cny(12800),
  staffMemberId: null,
  feeAppointmentId: null,
  ...over,
});
const order = {
  number: 'SO-20270510-0001',
  receivedAt: new Date('2027-05-10T04:05:00Z'),
  lines: [
    line({ staffMemberId: 's1', discount: cny(800), net: cny(12000) }),
    line({ lineNumber: 2, kind: 'product', name: '精华 <Serum>', quantity: 2, unitPrice: cny(3300), lineTotal: cny(6600), net: cny(6600) }),
  ],
  subtotal: cny(19400),
  discount: cny(800),
  shippingFee: cny(0),
  total: cny(18600),
  paid: cny(18600),
  balanceDue: cny(0),
} as unknown as OrderResponseDto;
const store = { name: '花漾美发', address: '上海市静安区南京西路 1266 号', phone: '+862162881234', timeZone: 'Asia/Shanghai' };

describe('receipt', () => {
  it('formats yuan and the store’s local time', () => {
    expect(formatAmount(12800, 'CNY')).toBe('¥128.00');
    expect(formatAmount(-5, 'CNY')).toBe('-¥0.05');
    expect(formatAmount(500, 'JPY')).toBe('500 JPY');
    expect(formatLocalTime(new Date('2027-05-10T16:30:00Z'), 'Asia/Shanghai')).toBe('2027-05-11 00:30');
  });

  it('lists a split payment by method, with what cash handed over and the change, and the balance', () => {
    const receipt = buildReceipt(order, store, new Map([['s1', '小美']]), [
      { method: 'wechat_pay', amount: 10000, tenderedAmount: null, changeAmount: null, status: 'succeeded', createdAt: new Date('2027-05-10T04:10:00Z') },
      { method: 'cash', amount: 8600, tenderedAmount: 10000, changeAmount: 1400, status: 'succeeded', createdAt: new Date('2027-05-10T04:11:00Z') },
    ]);
    expect(receipt.at).toBe('2027-05-10 12:05');
    expect(receipt.lines[0]).toEqual({ name: '剪发 Cut', staff: '小美', quantity: 1, unitPrice: '¥128.00', discount: '-¥8.00', amount: '¥120.00' });
    expect(receipt.totals).toEqual([
      ['小计', '¥194.00'],
      ['优惠', '-¥8.00'],
      ['应付合计', '¥186.00'],
      ['已付', '¥186.00'],
      ['待付余额', '¥0.00'],
    ]);
    expect(receipt.payments).toEqual([
      { method: '微信支付', amount: '¥100.00', tendered: null, change: null, at: '2027-05-10 12:10' },
      { method: '现金', amount: '¥86.00', tendered: '¥100.00', change: '¥14.00', at: '2027-05-10 12:11' },
    ]);
    const html = receiptHtml(receipt);
    expect(html).toContain('现金');
    expect(html).toContain('实收 ¥100.00 找零 ¥14.00');
    // Names come from people: escaped, never markup.
    expect(html).toContain('精华 &lt;Serum&gt;');
    expect(html).not.toContain('<Serum>');
  });
});
