/** What other modules (and the app's wiring) may import from catalog. */
export { CatalogModule } from './catalog.module.js';

export const CATALOG_ENTITIES: Function[] = [];
