/* Kept out of store.entity.ts: the Swagger plugin reads entity files and cannot describe an interface declared there. */

/** A store's postal address, kept whole in one jsonb column (read with the store, never queried by part). */
export interface StoreAddress {
  line1: string;
  line2: string | null;
  district: string | null;
  city: string;
  province: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}
