import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/index.js';
import { Db, Transactional } from '../../common/database/index.js';
import { assertBusinessCurrency } from '../../common/money/index.js';
import { isUuid } from '../../common/validation/index.js';
import { InjectConfig, type AppConfigValues } from '../../config/index.js';
import { LevelPriceErrors } from './catalog.errors.js';
import { toLevelPriceResponse, type LevelPriceListDto, type LevelPriceResponseDto, type PutLevelPriceDto, type VariationRow } from './dto/level-price.dto.js';
import { serviceBlocksOf } from './dto/service-response.dto.js';
import { levelDurationProblem, type LevelOverride } from './level-price-rule.js';
import { ServiceRecords } from './service-records.js';
import { effectiveTimeBlocks } from './time-blocks.js';
import { overridesOf } from './variation-sql.js';

const RETURNING = `level_id AS "levelId", amount::text AS amount, currency, duration_minutes AS "durationMinutes"`;

/**
 * A variation's price and duration per staff level (/v1/services/{id}/variations/{variationId}/level-prices).
 * Business-wide like the catalog: owners set them. Levels are scheduling's; the catalog only names them,
 * and the foreign key answers for a level that does not exist. Writes lock the service row, as the
 * variation's own writes do, so a level's duration is checked against time blocks no one is changing.
 */
@Injectable()
export class VariationLevelPricesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfigValues,
    @Inject(ServiceRecords) private readonly records: ServiceRecords,
  ) {}

  async list(serviceId: string, variationId: string): Promise<LevelPriceListDto> {
    await this.records.service(serviceId);
    const variation: VariationRow = await this.records.variation(serviceId, variationId);
    return { data: (variation.levelPrices ?? []).map(toLevelPriceResponse), nextCursor: null };
  }

  /** Sets the level's terms whole (idempotent). Archived variations too: the terms apply when it is restored. */
  @Transactional()
  async put(serviceId: string, variationId: string, levelId: string, dto: PutLevelPriceDto): Promise<LevelPriceResponseDto> {
    if (!isUuid(levelId)) throw LevelPriceErrors.unknownLevel();
    const price = dto.price ?? null;
    const durationMinutes = dto.durationMinutes ?? null;
    if (price === null && durationMinutes === null) throw LevelPriceErrors.nothingSet();
    assertBusinessCurrency(this.config.BUSINESS_CURRENCY, [['price.currency', price?.currency]]);
    const service = await this.records.service(serviceId, true);
    const variation: VariationRow = await this.records.variation(serviceId, variationId);
    if (durationMinutes !== null) {
      const blocks = effectiveTimeBlocks(variation.durationMinutes, serviceBlocksOf(service), overridesOf(variation));
      const problem = levelDurationProblem(durationMinutes, blocks);
      if (problem) throw LevelPriceErrors.durationTooShort(problem);
    }
    const id = levelId.toLowerCase();
    const before = variation.levelPrices?.find((level) => level.levelId === id);
    const [row] = await this.db.rows<LevelOverride>(
      `INSERT INTO variation_level_price (variation_id, level_id, amount, currency, duration_minutes) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (variation_id, level_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, duration_minutes = EXCLUDED.duration_minutes
       RETURNING ${RETURNING}`,
      [variation.id, id, price?.amount ?? null, price?.currency ?? null, durationMinutes],
    );
    const after = toLevelPriceResponse(row);
    await this.audit.record({
      action: 'service_variation.level_price.put',
      entityType: 'service_variation',
      entityId: variation.id,
      before: before ? toLevelPriceResponse(before) : null,
      after,
    });
    return after;
  }

  /** The level follows the catalog again. Idempotent: a level without terms (or no level at all) is already there. */
  @Transactional()
  async remove(serviceId: string, variationId: string, levelId: string): Promise<void> {
    await this.records.service(serviceId, true);
    const variation = await this.records.variation(serviceId, variationId);
    if (!isUuid(levelId)) return;
    const [row] = await this.db.rows<LevelOverride>(`DELETE FROM variation_level_price WHERE variation_id = $1 AND level_id = $2 RETURNING ${RETURNING}`, [variation.id, levelId]);
    if (!row) return;
    await this.audit.record({ action: 'service_variation.level_price.remove', entityType: 'service_variation', entityId: variation.id, before: toLevelPriceResponse(row) });
  }

  /**
   * For the demo seed (scheduling's, which knows the levels): sets a level's terms on a variation named
   * by its service's and its own name, unless that level has terms there already. True when it set them.
   */
  @Transactional()
  async seedByName(serviceName: string, variationName: string, levelId: string, dto: PutLevelPriceDto): Promise<boolean> {
    const [found] = await this.db.rows<{ serviceId: string; variationId: string; priced: boolean }>(
      `SELECT v.service_id AS "serviceId", v.id AS "variationId",
              EXISTS (SELECT 1 FROM variation_level_price lp WHERE lp.variation_id = v.id AND lp.level_id = $3) AS priced
         FROM service_variation v JOIN service s ON s.id = v.service_id
        WHERE s.name = $1 AND v.name = $2 ORDER BY v.created_at LIMIT 1`,
      [serviceName, variationName, levelId],
    );
    if (!found || found.priced) return false;
    await this.put(found.serviceId, found.variationId, levelId, dto);
    return true;
  }
}
