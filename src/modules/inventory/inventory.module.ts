import { Module } from '@nestjs/common';
import { AlertViews } from './alerts/alert-views.js';
import { AlertsController } from './alerts/alerts.controller.js';
import './alerts/inventory-alerts.webhooks.js';
import { BackBarConsumption } from './listeners/back-bar-consumption.js';
import { PurchasingModule } from './purchasing/purchasing.module.js';
import { InventoryReports } from './reports/inventory-reports.js';
import { ReportsController } from './reports/reports.controller.js';
import { InventoryController } from './stock/inventory.controller.js';
import { StockAdjustments } from './stock/stock-adjustments.js';
import { StockModule } from './stock/stock.module.js';
import { StockViews } from './stock/stock-views.js';
import { TransfersModule } from './transfers/transfers.module.js';

/** Stock per store (DESIGN §3): the stock core, and the parts built on it (purchasing, transfers, reports). */
@Module({
  imports: [StockModule, PurchasingModule, TransfersModule],
  controllers: [InventoryController, AlertsController, ReportsController],
  providers: [StockViews, StockAdjustments, BackBarConsumption, AlertViews, InventoryReports],
  exports: [StockModule],
})
export class InventoryModule {}
