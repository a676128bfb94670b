import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../../common/numbers/index.js';
import { StockModule } from '../stock/stock.module.js';
import './transfer-webhooks.js';
import { TransfersController } from './transfers.controller.js';
import { TransfersService } from './transfers.service.js';

/** Transfers between stores (issue 14): requested → approved → shipped (stock leaves) → received (stock arrives, differences recorded). */
@Module({
  imports: [StockModule, HumanNumbersModule],
  controllers: [TransfersController],
  providers: [TransfersService],
})
export class TransfersModule {}
