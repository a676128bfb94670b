/**
 * The columns of each catalog table as entity-shaped rows (camelCase), for hand-written SQL:
 * conditional `UPDATE … WHERE version = $v RETURNING`, inserts and row locks.
 */
import { pgError, PG } from '../../common/database/index.js';

const TIMES = `version, created_at AS "createdAt", updated_at AS "updatedAt"`;

export const CATEGORY_COLUMNS = `id, code, name, description, sort_order AS "sortOrder", status, ${TIMES}`;

export const SERVICE_COLUMNS = `id, category_id AS "categoryId", name, description, target_audience AS "targetAudience",
  audience_tags AS "audienceTags", bookable_online AS "bookableOnline", skill, resource_type AS "resourceType",
  processing_minutes AS "processingMinutes", finishing_minutes AS "finishingMinutes", buffer_minutes AS "bufferMinutes",
  status, ${TIMES}`;

export const VARIATION_COLUMNS = `id, service_id AS "serviceId", name, price_amount AS "priceAmount", currency,
  duration_minutes AS "durationMinutes", active_minutes AS "activeMinutes", processing_minutes AS "processingMinutes",
  finishing_minutes AS "finishingMinutes", buffer_minutes AS "bufferMinutes", sort_order AS "sortOrder", status, ${TIMES}`;

export const PRODUCT_COLUMNS = `id, sku, barcode, name, brand, category, size, unit, use, shelf_life_days AS "shelfLifeDays",
  cost_amount AS "costAmount", sale_amount AS "saleAmount", currency, ingredients, usage_instructions AS "usageInstructions",
  precautions, image_urls AS "imageUrls", status, ${TIMES}`;

/** Whether `error` is the foreign-key violation of `constraint` (a store id that names no store). */
export function violates(error: unknown, constraint: string): boolean {
  const pg = pgError(error);
  return pg?.code === PG.FOREIGN_KEY_VIOLATION && pg.constraint === constraint;
}
