import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module.js';

/** Transfers between stores (issue 14): requested → approved → shipped (stock leaves) → received (stock arrives, differences recorded). */
@Module({
  imports: [StockModule],
})
export class TransfersModule {}
