import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore, visibleStoreIds } from '../../../common/auth/index.js';
import { Clock, daysBetween, formatInstant } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { CommonErrors } from '../../../common/errors/index.js';
import { cursorCodec, cursorParts } from '../../../common/http/cursor.js';
import type { Actor } from '../../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { productSummarySql, type ProductUnit } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import type { MovementKind } from '../stock/stock-movement.entity.js';
import { describeUnits } from '../stock/stock-units.js';
import {
  MAX_REPORT_DAYS,
  type ExpiringBatchRowDto,
  type ExpiringCsvQueryDto,
  type MovementReportCsvQueryDto,
  type MovementReportRowDto,
  type SlowMoverRowDto,
  type SlowMoversCsvQueryDto,
  type StockOnHandCsvQueryDto,
  type StockOnHandRowDto,
  type StoreValueTotalDto,
  type TurnoverCsvQueryDto,
  type TurnoverRowDto,
} from './dto/reports.dto.js';

/** One batch of a report's rows, and where the next one starts (null: none). */
export interface ReportBatch<T> {
  data: T[];
  next: string | null;
}

const BY_LEVEL = cursorCodec<{ storeId: string; productId: string }>('report-levels', { storeId: cursorParts.uuid, productId: cursorParts.uuid });
const NEWEST = cursorCodec<{ createdAt: Date; id: string }>('report-movements', { createdAt: cursorParts.instant, id: cursorParts.uuid });
const BY_EXPIRY = cursorCodec<{ expiresOn: string; id: string }>('report-expiring', { expiresOn: cursorParts.date, id: cursorParts.uuid });

const DEFAULT_SLOW_DAYS = 90;
const DEFAULT_EXPIRING_DAYS = 30;
/** A turnover period left open: 30 days, today included. */
const DEFAULT_PERIOD_DAYS = 30;

/** `$1` the caller's stores (null: all), `$2` one store, `$3` one product, on the alias's store_id and product_id. */
const scope = (alias: string) =>
  `($1::uuid[] IS NULL OR ${alias}.store_id = ANY($1)) AND ($2::uuid IS NULL OR ${alias}.store_id = $2) AND ($3::uuid IS NULL OR ${alias}.product_id = $3)`;

interface ProductColumns {
  storeId: string;
  productId: string;
  sku: string;
  name: string;
  unit: ProductUnit;
  perPiece: string;
  currency: string;
}

const money = (amount: string | number, currency: string) => ({ amount: Number(amount), currency });
const product = (row: ProductColumns) => ({ storeId: row.storeId, productId: row.productId, sku: row.sku, name: row.name, unit: row.unit });

/**
 * The inventory reports (issue 14): read-only queries over levels, the movement ledger and batches,
 * each giving its rows batch by batch in a fixed order, so a JSON page and the CSV download (every
 * batch in turn) are the same rows. Stores are the caller's (a store of someone else's is 404, as in
 * the levels); days are counted in each store's time zone.
 */
@Injectable()
export class InventoryReports {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** 404 for a store that is not the caller's, before anything is read or streamed. */
  private checkScope(actor: Actor, query: { storeId?: string }): void {
    if (query.storeId && !canSeeStore(actor, query.storeId)) throw InventoryErrors.storeNotFound(query.storeId);
  }

  private scopeParameters(actor: Actor, query: { storeId?: string; productId?: string }): unknown[] {
    this.checkScope(actor, query);
    const visible = visibleStoreIds(actor);
    return [visible === 'all' ? null : visible, query.storeId ?? null, query.productId ?? null];
  }

