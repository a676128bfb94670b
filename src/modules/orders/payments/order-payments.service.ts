import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../../common/audit/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db, Transactional } from '../../../common/database/index.js';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { moneyOf } from '../../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../../config/index.js';
import { CustomersService } from '../../customers/index.js';
import { findOrder, type OrderRow } from '../order-rows.js';
import '../orders.events.js';
import { OrderErrors } from '../orders.errors.js';
import { OrdersService } from '../orders.service.js';
import type { CreatePaymentDto, PaymentListResponseDto, PaymentResponseDto } from './dto/order-payment.dto.js';
import type { PaymentChannel, PaymentStatus } from './order-payment.entity.js';
import {
  eventBase,
  isProvider,
  lockPayment,
  moveMoney,
  outTradeNo,
  PAYMENT_COLUMNS,
  paymentFigures,
  paymentIdOf,
  REFUND_COLUMNS,
  toFigures,
  toRefund,
  type PaymentRow,
  type RefundRow,
} from './payment-rows.js';
import { OrderRefundsService } from './order-refunds.service.js';
import { PaymentErrors } from './payment.errors.js';
import { PaymentProviderError, PaymentProviders, type PaymentProvider, type ProviderPayment } from './providers/index.js';

/** After a pending payment's expiry, the margin before Bloom asks its provider: the provider has closed the prepay by then. */
const EXPIRY_GRACE_MS = 60_000;

export const PAYMENT_EXPIRY = defineDeadlineKind('order.payment_expiry', {
  description:
    'A WeChat Pay / Alipay payment still pending PAYMENT_PENDING_EXPIRY after it was made: its provider is asked; paid settles it, otherwise it is closed there and cancelled here, freeing the balance it held',
});

/** What each provider answers a query of a trade it never saw. */
const NOT_AT_PROVIDER = new Set(['ORDER_NOT_EXIST', 'ACQ.TRADE_NOT_EXIST']);

/**
 * Orders' payments (issue 15): cash with change, card, cash on delivery, WeChat Pay and Alipay at the
 * counter (payment code) or in the app (prepay, settled by the provider's notification or a query),
 * partial and split payments, and refunds as records of their own. Each use case is one transaction that
 * first locks the order, so concurrent payments of one order queue up and the balance check holds; a
 * provider is called inside it (the counter waits for the answer anyway). Money reaches the order, the
 * customer's figures and the events exactly when a payment or refund settles, which a conditional
 * `UPDATE … WHERE status = 'pending'` lets happen once.
 */
