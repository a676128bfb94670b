import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../../common/auth/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../../common/errors/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { MAX_AMOUNT } from '../../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CatalogService, productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { StoresService } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { describeUnits } from '../stock/stock-units.js';
import { MAX_LINES, type PurchaseOrderResponseDto } from './dto/purchase-order.dto.js';
import type { CreateSuggestedOrdersDto, SuggestedLineDto, SuggestedOrderDto, SuggestedOrdersDto, UnitCostSource } from './dto/suggested-order.dto.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import { PurchasingErrors } from './purchasing.errors.js';
import { suggestedPieces } from './suggested-quantity.js';

/** Purchase orders that may still bring pieces in: what they still expect is on order. */
const OPEN_STATUSES = ['draft', 'approved', 'ordered', 'partly_received'];

interface AlertLineRow {
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  available: string;
  level: string;
  reorder: number;
  /** Stock units open back-orders of the store's orders still miss. */
  backordered: string;
  perPiece: string;
  onHand: string;
  value: string;
  onOrder: number;
  supplierId: string | null;
  supplierName: string | null;
  supplierSku: string | null;
  supplierCost: string | null;
  packSize: number | null;
  minimumOrder: number | null;
}

/**
 * Suggested purchase orders: for a store's open low-stock alerts, what to order from whom (the
 * product's preferred active supplier, else its cheapest active one), net of what the store's open
 * purchase orders still expect; and the drafts made from them, through PurchaseOrdersService.
 */
