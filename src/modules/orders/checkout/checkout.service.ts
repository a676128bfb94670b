import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { money, type Money } from '../../../common/money/index.js';
import { HumanNumbers } from '../../../common/numbers/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { AppointmentCheckouts } from '../../appointments/index.js';
import { CatalogService } from '../../catalog/index.js';
import { CustomersService } from '../../customers/index.js';
import { piecesToUnits, StockMovements, unitsPerPiece } from '../../inventory/index.js';
import { StoresService } from '../../stores/index.js';
import type { CreateCheckoutDto } from '../dto/checkout.dto.js';
import type { OrderResponseDto } from '../dto/order.dto.js';
import { ORDER_DISCOUNTS, type OrderDiscounts } from '../order-discounts.js';
import { OrderChannelsService } from '../order-channels.service.js';
import { insertOrderLines, loadOrder, type NewOrderLine } from '../order-rows.js';
import { counterSaleTransitions, orderTransitions, type OrderStatus } from '../order-state.js';
import { orderTotals, priceLines } from '../order-totals.js';
import type { OrderClassification } from '../order.entity.js';
import '../orders.events.js';
import { OrderErrors } from '../orders.errors.js';
import { actorRef } from '../orders.service.js';

interface CheckoutLine extends NewOrderLine {
  unitPrice: Money;
  /** The request's field a product line came from, for errors. */
  field?: string;
}

/**
 * The path a counter order walks at once, on the table of order-state.ts: the customer is in front of
 * the desk, so it is confirmed and started, `scheduled` as the appointment it checks out, and `served`
 * (the service was given; counter products are handed over with it). `served → completed` follows
 * when it is paid. A counter order is never picked, packed or shipped, whatever its classification:
 * these transitions are applied here directly, not through OrderLifecycle's path check.
 */
const COUNTER_PATH: readonly OrderStatus[] = ['confirmed', 'in_progress', 'scheduled', 'served'];
/** A walk-in sale's (order-state.ts `counterSaleStates`): the goods are handed over as it is taken. */
const WALK_IN_PATH = ['confirmed', 'in_progress', 'served'] as const;
const stampOf = (to: OrderStatus, now: Date): Record<string, unknown> => (to === 'confirmed' ? { confirmed_at: now } : {});

/**
 * The counter checkout (issue 15): a completed appointment becomes an `in_store` order with a line per
 * service given (and the staff member who gave it, for commissions), the products sold at the counter
 * (their stock leaves at once as sales) and the no-show or late-cancellation fees the store's policy
 * recorded for this customer and not yet collected. One transaction; an appointment is checked out once.
 * Without an appointment it is a walk-in sale: the products alone (and any fee owed), for a customer at a
 * store, handed over at once the same way.
 */
