import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, todayIn } from '../../../common/clock/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../../common/errors/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../../common/http/pagination.js';
import type { Actor } from '../../../common/http/request-context.js';
import { HumanNumbers } from '../../../common/numbers/index.js';
import { CatalogService, productSummarySql } from '../../catalog/index.js';
import { StoresService } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { movedBy, StockMovements } from '../stock/stock-movements.js';
import { measureToUnits, unitsPerPiece } from '../stock/stock-units.js';
import type {
  CancelStocktakeDto,
  CreateCountsDto,
  OpenStocktakeDto,
  ReplaceCountDto,
  StocktakeCountResponseDto,
  StocktakeCountsResponseDto,
  StocktakeHistoryResponseDto,
  StocktakeQueryDto,
  StocktakeResponseDto,
  StocktakeSummaryResponseDto,
  VarianceLineResponseDto,
  VarianceReportResponseDto,
} from './dto/stocktake.dto.js';
import {
  blindLines,
  BY_CREATED,
  countEntries,
  figuresOf,
  findStocktake,
  scopeOf,
  STOCKTAKE_COLUMNS,
  toCountUnit,
  toSummary,
  type FigureRow,
  type ScopeRow,
  type StocktakeRow,
} from './stocktake-rows.js';
import { stocktakeTransitions } from './stocktake-state.js';
import { STOCKTAKE_APPROVED } from './stocktakes.events.js';
import { StocktakeErrors } from './stocktakes.errors.js';

/** A product's figures valued: what the report shows and approval posts. */
interface Valued {
  row: FigureRow;
  perPiece: number;
  counted: number | null;
  expected: number;
  variance: number | null;
  unitCost: number;
  varianceValue: number | null;
  currency: string;
}

/**
 * Stocktakes (issue 14): a manager opens a count of a store (its whole stock, or some categories: the
 * scope is fixed then); its staff count, several at once, by product or barcode; counting is closed
 * (submitted) and only then do managers see the variances; a manager approves and the corrections
 * are posted, or it is cancelled before that.
 *
 * Stock moved during the count is accounted for: a product's **expected** quantity is what the
 * ledger held at the moment of its last count entry. Each entry records the on-hand of that moment
 * (read in the entry's own statement), which equals the on-hand now less every movement posted since,
 * so a sale or receipt before the count is in the expected figure and one after it is not. Approval
 * posts `counted − expected` onto the level as it is then, so movements after the count are kept.
 * Entries of one product add up (two shelves); a product nobody counted is reported as not counted
 * and left unchanged. A product is in at most one open stocktake of its store, so no difference is
 * posted twice.
 */
