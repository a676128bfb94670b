import { Inject, Injectable } from '@nestjs/common';
import { visibleStoreIds, canSeeStore } from '../../common/auth/index.js';
import { Clock } from '../../common/clock/index.js';
import { Db } from '../../common/database/index.js';
import { CommonErrors } from '../../common/errors/index.js';
import type { Actor } from '../../common/http/request-context.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import {
  MAX_METRICS_DAYS,
  type DurationStatsDto,
  type OrderMetricsGroup,
  type OrderMetricsQueryDto,
  type OrderMetricsResponseDto,
  type OrderMetricsRowDto,
} from './dto/order-metrics.dto.js';
import { OrderErrors } from './orders.errors.js';

/** The grouping key of each order, as text ($6 is the business time zone). */
const KEY: Record<OrderMetricsGroup | 'none', string> = {
  store: 'o.store_id::text',
  channel: 'o.channel',
  staff: 'o.responsible_staff_member_id::text',
  day: `to_char(o.received_at AT TIME ZONE $6, 'YYYY-MM-DD')`,
  none: 'NULL::text',
};

/** A promise is decided once its step is done, or its due time has passed on an order not cancelled before then ($5 is now). */
const decided = (due: string, done: string) => `o.${due} IS NOT NULL AND (o.${done} IS NOT NULL OR (o.${due} <= $5 AND (o.cancelled_at IS NULL OR o.cancelled_at > o.${due})))`;
const missed = (due: string, done: string) => `(${decided(due, done)}) AND (o.${done} IS NULL OR o.${done} > o.${due})`;

interface OrderFigures {
  key: string | null;
  total: number;
  received: number;
  confirmedN: number;
  confirmMedian: number | null;
  confirmP90: number | null;
  shippedN: number;
  shipMedian: number | null;
  shipP90: number | null;
  confirmDue: number;
  confirmMet: number;
  shipDue: number;
  shipMet: number;
  cancelled: number;
  errors: number;
}

interface DelayFigures {
  key: string | null;
  total: number;
  n: number;
  median: number | null;
  p90: number | null;
}

/**
 * What the business watches (issue 15): for the orders received in a period, how fast they were
 * confirmed and shipped, how often within the promise, how long they waited between status updates,
 * and how many were cancelled or went wrong, in total and per store, channel, staff member or day.
 * Two read-only queries over `order` and `order_status_history` (their received-at and order indexes).
 */
