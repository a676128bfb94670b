/** SQL shared by the stores services: the columns of a store as a `Store`-shaped row. */
import { columnList } from '../../common/database/index.js';
import type { StoreClosure } from './store-closure.entity.js';
import type { Store, StoreAddress } from './store.entity.js';
import { normalizeWeeklyHours, type WeeklyHours } from './business-hours.js';
import type { AddressDto } from '../../common/validation/index.js';
import type { QuietHoursDto, WeeklyHoursDto } from './dto/hours.dto.js';
import { DEFAULT_QUIET_HOURS } from './quiet-hours.js';

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
  quietHoursStart: 'quiet_hours_start',
  quietHoursEnd: 'quiet_hours_end',
  expiryWarningDays: 'expiry_warning_days',
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

/** `quiet_hours_start`, `quiet_hours_end` for a request's `quietHours`: left out is the default, null is none. */
export function quietHoursColumns(quietHours: QuietHoursDto | null | undefined): [string | null, string | null] {
  if (quietHours === null) return [null, null];
  const { start, end } = quietHours ?? DEFAULT_QUIET_HOURS;
  return [start, end];
}
