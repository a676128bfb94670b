import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { StatusHistoryColumns } from '../../../common/state/index.js';
import { StockMovement } from '../stock/stock-movement.entity.js';
import { Supplier } from './supplier.entity.js';

/**
 * An order of products from a supplier for one store (purchase-order-state.ts): drafted, approved by
 * a manager, ordered, then received in one or more receipts, each of which brings stock in.
 */
@Entity('purchase_order')
@Check('ck_purchase_order_status', `"status" IN ('draft', 'approved', 'ordered', 'partly_received', 'received', 'cancelled')`)
@Check('ck_purchase_order_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Index('ix_purchase_order_store_created', ['storeId', 'createdAt', 'id'])
@Index('ix_purchase_order_created', ['createdAt', 'id'])
@Index('ix_purchase_order_supplier', ['supplierId'])
export class PurchaseOrder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `PO-<STORE CODE>-YYYYMMDD-NNNN`, per store. */
  @Column({ type: 'text', unique: true })
  number!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @ForeignKey(() => Supplier, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  supplierId!: string;

  @Column({ type: 'text', default: 'draft' })
  status!: string;

  @Column({ type: 'character', length: 3 })
  currency!: string;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}

/** A product ordered, in whole pieces at a unit cost; `receivedQuantity` grows with each receipt (beyond `quantity` only when asked). */
@Entity('purchase_order_line')
@Unique('uq_purchase_order_line_no', ['purchaseOrderId', 'lineNo'])
@Check('ck_purchase_order_line_quantity', `"quantity" > 0 AND "received_quantity" >= 0`)
@Check('ck_purchase_order_line_unit_cost', `"unit_cost_amount" >= 0`)
@Index('ix_purchase_order_line_product', ['productId'])
export class PurchaseOrderLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => PurchaseOrder, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  purchaseOrderId!: string;

  /** 1, 2, 3 … in the order given. */
  @Column({ type: 'int' })
  lineNo!: number;

  @ForeignKey('Product', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  productId!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'int', default: 0 })
  receivedQuantity!: number;

  /** Cost of one piece in minor units, in the order's currency. */
  @Column({ type: 'bigint' })
  unitCostAmount!: string;
}

/** One delivery received against a purchase order. */
@Entity('purchase_order_receipt')
@Index('ix_purchase_order_receipt_order', ['purchaseOrderId', 'receivedAt'])
export class PurchaseOrderReceipt {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => PurchaseOrder, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  purchaseOrderId!: string;

  @Column({ type: 'text' })
  actorType!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  receivedAt!: Date;
}

/** What a receipt brought in for one line, and the stock movement that posted it. */
@Entity('purchase_order_receipt_line')
@Unique('uq_purchase_order_receipt_line', ['receiptId', 'lineId'])
@Check('ck_purchase_order_receipt_line_quantity', `"quantity" > 0`)
@Index('ix_purchase_order_receipt_line_line', ['lineId'])
export class PurchaseOrderReceiptLine {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => PurchaseOrderReceipt, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  receiptId!: string;

  @ForeignKey(() => PurchaseOrderLine, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  lineId!: string;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'text', nullable: true })
  lotCode!: string | null;

  @Column({ type: 'date', nullable: true })
  producedOn!: string | null;

  @Column({ type: 'date', nullable: true })
  expiresOn!: string | null;

  @ForeignKey(() => StockMovement, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', unique: true })
  movementId!: string;
}

/** Every move of a purchase order (common/state StateTransitions writes it): who, when. */
@Entity('purchase_order_status_history')
@Index('ix_purchase_order_status_history_order', ['purchaseOrderId', 'at'])
export class PurchaseOrderStatusHistory extends StatusHistoryColumns {
  @ForeignKey(() => PurchaseOrder, { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  purchaseOrderId!: string;
}
