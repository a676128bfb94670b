import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { CatalogService } from '../../catalog/index.js';
import { movedBy, piecesToUnits, StockReservations, unitsPerPiece } from '../../inventory/index.js';
import type { OrderResponseDto } from '../dto/order.dto.js';
import { orderReference, OrderLifecycle } from '../order-lifecycle.service.js';
import { loadOrder, orderLines, type OrderRow } from '../order-rows.js';
import { OrdersService } from '../orders.service.js';
import type { CreateShipmentDto, OrderShippingResponseDto, ShipmentResponseDto, ShipOrderDto } from './dto/shipment.dto.js';
import { findShipment, loadShipment, loadShipments, shippedPerLine } from './shipment-rows.js';
import { ShipmentErrors } from './shipments.errors.js';

interface Parcel {
  lineNumber: number;
  quantity: number;
  /** Where the line came from, for errors (`lines[1]`); null when the whole order ships. */
  field: string | null;
}

/**
 * Parcels of an order's goods (split shipments). Each is one transaction on the locked order: what it
 * carries is checked against what is left of each line (two parcels of the same goods: the second is
 * refused), its stock commits out of the order's reservation, and the parcel that carries the last
 * goods moves the order to shipped. `POST /v1/orders/{id}/ship` is one parcel of everything left.
 */
@Injectable()
export class ShipmentsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(OrderLifecycle) private readonly lifecycle: OrderLifecycle,
    @Inject(StockReservations) private readonly reservations: StockReservations,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreateShipmentDto): Promise<ShipmentResponseDto> {
    // Locked: parcels of one order take turns, so the same goods never leave twice.
    const order = await this.orders.visible(actor, dto.orderId, true);
    const seen = new Set<number>();
    for (const [i, line] of dto.lines.entries()) {
      if (seen.has(line.lineNumber)) throw ShipmentErrors.lineTwice(`lines[${i}].lineNumber`);
      seen.add(line.lineNumber);
    }
    const id = await this.ship(
      actor,
      order,
      dto.lines.map((line, i) => ({ ...line, field: `lines[${i}]` })),
      dto,
    );
    return loadShipment(this.db, id);
  }

  /** Everything not shipped yet leaves in one parcel and the order becomes shipped (409 naming the state when it cannot). */
  @Transactional()
  async shipOrder(actor: Actor, orderId: string, dto: ShipOrderDto): Promise<OrderResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const shipped = await shippedPerLine(this.db, order.id);
    const left = (await orderLines(this.db, [order.id]))
      .filter((line) => line.kind === 'product')
      .map((line) => ({ lineNumber: line.lineNumber, quantity: line.quantity - (shipped.get(line.lineNumber) ?? 0), field: null }))
      .filter((line) => line.quantity > 0);
    // Nothing to carry (a service order, or all goods gone in parcels) or not packed: the transition answers (its 409 names the state).
    if (left.length === 0 || order.status !== 'packed') return this.lifecycle.shipped(actor, order.id, dto.note);
    await this.ship(actor, order, left, dto);
    return loadOrder(this.db, order.id);
  }

  async get(actor: Actor, id: string): Promise<ShipmentResponseDto> {
    const row = await findShipment(this.db, id);
    if (!canSeeStore(actor, row.storeId)) throw ShipmentErrors.notFound(id);
    return loadShipment(this.db, id);
  }

  /** What each product line has shipped, has left and has back-ordered, with the order's parcels. */
  async orderShipping(actor: Actor, orderId: string): Promise<OrderShippingResponseDto> {
    const order = await this.orders.visible(actor, orderId);
    const shipped = await shippedPerLine(this.db, order.id);
    const backorders = await this.reservations.backorders(orderReference(order.id));
    const lines = [];
    for (const [index, line] of (await orderLines(this.db, [order.id])).entries()) {
      if (line.kind !== 'product') continue;
      const units = backorders.filter((b) => b.field === `lines[${index}].quantity`).reduce((sum, b) => sum + b.units, 0);
      const product = units > 0 ? await this.catalog.productForStore(line.productId!, order.storeId) : undefined;
      const sent = shipped.get(line.lineNumber) ?? 0;
      lines.push({
        lineNumber: line.lineNumber,
        productId: line.productId!,
        name: line.name,
        quantity: line.quantity,
        shipped: sent,
        remaining: line.quantity - sent,
        backordered: units > 0 ? Math.ceil(units / (product ? unitsPerPiece(product) : 1)) : 0,
      });
    }
    return { orderId: order.id, lines, shipments: await loadShipments(this.db, { orderId: order.id }) };
  }

  /** Writes the parcel of a locked, packed order; commits its stock; the last one moves the order to shipped. Answers its id. */
  private async ship(actor: Actor, order: OrderRow, parcel: readonly Parcel[], carrier: { carrier?: string; trackingNumber?: string; note?: string }): Promise<string> {
    if (order.status !== 'packed') throw ShipmentErrors.orderNotPacked(order.status);
    const lines = (await orderLines(this.db, [order.id])).map((line, index) => ({ ...line, index }));
    const shipped = await shippedPerLine(this.db, order.id);
    for (const item of parcel) {
      const line = lines.find((l) => l.lineNumber === item.lineNumber && l.kind === 'product');
      if (!line) throw ShipmentErrors.notProductLine(`${item.field}.lineNumber`, item.lineNumber);
      const left = line.quantity - (shipped.get(line.lineNumber) ?? 0);
      if (item.quantity > left) throw ShipmentErrors.overShipped(`${item.field}.quantity`, line.lineNumber, left);
    }
    const by = movedBy(actor);
    const [{ id }] = await this.db.rows<{ id: string }>(
      `INSERT INTO shipment (order_id, store_id, carrier, tracking_number, created_by_type, created_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [order.id, order.storeId, carrier.carrier ?? null, carrier.trackingNumber ?? null, by.type, by.id],
    );
    await this.db.execute(`INSERT INTO shipment_line (shipment_id, order_id, line_number, quantity) SELECT $1, $2, l.n, l.q FROM unnest($3::int[], $4::int[]) AS l(n, q)`, [
      id,
      order.id,
      parcel.map((item) => item.lineNumber),
      parcel.map((item) => item.quantity),
    ]);
    for (const item of parcel) {
      const line = lines.find((l) => l.lineNumber === item.lineNumber)!;
      const product = await this.catalog.productForStore(line.productId!, order.storeId);
      if (!product) throw ShipmentErrors.notProductLine(`${item.field ?? `lines[${line.index}]`}.lineNumber`, item.lineNumber);
      await this.reservations.commitPart(actor, by, {
        reference: orderReference(order.id),
        storeId: order.storeId,
        productId: line.productId!,
        units: piecesToUnits(item.quantity, unitsPerPiece(product)),
        document: { type: 'order', id: order.number },
        sourceKey: `shipment:${id}:line:${line.lineNumber}`,
        field: `${item.field ?? `lines[${line.index}]`}.quantity`,
      });
      shipped.set(line.lineNumber, (shipped.get(line.lineNumber) ?? 0) + item.quantity);
    }
    await this.audit.record({ action: 'shipment.create', entityType: 'shipment', entityId: id, storeId: order.storeId, after: { orderId: order.id, ...carrier, lines: parcel } });
    const everything = lines.filter((l) => l.kind === 'product').every((l) => (shipped.get(l.lineNumber) ?? 0) >= l.quantity);
    if (everything) await this.lifecycle.shipped(actor, order.id, carrier.note);
    return id;
  }
}