@Injectable()
export class OrderMetricsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  async metrics(actor: Actor, query: OrderMetricsQueryDto): Promise<OrderMetricsResponseDto> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (to <= from) throw CommonErrors.validation([{ field: 'to', message: 'must be after from' }]);
    if (to.getTime() - from.getTime() > MAX_METRICS_DAYS * 86_400_000) {
      throw CommonErrors.validation([{ field: 'to', message: `must be at most ${MAX_METRICS_DAYS} days after from` }]);
    }
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw OrderErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const groupBy = query.groupBy ?? null;
    const key = KEY[groupBy ?? 'none'];
    // Grouped: each group and the total (GROUPING() = 1); else only the total.
    const head = (alias: string) => (groupBy ? `${alias}.key, GROUPING(${alias}.key)::int AS total` : 'NULL::text AS key, 1 AS total');
    const sets = (alias: string) => (groupBy ? `GROUPING SETS ((${alias}.key), ())` : '()');
    const parameters = [from, to, visible === 'all' ? null : visible, query.storeId?.toLowerCase() ?? null, this.clock.now(), this.config.BUSINESS_TIME_ZONE];
    // Both queries take every parameter, and PostgreSQL must know each one's type even where a query does not use it.
    const orders = `SELECT o.*, ${key} AS key, $5::timestamptz AS asked_at, $6::text AS zone FROM "order" o
      WHERE o.received_at >= $1 AND o.received_at < $2 AND ($3::uuid[] IS NULL OR o.store_id = ANY($3)) AND ($4::uuid IS NULL OR o.store_id = $4)`;
    const seconds = (a: string, b: string) => `extract(epoch FROM o.${a} - o.${b})::float8`;
    const figures = await this.db.rows<OrderFigures>(
      `WITH o AS (${orders})
       SELECT ${head('o')}, count(*)::int AS received,
              count(o.confirmed_at)::int AS "confirmedN",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('confirmed_at', 'received_at')}) AS "confirmMedian",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('confirmed_at', 'received_at')}) AS "confirmP90",
              count(o.shipped_at)::int AS "shippedN",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${seconds('shipped_at', 'confirmed_at')}) AS "shipMedian",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY ${seconds('shipped_at', 'confirmed_at')}) AS "shipP90",
              count(*) FILTER (WHERE ${decided('confirm_due_at', 'confirmed_at')})::int AS "confirmDue",
              count(*) FILTER (WHERE o.confirmed_at <= o.confirm_due_at)::int AS "confirmMet",
              count(*) FILTER (WHERE ${decided('ship_due_at', 'shipped_at')})::int AS "shipDue",
              count(*) FILTER (WHERE o.shipped_at <= o.ship_due_at)::int AS "shipMet",
              count(o.cancelled_at)::int AS cancelled,
              count(*) FILTER (WHERE (${missed('confirm_due_at', 'confirmed_at')}) OR (${missed('ship_due_at', 'shipped_at')})
                                  OR (o.cancelled_at IS NOT NULL AND o.confirmed_at IS NOT NULL))::int AS errors
         FROM o GROUP BY ${sets('o')}`,
      parameters,
    );
    // Each status change waits from the order's previous change, or from its receipt for the first.
    const delays = await this.db.rows<DelayFigures>(
      `WITH o AS (${orders}),
            d AS (SELECT o.key, extract(epoch FROM h.at - coalesce(lag(h.at) OVER (PARTITION BY h.order_id ORDER BY h.at, h.id), o.received_at))::float8 AS wait
                    FROM order_status_history h JOIN o ON o.id = h.order_id)
       SELECT ${head('d')}, count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY d.wait) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY d.wait) AS p90
         FROM d GROUP BY ${sets('d')}`,
      parameters,
    );
    const delayOf = (row: OrderFigures) => delays.find((delay) => delay.total === row.total && delay.key === row.key);
    const totalRow = figures.find((row) => row.total === 1);
    const total = totalRow ? toRow(totalRow, delayOf(totalRow)) : toRow(emptyFigures(), undefined);
    const groups = figures
      .filter((row) => row.total === 0)
      .sort((a, b) => (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : a.key < b.key ? -1 : 1))
      .map((row) => toRow(row, delayOf(row)));
    return { from: from.toISOString(), to: to.toISOString(), groupBy, total, data: groupBy ? groups : [total] };
  }
}

function emptyFigures(): OrderFigures {
  return {
    key: null,
    total: 1,
    received: 0,
    confirmedN: 0,
    confirmMedian: null,
    confirmP90: null,
    shippedN: 0,
    shipMedian: null,
    shipP90: null,
    confirmDue: 0,
    confirmMet: 0,
    shipDue: 0,
    shipMet: 0,
    cancelled: 0,
    errors: 0,
  };
}

/** Seconds to the millisecond, the precision the timestamps carry. */
const secondsOf = (value: number | null) => (value === null ? null : Math.round(Number(value) * 1000) / 1000);
const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);
const stats = (count: number, median: number | null, p90: number | null): DurationStatsDto => ({ count, median: secondsOf(median), p90: secondsOf(p90) });

function toRow(row: OrderFigures, delay: DelayFigures | undefined): OrderMetricsRowDto {
  return {
    group: row.total === 1 ? null : row.key,
    received: row.received,
    confirmationTime: stats(row.confirmedN, row.confirmMedian, row.confirmP90),
    shippingTime: stats(row.shippedN, row.shipMedian, row.shipP90),
    confirmedOnTime: { due: row.confirmDue, met: row.confirmMet, share: ratio(row.confirmMet, row.confirmDue) },
    shippedOnTime: { due: row.shipDue, met: row.shipMet, share: ratio(row.shipMet, row.shipDue) },
    statusUpdateDelay: stats(delay?.n ?? 0, delay?.median ?? null, delay?.p90 ?? null),
    cancellations: { count: row.cancelled, rate: ratio(row.cancelled, row.received) },
    errors: { count: row.errors, rate: ratio(row.errors, row.received) },
  };
}
