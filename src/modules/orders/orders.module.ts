import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { InventoryModule } from '../inventory/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { StoresModule } from '../stores/index.js';
import { NoOrderDiscounts, ORDER_DISCOUNTS } from './order-discounts.js';
import { OrderChannelsController } from './order-channels.controller.js';
import { OrderChannelsService } from './order-channels.service.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import './order-webhooks.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';
import { ShipmentNotificationsController } from './shipments/shipment-notifications.controller.js';
import { ShipmentTracking } from './shipments/shipment-tracking.js';
import { MyShipmentsController, OrderShippingController, ShipmentExceptionsController, ShipmentsController } from './shipments/shipments.controller.js';
import { ShipmentsService } from './shipments/shipments.service.js';
import './shipments/shipments.notifications.js';

/** Orders (issue 15): intake from every channel, routing, totals, the life cycle with stock, shipping (parcels, tracking, exceptions), reads, events and webhooks. */
@Module({
  imports: [StoresModule, CatalogModule, CustomersModule, InventoryModule, HumanNumbersModule, NotificationsModule],
  controllers: [
    OrdersController,
    OrderChannelsController,
    ShipmentsController,
    OrderShippingController,
    ShipmentExceptionsController,
    MyShipmentsController,
    ShipmentNotificationsController,
  ],
  // Promotions will provide its own OrderDiscounts here.
  providers: [OrdersService, OrderLifecycle, OrderChannelsService, ShipmentsService, ShipmentTracking, { provide: ORDER_DISCOUNTS, useClass: NoOrderDiscounts }],
})
export class OrdersModule {}
