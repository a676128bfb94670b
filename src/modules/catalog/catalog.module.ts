import { Module } from '@nestjs/common';
import { CatalogService } from './catalog.service.js';
import { ConsumptionService } from './consumption.service.js';
import { ProductStorePricesController } from './product-store-prices.controller.js';
import { ProductStorePricesService } from './product-store-prices.service.js';
import { ProductsController } from './products.controller.js';
import { ProductsService } from './products.service.js';
import { ServiceCategoriesController } from './service-categories.controller.js';
import { ServiceCategoriesService } from './service-categories.service.js';
import { ServiceRecords } from './service-records.js';
import { ServiceStoreOverridesController } from './service-store-overrides.controller.js';
import { ServiceStoreOverridesService } from './service-store-overrides.service.js';
import { ServiceVariationsController } from './service-variations.controller.js';
import { ServiceVariationsService } from './service-variations.service.js';
import { ServicesController } from './services.controller.js';
import { ServicesService } from './services.service.js';

@Module({
  controllers: [
    ServiceCategoriesController,
    ServicesController,
    ServiceVariationsController,
    ServiceStoreOverridesController,
    ProductsController,
    ProductStorePricesController,
  ],
  providers: [
    CatalogService,
    ServiceRecords,
    ServiceCategoriesService,
    ServicesService,
    ServiceVariationsService,
    ServiceStoreOverridesService,
    ConsumptionService,
    ProductsService,
    ProductStorePricesService,
  ],
  exports: [CatalogService],
})
export class CatalogModule {}
