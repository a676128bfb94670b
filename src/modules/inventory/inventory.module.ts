import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { StockMovements } from './stock/stock-movements.js';

/** Stock per store (DESIGN §3): the stock ledger, batches and costing; purchasing, transfers, counts and alerts build on it. */
@Module({
  imports: [CatalogModule],
  providers: [StockMovements],
  exports: [StockMovements],
})
export class InventoryModule {}