@Injectable()
export class StocktakesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(StockMovements) private readonly stock: StockMovements,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async open(actor: Actor, dto: OpenStocktakeDto): Promise<StocktakeResponseDto> {
    const storeId = dto.storeId.toLowerCase();
    if (!canSeeStore(actor, storeId)) throw InventoryErrors.storeNotFound(storeId);
    const timeZone = await this.stores.getTimeZone(storeId).catch(() => {
      throw InventoryErrors.storeNotFound(storeId);
    });
    const categories = dto.categories ? [...new Set(dto.categories)] : null;
    const stocked = new Map(
      (
        await this.db.rows<{ productId: string; perPiece: string }>('SELECT product_id AS "productId", units_per_piece::text AS "perPiece" FROM stock_level WHERE store_id = $1', [
          storeId,
        ])
      ).map((row) => [row.productId, Number(row.perPiece)]),
    );
    // The scope: the products of the categories (active ones, and archived ones the store still stocks), or every product it stocks.
    const scope = new Map<string, number>();
    if (categories) {
      for (const product of await this.catalog.productsInCategories(categories)) {
        const perPiece = stocked.get(product.productId);
        if (perPiece !== undefined) scope.set(product.productId, perPiece);
        else if (product.active) {
          const found = await this.catalog.productForStore(product.productId, storeId);
          if (found) scope.set(product.productId, unitsPerPiece(found));
        }
      }
    } else for (const [productId, perPiece] of stocked) scope.set(productId, perPiece);
    const field = categories ? 'categories' : 'storeId';
    if (scope.size === 0) throw StocktakeErrors.emptyScope(field);
    // A product in two open stocktakes would have its difference posted by each: one open count per product, checked one opening at a time per store.
    await this.db.rows('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`stocktake:open:${storeId}`]);
    const [overlap] = await this.db.rows<{ number: string; products: number }>(
      `SELECT s.number, count(*)::int AS products FROM stocktake s JOIN stocktake_line l ON l.stocktake_id = s.id
        WHERE s.store_id = $1 AND s.status IN ('counting', 'submitted') AND l.product_id = ANY($2::uuid[])
        GROUP BY s.id, s.number ORDER BY s.number LIMIT 1`,
      [storeId, [...scope.keys()]],
    );
    if (overlap) throw StocktakeErrors.scopeOverlap(field, overlap.number, overlap.products);
    const today = todayIn(timeZone, this.clock.nowMs());
    const { code } = await this.stores.calendarOf(storeId, today, today);
    const { number } = await this.numbers.take({ prefix: 'ST', scope: storeId, scopeCode: code, timeZone, at: this.clock.now() });
    const by = movedBy(actor);
    const [row] = await this.db.rows<{ id: string }>(
      `INSERT INTO stocktake (number, store_id, categories, note, opened_by_type, opened_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [number, storeId, categories, dto.note ?? null, by.type, by.id],
    );
    await this.db.execute(`INSERT INTO stocktake_line (stocktake_id, product_id, units_per_piece) SELECT $1, p, u FROM unnest($2::uuid[], $3::bigint[]) AS t(p, u)`, [
      row.id,
      [...scope.keys()],
      [...scope.values()],
    ]);
    const after = await this.load(row.id);
    await this.audit.record({ action: 'stocktake.open', entityType: 'stocktake', entityId: row.id, storeId, after: { ...after, lines: after.lines.length } });
    return after;
  }

  async list(actor: Actor, query: StocktakeQueryDto): Promise<Page<StocktakeSummaryResponseDto>> {
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_CREATED.decode(query.cursor);
    const rows = await this.db.rows<StocktakeRow>(
      `SELECT ${STOCKTAKE_COLUMNS} FROM stocktake s
        WHERE ($1::uuid[] IS NULL OR s.store_id = ANY($1)) AND ($2::uuid IS NULL OR s.store_id = $2) AND ($3::text IS NULL OR s.status = $3)
          AND ($4::timestamptz IS NULL OR (s.created_at, s.id) < ($4, $5::uuid))
        ORDER BY s.created_at DESC, s.id DESC LIMIT $6`,
      [visible === 'all' ? null : visible, query.storeId?.toLowerCase() ?? null, query.status ?? null, after?.createdAt ?? null, after?.id ?? null, limit + 1],
    );
    const data = rows.slice(0, limit);
    const last = data[data.length - 1];
    return { data: data.map(toSummary), nextCursor: rows.length > limit && last ? BY_CREATED.encode({ createdAt: last.createdAt, id: last.id }) : null };
  }

  /** The stocktake and what was counted so far: no expected figures (counters read it too). */
  async get(actor: Actor, id: string): Promise<StocktakeResponseDto> {
    const row = await this.visible(actor, id);
    return { ...toSummary(row), lines: await blindLines(this.db, row.id) };
  }

  async history(actor: Actor, id: string): Promise<StocktakeHistoryResponseDto> {
    const row = await this.visible(actor, id);
    const data = await this.db.rows<StocktakeHistoryResponseDto['data'][number]>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", actor_type AS "actorType", actor_id AS "actorId", reason, at
         FROM stocktake_status_history WHERE stocktake_id = $1 ORDER BY at, id`,
      [row.id],
    );
    return { data };
  }