  async stockOnHand(actor: Actor, query: StockOnHandCsvQueryDto, limit: number, cursor?: string): Promise<ReportBatch<StockOnHandRowDto>> {
    const after = cursor === undefined ? undefined : BY_LEVEL.decode(cursor);
    const rows = await this.db.rows<ProductColumns & { category: string | null; onHand: string; reserved: string; valueAmount: string }>(
      `SELECT l.store_id AS "storeId", l.product_id AS "productId", p.sku, p.name, p.unit, p.category, l.units_per_piece::text AS "perPiece",
              l.on_hand::text AS "onHand", l.reserved::text AS reserved, l.value_amount::text AS "valueAmount", l.currency
         FROM stock_level l ${productSummarySql('l.product_id', 'p')}
        WHERE ${scope('l')} AND ($4::text IS NULL OR lower(p.category) = lower($4))
          AND ($5::uuid IS NULL OR (l.store_id, l.product_id) > ($5, $6::uuid))
        ORDER BY l.store_id, l.product_id LIMIT $7`,
      [...this.scopeParameters(actor, query), query.category ?? null, after?.storeId ?? null, after?.productId ?? null, limit + 1],
    );
    return page(
      rows,
      limit,
      (row) => BY_LEVEL.encode(row),
      (row) => {
        const perPiece = Number(row.perPiece);
        const [onHand, reserved, value] = [Number(row.onHand), Number(row.reserved), Number(row.valueAmount)];
        return {
          ...product(row),
          category: row.category,
          onHand: describeUnits(onHand, perPiece, row.unit),
          reserved: describeUnits(reserved, perPiece, row.unit),
          available: describeUnits(onHand - reserved, perPiece, row.unit),
          averageUnitCost: onHand > 0 ? money(Math.round((value * perPiece) / onHand), row.currency) : null,
          value: money(value, row.currency),
        };
      },
    );
  }

  /** The stock-on-hand report's value per store, over all its rows. */
  async stockOnHandTotals(actor: Actor, query: StockOnHandCsvQueryDto): Promise<StoreValueTotalDto[]> {
    const rows = await this.db.rows<{ storeId: string; products: number; amount: string; currency: string }>(
      `SELECT l.store_id AS "storeId", count(*)::int AS products, sum(l.value_amount)::text AS amount, l.currency
         FROM stock_level l ${productSummarySql('l.product_id', 'p')}
        WHERE ${scope('l')} AND ($4::text IS NULL OR lower(p.category) = lower($4))
        GROUP BY l.store_id, l.currency ORDER BY l.store_id, l.currency`,
      [...this.scopeParameters(actor, query), query.category ?? null],
    );
    return rows.map((row) => ({ storeId: row.storeId, products: row.products, value: money(row.amount, row.currency) }));
  }

