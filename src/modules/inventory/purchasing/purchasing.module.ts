import { Module } from '@nestjs/common';
import { HumanNumbersModule } from '../../../common/numbers/index.js';
import { StoresModule } from '../../stores/index.js';
import { StockModule } from '../stock/stock.module.js';
import { PurchaseOrdersController } from './purchase-orders.controller.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import { SuggestedOrdersController } from './suggested-orders.controller.js';
import { SuggestedOrdersService } from './suggested-orders.service.js';
import { SupplierProductsController } from './supplier-products.controller.js';
import { SupplierProductsService } from './supplier-products.service.js';
import { SuppliersController } from './suppliers.controller.js';
import { SuppliersService } from './suppliers.service.js';
import './purchasing-webhooks.js';

/** Suppliers and purchase orders (issue 14): draft → approved → ordered → partly received → received, or cancelled; receiving brings stock in. */
@Module({
  imports: [StockModule, StoresModule, HumanNumbersModule],
  controllers: [SuppliersController, SupplierProductsController, SuggestedOrdersController, PurchaseOrdersController],
  providers: [SuppliersService, SupplierProductsService, SuggestedOrdersService, PurchaseOrdersService],
})
export class PurchasingModule {}
