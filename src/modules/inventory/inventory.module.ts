import { Module } from '@nestjs/common';
import { AlertViews } from './alerts/alert-views.js';
import { AlertsController } from './alerts/alerts.controller.js';
import { ExpirySweep, ExpirySweepScheduler, INVENTORY_EXPIRY_SWEEP } from './alerts/expiry-sweep.js';
import './alerts/inventory-alerts.webhooks.js';
import { BackBarConsumption } from './listeners/back-bar-consumption.js';
import { DeadlinesModule } from '../../common/deadlines/index.js';
import { NotificationsModule } from '../notifications/index.js';
import { ShortfallsController } from './shortfalls/shortfalls.controller.js';
import { StockShortfalls } from './shortfalls/stock-shortfalls.js';
import { PurchasingModule } from './purchasing/purchasing.module.js';
import { InventoryReports } from './reports/inventory-reports.js';
import { ReportsController } from './reports/reports.controller.js';
import { InventoryController } from './stock/inventory.controller.js';
import { StockAdjustments } from './stock/stock-adjustments.js';
import { StockModule } from './stock/stock.module.js';
import { StockViews } from './stock/stock-views.js';
import { StocktakesModule } from './stocktakes/stocktakes.module.js';
import { TransfersModule } from './transfers/transfers.module.js';

/** Stock per store (DESIGN §3): the stock core, and the parts built on it (purchasing, transfers, stocktakes, expiry and shortfalls, reports). */
@Module({
  imports: [StockModule, PurchasingModule, TransfersModule, StocktakesModule, NotificationsModule, DeadlinesModule.forKinds(INVENTORY_EXPIRY_SWEEP)],
  controllers: [InventoryController, AlertsController, ShortfallsController, ReportsController],
  providers: [StockViews, StockAdjustments, BackBarConsumption, AlertViews, ExpirySweep, ExpirySweepScheduler, StockShortfalls, InventoryReports],
  exports: [StockModule],
})
export class InventoryModule {}
