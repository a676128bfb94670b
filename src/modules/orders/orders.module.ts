import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../common/deadlines/index.js';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { AppointmentsModule } from '../appointments/index.js';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { InventoryModule } from '../inventory/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { SchedulingModule } from '../scheduling/index.js';
import { StoresModule } from '../stores/index.js';
import { CheckoutService } from './checkout/checkout.service.js';
import { CheckoutsController } from './checkout/checkouts.controller.js';
import { NoOrderDiscounts, ORDER_DISCOUNTS } from './order-discounts.js';
import { OrderChannelsController } from './order-channels.controller.js';
import { OrderChannelsService } from './order-channels.service.js';
import { ORDER_DEADLINE_KINDS, OrderDeadlines } from './order-deadlines.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { OrderMetricsController } from './order-metrics.controller.js';
import { OrderMetricsService } from './order-metrics.service.js';
import { OrderNotices } from './order-notices.js';
import './order-webhooks.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';
import { ReceiptService } from './receipt/receipt.service.js';
import { ReceiptsController } from './receipt/receipts.controller.js';
import { OrderPaymentsController } from './payments/order-payments.controller.js';
import { OrderPaymentsService, PAYMENT_EXPIRY } from './payments/order-payments.service.js';
import { OrderRefundsService, REFUND_CHECK } from './payments/order-refunds.service.js';
import { OrderTimelineSource } from './payments/order-timeline-source.js';
import { PaymentNotificationsController } from './payments/payment-notifications.controller.js';
import { PaymentProviders } from './payments/providers/index.js';
import { ShipmentNotificationsController } from './shipments/shipment-notifications.controller.js';
import { ShipmentTracking } from './shipments/shipment-tracking.js';
import { MyShipmentsController, OrderShippingController, ShipmentExceptionsController, ShipmentsController } from './shipments/shipments.controller.js';
import { ShipmentsService } from './shipments/shipments.service.js';
import './shipments/shipments.notifications.js';

/**
 * Orders (issue 15): intake from every channel, routing, totals, the life cycle with stock, the confirmation
 * and shipping promises, shipping (parcels, tracking, exceptions), payments and refunds, counter checkout and
 * receipts, reads, metrics, events and webhooks.
 */
@Module({
  imports: [
    StoresModule,
    CatalogModule,
    CustomersModule,
    InventoryModule,
    AppointmentsModule,
    HumanNumbersModule,
    NotificationsModule,
    SchedulingModule,
    DeadlinesModule.forKinds(...ORDER_DEADLINE_KINDS, PAYMENT_EXPIRY, REFUND_CHECK),
  ],
  controllers: [
    OrderMetricsController,
    OrdersController,
    OrderChannelsController,
    CheckoutsController,
    ReceiptsController,
    OrderPaymentsController,
    PaymentNotificationsController,
    ShipmentsController,
    OrderShippingController,
    ShipmentExceptionsController,
    MyShipmentsController,
    ShipmentNotificationsController,
  ],
  // Promotions will provide its own OrderDiscounts here.
  providers: [
    OrdersService,
    OrderLifecycle,
    OrderChannelsService,
    OrderDeadlines,
    OrderNotices,
    CheckoutService,
    ReceiptService,
    OrderPaymentsService,
    OrderRefundsService,
    PaymentProviders,
    OrderTimelineSource,
    OrderMetricsService,
    ShipmentsService,
    ShipmentTracking,
    { provide: ORDER_DISCOUNTS, useClass: NoOrderDiscounts },
  ],
})
export class OrdersModule {}
