/**
 * The columns of each catalog table as entity-shaped rows (camelCase), for hand-written SQL:
 * conditional `UPDATE … WHERE version = $v RETURNING`, inserts and row locks.
 */
import { columnList, pgError, PG } from '../../common/database/index.js';
import type { Product } from './product.entity.js';
import type { ServiceCategory } from './service-category.entity.js';
import type { ServiceVariation } from './service-variation.entity.js';
import type { Service } from './service.entity.js';

const TIMES = { version: 'version', createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export const CATEGORY_COLUMNS = columnList<ServiceCategory>({
  id: 'id',
  code: 'code',
  name: 'name',
  description: 'description',
  sortOrder: 'sort_order',
  status: 'status',
  ...TIMES,
});

export const SERVICE_COLUMNS = columnList<Service>({
  id: 'id',
  categoryId: 'category_id',
  name: 'name',
  description: 'description',
  targetAudience: 'target_audience',
  audienceTags: 'audience_tags',
  bookableOnline: 'bookable_online',
  skill: 'skill',
  resourceType: 'resource_type',
  processingMinutes: 'processing_minutes',
  finishingMinutes: 'finishing_minutes',
  bufferMinutes: 'buffer_minutes',
  status: 'status',
  ...TIMES,
});

/**
 * A variation's per-level prices and durations (`levelPrices`), as a subquery on the unaliased
 * `service_variation` row, so every SELECT and RETURNING of a variation carries them.
 */
const VARIATION_LEVEL_PRICES = `coalesce((SELECT json_agg(json_build_object('levelId', lp.level_id, 'amount', lp.amount::text, 'currency', lp.currency,
  'durationMinutes', lp.duration_minutes) ORDER BY lp.level_id) FROM variation_level_price lp WHERE lp.variation_id = service_variation.id), '[]') AS "levelPrices"`;

const VARIATION_OWN_COLUMNS = columnList<ServiceVariation>({
  id: 'id',
  serviceId: 'service_id',
  name: 'name',
  priceAmount: 'price_amount',
  currency: 'currency',
  durationMinutes: 'duration_minutes',
  activeMinutes: 'active_minutes',
  processingMinutes: 'processing_minutes',
  finishingMinutes: 'finishing_minutes',
  bufferMinutes: 'buffer_minutes',
  sortOrder: 'sort_order',
  status: 'status',
  ...TIMES,
});

/** A variation's columns and its `levelPrices` (read them as `VariationRow`). */
export const VARIATION_COLUMNS = `${VARIATION_OWN_COLUMNS}, ${VARIATION_LEVEL_PRICES}`;

export const PRODUCT_COLUMNS = columnList<Product>({
  id: 'id',
  sku: 'sku',
  barcode: 'barcode',
  name: 'name',
  brand: 'brand',
  category: 'category',
  size: 'size',
  unit: 'unit',
  use: 'use',
  shelfLifeDays: 'shelf_life_days',
  costAmount: 'cost_amount',
  saleAmount: 'sale_amount',
  currency: 'currency',
  ingredients: 'ingredients',
  usageInstructions: 'usage_instructions',
  precautions: 'precautions',
  imageUrls: 'image_urls',
  status: 'status',
  ...TIMES,
});

/** Whether `error` is the foreign-key violation of `constraint` (a store id that names no store). */
export function violates(error: unknown, constraint: string): boolean {
  const pg = pgError(error);
  return pg?.code === PG.FOREIGN_KEY_VIOLATION && pg.constraint === constraint;
}
