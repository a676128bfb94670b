import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, todayIn } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../../common/errors/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { assertVersion, updateVersioned } from '../../../common/http/etag.js';
import { DEFAULT_PAGE_SIZE, type Page, type PageQueryDto } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { assertBusinessCurrency, MAX_AMOUNT } from '../../../common/money/index.js';
import { HumanNumbers } from '../../../common/numbers/index.js';
import { StateErrors } from '../../../common/state/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CatalogService } from '../../catalog/index.js';
import { StoresService } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { movedBy, StockMovements } from '../stock/stock-movements.js';
import { piecesToUnits, unitsPerPiece } from '../stock/stock-units.js';
import type {
  CreatePurchaseOrderDto,
  CreateReceiptDto,
  PurchaseOrderHistoryDto,
  PurchaseOrderLineDto,
  PurchaseOrderQueryDto,
  PurchaseOrderReasonDto,
  PurchaseOrderResponseDto,
  ReceiptResponseDto,
  UpdatePurchaseOrderDto,
} from './dto/purchase-order.dto.js';
import { BY_CREATED, findPurchaseOrder, findReceipt, listReceipts, PURCHASE_ORDER_COLUMNS, toPurchaseOrderResponse, type PurchaseOrderRow } from './purchase-order-rows.js';
import { purchaseOrderStates, purchaseOrderTransitions, type PurchaseOrderStatus } from './purchase-order-state.js';
import { PURCHASE_ORDER_RECEIVED } from './purchasing.events.js';
import { PurchasingErrors } from './purchasing.errors.js';

/**
 * Purchase orders (/v1/purchase-orders): drafting one for a store, approving, ordering, receiving
 * (each receipt brings stock in at the line's cost, in the receipt's transaction) and cancelling.
 * Every use case is one transaction, audited; the order's row is locked first, so receipts of one
 * order take turns and never receive more than is open without being told to.
 */
