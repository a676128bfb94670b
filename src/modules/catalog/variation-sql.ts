/** Writing variations, shared by service creation and the variation routes. */
import type { Db } from '../../common/database/index.js';
import { VARIATION_COLUMNS } from './catalog-sql.js';
import type { CreateVariationDto, VariationTimeBlocksDto } from './dto/variation.dto.js';
import type { ServiceVariation } from './service-variation.entity.js';
import { NO_OVERRIDES, type TimeBlockOverrides } from './time-blocks.js';

/** A variation's own blocks from a request body (left out or null: inherited) or a row. */
export function overridesOf(blocks: VariationTimeBlocksDto | TimeBlockOverrides | null | undefined): TimeBlockOverrides {
  if (!blocks) return NO_OVERRIDES;
  return {
    activeMinutes: blocks.activeMinutes ?? null,
    processingMinutes: blocks.processingMinutes ?? null,
    finishingMinutes: blocks.finishingMinutes ?? null,
    bufferMinutes: blocks.bufferMinutes ?? null,
  };
}

export async function insertVariation(db: Db, serviceId: string, dto: CreateVariationDto, sortOrder: number): Promise<ServiceVariation> {
  const own = overridesOf(dto.timeBlocks);
  const [row] = await db.rows<ServiceVariation>(
    `INSERT INTO service_variation (service_id, name, price_amount, currency, duration_minutes, active_minutes, processing_minutes,
       finishing_minutes, buffer_minutes, sort_order)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${VARIATION_COLUMNS}`,
    [serviceId, dto.name, dto.price.amount, dto.price.currency, dto.durationMinutes, own.activeMinutes, own.processingMinutes, own.finishingMinutes, own.bufferMinutes, sortOrder],
  );
  return row;
}
