import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Clock } from '../../common/clock/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { DomainError } from '../../common/errors/index.js';
import { DurableEvents } from '../../common/events/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { CatalogService } from '../catalog/index.js';
import { piecesToUnits, StockReservations, unitsPerPiece, type ReserveLine } from '../inventory/index.js';
import type { OrderResponseDto } from './dto/order.dto.js';
import { OrderDeadlines } from './order-deadlines.js';
import { findOrder, loadOrder, orderLines, type OrderRow } from './order-rows.js';
import { allowedTransitions, orderTransitions, pathIncludes, type OrderStatus } from './order-state.js';
import type { OrderEvent } from './orders.events.js';
import './orders.events.js';
import { OrderErrors } from './orders.errors.js';
import { OrdersService } from './orders.service.js';

/** How long confirmed goods stay held for an order that never says what became of it (a crash): far past the 48 h shipping promise. */
const RESERVATION_DAYS = 30;

/** What an order's stock is held under (reservations, back-orders). */
export const orderReference = (orderId: string) => `order:${orderId}`;

/** The column each arrival stamps, and the event it publishes. */
const STEPS: Partial<Record<OrderStatus, { stamp?: string; event?: Exclude<OrderEvent, 'order.paid' | 'order.refunded' | 'order.refund_failed'> }>> = {
  confirmed: { stamp: 'confirmed_at', event: 'order.confirmed' },
  shipped: { stamp: 'shipped_at', event: 'order.shipped' },
  delivered: { stamp: 'delivered_at', event: 'order.delivered' },
  completed: { stamp: 'completed_at', event: 'order.completed' },
  cancelled: { stamp: 'cancelled_at', event: 'order.cancelled' },
};

/**
 * An order's life (order-state.ts), one transition per use case, each one transaction: the SQL
 * transition is the arbiter (of two at once one wins), then its effects: confirmation reserves the
 * product lines (all or none; a short line refuses it with 409 naming the line), shipping turns the
 * reservation into sale movements, cancellation releases it. Every move writes history, publishes its
 * event where it has one, and is audited.
 */