@Injectable()
export class PurchaseOrdersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockMovements) private readonly stock: StockMovements,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async create(actor: Actor, dto: CreatePurchaseOrderDto): Promise<PurchaseOrderResponseDto> {
    if (!canSeeStore(actor, dto.storeId)) throw InventoryErrors.storeNotFound(dto.storeId);
    this.assertCurrency(dto.lines);
    const timeZone = await this.stores.getTimeZone(dto.storeId);
    await this.assertSupplier('supplierId', dto.supplierId);
    await this.assertProducts(dto.storeId, dto.lines);
    const today = todayIn(timeZone, this.clock.nowMs());
    const { code } = await this.stores.calendarOf(dto.storeId, today, today);
    const { number } = await this.numbers.take({ prefix: 'PO', scope: dto.storeId, scopeCode: code, timeZone, at: this.clock.now() });
    const [{ id }] = await this.db.rows<{ id: string }>(`INSERT INTO purchase_order (number, store_id, supplier_id, currency, notes) VALUES ($1, $2, $3, $4, $5) RETURNING id`, [
      number,
      dto.storeId,
      dto.supplierId,
      this.config.BUSINESS_CURRENCY,
      dto.notes ?? null,
    ]);
    await this.insertLines(id, dto.lines);
    const created = toPurchaseOrderResponse(await findPurchaseOrder(this.db, id));
    await this.audit.record({ action: 'purchase_order.create', entityType: 'purchase_order', entityId: id, storeId: dto.storeId, after: created });
    return created;
  }

  async list(actor: Actor, query: PurchaseOrderQueryDto): Promise<Page<PurchaseOrderResponseDto>> {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_CREATED.decode(query.cursor);
    const rows = await this.db.rows<PurchaseOrderRow>(
      `SELECT ${PURCHASE_ORDER_COLUMNS} FROM purchase_order p
        WHERE ($1::uuid[] IS NULL OR p.store_id = ANY($1)) AND ($2::uuid IS NULL OR p.store_id = $2) AND ($3::uuid IS NULL OR p.supplier_id = $3)
          AND ($4::text IS NULL OR p.status = $4) AND ($5::timestamptz IS NULL OR (p.created_at, p.id) < ($5, $6::uuid))
        ORDER BY p.created_at DESC, p.id DESC LIMIT $7`,
      [visible === 'all' ? null : visible, query.storeId ?? null, query.supplierId ?? null, query.status ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toPurchaseOrderResponse), nextCursor: rows.length > limit && last ? BY_CREATED.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  async get(actor: Actor, id: string): Promise<PurchaseOrderResponseDto> {
    return toPurchaseOrderResponse(await this.visible(actor, id));
  }

  /** Who moved the order along, and when, oldest first. */
  async history(actor: Actor, id: string): Promise<PurchaseOrderHistoryDto> {
    await this.visible(actor, id);
    const rows = await this.db.rows<{ fromStatus: string; toStatus: string; actorType: string; actorId: string | null; reason: string | null; at: Date }>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", actor_type AS "actorType", actor_id AS "actorId", reason, at
         FROM purchase_order_status_history WHERE purchase_order_id = $1 ORDER BY at, id`,
      [id],
    );
    return { data: rows.map((row) => ({ ...row, at: row.at.toISOString() })) };
  }

  /** Changes a draft (its supplier, notes, or all its lines) if it is still at `expectedVersion` (If-Match). */
  @Transactional()
  async update(actor: Actor, id: string, expectedVersion: number, dto: UpdatePurchaseOrderDto): Promise<PurchaseOrderResponseDto> {
    const before = await this.visible(actor, id, true);
    assertVersion(before, expectedVersion);
    if (before.status !== 'draft') throw PurchasingErrors.notDraft(before.status);
    if (dto.lines) this.assertCurrency(dto.lines);
    if (dto.supplierId !== undefined && dto.supplierId !== before.supplierId) await this.assertSupplier('supplierId', dto.supplierId);
    if (dto.lines) await this.assertProducts(before.storeId, dto.lines);
    const changes: Array<[string, unknown]> = [];
    if (dto.supplierId !== undefined) changes.push(['supplier_id', dto.supplierId]);
    if (dto.notes !== undefined) changes.push(['notes', dto.notes]);
    if (changes.length === 0 && !dto.lines) return toPurchaseOrderResponse(before);
    await updateVersioned(this.db, { table: 'purchase_order', id, expectedVersion, changes, returning: 'id' });
    if (dto.lines) {
      await this.db.execute('DELETE FROM purchase_order_line WHERE purchase_order_id = $1', [id]);
      await this.insertLines(id, dto.lines);
    }
    const after = toPurchaseOrderResponse(await findPurchaseOrder(this.db, id));
    await this.audit.record({
      action: 'purchase_order.update',
      entityType: 'purchase_order',
      entityId: id,
      storeId: before.storeId,
      before: toPurchaseOrderResponse(before),
      after,
    });
    return after;
  }

  @Transactional()
  approve(actor: Actor, id: string, dto: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.move(actor, id, 'approved', 'purchase_order.approve', dto.reason ?? null);
  }

  @Transactional()
  markOrdered(actor: Actor, id: string, dto: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.move(actor, id, 'ordered', 'purchase_order.order', dto.reason ?? null);
  }

  /** Until something was received: afterwards the stock is in, and the order is finished by receiving the rest. */
  @Transactional()
  cancel(actor: Actor, id: string, dto: PurchaseOrderReasonDto): Promise<PurchaseOrderResponseDto> {
    return this.move(actor, id, 'cancelled', 'purchase_order.cancel', dto.reason ?? null);
  }

  /**
   * Receives a delivery: each line brings its pieces into the store's stock at the line's unit cost
   * (a batch and a `receipt` movement each), all in this transaction or none. More than is still open
   * on a line needs `overReceive: true`. The order becomes partly received, or received once every
   * line has arrived (then `purchase_order.received` is published).
   */
  @Transactional()
  async receive(actor: Actor, id: string, dto: CreateReceiptDto): Promise<ReceiptResponseDto> {
    const order = await this.visible(actor, id, true);
    if (order.status !== 'ordered' && order.status !== 'partly_received') throw StateErrors.invalidTransition(purchaseOrderStates, order.status, 'received');
    const lines = new Map(order.lines.map((line) => [line.id, line]));
    const invalid: FieldError[] = [];
    const unknown: Array<{ field: string; lineId: string }> = [];
    const over: FieldError[] = [];
    const seen = new Set<string>();
    for (const [i, input] of dto.lines.entries()) {
      const line = lines.get(input.lineId.toLowerCase());
      if (!line) {
        unknown.push({ field: `lines[${i}].lineId`, lineId: input.lineId });
        continue;
      }
      if (seen.has(line.id)) invalid.push({ field: `lines[${i}].lineId`, message: 'names a line given earlier in this receipt' });
      seen.add(line.id);
      if (input.producedOn && input.expiresOn && input.expiresOn < input.producedOn) invalid.push({ field: `lines[${i}].expiresOn`, message: 'must not be before producedOn' });
      const open = Math.max(0, line.quantity - line.receivedQuantity);
      if (input.quantity > open && !dto.overReceive) over.push({ field: `lines[${i}].quantity`, message: `is more than the ${open} still open on line ${line.lineNo}` });
    }
    if (invalid.length) throw CommonErrors.validation(invalid);
    if (unknown.length) throw CommonErrors.referenceNotFound(unknown[0].field, 'line of this purchase order', [unknown[0].lineId]);
    if (over.length) throw PurchasingErrors.overReceipt(over);

    const by = movedBy(actor);
    const [{ id: receiptId }] = await this.db.rows<{ id: string }>(
      'INSERT INTO purchase_order_receipt (purchase_order_id, actor_type, actor_id, notes) VALUES ($1, $2, $3, $4) RETURNING id',
      [id, by.type, by.id, dto.notes ?? null],
    );
    for (const [i, input] of dto.lines.entries()) {
      const line = lines.get(input.lineId.toLowerCase())!;
      const product = await this.catalog.productForStore(line.productId, order.storeId);
      if (!product) throw InventoryErrors.unknownProduct(`lines[${i}].lineId`, line.productId);
      const moved = await this.stock.bringIn(actor, by, {
        kind: 'receipt',
        storeId: order.storeId,
        productId: line.productId,
        units: piecesToUnits(input.quantity, unitsPerPiece(product)),
        unitCostAmount: Number(line.unitCostAmount),
        lotCode: input.lotCode ?? null,
        producedOn: input.producedOn ?? null,
        expiresOn: input.expiresOn,
        sourceKey: `purchase_order:${id}:receipt:${receiptId}:line:${line.lineNo}`,
        documentType: 'purchase_order',
        documentId: order.number,
        field: `lines[${i}].quantity`,
      });
      await this.db.execute('UPDATE purchase_order_line SET received_quantity = received_quantity + $2 WHERE id = $1', [line.id, input.quantity]);
      await this.db.execute(
        // The batch's dates as posted (an expiry left out is the shelf life's).
        `INSERT INTO purchase_order_receipt_line (receipt_id, line_id, quantity, lot_code, produced_on, expires_on, movement_id)
         SELECT $1, $2, $3, b.lot_code, b.produced_on, b.expires_on, b.movement_id FROM stock_batch b WHERE b.movement_id = $4`,
        [receiptId, line.id, input.quantity, moved.movementId],
      );
    }
    const [{ complete }] = await this.db.rows<{ complete: boolean }>(
      'SELECT bool_and(received_quantity >= quantity) AS complete FROM purchase_order_line WHERE purchase_order_id = $1',
      [id],
    );
    const to: PurchaseOrderStatus = complete ? 'received' : 'partly_received';
    if (to !== order.status) {
      await purchaseOrderTransitions.apply(this.db, { id, to, actor, reason: `receipt ${receiptId}` });
    } else {
      await this.db.execute('UPDATE purchase_order SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
    }
    if (to === 'received') {
      await this.events.publish(PURCHASE_ORDER_RECEIVED, { purchaseOrderId: id, number: order.number, storeId: order.storeId, supplierId: order.supplierId });
    }
    const receipt = await findReceipt(this.db, id, receiptId);
    await this.audit.record({
      action: 'purchase_order.receive',
      entityType: 'purchase_order',
      entityId: id,
      storeId: order.storeId,
      before: { status: order.status, version: order.version },
      after: { status: to, receipt },
    });
    return receipt;
  }

  /** What has arrived, receipt by receipt, oldest first. */
  async receipts(actor: Actor, id: string, page: PageQueryDto): Promise<Page<ReceiptResponseDto>> {
    await this.visible(actor, id);
    return listReceipts(this.db, id, page);
  }

  async getReceipt(actor: Actor, id: string, receiptId: string): Promise<ReceiptResponseDto> {
    await this.visible(actor, id);
    return findReceipt(this.db, id, receiptId);
  }

  /** One transition: the SQL is the arbiter between two at once (409 naming the state for the later one). */
  private async move(actor: Actor, id: string, to: PurchaseOrderStatus, action: string, reason: string | null): Promise<PurchaseOrderResponseDto> {
    const before = await this.visible(actor, id);
    await purchaseOrderTransitions.apply(this.db, { id, to, actor, reason });
    const after = toPurchaseOrderResponse(await findPurchaseOrder(this.db, id));
    await this.audit.record({
      action,
      entityType: 'purchase_order',
      entityId: id,
      storeId: before.storeId,
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version, reason },
    });
    return after;
  }

  private async visible(actor: Actor, id: string, forUpdate = false): Promise<PurchaseOrderRow> {
    const row = await findPurchaseOrder(this.db, id, { forUpdate });
    if (!canSeeStore(actor, row.storeId)) throw PurchasingErrors.purchaseOrderNotFound(id);
    return row;
  }

  /** Costs in the business's currency, and totals that money can hold (each line's, and the order's). */
  private assertCurrency(lines: readonly PurchaseOrderLineDto[]): void {
    assertBusinessCurrency(
      this.config.BUSINESS_CURRENCY,
      lines.map((line, i) => [`lines[${i}].unitCost.currency`, line.unitCost.currency]),
    );
    const tooMuch: FieldError[] = lines
      .map((line, i) => ({ field: `lines[${i}].quantity`, total: line.quantity * line.unitCost.amount }))
      .filter((line) => line.total > MAX_AMOUNT)
      .map((line) => ({ field: line.field, message: `makes the line cost more than ${MAX_AMOUNT} minor units` }));
    if (tooMuch.length === 0 && lines.reduce((sum, line) => sum + line.quantity * line.unitCost.amount, 0) > MAX_AMOUNT) {
      tooMuch.push({ field: 'lines', message: `cost more than ${MAX_AMOUNT} minor units together` });
    }
    if (tooMuch.length) throw CommonErrors.validation(tooMuch);
  }

  /** Share-locked: a supplier archived meanwhile waits for this order, or this order sees it archived. */
  private async assertSupplier(field: string, supplierId: string): Promise<void> {
    const [row] = await this.db.rows<{ status: string }>('SELECT status FROM supplier WHERE id = $1 FOR SHARE', [supplierId]);
    if (!row) throw PurchasingErrors.unknownSupplier(field, supplierId);
    if (row.status !== 'active') throw PurchasingErrors.unknownSupplier(field, supplierId, true);
  }

  private async assertProducts(storeId: string, lines: readonly PurchaseOrderLineDto[]): Promise<void> {
    // One line per product: a second would split what arrives between two lines nobody can tell apart.
    const twice = lines.flatMap((line, i) => {
      const first = lines.findIndex((other) => other.productId.toLowerCase() === line.productId.toLowerCase());
      return first < i ? [{ field: `lines[${i}].productId`, message: `is already on line ${first + 1}: change that line's quantity instead` }] : [];
    });
    if (twice.length) throw CommonErrors.validation(twice);
    for (const [i, line] of lines.entries()) {
      const product = await this.catalog.productForStore(line.productId, storeId);
      if (!product) throw InventoryErrors.unknownProduct(`lines[${i}].productId`, line.productId);
      if (!product.active) throw PurchasingErrors.archivedProduct(`lines[${i}].productId`, line.productId);
    }
  }

  private async insertLines(purchaseOrderId: string, lines: readonly PurchaseOrderLineDto[]): Promise<void> {
    await this.db.execute(
      `INSERT INTO purchase_order_line (purchase_order_id, line_no, product_id, quantity, unit_cost_amount)
       SELECT $1, t.n, t.product_id, t.quantity, t.cost FROM unnest($2::uuid[], $3::int[], $4::bigint[]) WITH ORDINALITY AS t(product_id, quantity, cost, n)`,
      [purchaseOrderId, lines.map((line) => line.productId), lines.map((line) => line.quantity), lines.map((line) => line.unitCost.amount)],
    );
  }
}
