import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { canSeeStore, visibleStoreIds } from '../../common/auth/index.js';
import { Clock } from '../../common/clock/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { CommonErrors, type FieldError } from '../../common/errors/index.js';
import { DurableEvents } from '../../common/events/index.js';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/http/pagination.js';
import type { Actor } from '../../common/http/request-context.js';
import { money, moneyOf, type Money } from '../../common/money/index.js';
import { HumanNumbers } from '../../common/numbers/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { CatalogService } from '../catalog/index.js';
import { CustomersService } from '../customers/index.js';
import { StoresService } from '../stores/index.js';
import type { CreateOrderDto, ManualDiscountDto, OrderHistoryResponseDto, OrderQueryDto, OrderResponseDto } from './dto/order.dto.js';
import { ORDER_DISCOUNTS, type OrderDiscounts } from './order-discounts.js';
import { BY_RECEIVED, findOrder, insertOrderLines, loadOrder, ORDER_COLUMNS, orderLines, toOrderResponse, type NewOrderLine, type OrderRow } from './order-rows.js';
import { allocateDiscount, orderTotals, priceLines, type LineMoney } from './order-totals.js';
import type { OrderChannel, OrderClassification } from './order.entity.js';
import { OrderChannelsService } from './order-channels.service.js';
import { OrderDeadlines, unmetSql } from './order-deadlines.js';
import './orders.events.js';
import { OrderErrors } from './orders.errors.js';

interface PricedLine extends NewOrderLine {
  unitPrice: Money;
}

/** Where a customer registered by an order comes from, in customers' words. */
const SOURCE: Record<OrderChannel, 'online' | 'app' | 'partner' | 'phone' | 'walk_in'> = {
  online: 'online',
  app: 'app',
  mini_program: 'app',
  partner: 'partner',
  phone: 'phone',
  in_store: 'walk_in',
};

/** Who did it, as the tables record it. */
export function actorRef(actor: Actor): { type: string; id: string | null } {
  return { type: actor.kind, id: actor.id };
}

/**
 * Taking orders (issue 15): intake from every channel (a partner's re-sent reference answers its
 * order), the manual discount, and the reads. The life cycle is OrderLifecycle's. Each public method
 * is one use case and one transaction, audited.
 */
