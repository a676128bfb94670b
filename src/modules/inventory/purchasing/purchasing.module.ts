import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../../common/numbers/index.js';
import { StoresModule } from '../../stores/index.js';
import { StockModule } from '../stock/stock.module.js';
import { PurchaseOrdersController } from './purchase-orders.controller.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import { SuppliersController } from './suppliers.controller.js';
import { SuppliersService } from './suppliers.service.js';
import './purchasing-webhooks.js';

/** Suppliers and purchase orders (issue 14): draft → approved → ordered → partly received → received, or cancelled; receiving brings stock in. */
@Module({
  imports: [StockModule, StoresModule, HumanNumbersModule],
  controllers: [SuppliersController, PurchaseOrdersController],
  providers: [SuppliersService, PurchaseOrdersService],
})
export class PurchasingModule {}