  async movements(actor: Actor, query: MovementReportCsvQueryDto, limit: number, cursor?: string): Promise<ReportBatch<MovementReportRowDto>> {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw CommonErrors.validation([{ field: 'to', message: 'must be after from' }]);
    }
    const after = cursor === undefined ? undefined : NEWEST.decode(cursor);
    const rows = await this.db.rows<
      ProductColumns & {
        id: string;
        kind: MovementKind;
        delta: string;
        reason: string | null;
        documentType: string | null;
        documentId: string | null;
        unitCostAmount: string;
        valueDelta: string;
        actorType: string;
        actorId: string | null;
        createdAt: Date;
        timeZone: string;
      }
    >(
      `SELECT m.id, m.store_id AS "storeId", m.product_id AS "productId", p.sku, p.name, p.unit, l.units_per_piece::text AS "perPiece", l.currency,
              m.kind, m.delta::text AS delta, m.reason, m.document_type AS "documentType", m.document_id AS "documentId",
              m.unit_cost_amount::text AS "unitCostAmount", m.value_delta::text AS "valueDelta", m.actor_type AS "actorType", m.actor_id AS "actorId",
              m.created_at AS "createdAt", ${storeTimeZoneSql('m.store_id')} AS "timeZone"
         FROM stock_movement m JOIN stock_level l USING (store_id, product_id) ${productSummarySql('m.product_id', 'p')}
        WHERE ${scope('m')} AND ($4::text[] IS NULL OR m.kind = ANY($4)) AND ($5::timestamptz IS NULL OR m.created_at >= $5)
          AND ($6::timestamptz IS NULL OR m.created_at < $6) AND ($7::text IS NULL OR m.document_type = $7) AND ($8::text IS NULL OR m.document_id = $8)
          AND ($9::timestamptz IS NULL OR (m.created_at, m.id) < ($9, $10::uuid))
        ORDER BY m.created_at DESC, m.id DESC LIMIT $11`,
      [
        ...this.scopeParameters(actor, query),
        query.kind?.length ? query.kind : null,
        query.from ?? null,
        query.to ?? null,
        query.documentType ?? null,
        query.documentId ?? null,
        after?.createdAt ?? null,
        after?.id ?? null,
        limit + 1,
      ],
    );
    return page(
      rows,
      limit,
      (row) => NEWEST.encode(row),
      (row) => {
        const delta = Number(row.delta);
        return {
          id: row.id,
          ...product(row),
          kind: row.kind,
          quantity: describeUnits(Math.abs(delta), Number(row.perPiece), row.unit),
          direction: delta > 0 ? 'in' : 'out',
          reason: row.reason,
          documentType: row.documentType,
          documentId: row.documentId,
          unitCost: money(row.unitCostAmount, row.currency),
          valueChange: money(row.valueDelta, row.currency),
          actor: { type: row.actorType, id: row.actorId },
          createdAt: formatInstant(row.createdAt.getTime(), row.timeZone),
        };
      },
    );
  }

  /**
   * Levels with stock on hand and no sale on any of the last `days` days (today included) in the
   * store's time zone. The last sale is read through the movements' (store, product, time) index.
   */
  async slowMovers(actor: Actor, query: SlowMoversCsvQueryDto, limit: number, cursor?: string): Promise<ReportBatch<SlowMoverRowDto>> {
    const after = cursor === undefined ? undefined : BY_LEVEL.decode(cursor);
    const rows = await this.db.rows<ProductColumns & { onHand: string; valueAmount: string; lastSaleAt: Date | null; daysSince: number | null; timeZone: string }>(
      `SELECT l.store_id AS "storeId", l.product_id AS "productId", p.sku, p.name, p.unit, l.units_per_piece::text AS "perPiece", l.currency,
              l.on_hand::text AS "onHand", l.value_amount::text AS "valueAmount", s.at AS "lastSaleAt", z.tz AS "timeZone",
              (z.today - (s.at AT TIME ZONE z.tz)::date) AS "daysSince"
         FROM stock_level l ${productSummarySql('l.product_id', 'p')}
         CROSS JOIN LATERAL (SELECT st.tz, ($4::timestamptz AT TIME ZONE st.tz)::date AS today FROM (SELECT ${storeTimeZoneSql('l.store_id')} AS tz) st) z
         LEFT JOIN LATERAL (SELECT m.created_at AS at FROM stock_movement m
                             WHERE m.store_id = l.store_id AND m.product_id = l.product_id AND m.kind = 'sale'
                             ORDER BY m.created_at DESC LIMIT 1) s ON true
        WHERE ${scope('l')} AND l.on_hand > 0
          AND (s.at IS NULL OR s.at < ((z.today - ($5::int - 1))::timestamp AT TIME ZONE z.tz))
          AND ($6::uuid IS NULL OR (l.store_id, l.product_id) > ($6, $7::uuid))
        ORDER BY l.store_id, l.product_id LIMIT $8`,
      [...this.scopeParameters(actor, query), this.clock.now(), query.days ?? DEFAULT_SLOW_DAYS, after?.storeId ?? null, after?.productId ?? null, limit + 1],
    );
    return page(
      rows,
      limit,
      (row) => BY_LEVEL.encode(row),
      (row) => ({
        ...product(row),
        onHand: describeUnits(Number(row.onHand), Number(row.perPiece), row.unit),
        value: money(row.valueAmount, row.currency),
        lastSaleAt: row.lastSaleAt ? formatInstant(row.lastSaleAt.getTime(), row.timeZone) : null,
        daysSinceLastSale: row.daysSince,
      }),
    );
  }

  /** Batches with stock left that expire within `days` days of today in their store's zone, expired ones included; soonest first. */
  async expiring(actor: Actor, query: ExpiringCsvQueryDto, limit: number, cursor?: string): Promise<ReportBatch<ExpiringBatchRowDto>> {
    const after = cursor === undefined ? undefined : BY_EXPIRY.decode(cursor);
    const rows = await this.db.rows<ProductColumns & { id: string; lotCode: string | null; expiresOn: string; daysLeft: number; remaining: string; unitCostAmount: string }>(
      `SELECT b.id, b.store_id AS "storeId", b.product_id AS "productId", p.sku, p.name, p.unit, l.units_per_piece::text AS "perPiece", l.currency,
              b.lot_code AS "lotCode", b.expires_on::text AS "expiresOn", (b.expires_on - z.today) AS "daysLeft",
              b.remaining_units::text AS remaining, b.unit_cost_amount::text AS "unitCostAmount"
         FROM stock_batch b JOIN stock_level l USING (store_id, product_id) ${productSummarySql('b.product_id', 'p')}
         CROSS JOIN LATERAL (SELECT ($4::timestamptz AT TIME ZONE ${storeTimeZoneSql('b.store_id')})::date AS today) z
        WHERE ${scope('b')} AND b.remaining_units > 0 AND b.expires_on IS NOT NULL AND b.expires_on <= z.today + $5::int
          AND ($6::date IS NULL OR (b.expires_on, b.id) > ($6, $7::uuid))
        ORDER BY b.expires_on, b.id LIMIT $8`,
      [...this.scopeParameters(actor, query), this.clock.now(), query.days ?? DEFAULT_EXPIRING_DAYS, after?.expiresOn ?? null, after?.id ?? null, limit + 1],
    );
    return page(
      rows,
      limit,
      (row) => BY_EXPIRY.encode(row),
      (row) => {
        const [remaining, perPiece, unitCost] = [Number(row.remaining), Number(row.perPiece), Number(row.unitCostAmount)];
        return {
          ...product(row),
          batchId: row.id,
          lotCode: row.lotCode,
          expiresOn: row.expiresOn,
          daysLeft: row.daysLeft,
          expired: row.daysLeft < 0,
          remaining: describeUnits(remaining, perPiece, row.unit),
          unitCost: money(unitCost, row.currency),
          value: money(Math.round((remaining * unitCost) / perPiece), row.currency),
        };
      },
    );
  }

  /**
   * Turnover per store and product over a period of local days: what went out at cost (sales and
   * service consumption) against the stock's average value at cost over the period, weighted by time
   * (the value at the start, plus each movement's value change for the part of the period after it:
   * one more sum over the same rows). Levels with nothing in stock and nothing moved are left out.
   */
  async turnover(actor: Actor, query: TurnoverCsvQueryDto, limit: number, cursor?: string): Promise<ReportBatch<TurnoverRowDto>> {
    if (query.from && query.to) {
      if (query.from > query.to) throw CommonErrors.validation([{ field: 'to', message: 'must not be before from' }]);
      if (daysBetween(query.from, query.to) >= MAX_REPORT_DAYS) throw CommonErrors.validation([{ field: 'from', message: `must be less than ${MAX_REPORT_DAYS} days before to` }]);
    }
    const after = cursor === undefined ? undefined : BY_LEVEL.decode(cursor);
    // An open end is today in each store's zone (or the start, if later); an open start makes the period DEFAULT_PERIOD_DAYS long.
    const rows = await this.db.rows<
      ProductColumns & { fromDay: string; toDay: string; sold: string; consumed: string; cogs: string; opening: string; closing: string; average: string }
    >(
      `SELECT l.store_id AS "storeId", l.product_id AS "productId", p.sku, p.name, p.unit, l.units_per_piece::text AS "perPiece", l.currency,
              w.from_day::text AS "fromDay", w.to_day::text AS "toDay",
              a.sold::text AS sold, a.consumed::text AS consumed, a.cogs::text AS cogs, a.opening::text AS opening, a.closing::text AS closing,
              (CASE WHEN w.until > w.start_at THEN a.opening + a.weighted / extract(epoch FROM w.until - w.start_at) ELSE a.opening END)::text AS average
         FROM stock_level l ${productSummarySql('l.product_id', 'p')}
         CROSS JOIN LATERAL (SELECT ${storeTimeZoneSql('l.store_id')} AS tz) z
         CROSS JOIN LATERAL (SELECT coalesce($5::date, greatest(($4::timestamptz AT TIME ZONE z.tz)::date, $6::date)) AS to_day) e
         CROSS JOIN LATERAL (SELECT coalesce($6::date, e.to_day - ${DEFAULT_PERIOD_DAYS - 1}) AS from_day, e.to_day) d
         CROSS JOIN LATERAL (SELECT d.from_day, d.to_day, d.from_day::timestamp AT TIME ZONE z.tz AS start_at, (d.to_day + 1)::timestamp AT TIME ZONE z.tz AS end_at,
                                    least((d.to_day + 1)::timestamp AT TIME ZONE z.tz, $4::timestamptz) AS until) w
         CROSS JOIN LATERAL (
           SELECT coalesce(-sum(m.delta) FILTER (WHERE m.kind = 'sale' AND m.created_at >= w.start_at), 0) AS sold,
                  coalesce(-sum(m.delta) FILTER (WHERE m.kind = 'consumption' AND m.created_at >= w.start_at), 0) AS consumed,
                  coalesce(-sum(m.value_delta) FILTER (WHERE m.kind IN ('sale', 'consumption') AND m.created_at >= w.start_at), 0) AS cogs,
                  coalesce(sum(m.value_delta) FILTER (WHERE m.created_at < w.start_at), 0) AS opening,
                  coalesce(sum(m.value_delta), 0) AS closing,
                  -- The value changed by value_delta for the rest of the period (until now, for a period not over yet).
                  coalesce(sum(m.value_delta * extract(epoch FROM w.until - m.created_at)) FILTER (WHERE m.created_at >= w.start_at AND m.created_at < w.until), 0) AS weighted,
                  count(*) FILTER (WHERE m.created_at >= w.start_at) AS moved
             FROM stock_movement m WHERE m.store_id = l.store_id AND m.product_id = l.product_id AND m.created_at < w.end_at) a
        WHERE ${scope('l')} AND (a.opening <> 0 OR a.closing <> 0 OR a.moved > 0)
          AND ($7::uuid IS NULL OR (l.store_id, l.product_id) > ($7, $8::uuid))
        ORDER BY l.store_id, l.product_id LIMIT $9`,
      [...this.scopeParameters(actor, query), this.clock.now(), query.to ?? null, query.from ?? null, after?.storeId ?? null, after?.productId ?? null, limit + 1],
    );
    return page(
      rows,
      limit,
      (row) => BY_LEVEL.encode(row),
      (row) => {
        const perPiece = Number(row.perPiece);
        const [cogs, opening, closing] = [Number(row.cogs), Number(row.opening), Number(row.closing)];
        const average = Number(row.average);
        const days = daysBetween(row.fromDay, row.toDay) + 1;
        return {
          ...product(row),
          from: row.fromDay,
          to: row.toDay,
          sold: describeUnits(Number(row.sold), perPiece, row.unit),
          consumed: describeUnits(Number(row.consumed), perPiece, row.unit),
          costOfGoodsOut: money(cogs, row.currency),
          openingValue: money(opening, row.currency),
          closingValue: money(closing, row.currency),
          averageValue: money(Math.round(average), row.currency),
          turnover: average > 0 ? round(cogs / average, 2) : null,
          daysOfCover: cogs > 0 ? round((closing * days) / cogs, 1) : null,
        };
      },
    );
  }

  /** The date downloads are named after: today in the business's zone (as the customers export). */
  today(): string {
    return this.clock.today(this.config.BUSINESS_TIME_ZONE);
  }
}

function round(value: number, places: number): number {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
}

function page<R, T>(rows: R[], limit: number, position: (row: R) => string, map: (row: R) => T): ReportBatch<T> {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data: data.map(map), next: rows.length > limit && last ? position(last) : null };
}
