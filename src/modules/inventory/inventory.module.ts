import { Module } from '@nestjs/common';
import { PurchasingModule } from './purchasing/purchasing.module.js';
import { StockModule } from './stock/stock.module.js';
import { TransfersModule } from './transfers/transfers.module.js';

/** Stock per store (DESIGN §3): the stock core, and the parts built on it (purchasing, transfers). */
@Module({
  imports: [StockModule, PurchasingModule, TransfersModule],
  exports: [StockModule],
})
export class InventoryModule {}