  /** Current entries: a manager, an owner or an API key reads everyone's; other staff their own. */
  async counts(actor: Actor, id: string): Promise<StocktakeCountsResponseDto> {
    const row = await this.visible(actor, id);
    const everyone = actor.kind === 'api_key' || (actor.kind === 'user' && (actor.role === 'owner' || actor.role === 'manager'));
    return { data: await countEntries(this.db, row.id, everyone ? {} : { by: movedBy(actor) }) };
  }

  /**
   * Count entries, all or none: each line names a product of the scope by id or barcode, with pieces
   * (whole) or ml or g. Each records the on-hand of its moment (see the class comment). The stocktake
   * is held shared, so entries run side by side and a submission waits for them.
   */
  @Transactional()
  async count(actor: Actor, id: string, dto: CreateCountsDto): Promise<StocktakeCountsResponseDto> {
    const row = await this.visible(actor, id, 'share');
    if (row.status !== 'counting') throw StocktakeErrors.notCounting(row.status);
    const scope = new Map((await scopeOf(this.db, row.id)).map((line) => [line.productId, line]));
    const shape: FieldError[] = [];
    const unknown: FieldError[] = [];
    const entries: Array<{ productId: string; units: number; barcode: string | null }> = [];
    for (const [i, line] of dto.lines.entries()) {
      if ((line.productId === undefined) === (line.barcode === undefined)) {
        shape.push({ field: `lines[${i}].productId`, message: 'give either productId or barcode' });
        continue;
      }
      let productId = line.productId?.toLowerCase();
      if (line.barcode !== undefined) {
        productId = (await this.catalog.productIdByBarcode(line.barcode)) ?? undefined;
        if (!productId) {
          unknown.push({ field: `lines[${i}].barcode`, message: 'is the barcode of no product' });
          continue;
        }
      }
      const product = scope.get(productId!);
      if (!product) {
        unknown.push({ field: line.barcode !== undefined ? `lines[${i}].barcode` : `lines[${i}].productId`, message: 'names a product outside this stocktake' });
        continue;
      }
      const units = this.unitsOf(product, line.quantity, `lines[${i}].quantity`, shape);
      if (units !== null) entries.push({ productId: productId!, units, barcode: line.barcode ?? null });
    }
    if (shape.length) throw CommonErrors.validation(shape);
    if (unknown.length) throw StocktakeErrors.unknownLines(unknown);
    const by = movedBy(actor);
    // The on-hand is read in the insert itself: the entry and its moment are one.
    const inserted = await this.db.rows<{ id: string }>(
      `INSERT INTO stocktake_count (stocktake_id, product_id, counted_units, on_hand_units, barcode, counted_by_type, counted_by_id)
       SELECT $1, t.p, t.u, coalesce((SELECT l.on_hand FROM stock_level l WHERE l.store_id = $2 AND l.product_id = t.p), 0), t.b, $3, $4
         FROM unnest($5::uuid[], $6::bigint[], $7::text[]) WITH ORDINALITY AS t(p, u, b, n) ORDER BY t.n
       RETURNING id`,
      [row.id, row.storeId, by.type, by.id, entries.map((e) => e.productId), entries.map((e) => e.units), entries.map((e) => e.barcode)],
    );
    const data = await countEntries(this.db, row.id, { ids: inserted.map((entry) => entry.id) });
    await this.audit.record({ action: 'stocktake.count', entityType: 'stocktake', entityId: row.id, storeId: row.storeId, after: { entries: data } });
    return { data };
  }

