/** What other modules (and the app's wiring) may import from orders. */
import { Order, OrderChannelAssignment, OrderLine, OrderStatusHistory } from './order.entity.js';

export const ORDERS_ENTITIES: Function[] = [Order, OrderLine, OrderStatusHistory, OrderChannelAssignment];

export { OrdersModule } from './orders.module.js';
