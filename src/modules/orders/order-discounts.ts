import { Injectable } from '@nestjs/common';
import type { Money } from '../../common/money/index.js';
import type { OrderChannel, OrderLineKind } from './order.entity.js';

/** One priced line as discounts see it. */
export interface DiscountableLine {
  kind: OrderLineKind;
  productId: string | null;
  variationId: string | null;
  quantity: number;
  lineTotal: Money;
}

export interface DiscountRequest {
  storeId: string;
  customerId: string;
  channel: OrderChannel;
  currency: string;
  lines: readonly DiscountableLine[];
}

/**
 * The extension point promotions fills (coupons, member prices, stored value): for an order being taken,
 * the discount on each line, in line order, each between 0 and its line total. Orders stores them and
 * adds a manager's manual discount on top.
 */
export interface OrderDiscounts {
  discountsFor(request: DiscountRequest): Promise<Money[]>;
}

/** Injection token of the OrderDiscounts in effect. */
export const ORDER_DISCOUNTS = Symbol('OrderDiscounts');

/** Until promotions exist: no line has a discount. */
@Injectable()
export class NoOrderDiscounts implements OrderDiscounts {
  discountsFor(request: DiscountRequest): Promise<Money[]> {
    return Promise.resolve(request.lines.map(() => ({ amount: 0, currency: request.currency })));
  }
}
