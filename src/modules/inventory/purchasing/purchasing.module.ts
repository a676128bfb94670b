import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module.js';

/** Suppliers and purchase orders (issue 14): draft → approved → ordered → partly received → received, or cancelled; receiving brings stock in. */
@Module({
  imports: [StockModule],
})
export class PurchasingModule {}
