/**
 * The time promises of orders (issue 15, DESIGN §5): confirmation is due ORDER_CONFIRM_WINDOW after an
 * order is received, shipping ORDER_SHIP_WINDOW after an order with goods is confirmed. Each promise is
 * a durable deadline with a warning ORDER_DEADLINE_WARNING before it, written in the transition's
 * transaction (OrderLifecycle and OrdersService call in here) and cancelled by the step that keeps it.
 *
 * When one falls due unmet, its handler (in the deadline's claim transaction) stamps the order overdue
 * once (`confirmation_overdue_at` / `shipping_overdue_at`), tells the responsible staff member and the
 * store's managers, publishes `order.confirmation_overdue` / `order.shipping_overdue` (webhooks follow),
 * and schedules the second level: ORDER_DEADLINE_ESCALATION later, still unmet, the owners are told.
 * Every handler re-reads the order and acts only if the step is still unmet.
 */
import { Inject, Injectable } from '@nestjs/common';
import { addDays, Clock, instantToDate } from '../../common/clock/index.js';
import { Db } from '../../common/database/index.js';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DeadlineKind, type DueDeadline } from '../../common/deadlines/index.js';
import { DurableEvents } from '../../common/events/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { NotificationRecipients, NotificationsService } from '../notifications/index.js';
import { SchedulingService } from '../scheduling/index.js';
import { StoresService } from '../stores/index.js';
import { addBusinessTime, BUSINESS_WINDOW_HORIZON_DAYS } from './business-window.js';
import {
  ORDER_CONFIRMATION_DUE_SOON,
  ORDER_CONFIRMATION_ESCALATED,
  ORDER_CONFIRMATION_OVERDUE,
  ORDER_SHIPPING_DUE_SOON,
  ORDER_SHIPPING_ESCALATED,
  ORDER_SHIPPING_OVERDUE,
} from './order-notifications.js';
import type { OrderClassification } from './order.entity.js';
import type { OrderRoute } from './order-channels.service.js';
import type { OrderStatus } from './order-state.js';
import './orders.events.js';

export const ORDER_CONFIRM = defineDeadlineKind('order.confirm', {
  description: 'An order not confirmed by its confirmDueAt becomes overdue once: its responsible staff member and the managers are told, order.confirmation_overdue is published',
});
export const ORDER_CONFIRM_WARNING = defineDeadlineKind('order.confirm_warning', {
  description: "ORDER_DEADLINE_WARNING before an order's confirmDueAt, still unconfirmed: its responsible staff member is warned",
});
export const ORDER_CONFIRM_ESCALATION = defineDeadlineKind('order.confirm_escalation', {
  description: 'ORDER_DEADLINE_ESCALATION after an order became overdue for confirmation, still unconfirmed: the owners are told',
});
export const ORDER_SHIP = defineDeadlineKind('order.ship', {
  description: 'An order with goods not shipped by its shipDueAt becomes overdue once: its responsible staff member and the managers are told, order.shipping_overdue is published',
});
export const ORDER_SHIP_WARNING = defineDeadlineKind('order.ship_warning', {
  description: "ORDER_DEADLINE_WARNING before an order's shipDueAt, still unshipped: its responsible staff member is warned",
});
export const ORDER_SHIP_ESCALATION = defineDeadlineKind('order.ship_escalation', {
  description: 'ORDER_DEADLINE_ESCALATION after an order became overdue for shipping, still unshipped: the owners are told',
});

export const ORDER_DEADLINE_KINDS = [ORDER_CONFIRM, ORDER_CONFIRM_WARNING, ORDER_CONFIRM_ESCALATION, ORDER_SHIP, ORDER_SHIP_WARNING, ORDER_SHIP_ESCALATION];

type Promise_ = 'confirmation' | 'shipping';

interface PromiseSpec {
  due: string;
  overdue: string;
  /** The states in which the step is still unmet. */
  unmet: readonly OrderStatus[];
  deadline: DeadlineKind;
  warning: DeadlineKind;
  escalation: DeadlineKind;
  keys: { dueSoon: string; overdue: string; escalated: string };
  event: 'order.confirmation_overdue' | 'order.shipping_overdue';
}