  /** A counter corrects their own entry: a new entry replaces it (the old one is kept, no longer counted). */
  @Transactional()
  async correct(actor: Actor, id: string, countId: string, dto: ReplaceCountDto): Promise<StocktakeCountResponseDto> {
    const row = await this.visible(actor, id, 'share');
    if (row.status !== 'counting') throw StocktakeErrors.notCounting(row.status);
    if (!/^[0-9a-f-]{36}$/i.test(countId)) throw StocktakeErrors.countNotFound(countId);
    const [entry] = await this.db.rows<{ productId: string; byType: string; byId: string | null; replacedBy: string | null }>(
      `SELECT c.product_id AS "productId", c.counted_by_type AS "byType", c.counted_by_id AS "byId",
              (SELECT r.id FROM stocktake_count r WHERE r.replaces_id = c.id) AS "replacedBy"
         FROM stocktake_count c WHERE c.id = $1 AND c.stocktake_id = $2 FOR UPDATE`,
      [countId, row.id],
    );
    if (!entry) throw StocktakeErrors.countNotFound(countId);
    const by = movedBy(actor);
    if (entry.byType !== by.type || entry.byId !== by.id) throw StocktakeErrors.notYourCount();
    if (entry.replacedBy) throw StocktakeErrors.countReplaced(entry.replacedBy);
    const product = (await scopeOf(this.db, row.id)).find((line) => line.productId === entry.productId)!;
    const shape: FieldError[] = [];
    const units = this.unitsOf(product, dto.quantity, 'quantity', shape);
    if (units === null) throw CommonErrors.validation(shape);
    const [inserted] = await this.db.rows<{ id: string }>(
      `INSERT INTO stocktake_count (stocktake_id, product_id, counted_units, on_hand_units, barcode, counted_by_type, counted_by_id, replaces_id)
       SELECT $1, c.product_id, $3, coalesce((SELECT l.on_hand FROM stock_level l WHERE l.store_id = $2 AND l.product_id = c.product_id), 0), c.barcode, $4, $5, c.id
         FROM stocktake_count c WHERE c.id = $6
       RETURNING id`,
      [row.id, row.storeId, units, by.type, by.id, countId],
    );
    const [data] = await countEntries(this.db, row.id, { ids: [inserted.id] });
    await this.audit.record({ action: 'stocktake.correct_count', entityType: 'stocktake', entityId: row.id, storeId: row.storeId, before: { countId }, after: data });
    return data;
  }

  /** Counting closed: entries are no longer taken, and managers may read the variances. */
  @Transactional()
  async submit(actor: Actor, id: string): Promise<StocktakeResponseDto> {
    const row = await this.visible(actor, id);
    await stocktakeTransitions.apply(this.db, { id: row.id, to: 'submitted', actor, set: { submitted_at: this.clock.now() } });
    return this.audited(row, 'stocktake.submit');
  }

  /** Per product in scope: expected, counted, variance and its value; totals. Once counting is closed, for managers. */
  async variances(actor: Actor, id: string): Promise<VarianceReportResponseDto> {
    const row = await this.visible(actor, id);
    if (row.status === 'counting') throw StocktakeErrors.stillCounting();
    if (row.status === 'cancelled') throw StocktakeErrors.cancelled();
    const valued = row.status === 'approved' ? await this.posted(row) : await this.valued(row);
    return this.report(row, valued);
  }

