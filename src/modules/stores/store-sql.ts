/** SQL shared by the stores services: the columns of a store as a `Store`-shaped row. */
import { columnList } from '../../common/database/index.js';
import type { StoreClosure } from './store-closure.entity.js';
import type { Store, StoreAddress } from './store.entity.js';
import { normalizeWeeklyHours, type WeeklyHours } from './business-hours.js';
import type { AddressDto } from '../../common/validation/index.js';
import type { WeeklyHoursDto } from './dto/hours.dto.js';

export const STORE_COLUMNS = columnList<Store>({
  id: 'id',
  code: 'code',
  name: 'name',
  address: 'address',
  phone: 'phone',
  email: 'email',
  timeZone: 'time_zone',
  currency: 'currency',
  businessHours: 'business_hours',
  status: 'status',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

export const CLOSURE_COLUMNS = columnList<StoreClosure>({
  id: 'id',
  storeId: 'store_id',
  date: `to_char(date, 'YYYY-MM-DD')`,
  kind: 'kind',
  intervals: 'intervals',
  reason: 'reason',
  createdAt: 'created_at',
});

export function toStoreAddress(address: AddressDto): StoreAddress {
  return {
    line1: address.line1,
    line2: address.line2 ?? null,
    district: address.district ?? null,
    city: address.city,
    province: address.province ?? null,
    postalCode: address.postalCode ?? null,
    country: address.country ?? 'CN',
  };
}

export function toWeeklyHours(hours: WeeklyHoursDto | undefined): WeeklyHours {
  return normalizeWeeklyHours(hours);
}
