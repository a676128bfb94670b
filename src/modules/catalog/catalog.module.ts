import { Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { Db } from '../../common/database/index.js';
import { assertStoredCurrency } from '../../common/money/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
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
import { VariationLevelPricesController } from './variation-level-prices.controller.js';
import { VariationLevelPricesService } from './variation-level-prices.service.js';

@Module({
  controllers: [
    ServiceCategoriesController,
    ServicesController,
    ServiceVariationsController,
    ServiceStoreOverridesController,
    VariationLevelPricesController,
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
    VariationLevelPricesService,
  ],
  exports: [CatalogService],
})
export class CatalogModule implements OnApplicationBootstrap {
  constructor(
    @Inject(Db) private readonly db: Db,
    @InjectConfig() private readonly config: AppConfigValues,
  ) {}

  /** Every price is in the business's one currency: a changed BUSINESS_CURRENCY stops the boot instead of mixing them. */
  onApplicationBootstrap(): Promise<void> {
    const tables = ['service_variation', 'variation_store_price', 'variation_level_price', 'product', 'product_store_price'];
    return assertStoredCurrency((sql, parameters) => this.db.rows(sql, parameters), this.config.BUSINESS_CURRENCY, tables);
  }
}