  /**
   * Posts one `stocktake` movement per counted product whose count differs from the books (in at the
   * moving average cost; out taking expired batches first), all in this transaction with the
   * transition: of two approvals one posts, and a refused movement (stock held for orders) posts
   * nothing. Source keys make a replay post nothing twice.
   */
  @Transactional()
  async approve(actor: Actor, id: string): Promise<VarianceReportResponseDto> {
    const row = await this.visible(actor, id);
    await stocktakeTransitions.apply(this.db, { id: row.id, to: 'approved', actor, set: { approved_at: this.clock.now() } });
    const valued = await this.valued(row);
    const by = movedBy(actor);
    let movements = 0;
    for (const [i, line] of valued.entries()) {
      let movementId: string | null = null;
      let value = line.varianceValue;
      let unitCost = line.unitCost;
      if (line.variance !== null && line.variance !== 0) {
        const common = {
          storeId: row.storeId,
          productId: line.row.productId,
          units: Math.abs(line.variance),
          sourceKey: `stocktake:${row.id}:${line.row.productId}`,
          documentType: 'stocktake',
          documentId: row.number,
          reason: line.variance > 0 ? 'stocktake surplus' : 'stocktake shortage',
          field: `lines[${i}]`,
        };
        const moved =
          line.variance > 0
            ? await this.stock.bringIn(actor, by, { ...common, kind: 'stocktake', unitCostAmount: line.unitCost })
            : await this.stock.takeOut(actor, by, { ...common, kind: 'stocktake', includeExpired: true });
        movementId = moved.movementId;
        movements++;
        const [posted] = await this.db.rows<{ value: string; cost: string }>(
          'SELECT value_delta::text AS value, unit_cost_amount::text AS cost FROM stock_movement WHERE id = $1',
          [movementId],
        );
        value = Number(posted.value);
        unitCost = Number(posted.cost);
      }
      await this.db.execute(
        `UPDATE stocktake_line SET expected_units = $3, counted_units = $4, unit_cost_amount = $5, variance_value_amount = $6, movement_id = $7
          WHERE stocktake_id = $1 AND product_id = $2`,
        [row.id, line.row.productId, line.expected, line.counted, unitCost, value, movementId],
      );
    }
    const report = this.report({ ...row, status: 'approved' }, await this.posted(row));
    await this.events.publish(STOCKTAKE_APPROVED, {
      stocktakeId: row.id,
      number: row.number,
      storeId: row.storeId,
      movements,
      netValueAmount: report.totals.netValue.amount,
      currency: report.totals.netValue.currency,
    });
    await this.audit.record({
      action: 'stocktake.approve',
      entityType: 'stocktake',
      entityId: row.id,
      storeId: row.storeId,
      before: { status: row.status, version: row.version },
      after: { status: 'approved', movements, totals: report.totals },
    });
    return { ...report, status: 'approved' };
  }

  /** Before approval; nothing was posted, so nothing is undone. */
  @Transactional()
  async cancel(actor: Actor, id: string, dto: CancelStocktakeDto): Promise<StocktakeResponseDto> {
    const row = await this.visible(actor, id);
    await stocktakeTransitions.apply(this.db, { id: row.id, to: 'cancelled', actor, reason: dto.reason ?? null, set: { cancelled_at: this.clock.now() } });
    return this.audited(row, 'stocktake.cancel');
  }

  /** Stock units of a quantity as counted: whole pieces for `pcs`, ml or g to three decimals otherwise; null (and a field error) when it is neither. */
  private unitsOf(product: ScopeRow, quantity: number, field: string, errors: FieldError[]): number | null {
    const perPiece = Number(product.perPiece);
    if (product.unit === 'pcs') {
      if (!Number.isSafeInteger(quantity) || quantity < 0) {
        errors.push({ field, message: 'must be a whole number of pieces (this product is counted in pieces)' });
        return null;
      }
      return quantity * perPiece;
    }
    try {
      return measureToUnits(quantity);
    } catch {
      errors.push({ field, message: `must be ${product.unit} with at most 3 decimal places` });
      return null;
    }
  }

  /** The figures of a submitted stocktake, valued at the moving average cost now (the catalog's cost when nothing is on hand). */
  private async valued(row: StocktakeRow): Promise<Valued[]> {
    const figures = await figuresOf(this.db, row.id, row.storeId);
    const valued: Valued[] = [];
    for (const figure of figures) {
      const perPiece = Number(figure.perPiece);
      const onHand = Number(figure.onHand);
      let unitCost = onHand > 0 ? Math.round((Number(figure.valueAmount) * perPiece) / onHand) : null;
      let currency = figure.currency;
      if (unitCost === null || currency === null) {
        const product = await this.catalog.productForStore(figure.productId, row.storeId);
        unitCost ??= Number(product?.costPrice?.amount ?? 0);
        currency ??= product?.costPrice?.currency ?? this.config.BUSINESS_CURRENCY;
      }
      const counted = figure.counted === null ? null : Number(figure.counted);
      const expected = figure.expected === null ? onHand : Number(figure.expected);
      const variance = counted === null ? null : counted - expected;
      valued.push({
        row: figure,
        perPiece,
        counted,
        expected,
        variance,
        unitCost,
        varianceValue: variance === null ? null : Math.round((unitCost * variance) / perPiece),
        currency,
      });
    }
    return valued;
  }

