/** What other modules (and the app's wiring) may import from stores. */
export { StoresModule } from './stores.module.js';
import { Store } from './store.entity.js';

export const STORES_ENTITIES = [Store];
