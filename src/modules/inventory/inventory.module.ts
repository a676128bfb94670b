import { Module } from '@nestjs/common';
import { AlertViews } from './alerts/alert-views.js';
import { AlertsController } from './alerts/alerts.controller.js';
import './alerts/inventory-alerts.webhooks.js';
import { BackBarConsumption } from './listeners/back-bar-consumption.js';
import { PurchasingModule } from './purchasing/purchasing.module.js';
import { InventoryController } from './stock/inventory.controller.js';
import { StockAdjustments } from './stock/stock-adjustments.js';
import { StockModule } from './stock/stock.module.js';
import { StockViews } from './stock/stock-views.js';
import { StocktakesModule } from './stocktakes/stocktakes.module.js';
import { TransfersModule } from './transfers/transfers.module.js';

/** Stock per store (DESIGN §3): the stock core, and the parts built on it (purchasing, transfers, stocktakes). */
@Module({
  imports: [StockModule, PurchasingModule, TransfersModule, StocktakesModule],
  controllers: [InventoryController, AlertsController],
  providers: [StockViews, StockAdjustments, BackBarConsumption, AlertViews],
  exports: [StockModule],
})
export class InventoryModule {}
