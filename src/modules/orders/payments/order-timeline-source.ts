import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { toDecimalString } from '../../../common/money/index.js';
import { CustomerTimeline, uuidBound, type CustomerTimelineSource, type TimelineEntry, type TimelineQuery } from '../../customers/index.js';

interface Row {
  id: string;
  at: Date;
  kind: 'order' | 'payment' | 'refund';
  recordId: string;
  orderId: string;
  number: string;
  storeId: string;
  channel: string;
  method: string | null;
  amount: string;
  currency: string;
  actorType: string;
  actorId: string | null;
}

const METHOD_NAMES: Record<string, string> = { cash: 'cash', card: 'bank card', wechat_pay: 'WeChat Pay', alipay: 'Alipay', cod: 'cash on delivery' };
const TYPES = { order: 'order.created', payment: 'order.payment_succeeded', refund: 'order.refunded' } as const;

/** A timeline entry of one order, payment or refund (pure). */
export function orderTimelineEntry(row: Row): TimelineEntry {
  const money = `${toDecimalString(Number(row.amount), row.currency)} ${row.currency}`;
  const summary =
    row.kind === 'order'
      ? `Order ${row.number} taken (${row.channel}), total ${money}`
      : row.kind === 'payment'
        ? `Paid ${money} by ${METHOD_NAMES[row.method!] ?? row.method} for order ${row.number}`
        : `Refunded ${money} of order ${row.number}`;
  const actor: TimelineEntry['actor'] = row.actorType === 'user' || row.actorType === 'api_key' ? { type: row.actorType, id: row.actorId, name: null } : null;
  return {
    source: 'orders',
    id: row.id,
    at: row.at,
    type: TYPES[row.kind],
    summary,
    actor,
    recordId: row.recordId,
    data: { orderId: row.orderId, number: row.number, storeId: row.storeId, method: row.method, amount: { amount: Number(row.amount), currency: row.currency } },
  };
}

/**
 * Orders on the customer timeline: each order when it was taken, each payment when it succeeded, each
 * refund when it was given (not one its provider failed to pay out). Ids are the rows' UUIDs (orders, payments and refunds never share one).
 */
@Injectable()
export class OrderTimelineSource implements CustomerTimelineSource, OnModuleInit {
  readonly name = 'orders';

  constructor(
    @Inject(CustomerTimeline) private readonly timeline: CustomerTimeline,
    @Inject(Db) private readonly db: Db,
  ) {}

  onModuleInit(): void {
    this.timeline.register(this);
  }

  async entries({ customerIds, before, limit }: TimelineQuery): Promise<TimelineEntry[]> {
    const bound = uuidBound(this.name, before);
    const rows = await this.db.rows<Row>(
      `SELECT e.id, e.at, e.kind, o.customer_id AS "recordId", o.id AS "orderId", o.number, o.store_id AS "storeId", o.channel, e.method,
              e.amount::text AS amount, o.currency, e.actor_type AS "actorType", e.actor_id AS "actorId"
         FROM (
           SELECT o.id, o.received_at AS at, 'order' AS kind, o.id AS order_id, NULL::text AS method, o.total_amount AS amount, o.created_by_type AS actor_type, o.created_by_id AS actor_id
             FROM "order" o WHERE o.customer_id = ANY($1::uuid[])
           UNION ALL
           SELECT p.id, p.settled_at, 'payment', p.order_id, p.method, p.amount, p.created_by_type, p.created_by_id
             FROM order_payment p JOIN "order" o ON o.id = p.order_id
            WHERE o.customer_id = ANY($1::uuid[]) AND p.status = 'succeeded'
           UNION ALL
           SELECT r.id, r.created_at, 'refund', r.order_id, NULL, r.amount, r.created_by_type, r.created_by_id
             FROM order_refund r JOIN "order" o ON o.id = r.order_id
            WHERE o.customer_id = ANY($1::uuid[]) AND r.status <> 'failed'
         ) e JOIN "order" o ON o.id = e.order_id
        WHERE $2::timestamptz IS NULL OR (e.at, e.id) < ($2::timestamptz, $3::uuid)
        ORDER BY e.at DESC, e.id DESC
        LIMIT $4`,
      [customerIds, bound?.at.toISOString() ?? null, bound?.id ?? null, limit],
    );
    return rows.map(orderTimelineEntry);
  }
}
