import { Module } from '@nestjs/common';
import { DeadlinesModule } from '../../common/deadlines/index.js';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { CatalogModule } from '../catalog/index.js';
import { CustomersModule } from '../customers/index.js';
import { InventoryModule } from '../inventory/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { SchedulingModule } from '../scheduling/index.js';
import { StoresModule } from '../stores/index.js';
import { NoOrderDiscounts, ORDER_DISCOUNTS } from './order-discounts.js';
import { OrderChannelsController } from './order-channels.controller.js';
import { OrderChannelsService } from './order-channels.service.js';
import { ORDER_DEADLINE_KINDS, OrderDeadlines } from './order-deadlines.js';
import { OrderLifecycle } from './order-lifecycle.service.js';
import { OrderNotices } from './order-notices.js';
import './order-webhooks.js';
import { OrdersController } from './orders.controller.js';
import { OrdersService } from './orders.service.js';

/** Orders (issue 15): intake from every channel, routing, totals, the life cycle with stock, reads, events and webhooks. */
@Module({
  imports: [
    StoresModule,
    CatalogModule,
    CustomersModule,
    InventoryModule,
    HumanNumbersModule,
    NotificationsModule,
    SchedulingModule,
    DeadlinesModule.forKinds(...ORDER_DEADLINE_KINDS),
  ],
  controllers: [OrdersController, OrderChannelsController],
  // Promotions will provide its own OrderDiscounts here.
  providers: [OrdersService, OrderLifecycle, OrderChannelsService, OrderDeadlines, OrderNotices, { provide: ORDER_DISCOUNTS, useClass: NoOrderDiscounts }],
})
export class OrdersModule {}
