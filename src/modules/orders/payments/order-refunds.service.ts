import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { toDecimalString } from '../../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CustomersService } from '../../customers/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { StoresService } from '../../stores/index.js';
import { ORDER_REFUND_FAILED } from '../order-notifications.js';
import { findOrder, type OrderRow } from '../order-rows.js';
import '../orders.events.js';
import { OrderErrors } from '../orders.errors.js';
import { OrdersService } from '../orders.service.js';
import type { CreateRefundDto, RefundResponseDto } from './dto/order-payment.dto.js';
import type { RefundStatus } from './order-payment.entity.js';
import { eventBase, isProvider, lockPayment, moveMoney, outTradeNo, paymentFigures, REFUND_COLUMNS, toRefund, type PaymentRow, type RefundRow } from './payment-rows.js';
import { PaymentErrors } from './payment.errors.js';
import { PaymentProviderError, PaymentProviders, type ProviderRefund } from './providers/index.js';

export const REFUND_CHECK = defineDeadlineKind('order.refund_check', {
  description:
    'A WeChat Pay / Alipay refund still processing: its provider is asked every REFUND_CHECK_INTERVAL until it ends; succeeded is recorded, failed puts the money back on the order and tells the managers',
});

/**
 * Refunds of orders' payments (issue 15): money back from one succeeded payment by its own method, and,
 * for WeChat Pay and Alipay, the refund followed until the provider has paid it out. A refund the provider
 * accepted counts as given back at once (the provider owes the customer from then on); one it then
 * cannot pay out (`failed`: a closed card, an account gone) counts as paid on the order again, and the
 * store's managers are told, since the customer is still owed the money. Each step locks the order first,
 * as payments do, so a refund, its checks and the order's payments queue up.
 */