const PROMISES: Record<Promise_, PromiseSpec> = {
  confirmation: {
    due: 'confirm_due_at',
    overdue: 'confirmation_overdue_at',
    unmet: ['pending_confirmation'],
    deadline: ORDER_CONFIRM,
    warning: ORDER_CONFIRM_WARNING,
    escalation: ORDER_CONFIRM_ESCALATION,
    keys: { dueSoon: ORDER_CONFIRMATION_DUE_SOON.key, overdue: ORDER_CONFIRMATION_OVERDUE.key, escalated: ORDER_CONFIRMATION_ESCALATED.key },
    event: 'order.confirmation_overdue',
  },
  shipping: {
    due: 'ship_due_at',
    overdue: 'shipping_overdue_at',
    unmet: ['confirmed', 'in_progress', 'picked', 'packed'],
    deadline: ORDER_SHIP,
    warning: ORDER_SHIP_WARNING,
    escalation: ORDER_SHIP_ESCALATION,
    keys: { dueSoon: ORDER_SHIPPING_DUE_SOON.key, overdue: ORDER_SHIPPING_OVERDUE.key, escalated: ORDER_SHIPPING_ESCALATED.key },
    event: 'order.shipping_overdue',
  },
};

/** The SQL condition "this promise is still unmet" (`o` is the order): the states, and the due time set. */
export function unmetSql(promise: Promise_): string {
  const spec = PROMISES[promise];
  return `o.${spec.due} IS NOT NULL AND o.status IN (${spec.unmet.map((state) => `'${state}'`).join(', ')})`;
}

interface DueOrder {
  id: string;
  number: string;
  storeId: string;
  customerId: string;
  channel: string;
  status: OrderStatus;
  responsibleStaffMemberId: string | null;
  dueAt: Date | null;
  overdueAt: Date | null;
}

