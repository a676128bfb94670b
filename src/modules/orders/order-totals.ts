import { add, allocate, money, multiply, subtract, sum, type Money } from '../../common/money/index.js';

/** A line's money, all in the order's currency. */
export interface LineMoney {
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
  discount: Money;
  net: Money;
}

export interface OrderMoney {
  subtotal: Money;
  discount: Money;
  shippingFee: Money;
  total: Money;
  paid: Money;
  balanceDue: Money;
}

/** Prices lines (unit price × quantity) with the discount each already carries; refuses a discount above its line. */
export function priceLines(lines: ReadonlyArray<{ unitPrice: Money; quantity: number; discount?: Money }>): LineMoney[] {
  return lines.map((line) => {
    const lineTotal = multiply(line.unitPrice, line.quantity);
    const discount = line.discount ?? money(0, lineTotal.currency);
    if (discount.amount < 0 || discount.amount > lineTotal.amount)
      throw new RangeError(`a line's discount must be between 0 and its total ${lineTotal.amount}, not ${discount.amount}`);
    return { unitPrice: line.unitPrice, quantity: line.quantity, lineTotal, discount, net: subtract(lineTotal, discount) };
  });
}

/** The order's totals from its lines, shipping fee and what was paid. */
export function orderTotals(lines: readonly LineMoney[], shippingFee: Money, paid: Money): OrderMoney {
  const currency = shippingFee.currency;
  const subtotal = sum(
    lines.map((line) => line.lineTotal),
    currency,
  );
  const discount = sum(
    lines.map((line) => line.discount),
    currency,
  );
  const total = add(subtract(subtotal, discount), shippingFee);
  return { subtotal, discount, shippingFee, total, paid, balanceDue: subtract(total, paid) };
}

/**
 * Spreads an order-level discount over its lines in proportion to what each still costs (its net), by
 * largest remainder: the shares add up to the discount exactly, each is within one minor unit of its
 * exact share and never above the line's net, so refunding any line later gives back exactly its net.
 */
export function allocateDiscount(lines: readonly LineMoney[], discount: Money): LineMoney[] {
  const left = sum(
    lines.map((line) => line.net),
    discount.currency,
  );
  if (discount.amount < 0 || discount.amount > left.amount) throw new RangeError(`the discount must be between 0 and ${left.amount}, not ${discount.amount}`);
  const shares = allocate(
    discount,
    lines.map((line) => line.net.amount),
  );
  return lines.map((line, i) => {
    const more = add(line.discount, shares[i]);
    return { ...line, discount: more, net: subtract(line.lineTotal, more) };
  });
}
