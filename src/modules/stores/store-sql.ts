/** SQL shared by the stores services: the columns of a store as a `Store`-shaped row. */
import type { StoreAddress } from './store.entity.js';
import { normalizeWeeklyHours, type WeeklyHours } from './business-hours.js';
import type { AddressDto } from '../../common/validation/index.js';
import type { WeeklyHoursDto } from './dto/hours.dto.js';

export const STORE_COLUMNS = `id, code, name, address, phone, email, time_zone AS "timeZone", currency,
  business_hours AS "businessHours", status, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export const CLOSURE_COLUMNS = `id, store_id AS "storeId", to_char(date, 'YYYY-MM-DD') AS date, kind, intervals, reason, created_at AS "createdAt"`;

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

