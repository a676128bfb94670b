/** What other modules (and the app's wiring) may import from orders. */
import { OrderPayment, OrderRefund, PaymentNotificationReceipt } from './payments/order-payment.entity.js';
import { Order, OrderChannelAssignment, OrderLine, OrderStatusHistory } from './order.entity.js';
import { Shipment, ShipmentEvent, ShipmentException, ShipmentLine } from './shipments/shipment.entity.js';

export const ORDERS_ENTITIES: Function[] = [
  Order,
  OrderLine,
  OrderStatusHistory,
  OrderChannelAssignment,
  OrderPayment,
  OrderRefund,
  PaymentNotificationReceipt,
  Shipment,
  ShipmentLine,
  ShipmentEvent,
  ShipmentException,
];

export { OrdersModule } from './orders.module.js';