@Injectable()
export class SuggestedOrdersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(PurchaseOrdersService) private readonly orders: PurchaseOrdersService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async suggest(actor: Actor, storeId: string): Promise<SuggestedOrdersDto> {
    if (!canSeeStore(actor, storeId)) throw InventoryErrors.storeNotFound(storeId);
    await this.stores.getTimeZone(storeId);
    const currency = this.config.BUSINESS_CURRENCY;
    const rows = await this.db.rows<AlertLineRow>(
      `WITH wanted AS (
              SELECT a.product_id, r.alert_level_units AS level_units, r.reorder_pieces AS reorder, 0::bigint AS backordered
                FROM stock_alert a JOIN stock_alert_rule r USING (store_id, product_id) WHERE a.store_id = $1 AND a.status = 'open'
              UNION ALL
              SELECT b.product_id, coalesce(r.alert_level_units, 0), 0, b.units
                FROM stock_backorder b LEFT JOIN stock_alert_rule r USING (store_id, product_id) WHERE b.store_id = $1 AND b.status = 'open'),
            w AS (SELECT product_id, $1::uuid AS store_id, max(level_units) AS level_units, max(reorder) AS reorder, sum(backordered) AS backordered FROM wanted GROUP BY product_id)
       SELECT a.product_id AS "productId", p.sku, p.name, p.unit, (l.on_hand - l.reserved)::text AS available, a.level_units::text AS level,
              a.reorder::int AS reorder, a.backordered::text AS backordered, l.units_per_piece::text AS "perPiece", l.on_hand::text AS "onHand", l.value_amount::text AS value,
              coalesce((SELECT sum(greatest(pl.quantity - pl.received_quantity, 0)) FROM purchase_order_line pl JOIN purchase_order po ON po.id = pl.purchase_order_id
                         WHERE po.store_id = a.store_id AND pl.product_id = a.product_id AND po.status = ANY($2)), 0)::int AS "onOrder",
              s.supplier_id AS "supplierId", s.name AS "supplierName", s.supplier_sku AS "supplierSku", s.unit_cost_amount::text AS "supplierCost",
              s.pack_size AS "packSize", s.minimum_order_pieces AS "minimumOrder"
         FROM w a JOIN stock_level l USING (store_id, product_id)
         ${productSummarySql('a.product_id', 'p')}
         LEFT JOIN LATERAL (
           SELECT sp.supplier_id, su.name, sp.supplier_sku, sp.unit_cost_amount, sp.pack_size, sp.minimum_order_pieces
             FROM supplier_product sp JOIN supplier su ON su.id = sp.supplier_id AND su.status = 'active'
            WHERE sp.product_id = a.product_id
            ORDER BY sp.preferred DESC, sp.unit_cost_amount NULLS LAST, su.name, su.id LIMIT 1) s ON true
        ORDER BY p.name, a.product_id`,
      [storeId, OPEN_STATUSES],
    );
    const groups = new Map<string | null, SuggestedOrderDto>();
    for (const row of rows) {
      const packSize = row.packSize ?? 1;
      const minimumOrderPieces = row.minimumOrder ?? 1;
      const perPiece = Number(row.perPiece);
      const backorderedPieces = Math.ceil(Number(row.backordered) / perPiece);
      // Back-ordered pieces are owed to customers: ordered on top of the reorder quantity.
      const pieces = suggestedPieces(row.reorder + backorderedPieces, row.onOrder, packSize, minimumOrderPieces);
      if (pieces === 0) continue;
      // Archived products are not ordered any more (a purchase order may not name them).
      const product = await this.catalog.productForStore(row.productId, storeId);
      if (!product?.active) continue;
      const [onHand, value] = [Number(row.onHand), Number(row.value)];
      const [amount, source]: [number, UnitCostSource] =
        row.supplierCost !== null
          ? [Number(row.supplierCost), 'supplier']
          : onHand > 0
            ? [Math.round((value * perPiece) / onHand), 'moving_average']
            : product.costPrice
              ? [product.costPrice.amount, 'catalog']
              : [0, 'none'];
      const line: SuggestedLineDto = {
        productId: row.productId,
        sku: row.sku,
        name: row.name,
        supplierSku: row.supplierSku,
        available: describeUnits(Number(row.available), perPiece, row.unit),
        alertLevel: describeUnits(Number(row.level), perPiece, row.unit),
        reorderPieces: row.reorder,
        backorderedPieces,
        onOrderPieces: row.onOrder,
        packSize,
        minimumOrderPieces,
        suggestedPieces: pieces,
        unitCost: { amount, currency },
        unitCostSource: source,
        total: { amount: amount * pieces, currency },
      };
      let group = groups.get(row.supplierId);
      if (!group) {
        group = { supplier: row.supplierId ? { id: row.supplierId, name: row.supplierName! } : null, lines: [], total: { amount: 0, currency } };
        groups.set(row.supplierId, group);
      }
      group.lines.push(line);
      group.total.amount += line.total.amount;
    }
    const data = [...groups.values()].sort((a, b) => (a.supplier === null ? 1 : b.supplier === null ? -1 : a.supplier.name.localeCompare(b.supplier.name)));
    return { storeId, data };
  }

  /**
   * One draft purchase order a supplier of the suggestion (of `supplierIds` only, when given), in one
   * transaction. Suggestions for one store are made one at a time (a lock on the store's suggestions), so
   * two managers pressing at once do not both order: the second sees the first's drafts as on order.
   * Products without a supplier stay in the suggestion: a purchase order needs one.
   */
  @Transactional()
  async createDrafts(actor: Actor, dto: CreateSuggestedOrdersDto): Promise<PurchaseOrderResponseDto[]> {
    if (!canSeeStore(actor, dto.storeId)) throw InventoryErrors.storeNotFound(dto.storeId);
    const wanted = dto.supplierIds?.map((id) => id.toLowerCase());
    if (wanted) {
      const twice: FieldError[] = wanted.flatMap((id, i) => (wanted.indexOf(id) < i ? [{ field: `supplierIds[${i}]`, message: 'is given twice' }] : []));
      if (twice.length) throw CommonErrors.validation(twice);
      const known = await this.db.rows<{ id: string; status: string }>('SELECT id, status FROM supplier WHERE id = ANY($1::uuid[])', [wanted]);
      for (const [i, id] of wanted.entries()) {
        const supplier = known.find((row) => row.id === id);
        if (!supplier) throw PurchasingErrors.unknownSupplier(`supplierIds[${i}]`, id);
        if (supplier.status !== 'active') throw PurchasingErrors.unknownSupplier(`supplierIds[${i}]`, id, true);
      }
    }
    await this.db.execute(`SELECT pg_advisory_xact_lock(hashtext('purchase_order.suggested:' || $1::text))`, [dto.storeId]);
    const suggestion = await this.suggest(actor, dto.storeId);
    const created: PurchaseOrderResponseDto[] = [];
    for (const group of suggestion.data) {
      if (!group.supplier || (wanted && !wanted.includes(group.supplier.id))) continue;
      for (const lines of chunks(group.lines)) {
        created.push(
          await this.orders.create(actor, {
            storeId: dto.storeId,
            supplierId: group.supplier.id,
            lines: lines.map((line) => ({ productId: line.productId, quantity: line.suggestedPieces, unitCost: line.unitCost })),
            notes: 'Suggested from low-stock alerts 低库存建议补货',
          }),
        );
      }
    }
    return created;
  }
}

/** A purchase order holds at most MAX_LINES lines, and a total that money can hold: a longer suggestion becomes several drafts. */
function chunks(lines: readonly SuggestedLineDto[]): SuggestedLineDto[][] {
  const out: SuggestedLineDto[][] = [];
  let current: SuggestedLineDto[] = [];
  let total = 0;
  for (const line of lines) {
    if (current.length > 0 && (current.length >= MAX_LINES || total + line.total.amount > MAX_AMOUNT)) {
      out.push(current);
      [current, total] = [[], 0];
    }
    current.push(line);
    total += line.total.amount;
  }
  if (current.length) out.push(current);
  return out;
}
