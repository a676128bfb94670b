import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Order } from '../order.entity.js';

export const SHIPMENT_STATUSES = ['shipped', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned', 'refused'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const SHIPMENT_EXCEPTION_KINDS = ['delayed', 'lost', 'damaged', 'returned', 'refused'] as const;
export type ShipmentExceptionKind = (typeof SHIPMENT_EXCEPTION_KINDS)[number];

const STATUS_CHECK = SHIPMENT_STATUSES.map((s) => `'${s}'`).join(', ');

/** One parcel of an order's goods: its carrier and tracking number, and (shipment_line) what it carries. */
@Entity('shipment')
@Check('ck_shipment_status', `"status" IN (${STATUS_CHECK})`)
@Check('ck_shipment_delivered', `("status" = 'delivered') = ("delivered_at" IS NOT NULL)`)
@Index('ix_shipment_order', ['orderId', 'createdAt'])
@Index('ix_shipment_tracking', ['trackingNumber'])
export class Shipment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Order, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** The carrier's code (`shunfeng`, `yuantong`: Kuaidi100's `com`) or name. */
  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'text', nullable: true })
  trackingNumber!: string | null;

  @Column({ type: 'text', default: 'shipped' })
  status!: ShipmentStatus;

  /** Who confirmed the delivery: `carrier` (a delivered event), `customer` or `staff`. */
  @Column({ type: 'text', nullable: true })
  deliveredBy!: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  @Column({ type: 'text' })
  createdByType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** How many of an order line's goods a shipment carries. */
@Entity('shipment_line')
@Check('ck_shipment_line_quantity', `"quantity" > 0`)
@Index('ix_shipment_line_order', ['orderId', 'lineNumber'])
export class ShipmentLine {
  @ForeignKey(() => Shipment, { onDelete: 'RESTRICT' })
  @PrimaryColumn({ type: 'uuid' })
  shipmentId!: string;

  @PrimaryColumn({ type: 'int' })
  lineNumber!: number;

  @ForeignKey(() => Order, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @Column({ type: 'int' })
  quantity!: number;
}

/** A tracking event from a carrier or an aggregator; a repeat (same time and text: Kuaidi100 pushes the whole route each time) is the same row. */
@Entity('shipment_event')
@Check('ck_shipment_event_status', `"status" IN (${STATUS_CHECK})`)
@Index('uq_shipment_event', ['shipmentId', 'occurredAt', 'description'], { unique: true })
export class ShipmentEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Shipment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  shipmentId!: string;

  @Column({ type: 'text' })
  status!: ShipmentStatus;

  /** What the exception is, for `exception` events. */
  @Column({ type: 'text', nullable: true })
  exceptionKind!: ShipmentExceptionKind | null;

  @Column({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** `api` (POST /v1/shipments/{id}/events) or `kuaidi100`. */
  @Column({ type: 'text' })
  source!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt!: Date;
}

/** A shipment gone wrong (delayed, lost, damaged…): the store's follow-up task, open until resolved. */
@Entity('shipment_exception')
@Check('ck_shipment_exception_kind', `"kind" IN (${SHIPMENT_EXCEPTION_KINDS.map((s) => `'${s}'`).join(', ')})`)
@Check('ck_shipment_exception_resolved', `"resolved_at" IS NOT NULL OR ("resolved_by_id" IS NULL AND "resolution_note" IS NULL)`)
@Index('uq_shipment_exception_open', ['shipmentId', 'kind'], { unique: true, where: `"resolved_at" IS NULL` })
@Index('ix_shipment_exception_store', ['storeId', 'createdAt', 'id'])
export class ShipmentException {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Shipment, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  shipmentId!: string;

  @ForeignKey(() => Order, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  orderId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @Column({ type: 'text' })
  kind!: ShipmentExceptionKind;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  resolvedByType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById!: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionNote!: string | null;
}
