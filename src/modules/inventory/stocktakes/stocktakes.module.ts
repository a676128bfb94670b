import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../../common/numbers/index.js';
import { StoresModule } from '../../stores/index.js';
import { StockModule } from '../stock/stock.module.js';
import './stocktake-webhooks.js';
import { StocktakesController } from './stocktakes.controller.js';
import { StocktakesService } from './stocktakes.service.js';

/** Stocktakes (issue 14): counting (blind, several counters) → submitted → approved (corrections posted), or cancelled before approval. */
@Module({
  imports: [StockModule, StoresModule, HumanNumbersModule],
  controllers: [StocktakesController],
  providers: [StocktakesService],
})
export class StocktakesModule {}