/** `YYYY-MM-DD HH:MM` on the store's wall clock. */
function localMinute(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

@Injectable()
export class OrderDeadlines {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(NotificationRecipients) private readonly recipients: NotificationRecipients,
    @Inject(SchedulingService) private readonly scheduling: SchedulingService,
    @Inject(StoresService) private readonly stores: StoresService,
    @Inject(Clock) private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** When a new order's confirmation falls due: the window its channel's route sets (else the platform's) from receipt. */
  confirmDueAt(storeId: string, receivedAt: Date, route: Pick<OrderRoute, 'confirmWindowMinutes' | 'windowsInBusinessHours'>): Promise<Date> {
    return this.dueAt('confirmation', storeId, receivedAt, route.confirmWindowMinutes, route.windowsInBusinessHours);
  }

  /** In the intake's transaction, the order written with its `confirm_due_at`: its deadline and warning. */
  async received(orderId: string, dueAt: Date): Promise<void> {
    await this.schedule('confirmation', orderId, dueAt);
  }

  /** In the confirmation's transaction: that promise is kept; an order with goods now promises shipping from the confirmation. */
  async confirmed(orderId: string, classification: OrderClassification): Promise<void> {
    await this.kept(['confirmation'], orderId);
    if (classification !== 'service') await this.promise('shipping', orderId);
  }

  /** In the shipment's transaction. */
  async shipped(orderId: string): Promise<void> {
    await this.kept(['shipping'], orderId);
  }

  /** In the cancellation's transaction: nothing is promised any more. */
  async cancelled(orderId: string): Promise<void> {
    await this.kept(['confirmation', 'shipping'], orderId);
  }

  @DeadlineHandler(ORDER_CONFIRM_WARNING)
  confirmWarning(deadline: DueDeadline): Promise<void> {
    return this.warn('confirmation', deadline);
  }

  @DeadlineHandler(ORDER_SHIP_WARNING)
  shipWarning(deadline: DueDeadline): Promise<void> {
    return this.warn('shipping', deadline);
  }

  @DeadlineHandler(ORDER_CONFIRM)
  confirmMissed(deadline: DueDeadline): Promise<void> {
    return this.missed('confirmation', deadline);
  }

  @DeadlineHandler(ORDER_SHIP)
  shipMissed(deadline: DueDeadline): Promise<void> {
    return this.missed('shipping', deadline);
  }

  @DeadlineHandler(ORDER_CONFIRM_ESCALATION)
  confirmEscalation(deadline: DueDeadline): Promise<void> {
    return this.escalate('confirmation', deadline);
  }

  @DeadlineHandler(ORDER_SHIP_ESCALATION)
  shipEscalation(deadline: DueDeadline): Promise<void> {
    return this.escalate('shipping', deadline);
  }

  /**
   * Counted from the step's own stamp (receipt, confirmation), by the window the store set for the
   * order's channel (else the platform's), in business hours only when the store asked for that.
   */
  private async promise(promise: Promise_, orderId: string): Promise<void> {
    const spec = PROMISES[promise];
    const [order] = await this.db.rows<{ storeId: string; start: Date; minutes: number | null; businessHours: boolean | null }>(
      `SELECT o.store_id AS "storeId", o.${promise === 'confirmation' ? 'received_at' : 'confirmed_at'} AS start,
              a.${promise === 'confirmation' ? 'confirm_window_minutes' : 'ship_window_minutes'} AS minutes, a.windows_in_business_hours AS "businessHours"
         FROM "order" o LEFT JOIN order_channel_assignment a ON a.store_id = o.store_id AND a.channel = o.channel WHERE o.id = $1`,
      [orderId],
    );
    const dueAt = await this.dueAt(promise, order.storeId, order.start, order.minutes, order.businessHours ?? false);
    await this.db.execute(`UPDATE "order" SET ${spec.due} = $2 WHERE id = $1`, [orderId, dueAt]);
    await this.schedule(promise, orderId, dueAt);
  }

  private async dueAt(promise: Promise_, storeId: string, start: Date, minutes: number | null, businessHours: boolean): Promise<Date> {
    const windowMs = minutes !== null ? minutes * 60_000 : promise === 'confirmation' ? this.config.ORDER_CONFIRM_WINDOW : this.config.ORDER_SHIP_WINDOW;
    return (businessHours && (await this.inBusinessHours(storeId, start, windowMs))) || new Date(start.getTime() + windowMs);
  }

  /** The step's deadline, and its warning the lead before. */
  private async schedule(promise: Promise_, orderId: string, dueAt: Date): Promise<void> {
    const spec = PROMISES[promise];
    const warnAt = new Date(dueAt.getTime() - this.config.ORDER_DEADLINE_WARNING);
    const wanted = [{ kind: spec.deadline, subjectId: orderId, dueAt }];
    // No warning when there is none to give (0), or when the window is shorter than the lead.
    if (this.config.ORDER_DEADLINE_WARNING > 0 && warnAt.getTime() > this.clock.nowMs()) wanted.push({ kind: spec.warning, subjectId: orderId, dueAt: warnAt });
    await this.deadlines.scheduleMany(wanted);
  }

  /** The window run in the store's opening hours; undefined when it is not open long enough in the horizon (then the plain clock). */
  private async inBusinessHours(storeId: string, start: Date, windowMs: number): Promise<Date | undefined> {
    const timeZone = await this.stores.getTimeZone(storeId);
    const from = instantToDate(start.getTime(), timeZone);
    const calendar = await this.stores.calendarOf(storeId, from, addDays(from, BUSINESS_WINDOW_HORIZON_DAYS - 1));
    return addBusinessTime(start, windowMs, { timeZone: calendar.timeZone, weekly: calendar.businessHours, overrides: calendar.overrides });
  }

  /** The promises' deadlines (each with its warning and escalation) will not be needed: one statement for all. */
  private async kept(promises: readonly Promise_[], orderId: string): Promise<void> {
    const kinds = promises.flatMap((promise) => [PROMISES[promise].warning, PROMISES[promise].deadline, PROMISES[promise].escalation]);
    await this.deadlines.cancelMany(kinds.map((kind) => ({ kind, subjectId: orderId })));
  }

  /** Once per order and step (the dedupe key), like the miss and the escalation. */
  private async warn(promise: Promise_, deadline: DueDeadline): Promise<void> {
    const spec = PROMISES[promise];
    const order = await this.unmet(promise, deadline.subjectId);
    if (!order) return;
    const responsible = await this.responsibleUser(order);
    // No one answers for the channel: the store's managers are warned, so the warning reaches someone.
    const audience = responsible ? { userIds: [responsible] } : { roles: ['manager' as const], storeId: order.storeId };
    await this.notifications.toStaff(audience, spec.keys.dueSoon, await this.variables(order), { storeId: order.storeId, dedupeKey: `${spec.keys.dueSoon}:${order.id}` });
  }

  private async missed(promise: Promise_, deadline: DueDeadline): Promise<void> {
    const spec = PROMISES[promise];
    // Stamped once: the condition keeps a second run (or a stale job) from stamping or telling again.
    const [order] = await this.db.rows<DueOrder>(
      `UPDATE "order" o SET ${spec.overdue} = $2, updated_at = now() WHERE o.id = $1 AND ${unmetSql(promise)} AND o.${spec.overdue} IS NULL
       RETURNING ${this.columns(spec)}`,
      [deadline.subjectId, this.clock.now()],
    );
    if (!order) return;
    const managers = (await this.recipients.staff.members({ roles: ['manager'], storeId: order.storeId })).map((member) => member.userId);
    const responsible = await this.responsibleUser(order);
    const userIds = [...new Set([...managers, ...(responsible ? [responsible] : [])])];
    if (userIds.length > 0) {
      await this.notifications.toStaff({ userIds }, spec.keys.overdue, await this.variables(order), { storeId: order.storeId, dedupeKey: `${spec.keys.overdue}:${order.id}` });
    }
    await this.events.publish(spec.event, {
      orderId: order.id,
      number: order.number,
      storeId: order.storeId,
      customerId: order.customerId,
      dueAt: order.dueAt!.toISOString(),
    });
    await this.deadlines.schedule(spec.escalation, order.id, new Date(order.overdueAt!.getTime() + this.config.ORDER_DEADLINE_ESCALATION));
  }

  private async escalate(promise: Promise_, deadline: DueDeadline): Promise<void> {
    const spec = PROMISES[promise];
    const order = await this.unmet(promise, deadline.subjectId);
    if (!order) return;
    await this.notifications.toStaff({ roles: ['owner'], storeId: order.storeId }, spec.keys.escalated, await this.variables(order), {
      storeId: order.storeId,
      dedupeKey: `${spec.keys.escalated}:${order.id}`,
    });
  }

  /** The order while the step is still unmet; else undefined (kept, cancelled, or never promised). */
  private async unmet(promise: Promise_, orderId: string): Promise<DueOrder | undefined> {
    const spec = PROMISES[promise];
    const [order] = await this.db.rows<DueOrder>(`SELECT ${this.columns(spec)} FROM "order" o WHERE o.id = $1 AND ${unmetSql(promise)}`, [orderId]);
    return order;
  }

  private columns(spec: PromiseSpec): string {
    return `o.id, o.number, o.store_id AS "storeId", o.customer_id AS "customerId", o.channel, o.status,
            o.responsible_staff_member_id AS "responsibleStaffMemberId", o.${spec.due} AS "dueAt", o.${spec.overdue} AS "overdueAt"`;
  }

  /** The sign-in of the order's responsible staff member, when there is one and they sign in. */
  private async responsibleUser(order: DueOrder): Promise<string | null> {
    if (!order.responsibleStaffMemberId) return null;
    const { staff } = await this.scheduling.directory({ staffMemberIds: [order.responsibleStaffMemberId], resourceIds: [] });
    return staff.find((member) => member.staffMemberId === order.responsibleStaffMemberId)?.userId ?? null;
  }

  private async variables(order: DueOrder): Promise<Record<string, string>> {
    const [store] = await this.stores.describeStores([order.storeId]);
    return {
      number: order.number,
      storeName: store?.name ?? '',
      due: order.dueAt && store ? localMinute(order.dueAt, store.timeZone) : '',
      channel: order.channel,
    };
  }
}
