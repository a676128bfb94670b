import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { InventoryModule } from '../inventory/index.js';
import { StoresModule } from '../stores/index.js';
import { NoOrderDiscounts, ORDER_DISCOUNTS } from './order-discounts.js';
import { OrderChannelsController } from './order-channels.controller.js';
import { OrderChannelsService } from './order-channels.service.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { OrderMetricsController } from './order-metrics.controller.js';
import { OrderMetricsService } from './order-metrics.service.js';
import './order-webhooks.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

/** Orders (issue 15): intake from every channel, routing, totals, the life cycle with stock, reads, metrics, events and webhooks. */
@Module({
  imports: [StoresModule, CatalogModule, CustomersModule, InventoryModule, HumanNumbersModule],
  controllers: [OrderMetricsController, OrdersController, OrderChannelsController],
  // Promotions will provide its own OrderDiscounts here.
  providers: [OrdersService, OrderLifecycle, OrderChannelsService, OrderMetricsService, { provide: ORDER_DISCOUNTS, useClass: NoOrderDiscounts }],
})
export class OrdersModule {}
