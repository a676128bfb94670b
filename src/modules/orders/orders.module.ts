import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../common/numbers/index.js';
import { StoresModule } from '../stores/index.js';
import { OrderChannelsController } from './order-channels.controller.js';
import { OrderChannelsService } from './order-channels.service.js';

/** Orders (issue 15): intake from every channel, routing, totals, the life cycle with stock, reads, events and webhooks. */
@Module({
  imports: [StoresModule, HumanNumbersModule],
  controllers: [OrderChannelsController],
  providers: [OrderChannelsService],
})
export class OrdersModule {}