@Injectable()
export class OrderPaymentsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(OrdersService) private readonly orders: OrdersService,
    @Inject(PaymentProviders) private readonly providers: PaymentProviders,
    @Inject(CustomersService) private readonly customers: CustomersService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(OrderRefundsService) private readonly refunds: OrderRefundsService,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  @Transactional()
  async create(actor: Actor, orderId: string, dto: CreatePaymentDto, idempotencyKey: string | undefined): Promise<PaymentResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    if (order.status === 'cancelled') throw PaymentErrors.orderCancelled();
    const amount = this.checkInput(order, dto);
    const [{ pending }] = await this.db.rows<{ pending: string }>(
      `SELECT COALESCE(sum(amount), 0)::text AS pending FROM order_payment WHERE order_id = $1 AND status = 'pending'`,
      [order.id],
    );
    const open = Number(order.balanceDue) - Number(pending);
    if (amount > open) throw PaymentErrors.exceedsBalance(Math.max(open, 0));

    const tendered = dto.method === 'cash' ? (dto.tendered?.amount ?? amount) : null;
    const channel: PaymentChannel | null = isProvider(dto.method) ? (dto.authCode !== undefined ? 'counter' : dto.channel!) : null;
    const [inserted] = await this.db.rows<PaymentRow>(
      `INSERT INTO order_payment AS p (order_id, method, channel, amount, currency, tendered_amount, change_amount, status, provider_reference, idempotency_key, created_by_type, created_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11) RETURNING ${PAYMENT_COLUMNS}`,
      [
        order.id,
        dto.method,
        channel,
        amount,
        order.currency,
        tendered,
        tendered === null ? 0 : tendered - amount,
        dto.method === 'card' ? (dto.reference ?? null) : null,
        idempotencyKey ?? null,
        actor.kind,
        actor.id,
      ],
    );
    let payment = inserted;
    let clientParams: Record<string, string> | undefined;
    if (dto.method === 'cash' || dto.method === 'card') {
      payment = (await this.settle(order, payment, null)) ?? payment;
    } else if (isProvider(dto.method) && dto.authCode !== undefined) {
      payment = await this.chargeCode(order, payment, this.providers.get(dto.method), dto.authCode);
    } else if (isProvider(dto.method)) {
      const prepaid = await this.providers.get(dto.method).prepay({
        outTradeNo: outTradeNo(payment.id),
        amount,
        currency: order.currency,
        description: `Bloom ${order.number}`,
        channel: dto.channel!,
        payerId: dto.payerId,
        expiresAt: new Date(this.clock.now().getTime() + this.config.PAYMENT_PENDING_EXPIRY),
      });
      clientParams = prepaid.clientParams;
    }
    // cod: pending until the courier's collection is recorded (collect). A provider's pending payment is settled by its
    // notification or a query, or, left unpaid, closed when it expires.
    if (isProvider(payment.method) && payment.status === 'pending') {
      await this.deadlines.schedule(PAYMENT_EXPIRY, payment.id, new Date(this.clock.now().getTime() + this.config.PAYMENT_PENDING_EXPIRY + EXPIRY_GRACE_MS));
    }
    await this.audit.record({ action: 'order_payment.create', entityType: 'order_payment', entityId: payment.id, storeId: order.storeId, after: { ...payment } });
    return { ...(await this.answer(payment)), ...(clientParams ? { clientParams } : {}), order: await paymentFigures(this.db, order.id) };
  }

  async list(actor: Actor, orderId: string): Promise<PaymentListResponseDto> {
    const order = await this.orders.visible(actor, orderId);
    const payments = await this.db.rows<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM order_payment p WHERE p.order_id = $1 ORDER BY p.created_at, p.id`, [order.id]);
    const refunds = await this.refundsOf(order.id);
    return { data: payments.map((payment) => this.toResponse(payment, refunds)), order: toFigures(order) };
  }

  /** A pending WeChat Pay / Alipay payment asked again of its provider: paid settles it, closed or failed ends it, pending stays. */
  @Transactional()
  async query(actor: Actor, orderId: string, paymentId: string): Promise<PaymentResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const payment = await lockPayment(this.db, order.id, paymentId);
    if (!isProvider(payment.method)) throw PaymentErrors.wrongMethod(payment.method, 'queried at a provider');
    if (payment.status !== 'pending') return { ...(await this.answer(payment)), order: toFigures(order) };
    const found = await this.providers.get(payment.method).query(outTradeNo(payment.id));
    const after = await this.applyProviderState(order, payment, found);
    if (after.status !== payment.status)
      await this.audit.record({
        action: 'order_payment.query',
        entityType: 'order_payment',
        entityId: payment.id,
        storeId: order.storeId,
        before: { status: payment.status },
        after: { ...after },
      });
    return { ...(await this.answer(after)), order: await paymentFigures(this.db, order.id) };
  }

  /** The courier handed over a cash-on-delivery payment. */
  @Transactional()
  async collect(actor: Actor, orderId: string, paymentId: string): Promise<PaymentResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const payment = await lockPayment(this.db, order.id, paymentId);
    if (payment.method !== 'cod') throw PaymentErrors.wrongMethod(payment.method, 'collected as cash on delivery');
    if (payment.status !== 'pending') throw PaymentErrors.notPending(payment.status, 'collected');
    const after = (await this.settle(order, payment, null))!;
    await this.audit.record({
      action: 'order_payment.collect',
      entityType: 'order_payment',
      entityId: payment.id,
      storeId: order.storeId,
      before: { status: payment.status },
      after: { ...after },
    });
    return { ...(await this.answer(after)), order: await paymentFigures(this.db, order.id) };
  }

  /**
   * A provider's payment still pending when it expires (runs in the deadline's claim transaction): asked of
   * its provider, paid settles it, closed or failed ends it; still unpaid, it is closed there and cancelled
   * here. A provider that does not answer makes the deadline fail and be retried.
   */
  @DeadlineHandler(PAYMENT_EXPIRY)
  async expire(deadline: DueDeadline): Promise<void> {
    const [owner] = await this.db.rows<{ orderId: string }>('SELECT order_id AS "orderId" FROM order_payment WHERE id = $1', [deadline.subjectId]);
    if (!owner) return;
    const order = await findOrder(this.db, owner.orderId, true);
    const payment = await lockPayment(this.db, order.id, deadline.subjectId);
    if (payment.status !== 'pending' || !isProvider(payment.method)) return;
    await this.closeAtProvider(order, payment, { reason: 'expired unpaid', action: 'order_payment.expire', ifPaid: 'settle' });
  }

  /**
   * Calls off a pending payment: cash on delivery the customer refused, a payment code left unconfirmed,
   * a prepay the customer will not pay. A WeChat Pay / Alipay one is asked first: one the provider already
   * took is refused (409: a query settles it, a refund gives it back); otherwise it is closed there (a code
   * charge revoked, a prepay closed) so it cannot be paid later, then cancelled here, freeing what it held
   * against the balance. Audited.
   */
  @Transactional()
  async cancel(actor: Actor, orderId: string, paymentId: string, reason: string): Promise<PaymentResponseDto> {
    const order = await this.orders.visible(actor, orderId, true);
    const payment = await lockPayment(this.db, order.id, paymentId);
    if (payment.status !== 'pending') throw PaymentErrors.notPending(payment.status, 'cancelled');
    const after = await this.closeAtProvider(order, payment, { reason, action: 'order_payment.cancel', ifPaid: 'refuse' });
    return { ...(await this.answer(after)), order: await paymentFigures(this.db, order.id) };
  }

  /**
   * Ends a pending payment: a WeChat Pay / Alipay one is asked of its provider first (paid: settled, or
   * refused with 409 `payment.already_paid` changing nothing; closed or failed: ended as the provider says),
   * else closed there (a code charge revoked, a prepay closed) so it cannot be paid later; then cancelled
   * here with `reason`. Audited as `action`.
   */
  private async closeAtProvider(
    order: OrderRow,
    payment: PaymentRow,
    { reason, action, ifPaid }: { reason: string; action: string; ifPaid: 'settle' | 'refuse' },
  ): Promise<PaymentRow> {
    let after: PaymentRow | undefined;
    if (isProvider(payment.method)) {
      const provider = this.providers.get(payment.method);
      const out = outTradeNo(payment.id);
      const found = await provider.query(out).catch((error: unknown) => {
        // Never placed at the provider (a prepay nobody opened): nothing there to pay.
        if (error instanceof PaymentProviderError && NOT_AT_PROVIDER.has(error.providerCode ?? '')) return undefined;
        throw error;
      });
      if (found?.status === 'paid') {
        if (ifPaid === 'refuse') throw PaymentErrors.alreadyPaid(payment.method);
        return this.applyProviderState(order, payment, found);
      }
      if (found?.status === 'closed' || found?.status === 'failed') after = await this.applyProviderState(order, payment, found);
      else if (payment.channel === 'counter') await provider.cancel(out);
      else await provider.close(out);
    }
    after ??= (
      await this.db.rows<PaymentRow>(
        `UPDATE order_payment p SET status = 'cancelled', settled_at = $2, failure_reason = $3 WHERE id = $1 AND status = 'pending' RETURNING ${PAYMENT_COLUMNS}`,
        [payment.id, this.clock.now(), reason],
      )
    )[0];
    await this.audit.record({
      action,
      entityType: 'order_payment',
      entityId: payment.id,
      storeId: order.storeId,
      before: { status: payment.status },
      after: { ...after, reason },
    });
    return after;
  }

  /**
   * A verified notification: applied once per notification id (a resent one changes nothing), to the
   * payment its out_trade_no names, whose amount and currency it must match.
   */
  @Transactional()
  async notify(provider: PaymentProvider, headers: Record<string, string | string[] | undefined>, rawBody: Buffer): Promise<void> {
    const notice = provider.parseNotification(headers, rawBody);
    const paymentId = paymentIdOf(notice.outTradeNo);
    const [ref] = paymentId ? await this.db.rows<{ orderId: string; method: string }>('SELECT order_id AS "orderId", method FROM order_payment WHERE id = $1', [paymentId]) : [];
    if (!ref || ref.method !== provider.name) throw PaymentErrors.unknownPayment(notice.outTradeNo);
    const order = await findOrder(this.db, ref.orderId, true);
    const payment = await lockPayment(this.db, order.id, paymentId!);
    if (notice.amount !== Number(payment.amount) || notice.currency !== payment.currency)
      throw PaymentErrors.amountMismatch(`${payment.amount} ${payment.currency}`, `${notice.amount} ${notice.currency}`);
    const fresh = await this.db.execute(
      'INSERT INTO payment_notification (provider, notification_id, payment_id) VALUES ($1, $2, $3) ON CONFLICT (provider, notification_id) DO NOTHING',
      [provider.name, notice.notificationId, payment.id],
    );
    if (fresh === 0) return;
    if (notice.refund) return this.refunds.noticed(order, payment, notice.refund);
    const after = await this.applyProviderState(order, payment, { ...notice, providerReference: notice.providerReference });
    await this.audit.record({
      action: 'order_payment.notification',
      entityType: 'order_payment',
      entityId: payment.id,
      storeId: order.storeId,
      before: { status: payment.status },
      after: { status: after.status, notificationId: notice.notificationId, providerReference: notice.providerReference },
    });
  }

  /** Checks what the method needs and takes; answers the amount. */
  private checkInput(order: OrderRow, dto: CreatePaymentDto): number {
    if (dto.amount.currency !== order.currency) throw OrderErrors.currencyMismatch('amount.currency', order.currency, dto.amount.currency);
    const amount = dto.amount.amount;
    if (amount <= 0) throw PaymentErrors.amountNotPositive();
    if (dto.tendered !== undefined) {
      if (dto.method !== 'cash') throw PaymentErrors.changeOnlyForCash();
      if (dto.tendered.currency !== order.currency) throw OrderErrors.currencyMismatch('tendered.currency', order.currency, dto.tendered.currency);
      if (dto.tendered.amount < amount) throw PaymentErrors.tenderedTooLittle();
    }
    if (dto.reference !== undefined && dto.method !== 'card') throw PaymentErrors.notForMethod('reference', dto.method);
    if (!isProvider(dto.method)) {
      for (const name of ['authCode', 'channel', 'payerId'] as const) if (dto[name] !== undefined) throw PaymentErrors.notForMethod(name, dto.method);
      return amount;
    }
    if ((dto.authCode === undefined) === (dto.channel === undefined)) throw PaymentErrors.providerWay();
    if (dto.payerId !== undefined && dto.channel === undefined) throw PaymentErrors.notForMethod('payerId', `${dto.method} counter`);
    if (dto.channel === 'mini_program' && dto.payerId === undefined) throw PaymentErrors.payerIdRequired();
    return amount;
  }

  /**
   * Charges a scanned payment code. A refusal records nothing (nothing was taken). No answer means the
   * outcome is unknown: the payment is queried, and when that fails too it is cancelled at the provider
   * (so it cannot succeed behind the counter's back); only if the cancel is not accepted either does the
   * payment stay pending, to be queried later.
   */
  private async chargeCode(order: OrderRow, payment: PaymentRow, provider: PaymentProvider, authCode: string): Promise<PaymentRow> {
    const out = outTradeNo(payment.id);
    const request = { outTradeNo: out, amount: Number(payment.amount), currency: payment.currency, description: `Bloom ${order.number}`, authCode, storeId: order.storeId };
    let found: ProviderPayment;
    try {
      found = await provider.payByCode(request);
    } catch (error) {
      if (!(error instanceof PaymentProviderError) || error.kind !== 'unavailable') throw error;
      try {
        found = await provider.query(out);
      } catch {
        try {
          await provider.cancel(out);
        } catch {
          return payment;
        }
        throw PaymentErrors.chargeCancelled();
      }
    }
    if (found.status === 'failed' || found.status === 'closed')
      throw new PaymentProviderError(provider.name, 'declined', `${provider.name} did not take the payment (${found.status}).`);
    return this.applyProviderState(order, payment, found);
  }

  /** What the provider says of a pending payment, applied: paid settles it (the amount must match), closed cancels, failed fails. */
  private async applyProviderState(order: OrderRow, payment: PaymentRow, found: Pick<ProviderPayment, 'status' | 'amount' | 'providerReference'>): Promise<PaymentRow> {
    if (payment.status !== 'pending') return payment;
    if (found.status === 'paid') {
      if (found.amount !== null && found.amount !== Number(payment.amount)) throw PaymentErrors.providerAmountMismatch(Number(payment.amount), found.amount);
      return (await this.settle(order, payment, found.providerReference)) ?? payment;
    }
    if (found.status === 'pending') return payment;
    const status: PaymentStatus = found.status === 'closed' ? 'cancelled' : 'failed';
    const [row] = await this.db.rows<PaymentRow>(
      `UPDATE order_payment p SET status = $2, settled_at = $3, failure_reason = $4 WHERE id = $1 AND status = 'pending' RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, status, this.clock.now(), found.status === 'closed' ? 'closed at the provider (not paid)' : 'the provider reported the payment failed'],
    );
    return row ?? payment;
  }

  /**
   * A pending payment succeeds: once (the conditional update), and with it the order's money, the
   * customer's figures (a new ticket on the order's first payment) and `order.paid` when it is now covered.
   */
  private async settle(order: OrderRow, payment: PaymentRow, providerReference: string | null): Promise<PaymentRow | undefined> {
    const [row] = await this.db.rows<PaymentRow>(
      `UPDATE order_payment p SET status = 'succeeded', settled_at = $2, provider_reference = COALESCE($3, provider_reference)
        WHERE id = $1 AND status = 'pending' RETURNING ${PAYMENT_COLUMNS}`,
      [payment.id, this.clock.now(), providerReference],
    );
    if (!row) return undefined;
    const amount = Number(row.amount);
    const before = await findOrder(this.db, order.id);
    const status = await moveMoney(this.db, before.id, amount, 0);
    const firstTicket = before.paid === '0' && before.refunded === '0';
    await this.customers.recordActivity(order.customerId, { spend: { amount, currency: row.currency }, countTicket: firstTicket });
    if (status === 'paid' && before.paymentStatus !== 'paid') await this.events.publish('order.paid', { ...eventBase(order), paymentId: row.id });
    return row;
  }

  private async refundsOf(orderId: string): Promise<RefundRow[]> {
    return this.db.rows<RefundRow>(`SELECT ${REFUND_COLUMNS} FROM order_refund r WHERE r.order_id = $1 ORDER BY r.created_at, r.id`, [orderId]);
  }

  private async answer(payment: PaymentRow): Promise<PaymentResponseDto> {
    return this.toResponse(payment, await this.refundsOf(payment.orderId));
  }

  private toResponse(payment: PaymentRow, refunds: readonly RefundRow[]): PaymentResponseDto {
    const own = refunds.filter((refund) => refund.paymentId === payment.id);
    const m = (amount: string | number) => moneyOf(amount, payment.currency);
    return {
      id: payment.id,
      orderId: payment.orderId,
      method: payment.method,
      channel: payment.channel,
      amount: m(payment.amount),
      tendered: payment.tendered === null ? null : m(payment.tendered),
      changeAmount: m(payment.change),
      status: payment.status,
      providerReference: payment.providerReference,
      failureReason: payment.failureReason,
      refunded: m(own.reduce((total, refund) => total + (refund.status === 'failed' ? 0 : Number(refund.amount)), 0)),
      refunds: own.map(toRefund),
      createdAt: payment.createdAt,
      settledAt: payment.settledAt,
    };
  }
}
