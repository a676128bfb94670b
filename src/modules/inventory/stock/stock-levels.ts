import { Inject, Injectable } from '@nestjs/common';
import { Clock, todayIn } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { ProductForStore } from '../../catalog/index.js';
import { storeTimeZoneSql } from '../../stores/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { unitsPerPiece } from './stock-units.js';

export interface LockedLevel {
  onHand: number;
  reserved: number;
  valueAmount: number;
  unitsPerPiece: number;
  /** The store's zone: batches expire at the end of their date there. */
  timeZone: string;
}

export interface UsableBatch {
  id: string;
  remaining: number;
}

/**
 * A store's level of a product, locked: created on first use, then held for the rest of the caller's
 * transaction, so movements and reservations of one product in one store take turns while different
 * ones do not wait for each other. And the batches that may still be sold or used.
 */
@Injectable()
export class StockLevels {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async lock(storeId: string, product: ProductForStore): Promise<LockedLevel> {
    this.db.requireTransaction('a stock level lock');
    await this.db.execute(
      `INSERT INTO stock_level (store_id, product_id, units_per_piece, currency) SELECT $1, $2, $3, $4 WHERE ${storeTimeZoneSql('$1::uuid')} IS NOT NULL
       ON CONFLICT (store_id, product_id) DO NOTHING`,
      [storeId, product.productId, unitsPerPiece(product), product.costPrice?.currency ?? 'CNY'],
    );
    const [row] = await this.db.rows<{ onHand: string; reserved: string; valueAmount: string; unitsPerPiece: string; timeZone: string }>(
      `SELECT l.on_hand::text AS "onHand", l.reserved::text AS reserved, l.value_amount::text AS "valueAmount", l.units_per_piece::text AS "unitsPerPiece",
              ${storeTimeZoneSql('l.store_id')} AS "timeZone"
         FROM stock_level l WHERE l.store_id = $1 AND l.product_id = $2 FOR UPDATE`,
      [storeId, product.productId],
    );
    if (!row) throw InventoryErrors.storeNotFound(storeId);
    return { onHand: Number(row.onHand), reserved: Number(row.reserved), valueAmount: Number(row.valueAmount), unitsPerPiece: Number(row.unitsPerPiece), timeZone: row.timeZone };
  }

  /** Batches with units left, first expiring first (undated last); expired ones only when asked (a write-off), then first. */
  async batches(storeId: string, productId: string, level: LockedLevel, includeExpired = false): Promise<UsableBatch[]> {
    const today = todayIn(level.timeZone, this.clock.nowMs());
    const rows = await this.db.rows<{ id: string; remaining: string }>(
      `SELECT id, remaining_units::text AS remaining FROM stock_batch
        WHERE store_id = $1 AND product_id = $2 AND remaining_units > 0 AND ($4 OR expires_on IS NULL OR expires_on >= $3::date)
        ORDER BY expires_on ASC NULLS LAST, received_at, id FOR UPDATE`,
      [storeId, productId, today, includeExpired],
    );
    return rows.map((row) => ({ id: row.id, remaining: Number(row.remaining) }));
  }

  /** What may still be sold or reserved: unexpired units, less what is held for orders. */
  static available(level: LockedLevel, batches: readonly UsableBatch[]): number {
    const usable = batches.reduce((sum, batch) => sum + batch.remaining, 0);
    return Math.max(0, Math.min(usable, level.onHand) - level.reserved);
  }
}
