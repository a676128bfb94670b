/** What other modules (and the app's wiring) may import from stores. */
export { StoresModule } from './stores.module.js';
export { StoresService, type StoreCalendar } from './stores.service.js';
export { StoreManagementService } from './store-management.service.js';
export { CreateStoreDto } from './dto/store.dto.js';
export { StoreScopeGuard, StoreScoped } from './store-scope.guard.js';
import { StoreClosure } from './store-closure.entity.js';
import { Store } from './store.entity.js';

export const STORES_ENTITIES = [Store, StoreClosure];
export { WEEKDAYS, weekdayOf, minutesOf, type Weekday, type WeeklyHours, type HoursInterval } from './business-hours.js';
export { storeDaysSql, storeExpirySettingsSql, storeTimeZoneSql, type StoreDay } from './store-days-sql.js';
export { computeOpeningHours, type DateOverride } from './opening-hours.js';