@Injectable()
export class OrdersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(OrderChannelsService) private readonly channels: OrderChannelsService,
    @Inject(HumanNumbers) private readonly numbers: HumanNumbers,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(ORDER_DISCOUNTS) private readonly discounts: OrderDiscounts,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(OrderDeadlines) private readonly deadlines: OrderDeadlines,
  ) {}

  /**
   * A new order, or (`created: false`) the one this partner already sent with this reference. Prices
   * come from the store's catalog unless a partner key with `orders:partner_price` sets them.
   */
  @Transactional()
  async create(actor: Actor, dto: CreateOrderDto): Promise<{ order: OrderResponseDto; created: boolean }> {
    const storeId = dto.storeId.toLowerCase();
    if (!canSeeStore(actor, storeId)) throw OrderErrors.storeNotFound(storeId);
    const timeZone = await this.stores.getTimeZone(storeId).catch(() => {
      throw OrderErrors.storeNotFound(storeId);
    });
    const partnerKeyId = this.partnerKeyOf(actor, dto);
    if (partnerKeyId) {
      // Two sends of one reference at once: the second waits here and finds the first's order.
      await this.db.execute('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`order-partner:${partnerKeyId}:${dto.partnerReference}`]);
      const [existing] = await this.db.rows<{ id: string }>('SELECT id FROM "order" WHERE partner_key_id = $1 AND partner_reference = $2', [partnerKeyId, dto.partnerReference]);
      if (existing) return { order: await loadOrder(this.db, existing.id), created: false };
    }
    const currency = this.config.BUSINESS_CURRENCY;
    const shippingFee = dto.shippingFee ? this.inCurrency('shippingFee', dto.shippingFee) : money(0, currency);
    const lines = await this.priceLines(actor, storeId, dto);
    const customerId = await this.customerOf(actor, dto);
    const kinds = new Set(lines.map((line) => line.kind));
    const classification: OrderClassification = kinds.size > 1 ? 'mixed' : kinds.has('service') ? 'service' : 'product';
    const route = await this.channels.routeOf(storeId, dto.channel);
    const discounts = await this.discounts.discountsFor({
      storeId,
      customerId,
      channel: dto.channel,
      currency,
      lines: lines.map((line) => ({ ...line, lineTotal: money(line.unitPrice.amount * line.quantity, currency) })),
    });
    const priced = priceLines(lines.map((line, i) => ({ unitPrice: line.unitPrice, quantity: line.quantity, discount: discounts[i] })));
    const totals = orderTotals(priced, shippingFee, money(0, currency));
    const now = this.clock.now();
    const { number } = await this.numbers.take({ prefix: 'SO', scope: 'business', timeZone, at: now });
    const by = actorRef(actor);
    const confirmDueAt = await this.deadlines.confirmDueAt(storeId, now, route);
    // The new row answers in the shape a read gives (RETURNING through ORDER_COLUMNS): no second round trip to read it back.
    const [row] = await this.db.rows<OrderRow>(
      `WITH o AS (INSERT INTO "order" (number, store_id, channel, partner_key_id, partner_reference, customer_id, classification, team, responsible_staff_member_id,
         delivery_address, wished_delivery_at, special_requests, currency, subtotal_amount, discount_amount, shipping_fee_amount, total_amount, balance_due_amount,
         created_by_type, created_by_id, received_at, confirm_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING *)
       SELECT ${ORDER_COLUMNS} FROM o`,
      [
        number,
        storeId,
        dto.channel,
        partnerKeyId,
        partnerKeyId ? dto.partnerReference : null,
        customerId,
        classification,
        route.team,
        route.responsibleStaffMemberId,
        dto.deliveryAddress ? JSON.stringify(dto.deliveryAddress) : null,
        dto.wishedDeliveryAt ? new Date(dto.wishedDeliveryAt) : null,
        dto.specialRequests ?? null,
        currency,
        totals.subtotal.amount,
        totals.discount.amount,
        totals.shippingFee.amount,
        totals.total.amount,
        totals.balanceDue.amount,
        by.type,
        by.id,
        now,
        confirmDueAt,
      ],
    );
    const written = await insertOrderLines(this.db, row.id, lines, priced);
    await this.deadlines.received(row.id, confirmDueAt);
    const order = toOrderResponse(row, written);
    await this.events.publish('order.created', { orderId: row.id, number, storeId, customerId, channel: dto.channel });
    await this.audit.record({ action: 'order.create', entityType: 'order', entityId: row.id, storeId, after: order });
    return { order, created: true };
  }

  /**
   * A manager's discount, with its reason, before confirmation: spread over the lines by what each
   * still costs (largest remainder), so refunds later are exact. One per order.
   */
  @Transactional()
  async discount(actor: Actor, id: string, dto: ManualDiscountDto): Promise<OrderResponseDto> {
    const row = await this.visible(actor, id, true);
    if (row.status !== 'pending_confirmation') throw OrderErrors.discountAfterConfirmation(row.status);
    if (Number(row.manualDiscount) > 0) throw OrderErrors.discountAlreadyGiven();
    const amount = this.inCurrency('amount', dto.amount, row.currency);
    const current = await orderLines(this.db, [row.id]);
    const lines: LineMoney[] = current.map((line) => ({
      unitPrice: moneyOf(line.unitPrice, row.currency),
      quantity: line.quantity,
      lineTotal: moneyOf(line.lineTotal, row.currency),
      discount: moneyOf(line.discount, row.currency),
      net: moneyOf(line.net, row.currency),
    }));
    const left = lines.reduce((total, line) => total + line.net.amount, 0);
    if (amount.amount > left) throw OrderErrors.discountTooLarge(left);
    const spread = allocateDiscount(lines, amount);
    await this.db.execute(
      `UPDATE order_line l SET discount_amount = s.discount, net_amount = l.line_total_amount - s.discount
         FROM unnest($2::int[], $3::bigint[]) AS s(line_number, discount) WHERE l.order_id = $1 AND l.line_number = s.line_number`,
      [row.id, current.map((line) => line.lineNumber), spread.map((line) => line.discount.amount)],
    );
    const totals = orderTotals(spread, moneyOf(row.shippingFee, row.currency), moneyOf(row.paid, row.currency));
    await this.db.execute(
      `UPDATE "order" SET discount_amount = $2, manual_discount_amount = $3, manual_discount_reason = $4, total_amount = $5, balance_due_amount = $6,
         payment_status = CASE WHEN refunded_amount > 0 THEN payment_status WHEN paid_amount = 0 THEN 'unpaid' WHEN paid_amount < $5 THEN 'partly_paid' ELSE 'paid' END,
         version = version + 1, updated_at = now() WHERE id = $1`,
      [row.id, totals.discount.amount, amount.amount, dto.reason, totals.total.amount, totals.balanceDue.amount],
    );
    const after = await loadOrder(this.db, row.id);
    await this.audit.record({
      action: 'order.discount',
      entityType: 'order',
      entityId: row.id,
      storeId: row.storeId,
      before: { discount: row.discount, total: row.total, version: row.version },
      after,
    });
    return after;
  }

  async list(actor: Actor, query: OrderQueryDto): Promise<Page<OrderResponseDto>> {
    if (query.storeId !== undefined && !canSeeStore(actor, query.storeId)) throw OrderErrors.storeNotFound(query.storeId);
    const visible = visibleStoreIds(actor);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = query.cursor === undefined ? undefined : BY_RECEIVED.decode(query.cursor);
    const rows = await this.db.rows<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM "order" o
        WHERE ($1::uuid[] IS NULL OR o.store_id = ANY($1))
          AND ($2::uuid IS NULL OR o.store_id = $2)
          AND ($3::text IS NULL OR o.status = $3)
          AND ($4::text IS NULL OR o.channel = $4)
          AND ($5::uuid IS NULL OR o.customer_id = $5)
          AND ($6::timestamptz IS NULL OR o.received_at >= $6)
          AND ($7::timestamptz IS NULL OR o.received_at < $7)
          AND ($8::timestamptz IS NULL OR (o.received_at, o.id) < ($8, $9::uuid))
          -- The overdue filter's SQL is chosen here (constants, not input) so the planner can use its partial index; $11 is "now".
          ${query.overdue ? `AND ${unmetSql(query.overdue)} AND o.${query.overdue === 'confirmation' ? 'confirm_due_at' : 'ship_due_at'} <= $11` : 'AND $11::timestamptz IS NOT NULL'}
        ORDER BY o.received_at DESC, o.id DESC LIMIT $10`,
      [
        visible === 'all' ? null : visible,
        query.storeId?.toLowerCase() ?? null,
        query.status ?? null,
        query.channel ?? null,
        query.customerId?.toLowerCase() ?? null,
        query.from ? new Date(query.from) : null,
        query.to ? new Date(query.to) : null,
        after?.receivedAt ?? null,
        after?.id ?? null,
        limit + 1,
        this.clock.now(),
      ],
    );
    const data = rows.slice(0, limit);
    const lines = await orderLines(
      this.db,
      data.map((row) => row.id),
    );
    const last = data[data.length - 1];
    return {
      data: data.map((row) => toOrderResponse(row, lines)),
      nextCursor: rows.length > limit && last ? BY_RECEIVED.encode({ receivedAt: last.receivedAt, id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<OrderResponseDto> {
    const row = await this.visible(actor, id);
    return toOrderResponse(row, await orderLines(this.db, [row.id]));
  }

  async history(actor: Actor, id: string): Promise<OrderHistoryResponseDto> {
    const row = await this.visible(actor, id);
    const data = await this.db.rows<OrderHistoryResponseDto['data'][number]>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", actor_type AS "actorType", actor_id AS "actorId", reason, at
         FROM order_status_history WHERE order_id = $1 ORDER BY at, id`,
      [row.id],
    );
    return { data };
  }

  /** The order when the actor sees its store; else `order.not_found`. */
  async visible(actor: Actor, id: string, lock = false): Promise<OrderRow> {
    const row = await findOrder(this.db, id, lock);
    if (!canSeeStore(actor, row.storeId)) throw OrderErrors.notFound(id);
    return row;
  }

  /** The partner key of a partner order sent with it (its reference required); null for every other order. */
  private partnerKeyOf(actor: Actor, dto: CreateOrderDto): string | null {
    const isPartner = actor.kind === 'api_key' && dto.channel === 'partner';
    if (!isPartner) {
      if (dto.partnerReference !== undefined) throw OrderErrors.partnerReferenceOnlyForPartners();
      return null;
    }
    if (dto.partnerReference === undefined) throw OrderErrors.partnerReferenceRequired();
    return actor.id;
  }

  private inCurrency(field: string, value: Money, currency = this.config.BUSINESS_CURRENCY): Money {
    if (value.currency !== currency) throw OrderErrors.currencyMismatch(`${field}.currency`, currency, value.currency);
    return money(value.amount, currency);
  }

  /** Each line priced: the store's catalog price, or the partner's where its key may set one. Every unsold item is named. */
  private async priceLines(actor: Actor, storeId: string, dto: CreateOrderDto): Promise<PricedLine[]> {
    const mayPrice = actor.kind === 'api_key' && actor.scopes.includes('orders:partner_price');
    const errors: FieldError[] = [];
    const lines: PricedLine[] = [];
    // Every product line in one query: an order of many lines costs one round trip, not one per line.
    const products = await this.catalog.productsForStore(
      dto.lines.flatMap((line) => (line.productId === undefined ? [] : [line.productId])),
      storeId,
    );
    for (const [i, line] of dto.lines.entries()) {
      if (line.productId !== undefined && line.variationId !== undefined) {
        errors.push({ field: `lines[${i}].variationId`, message: 'give either productId or variationId, not both' });
        continue;
      }
      if (line.unitPrice !== undefined && !mayPrice) throw OrderErrors.partnerPriceNotAllowed(`lines[${i}].unitPrice`);
      const partnerPrice = line.unitPrice ? this.inCurrency(`lines[${i}].unitPrice`, line.unitPrice) : undefined;
      if (line.productId !== undefined) {
        const product = products.get(line.productId.toLowerCase());
        if (!product || !product.active || !product.sold || !product.salePrice) throw OrderErrors.productNotSold(`lines[${i}].productId`, line.productId);
        lines.push({ kind: 'product', productId: product.productId, variationId: null, name: product.name, quantity: line.quantity, unitPrice: partnerPrice ?? product.salePrice });
      } else {
        const variation = await this.catalog.variationForStore(line.variationId!, storeId);
        if (!variation || !variation.sellable) throw OrderErrors.variationNotSold(`lines[${i}].variationId`, line.variationId!);
        lines.push({
          kind: 'service',
          productId: null,
          variationId: variation.variationId,
          name: `${variation.serviceName} / ${variation.variationName}`,
          quantity: line.quantity,
          unitPrice: partnerPrice ?? variation.price,
        });
      }
    }
    if (errors.length) throw CommonErrors.validation(errors);
    return lines;
  }

  /** The customer: an existing one (merges followed), or found or registered by phone; a blocked one is refused. */
  private async customerOf(actor: Actor, dto: CreateOrderDto): Promise<string> {
    if (dto.customerId !== undefined) {
      const customer = await this.customers.bookingStatus(dto.customerId);
      if (!customer || customer.status === 'anonymized' || customer.status === 'merged') throw OrderErrors.customerUnknown('customerId');
      if (customer.status === 'blocked') throw OrderErrors.customerBlocked('customerId');
      return customer.id;
    }
    const contact = dto.customer!;
    const found = await this.customers.findOrRegisterByPhone(actor, { name: contact.name, phone: contact.phone, email: contact.email, source: SOURCE[dto.channel] });
    if (found.status === 'blocked') throw OrderErrors.customerBlocked('customer');
    if (found.status !== 'active') throw OrderErrors.customerUnknown('customer');
    return found.id;
  }
}