  /** The figures an approval wrote down: the report stays what was posted. */
  private async posted(row: StocktakeRow): Promise<Valued[]> {
    const rows = await this.db.rows<FigureRow & { cost: string; value: string | null }>(
      `SELECT line.product_id AS "productId", p.sku, p.name, p.unit, line.units_per_piece::text AS "perPiece", line.counted_units::text AS counted,
              line.expected_units::text AS expected, '0' AS "onHand", '0' AS "valueAmount", l.currency,
              line.unit_cost_amount::text AS cost, line.variance_value_amount::text AS value
         FROM stocktake_line line ${productSummarySql('line.product_id', 'p')}
         LEFT JOIN stock_level l ON l.store_id = $2 AND l.product_id = line.product_id
        WHERE line.stocktake_id = $1 ORDER BY line.product_id`,
      [row.id, row.storeId],
    );
    return rows.map((figure) => {
      const counted = figure.counted === null ? null : Number(figure.counted);
      const expected = Number(figure.expected ?? 0);
      return {
        row: figure,
        perPiece: Number(figure.perPiece),
        counted,
        expected,
        variance: counted === null ? null : counted - expected,
        unitCost: Number(figure.cost ?? 0),
        varianceValue: figure.value === null ? null : Number(figure.value),
        currency: figure.currency ?? this.config.BUSINESS_CURRENCY,
      };
    });
  }

  private report(row: StocktakeRow, valued: Valued[]): VarianceReportResponseDto {
    const currency = valued.find((line) => line.currency)?.currency ?? this.config.BUSINESS_CURRENCY;
    const money = (amount: number) => ({ amount, currency });
    let shortage = 0;
    let surplus = 0;
    const lines: VarianceLineResponseDto[] = valued
      .map((line) => {
        const value = line.varianceValue ?? 0;
        if (value < 0) shortage -= value;
        else surplus += value;
        const unit = line.row.unit;
        return {
          productId: line.row.productId,
          sku: line.row.sku,
          name: line.row.name,
          unit,
          status: line.counted === null ? ('not_counted' as const) : ('counted' as const),
          expectedQuantity: toCountUnit(line.expected, line.perPiece, unit),
          countedQuantity: line.counted === null ? null : toCountUnit(line.counted, line.perPiece, unit),
          varianceQuantity: line.variance === null ? null : toCountUnit(line.variance, line.perPiece, unit),
          unitCost: money(line.unitCost),
          varianceValue: line.varianceValue === null ? null : money(line.varianceValue),
        };
      })
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : a.productId < b.productId ? -1 : 1));
    const counted = valued.filter((line) => line.counted !== null);
    return {
      stocktakeId: row.id,
      number: row.number,
      status: row.status,
      lines,
      totals: {
        shortageValue: money(shortage),
        surplusValue: money(surplus),
        netValue: money(surplus - shortage),
        counted: counted.length,
        notCounted: valued.length - counted.length,
        withVariance: counted.filter((line) => line.variance !== 0).length,
      },
    };
  }

  private async load(id: string): Promise<StocktakeResponseDto> {
    const row = await findStocktake(this.db, id);
    return { ...toSummary(row), lines: await blindLines(this.db, id) };
  }

  private async audited(before: StocktakeRow, action: string): Promise<StocktakeResponseDto> {
    const after = await this.load(before.id);
    await this.audit.record({
      action,
      entityType: 'stocktake',
      entityId: before.id,
      storeId: before.storeId,
      before: { status: before.status, version: before.version },
      after: { ...toSummary(await findStocktake(this.db, before.id)) },
    });
    return after;
  }

  /** The stocktake when the actor works at its store; else `stocktake.not_found`. */
  private async visible(actor: Actor, id: string, lock?: 'share'): Promise<StocktakeRow> {
    const row = await findStocktake(this.db, id, lock);
    if (!canSeeStore(actor, row.storeId)) throw StocktakeErrors.notFound(id);
    return row;
  }
}
