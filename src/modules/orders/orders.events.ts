/**
 * Durable events of orders (DESIGN §5), written with the change; webhooks follow them (order-webhooks.ts).
 * Payloads are ids and what a subscriber routes on, never the order itself.
 */
// A type, not an interface: payloads must be plain JSON objects (an interface has no index signature).
type OrderEventPayload = { orderId: string; number: string; storeId: string; customerId: string };

declare module '../../common/events/event-map.js' {
  interface DurableEventMap {
    'order.created': OrderEventPayload & { channel: string };
    'order.confirmed': OrderEventPayload;
    'order.shipped': OrderEventPayload;
    'order.delivered': OrderEventPayload;
    'order.completed': OrderEventPayload;
    'order.cancelled': OrderEventPayload & { reason: string };
    /** The order became fully paid (its payments cover its total). */
    'order.paid': OrderEventPayload & { paymentId: string };
    /** Money was given back on one of its payments. */
    'order.refunded': OrderEventPayload & { refundId: string; paymentId: string; amount: number; currency: string };
    /** A refund the provider had accepted was not paid out: the amount counts as paid on the order again. */
    'order.refund_failed': OrderEventPayload & { refundId: string; paymentId: string; amount: number; currency: string };
    /** The promise missed, once: `dueAt` is when it was due (ISO 8601). */
    'order.confirmation_overdue': OrderEventPayload & { dueAt: string };
    'order.shipping_overdue': OrderEventPayload & { dueAt: string };
  }
}

export const ORDER_EVENTS = [
  'order.created',
  'order.confirmed',
  'order.shipped',
  'order.delivered',
  'order.completed',
  'order.cancelled',
  'order.paid',
  'order.refunded',
  'order.refund_failed',
  'order.confirmation_overdue',
  'order.shipping_overdue',
] as const;
export type OrderEvent = (typeof ORDER_EVENTS)[number];