@Injectable()
export class CheckoutService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AppointmentCheckouts) private readonly appointments: AppointmentCheckouts,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(StockMovements) private readonly movements: StockMovements,
    @Inject(OrderChannelsService) private readonly channels: OrderChannelsService,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(ORDER_DISCOUNTS) private readonly discounts: OrderDiscounts,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async checkout(actor: Actor, dto: CreateCheckoutDto): Promise<OrderResponseDto> {
    if (dto.appointmentId === undefined) return this.walkIn(actor, dto);
    for (const field of ['storeId', 'customerId'] as const) {
      if (dto[field] !== undefined) throw OrderErrors.checkoutShape(field, 'is for a walk-in sale: a checkout of an appointment takes its store and customer from it');
    }
    // Locked until commit: a second checkout of this appointment waits here, then finds the first's order.
    const appointment = await this.appointments.lockForCheckout(dto.appointmentId);
    if (!appointment || !canSeeStore(actor, appointment.storeId)) throw OrderErrors.checkoutAppointmentNotFound(dto.appointmentId);
    if (appointment.status !== 'completed') throw OrderErrors.appointmentNotCompleted(appointment.status);
    const [existing] = await this.db.rows<{ id: string; number: string }>('SELECT id, number FROM "order" WHERE appointment_id = $1', [appointment.id]);
    if (existing) throw OrderErrors.alreadyCheckedOut(existing.id, existing.number);
    const { storeId, customerId } = appointment;
    const currency = this.config.BUSINESS_CURRENCY;
    // Checkouts of one customer take turns, so a recorded fee lands on one order only.
    await this.db.execute('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`checkout-customer:${customerId}`]);

    const lines: CheckoutLine[] = [];
    for (const service of appointment.services) {
      const variation = await this.catalog.variationForStore(service.variationId, storeId);
      lines.push({
        kind: 'service',
        productId: null,
        variationId: service.variationId,
        // The service was given: it is billed at the price booked even if the menu changed since.
        name: variation ? `${variation.serviceName} / ${variation.variationName}` : '服务 Service',
        quantity: 1,
        unitPrice: money(service.price.amount, currency),
        staffMemberId: service.staffMemberId,
      });
    }
    lines.push(...(await this.counterLines(dto, storeId, customerId)));
    return this.counterOrder(actor, { storeId, customerId, appointmentId: appointment.id, lines, reason: `收银结账 counter checkout of ${appointment.number}` });
  }

  /** A walk-in sale: products alone (and any fee the customer owes here), no appointment; handed over at once. */
  private async walkIn(actor: Actor, dto: CreateCheckoutDto): Promise<OrderResponseDto> {
    if (dto.storeId === undefined) throw OrderErrors.checkoutShape('storeId', 'is required without an appointmentId: the store of the walk-in sale');
    if (dto.customerId === undefined) throw OrderErrors.checkoutShape('customerId', 'is required without an appointmentId: who buys');
    if (!dto.products?.length) throw OrderErrors.checkoutShape('products', 'a walk-in sale sells at least one product');
    const storeId = dto.storeId.toLowerCase();
    if (!canSeeStore(actor, storeId)) throw OrderErrors.storeNotFound(storeId);
    await this.stores.getTimeZone(storeId).catch(() => {
      throw OrderErrors.storeNotFound(storeId);
    });
    const customer = await this.customers.bookingStatus(dto.customerId);
    if (!customer || customer.status === 'anonymized' || customer.status === 'merged') throw OrderErrors.customerUnknown('customerId');
    if (customer.status === 'blocked') throw OrderErrors.customerBlocked('customerId');
    await this.db.execute('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`checkout-customer:${customer.id}`]);
    const lines = await this.counterLines(dto, storeId, customer.id);
    return this.counterOrder(actor, { storeId, customerId: customer.id, appointmentId: null, lines, reason: '门店零售 walk-in sale' });
  }

  /** The products sold at the counter, priced from the store's catalog, and the fees the customer owes at this store. */
  private async counterLines(dto: CreateCheckoutDto, storeId: string, customerId: string): Promise<CheckoutLine[]> {
    const currency = this.config.BUSINESS_CURRENCY;
    const lines: CheckoutLine[] = [];
    for (const [i, item] of (dto.products ?? []).entries()) {
      const product = await this.catalog.productForStore(item.productId, storeId);
      if (!product || !product.active || !product.sold || !product.salePrice) throw OrderErrors.productNotSold(`products[${i}].productId`, item.productId);
      lines.push({
        kind: 'product',
        productId: product.productId,
        variationId: null,
        name: product.name,
        quantity: item.quantity,
        unitPrice: product.salePrice,
        field: `products[${i}].quantity`,
      });
    }
    for (const fee of await this.feesOwed(customerId, storeId)) {
      lines.push({
        kind: 'fee',
        productId: null,
        variationId: null,
        name: `${fee.kind === 'no_show' ? '爽约费 No-show fee' : '迟取消费 Late-cancellation fee'} (${fee.number})`,
        quantity: 1,
        unitPrice: money(fee.fee.amount, currency),
        feeAppointmentId: fee.appointmentId,
      });
    }
    return lines;
  }

  /**
   * Writes the counter order: priced, numbered, its products' stock taken out as sales, walked to `served` at
   * once (an appointment's checkout through `scheduled`, a walk-in sale straight from `in_progress`).
   */
  private async counterOrder(
    actor: Actor,
    { storeId, customerId, appointmentId, lines, reason }: { storeId: string; customerId: string; appointmentId: string | null; lines: CheckoutLine[]; reason: string },
  ): Promise<OrderResponseDto> {
    const currency = this.config.BUSINESS_CURRENCY;
    const timeZone = await this.stores.getTimeZone(storeId);
    const kinds = new Set(lines.filter((line) => line.kind !== 'fee').map((line) => line.kind));
    const classification: OrderClassification = kinds.size > 1 ? 'mixed' : kinds.has('product') ? 'product' : 'service';
    const route = await this.channels.routeOf(storeId, 'in_store');
    const discounts = await this.discounts.discountsFor({
      storeId,
      customerId,
      channel: 'in_store',
      currency,
      lines: lines.map((line) => ({ ...line, lineTotal: money(line.unitPrice.amount * line.quantity, currency) })),
    });
    const priced = priceLines(lines.map((line, i) => ({ unitPrice: line.unitPrice, quantity: line.quantity, discount: discounts[i] })));
    const totals = orderTotals(priced, money(0, currency), money(0, currency));
    const now = this.clock.now();
    const { number } = await this.numbers.take({ prefix: 'SO', scope: 'business', timeZone, at: now });
    const by = actorRef(actor);
    const [row] = await this.db.rows<{ id: string }>(
      `INSERT INTO "order" (number, store_id, channel, customer_id, classification, team, responsible_staff_member_id, currency,
         subtotal_amount, discount_amount, shipping_fee_amount, total_amount, balance_due_amount, appointment_id, counter_checkout, created_by_type, created_by_id, received_at)
       VALUES ($1, $2, 'in_store', $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12, true, $13, $14, $15) RETURNING id`,
      [
        number,
        storeId,
        customerId,
        classification,
        route.team,
        route.responsibleStaffMemberId,
        currency,
        totals.subtotal.amount,
        totals.discount.amount,
        totals.total.amount,
        totals.balanceDue.amount,
        appointmentId,
        by.type,
        by.id,
        now,
      ],
    );
    await insertOrderLines(this.db, row.id, lines, priced);
    // Handed over at the counter: each product line leaves the store's stock as a sale now (409 naming the line when short).
    for (const [i, line] of lines.entries()) {
      if (line.kind !== 'product') continue;
      const product = (await this.catalog.productForStore(line.productId!, storeId))!;
      await this.movements.takeOut(
        actor,
        { type: actor.kind === 'api_key' ? 'api_key' : 'user', id: actor.id },
        {
          storeId,
          productId: line.productId!,
          units: piecesToUnits(line.quantity, unitsPerPiece(product)),
          kind: 'sale',
          sourceKey: `order:${row.id}:line:${i + 1}`,
          documentType: 'order',
          documentId: number,
          field: line.field,
        },
      );
    }
    if (appointmentId) {
      for (const to of COUNTER_PATH) await orderTransitions.apply(this.db, { id: row.id, to, actor, reason, set: stampOf(to, now) });
    } else {
      for (const to of WALK_IN_PATH) await counterSaleTransitions.apply(this.db, { id: row.id, to, actor, reason, set: stampOf(to, now) });
    }
    await this.events.publish('order.created', { orderId: row.id, number, storeId, customerId, channel: 'in_store' });
    const order = await loadOrder(this.db, row.id);
    await this.audit.record({ action: 'order.checkout', entityType: 'order', entityId: row.id, storeId, after: order });
    return order;
  }

  /** The fees recorded for this customer at this store that no order has collected yet. */
  private async feesOwed(customerId: string, storeId: string) {
    const recorded = await this.appointments.recordedFees(customerId, storeId);
    if (recorded.length === 0) return [];
    const collected = await this.db.rows<{ id: string }>('SELECT fee_appointment_id AS id FROM order_line WHERE fee_appointment_id = ANY($1::uuid[])', [
      recorded.map((fee) => fee.appointmentId),
    ]);
    const done = new Set(collected.map((row) => row.id));
    return recorded.filter((fee) => !done.has(fee.appointmentId));
  }
}
