import { Module } from '@nestjs/common';
import { CatalogModule } from '../../catalog/index.js';
import { NotificationsModule } from '../../notifications/index.js';
import { StockAlerts } from '../alerts/stock-alerts.js';
import { ReservationSweeper, StockReservations } from '../reservations/stock-reservations.js';
import { StockLevels } from './stock-levels.js';
import { StockMovements } from './stock-movements.js';

/** The stock core (levels, movements, batches, reservations) that inventory's parts build on: import it, then inject StockMovements. */
@Module({
  imports: [CatalogModule, NotificationsModule],
  providers: [StockLevels, StockAlerts, StockMovements, StockReservations, ReservationSweeper],
  exports: [CatalogModule, StockLevels, StockAlerts, StockMovements, StockReservations],
})
export class StockModule {}