@Injectable()
export class OrderRefundsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(PaymentProviders) private readonly providers: PaymentProviders,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /**
   * Money back from one succeeded payment, by its own method: cash, card and cash on delivery are recorded
   * as given; WeChat Pay and Alipay are asked first (a refused refund records nothing). The provider's
   * refund number is the payment's and the refund's ordinal, so a retry after a lost answer refunds once.
   */
  @Transactional()
  async refund(actor: Actor, orderId: string, dto: CreateRefundDto): Promise<RefundResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const payment = await lockPayment(this.db, order.id, dto.paymentId, 'paymentId');
    if (payment.status !== 'succeeded') throw PaymentErrors.refundNotAllowed(payment.status);
    if (dto.amount.currency !== order.currency) throw OrderErrors.currencyMismatch('amount.currency', order.currency, dto.amount.currency);
    const amount = dto.amount.amount;
    if (amount <= 0) throw PaymentErrors.amountNotPositive();
    // A failed refund gave nothing back: what is left excludes it, but its number stays taken.
    const [{ refunded, count }] = await this.db.rows<{ refunded: string; count: number }>(
      `SELECT COALESCE(sum(amount) FILTER (WHERE status <> 'failed'), 0)::text AS refunded, count(*)::int AS count FROM order_refund WHERE payment_id = $1`,
      [payment.id],
    );
    const open = Number(payment.amount) - Number(refunded);
    if (amount > open) throw PaymentErrors.refundTooLarge(open);
    const outRefundNo = `${outTradeNo(payment.id)}R${count + 1}`;
    let status: RefundStatus = 'succeeded';
    let providerReference: string | null = null;
    if (isProvider(payment.method)) {
      const answer = await this.providers
        .get(payment.method)
        .refund({ outTradeNo: outTradeNo(payment.id), outRefundNo, amount, paymentAmount: Number(payment.amount), currency: payment.currency, reason: dto.reason })
        .catch((error: unknown) => {
          throw error instanceof PaymentProviderError && error.kind === 'declined' ? PaymentErrors.refundDeclined(error.detail) : error;
        });
      if (answer.status === 'failed') throw PaymentErrors.refundDeclined(`${payment.method} answered the refund failed`);
      status = answer.status;
      providerReference = answer.providerReference;
    }
    const now = this.clock.now();
    const [row] = await this.db.rows<RefundRow>(
      `INSERT INTO order_refund AS r (order_id, payment_id, amount, currency, status, out_refund_no, provider_reference, reason, created_by_type, created_by_id, created_at, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $5 = 'succeeded' THEN $11::timestamptz END) RETURNING ${REFUND_COLUMNS}`,
      [order.id, payment.id, amount, payment.currency, status, outRefundNo, providerReference, dto.reason, actor.kind, actor.id, now],
    );
    // Accepted by the provider counts as given back: the provider owes the customer from now on.
    await moveMoney(this.db, order.id, -amount, amount);
    await this.customers.recordActivity(order.customerId, { spend: { amount: -amount, currency: order.currency }, countTicket: false });
    await this.events.publish('order.refunded', { ...eventBase(order), refundId: row.id, paymentId: payment.id, amount, currency: payment.currency });
    if (status === 'processing') await this.scheduleCheck(row.id);
    await this.audit.record({ action: 'order_refund.create', entityType: 'order_refund', entityId: row.id, storeId: order.storeId, after: { ...row } });
    return { ...toRefund(row), order: await paymentFigures(this.db, order.id) };
  }

  /** A processing refund asked again of its provider now (rather than at its next check); an ended one answers as it is. */
  @Transactional()
  async query(actor: Actor, orderId: string, refundId: string): Promise<RefundResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const refund = await this.lockRefund(order.id, refundId);
    if (refund.status !== 'processing') return { ...toRefund(refund), order: await paymentFigures(this.db, order.id) };
    const after = await this.ask(order, refund);
    if (after.status === 'processing') await this.scheduleCheck(refund.id);
    else await this.deadlines.cancel(REFUND_CHECK, refund.id);
    return { ...toRefund(after), order: await paymentFigures(this.db, order.id) };
  }

  /** The periodic check (in the deadline's claim transaction): still processing, the next one is set; a provider that does not answer makes it be retried. */
  @DeadlineHandler(REFUND_CHECK)
  async check(deadline: DueDeadline): Promise<void> {
    const [owner] = await this.db.rows<{ orderId: string }>('SELECT order_id AS "orderId" FROM order_refund WHERE id = $1', [deadline.subjectId]);
    if (!owner) return;
    const order = await findOrder(this.db, owner.orderId, true);
    const refund = await this.lockRefund(order.id, deadline.subjectId);
    if (refund.status !== 'processing') return;
    const after = await this.ask(order, refund);
    if (after.status === 'processing') await this.scheduleCheck(refund.id);
  }

  private async scheduleCheck(refundId: string): Promise<void> {
    await this.deadlines.schedule(REFUND_CHECK, refundId, new Date(this.clock.now().getTime() + this.config.REFUND_CHECK_INTERVAL));
  }

  /**
   * A provider's verified refund notice (WeChat Pay's REFUND.*), in the notification's transaction with the
   * payment locked: the refund it names ends as it says, once; one already ended, or still processing, stays.
   */
  async noticed(order: OrderRow, payment: PaymentRow, found: ProviderRefund): Promise<void> {
    const [refund] = await this.db.rows<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM order_refund r WHERE r.payment_id = $1 AND r.out_refund_no = $2 FOR UPDATE`, [
      payment.id,
      found.outRefundNo,
    ]);
    if (!refund) throw PaymentErrors.unknownRefund(found.outRefundNo);
    if (refund.status !== 'processing' || found.status === 'processing') return;
    await this.conclude(order, refund, found, payment.method);
    await this.deadlines.cancel(REFUND_CHECK, refund.id);
  }

  /** Asks the provider where a processing refund stands and records an end, once (the refund row is locked). */
  private async ask(order: OrderRow, refund: RefundRow): Promise<RefundRow> {
    const [payment] = await this.db.rows<Pick<PaymentRow, 'method'>>('SELECT method FROM order_payment WHERE id = $1', [refund.paymentId]);
    if (!isProvider(payment.method)) return refund;
    const found = await this.providers
      .get(payment.method)
      .queryRefund({ outTradeNo: outTradeNo(refund.paymentId), outRefundNo: refund.outRefundNo, amount: Number(refund.amount), currency: refund.currency });
    if (found.status === 'processing') return refund;
    return this.conclude(order, refund, found, payment.method);
  }

  /** A processing refund's end as its provider says: recorded, audited, and when it failed, the managers told. */
  private async conclude(order: OrderRow, refund: RefundRow, found: ProviderRefund, method: string): Promise<RefundRow> {
    const after = await this.end(order, refund, found);
    await this.audit.record({
      action: 'order_refund.settle',
      entityType: 'order_refund',
      entityId: refund.id,
      storeId: order.storeId,
      before: { status: refund.status },
      after: { status: after.status, failureReason: after.failureReason, providerReference: after.providerReference },
    });
    if (after.status === 'failed') await this.tellManagers(order, after, method);
    return after;
  }

  /** Records how a refund ended. Failed: what it took off the order is put back, on the order and on the customer's figures. */
  private async end(order: OrderRow, refund: RefundRow, found: ProviderRefund): Promise<RefundRow> {
    const [after] = await this.db.rows<RefundRow>(
      `UPDATE order_refund r SET status = $2, settled_at = $3, failure_reason = $4, provider_reference = COALESCE($5, provider_reference)
        WHERE id = $1 AND status = 'processing' RETURNING ${REFUND_COLUMNS}`,
      [refund.id, found.status, this.clock.now(), found.status === 'failed' ? (found.failureReason ?? 'the provider could not pay it out') : null, found.providerReference],
    );
    if (found.status === 'failed') {
      const amount = Number(refund.amount);
      await moveMoney(this.db, order.id, amount, -amount);
      await this.customers.recordActivity(order.customerId, { spend: { amount, currency: refund.currency }, countTicket: false });
      await this.events.publish('order.refund_failed', { ...eventBase(order), refundId: refund.id, paymentId: refund.paymentId, amount, currency: refund.currency });
    }
    return after;
  }

  private async tellManagers(order: OrderRow, refund: RefundRow, method: string): Promise<void> {
    const [store] = await this.stores.describeStores([order.storeId]);
    await this.notifications.toStaff(
      { roles: ['manager'], storeId: order.storeId },
      ORDER_REFUND_FAILED.key,
      { number: order.number, storeName: store?.name ?? '', amount: `${toDecimalString(Number(refund.amount), refund.currency)} ${refund.currency}`, method },
      { storeId: order.storeId, dedupeKey: `${ORDER_REFUND_FAILED.key}:${refund.id}` },
    );
  }

  private async lockRefund(orderId: string, refundId: string): Promise<RefundRow> {
    const id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(refundId) ? refundId.toLowerCase() : undefined;
    const [row] = id ? await this.db.rows<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM order_refund r WHERE r.id = $1 AND r.order_id = $2 FOR UPDATE`, [id, orderId]) : [];
    if (!row) throw PaymentErrors.refundNotFound(refundId);
    return row;
  }
}