@Injectable()
export class OrderLifecycle {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StockReservations) private readonly reservations: StockReservations,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OrderDeadlines) private readonly deadlines: OrderDeadlines,
  ) {}

  /** With `backorder`, a short line holds what there is and the rest is back-ordered (inventory suggests buying it) instead of refusing. */
  @Transactional()
  async confirm(actor: Actor, id: string, note?: string, backorder = false): Promise<OrderResponseDto> {
    const row = await this.move(actor, id, 'confirmed', note ?? null);
    const lines = (await orderLines(this.db, [row.id])).map((line, index) => ({ ...line, index })).filter((line) => line.kind === 'product');
    if (lines.length > 0) {
      const reserve: ReserveLine[] = [];
      const products = await this.catalog.productsForStore(
        lines.map((line) => line.productId!),
        row.storeId,
      );
      for (const line of lines) {
        const product = products.get(line.productId!);
        if (!product) throw OrderErrors.productNotSold(`lines[${line.index}].productId`, line.productId!);
        reserve.push({ productId: line.productId!, units: piecesToUnits(line.quantity, unitsPerPiece(product)), field: `lines[${line.index}].quantity` });
      }
      const expiresAt = new Date(this.clock.now().getTime() + RESERVATION_DAYS * 86_400_000);
      await this.reservations.reserve(actor, { storeId: row.storeId, reference: orderReference(row.id), lines: reserve, expiresAt, backorder });
    }
    await this.deadlines.confirmed(row.id, row.classification);
    return this.done(row, 'confirmed', 'order.confirm');
  }

  @Transactional()
  async advance(actor: Actor, id: string, to: 'in_progress' | 'picked' | 'packed' | 'delivered' | 'served' | 'completed', note?: string): Promise<OrderResponseDto> {
    const row = await this.move(actor, id, to, note ?? null);
    return this.done(row, to, `order.${to}`);
  }

  /** A service order booked as an appointment (the appointment must exist: 422 naming `appointmentId` otherwise). */
  @Transactional()
  async schedule(actor: Actor, id: string, appointmentId: string, note?: string): Promise<OrderResponseDto> {
    const row = await this.move(actor, id, 'scheduled', note ?? null, { appointment_id: appointmentId.toLowerCase() });
    return this.done(row, 'scheduled', 'order.schedule');
  }

  /**
   * The last goods left (ShipmentsService calls this in its transaction, after committing each parcel's
   * stock): the order becomes shipped, or 409 naming its state.
   */
  @Transactional()
  async shipped(actor: Actor, id: string, note?: string): Promise<OrderResponseDto> {
    const row = await this.move(actor, id, 'shipped', note ?? null);
    await this.deadlines.shipped(row.id);
    return this.done(row, 'shipped', 'order.ship');
  }

  /** Every parcel reached the customer (the carrier or the customer said so, not a member of staff): a shipped order becomes delivered. */
  @Transactional()
  async deliveredBy(id: string, by: { type: string; id: string | null }, note: string): Promise<void> {
    const row = await findOrder(this.db, id);
    await orderTransitions.apply(this.db, { id: row.id, to: 'delivered', actor: null, by, reason: note, set: { delivered_at: this.clock.now() } });
    await this.done(row, 'delivered', 'order.deliver');
  }

  /** Before shipped or served, with a reason; what was held is released. */
  @Transactional()
  async cancel(actor: Actor, id: string, reason: string): Promise<OrderResponseDto> {
    const row = await this.move(actor, id, 'cancelled', reason, { cancel_reason: reason });
    // Checked after the move holds the order's row: a parcel sent meanwhile is seen, and its goods cannot come back by cancelling.
    const [parcel] = await this.db.rows<{ id: string }>('SELECT id FROM shipment WHERE order_id = $1 LIMIT 1', [row.id]);
    if (parcel) throw OrderErrors.partlyShipped();
    await this.reservations.release(orderReference(row.id));
    await this.deadlines.cancelled(row.id);
    return this.done(row, 'cancelled', 'order.cancel', reason);
  }

  /** Checks the order is visible and `to` lies on its path, then moves it in SQL (409 naming the state and the allowed ones otherwise). */
  private async move(actor: Actor, id: string, to: OrderStatus, note: string | null, set: Record<string, unknown> = {}): Promise<OrderRow> {
    const row = await this.orders.visible(actor, id);
    if (!pathIncludes(row.classification, to)) throw OrderErrors.wrongPath(row.classification, row.status, to, allowedTransitions(row.classification, row.status));
    const stamp = STEPS[to]?.stamp;
    try {
      await orderTransitions.apply(this.db, { id: row.id, to, actor, reason: note, set: stamp ? { ...set, [stamp]: this.clock.now() } : set });
    } catch (error) {
      // The state machine's 409 lists both paths' states; the caller is offered those on this order's.
      if (!(error instanceof DomainError) || error.code !== 'order.invalid_transition') throw error;
      const current = (error.options.extensions?.currentState as OrderStatus | undefined) ?? row.status;
      throw OrderErrors.refused(current, to, allowedTransitions(row.classification, current));
    }
    return row;
  }

  private async done(before: OrderRow, to: OrderStatus, action: string, reason?: string): Promise<OrderResponseDto> {
    const event = STEPS[to]?.event;
    const payload = { orderId: before.id, number: before.number, storeId: before.storeId, customerId: before.customerId };
    if (event === 'order.cancelled') await this.events.publish(event, { ...payload, reason: reason ?? '' });
    else if (event) await this.events.publish(event, payload);
    const after = await loadOrder(this.db, before.id);
    await this.audit.record({ action, entityType: 'order', entityId: before.id, storeId: before.storeId, before: { status: before.status, version: before.version }, after });
    return after;
  }
}
