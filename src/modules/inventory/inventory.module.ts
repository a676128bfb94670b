import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/index.js';
import { ReservationSweeper, StockReservations } from './reservations/stock-reservations.js';
import { StockLevels } from './stock/stock-levels.js';
import { StockMovements } from './stock/stock-movements.js';

/** Stock per store (DESIGN §3): the stock ledger, batches and costing; purchasing, transfers, counts and alerts build on it. */
@Module({
  imports: [CatalogModule],
  providers: [StockLevels, StockMovements, StockReservations, ReservationSweeper],
  exports: [StockMovements, StockReservations],
})
export class InventoryModule {}
