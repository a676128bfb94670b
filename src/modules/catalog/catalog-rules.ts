/** Values and limits of the catalog, shared by entities, DTOs and services. Pure. */

export const CATALOG_STATUSES = ['active', 'archived'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

/** List filter: `all` shows both. */
export const STATUS_FILTERS = ['active', 'archived', 'all'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const PRODUCT_USES = ['retail', 'professional', 'both'] as const;
export type ProductUse = (typeof PRODUCT_USES)[number];

export const PRODUCT_UNITS = ['ml', 'g', 'pcs'] as const;
export type ProductUnit = (typeof PRODUCT_UNITS)[number];

/** `hair_colour`, `laser`: lower-case keys that other modules match on. */
export const SLUG = /^[a-z][a-z0-9_]{0,39}$/;
export const CATEGORY_CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const SKU = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
export const BARCODE = /^[A-Za-z0-9-]{4,32}$/;

/** Appointments are planned on a 5-minute grid. */
export const MINUTE_STEP = 5;
export const MAX_MINUTES = 24 * 60;
export const MAX_VARIATIONS = 30;
export const MAX_CONSUMPTION_ITEMS = 30;
export const MAX_QUANTITY = 100_000;

/** Product-use filter: `retail` finds what is sold (retail and both), `professional` what is used (professional and both). */
export function usesMatching(filter: ProductUse): ProductUse[] {
  return filter === 'both' ? ['both'] : [filter, 'both'];
}

/** Whether a product may be listed in a variation's consumption. */
export function isBackBar(use: ProductUse): boolean {
  return use === 'professional' || use === 'both';
}

/** Whether a product is sold to clients (and so has a sale price). */
export function isSold(use: ProductUse): boolean {
  return use === 'retail' || use === 'both';
}
