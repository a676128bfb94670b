import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/index.js';
import { ReservationSweeper, StockReservations } from '../reservations/stock-reservations.js';
import { StockLevels } from './stock-levels.js';
import { StockMovements } from './stock-movements.js';

/** The stock core (levels, movements, batches, reservations) that inventory's parts build on: import it, then inject StockMovements. */
@Module({
  imports: [CatalogModule],
  providers: [StockLevels, StockMovements, StockReservations, ReservationSweeper],
  exports: [CatalogModule, StockLevels, StockMovements, StockReservations],
})
export class StockModule {}
