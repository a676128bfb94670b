/** What other modules (and the app's wiring) may import from catalog. */
export { CatalogModule } from './catalog.module.js';
export { CatalogService, type BookableService, type ConsumptionLine, type ProductForStore, type VariationForStore, type VariationName } from './catalog.service.js';
export type { TimeBlocks } from './time-blocks.js';
// Per-level prices: the answer's shapes, and the use cases scheduling's demo seed goes through.
export type { VariationAtLevel } from './catalog.service.js';
export type { PriceSource } from './level-price-rule.js';
export { VariationLevelPricesService } from './variation-level-prices.service.js';
export { PutLevelPriceDto } from './dto/level-price.dto.js';
/** The format of the keys other modules match services on (`skill`, `resourceType`): `hair_colour`, `chair`. */
export { SLUG, type ProductUnit } from './catalog-rules.js';
// Other modules' read models name products through this, not by joining catalog's table.
export { productSummarySql } from './product-summary-sql.js';
// For the demo seed (src/cli/seed.ts), which goes through the same use cases as the API.
export { seedDemoCatalog, DEMO_PRODUCTS, DEMO_SERVICES } from './demo-catalog.js';
import { ProductStorePrice } from './product-store-price.entity.js';
import { Product } from './product.entity.js';
import { ServiceCategory } from './service-category.entity.js';
import { ServiceConsumption } from './service-consumption.entity.js';
import { ServiceStoreOverride } from './service-store-override.entity.js';
import { ServiceVariation } from './service-variation.entity.js';
import { Service } from './service.entity.js';
import { VariationStorePrice } from './variation-store-price.entity.js';
import { VariationLevelPrice } from './variation-level-price.entity.js';

export const CATALOG_ENTITIES: Function[] = [
  ServiceCategory,
  Service,
  ServiceVariation,
  ServiceStoreOverride,
  VariationStorePrice,
  VariationLevelPrice,
  Product,
  ProductStorePrice,
  ServiceConsumption,
];
