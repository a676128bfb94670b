import { Inject, Injectable } from '@nestjs/common';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock, addDays, todayIn } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { CatalogService, type ProductForStore } from '../../catalog/index.js';
import { InventoryErrors } from '../inventory.errors.js';
import { STOCK_LEDGER } from './stock-ledger.js';
import type { MovementKind } from './stock-movement.entity.js';
import { StockAlerts } from '../alerts/stock-alerts.js';
import { StockLevels, type LockedLevel } from './stock-levels.js';

/** Who moved stock, as the movement records it. */
export interface MovedBy {
  type: 'user' | 'api_key' | 'customer' | 'system';
  id: string | null;
}

/** Who an HTTP caller is, as a movement records it (an app's publishable key is no one: the system). */
export function movedBy(actor: Actor): MovedBy {
  if (actor.kind === 'publishable_key') return { type: 'system', id: null };
  return { type: actor.kind, id: actor.id };
}

interface MovementCommon {
  storeId: string;
  productId: string;
  /** Stock units (stock-units.ts), more than 0. */
  units: number;
  /** Unique per movement: posting it again changes nothing and answers the first. */
  sourceKey: string;
  reason?: string | null;
  documentType?: string | null;
  documentId?: string | null;
  /** The field the quantity came in, for errors (`lines[2].quantity`). */
  field?: string;
}

export interface StockIn extends MovementCommon {
  kind: Extract<MovementKind, 'receipt' | 'return' | 'transfer_in' | 'adjustment' | 'stocktake'>;
  /** Cost of one piece in minor units; default the level's moving average (else the catalog's cost, else 0). */
  unitCostAmount?: number;
  lotCode?: string | null;
  producedOn?: string | null;
  /** Default: the production date (else today in the store's zone) plus the product's shelf life. */
  expiresOn?: string | null;
}

export interface StockOut extends MovementCommon {
  kind: Extract<MovementKind, 'sale' | 'consumption' | 'transfer_out' | 'adjustment' | 'stocktake' | 'write_off'>;
  /** Write-offs take expired batches first; nothing else may take them. */
  includeExpired?: boolean;
  /** Units held for this movement by a reservation being turned into it: they are released as they go out. */
  fromReserved?: number;
}

export interface Moved {
  movementId: string;
  /** On hand after the movement (for a replay: now). */
  onHand: number;
  /** True when the source key was posted before: nothing changed. */
  replayed: boolean;
}

/**
 * Every change of a store's stock (DESIGN §3): one movement on the stock ledger, batches kept in step
 * (a receipt makes one; taking out follows FEFO, never from an expired batch unless writing it off),
 * and the value at moving weighted average cost. Each call joins the caller's transaction or opens
 * one; the level's row is locked first, so movements of one product in one store take turns and
 * movements of different ones do not wait for each other.
 */
@Injectable()
export class StockMovements {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockLevels) private readonly levels: StockLevels,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** `actor` null: the system (a job, an event's subscriber), which may move any store's stock. */
  async bringIn(actor: Actor | null, by: MovedBy, input: StockIn): Promise<Moved> {
    return this.db.transaction(async () => {
      const product = await this.productOf(actor, input);
      const level = await this.levels.lock(input.storeId, product);
      const perPiece = level.unitsPerPiece;
      const unitCost = input.unitCostAmount ?? this.averageCost(level) ?? Number(product.costPrice?.amount ?? 0);
      const valueDelta = Math.round((unitCost * input.units) / perPiece);
      const posted = await STOCK_LEDGER.post(this.db, {
        key: { store_id: input.storeId, product_id: input.productId },
        delta: input.units,
        sourceKey: input.sourceKey,
        details: this.details(input, by, unitCost, valueDelta),
      });
      if (posted.replayed) return { movementId: posted.movementId, onHand: posted.balance, replayed: true };
      const producedOn = input.producedOn ?? null;
      const expiresOn =
        input.expiresOn !== undefined
          ? input.expiresOn
          : product.shelfLifeDays !== null
            ? addDays(producedOn ?? todayIn(level.timeZone, this.clock.nowMs()), product.shelfLifeDays)
            : null;
      await this.db.execute(
        `INSERT INTO stock_batch (store_id, product_id, lot_code, produced_on, expires_on, received_units, remaining_units, unit_cost_amount, movement_id)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)`,
        [input.storeId, input.productId, input.lotCode ?? null, producedOn, expiresOn, input.units, unitCost, posted.movementId],
      );
      await this.db.execute('UPDATE stock_level SET value_amount = value_amount + $3, updated_at = now() WHERE store_id = $1 AND product_id = $2', [
        input.storeId,
        input.productId,
        valueDelta,
      ]);
      await this.alerts.check(input.storeId, input.productId);
      return { movementId: posted.movementId, onHand: posted.balance, replayed: false };
    });
  }

  async takeOut(actor: Actor | null, by: MovedBy, input: StockOut): Promise<Moved> {
    return this.db.transaction(async () => {
      const product = await this.productOf(actor, input);
      const level = await this.levels.lock(input.storeId, product);
      const field = input.field ?? 'quantity';
      const fromReserved = input.fromReserved ?? 0;
      const batches = await this.levels.batches(input.storeId, input.productId, level, input.includeExpired);
      // A write-off of expired stock or a reservation being turned into a sale may take what others may not.
      const available = StockLevels.available({ ...level, reserved: level.reserved - fromReserved }, batches);
      if (input.units > available) {
        // A replay of a movement already posted is not a shortage.
        const [done] = await this.db.rows<{ id: string }>('SELECT id FROM stock_movement WHERE source_key = $1', [input.sourceKey]);
        if (done) return { movementId: done.id, onHand: level.onHand, replayed: true };
        throw InventoryErrors.insufficientStock(field, input.productId, input.units, Math.max(0, available));
      }
      const unitCost = this.averageCost(level) ?? 0;
      const valueDelta = -(input.units === level.onHand ? level.valueAmount : Math.round((level.valueAmount * input.units) / level.onHand));
      // Released first: the ledger keeps on hand at or above what stays reserved.
      if (fromReserved > 0) {
        await this.db.execute('UPDATE stock_level SET reserved = reserved - $3 WHERE store_id = $1 AND product_id = $2', [input.storeId, input.productId, fromReserved]);
      }
      const posted = await STOCK_LEDGER.post(this.db, {
        key: { store_id: input.storeId, product_id: input.productId },
        delta: -input.units,
        sourceKey: input.sourceKey,
        details: this.details(input, by, unitCost, valueDelta),
      });
      if (posted.replayed) {
        if (fromReserved > 0) throw new Error(`takeOut ${input.sourceKey}: a reservation was turned into a movement twice`);
        return { movementId: posted.movementId, onHand: posted.balance, replayed: true };
      }
      // First expiring first: take from each batch in turn.
      const taken: Array<{ batchId: string; units: number }> = [];
      let left = input.units;
      for (const batch of batches) {
        if (left === 0) break;
        const units = Math.min(left, batch.remaining);
        taken.push({ batchId: batch.id, units });
        left -= units;
      }
      await this.db.execute(
        `WITH t AS (SELECT * FROM unnest($2::uuid[], $3::bigint[]) AS t(batch_id, units)),
              b AS (UPDATE stock_batch SET remaining_units = remaining_units - t.units FROM t WHERE stock_batch.id = t.batch_id RETURNING stock_batch.id)
         INSERT INTO stock_movement_batch (movement_id, batch_id, units) SELECT $1, t.batch_id, t.units FROM t`,
        [posted.movementId, taken.map((t) => t.batchId), taken.map((t) => t.units)],
      );
      await this.db.execute('UPDATE stock_level SET value_amount = value_amount + $3, updated_at = now() WHERE store_id = $1 AND product_id = $2', [
        input.storeId,
        input.productId,
        valueDelta,
      ]);
      await this.alerts.check(input.storeId, input.productId);
      return { movementId: posted.movementId, onHand: posted.balance, replayed: false };
    });
  }

  /** How many levels there are (what `mismatches` checked). */
  async levelCount(): Promise<number> {
    const [{ levels }] = await this.db.rows<{ levels: number }>('SELECT count(*)::int AS levels FROM stock_level');
    return levels;
  }

  /** Levels whose on hand differs from the sum of their movements or of their batches' remaining units: empty when stock adds up. */
  async mismatches(): Promise<Array<{ storeId: string; productId: string; onHand: number; movements: number; batches: number }>> {
    const rows = await this.db.rows<{ storeId: string; productId: string; onHand: string; movements: string; batches: string }>(
      `SELECT l.store_id AS "storeId", l.product_id AS "productId", l.on_hand::text AS "onHand",
              coalesce(m.total, 0)::text AS movements, coalesce(b.total, 0)::text AS batches
         FROM stock_level l
         LEFT JOIN (SELECT store_id, product_id, sum(delta) AS total FROM stock_movement GROUP BY 1, 2) m USING (store_id, product_id)
         LEFT JOIN (SELECT store_id, product_id, sum(remaining_units) AS total FROM stock_batch GROUP BY 1, 2) b USING (store_id, product_id)
        WHERE l.on_hand <> coalesce(m.total, 0) OR l.on_hand <> coalesce(b.total, 0)
        ORDER BY 1, 2`,
    );
    return rows.map((row) => ({ ...row, onHand: Number(row.onHand), movements: Number(row.movements), batches: Number(row.batches) }));
  }

  private async productOf(actor: Actor | null, input: MovementCommon): Promise<ProductForStore> {
    if (!isUuid(input.storeId) || (actor !== null && !canSeeStore(actor, input.storeId))) throw InventoryErrors.storeNotFound(input.storeId);
    if (!Number.isSafeInteger(input.units) || input.units <= 0) throw new RangeError(`stock movement ${input.sourceKey}: units must be a whole number above 0, not ${input.units}`);
    const product = await this.catalog.productForStore(input.productId, input.storeId);
    if (!product) throw InventoryErrors.unknownProduct('productId', input.productId);
    return product;
  }

  /** Cost of one piece at the moving average, or null when nothing is on hand. */
  private averageCost(level: LockedLevel): number | null {
    return level.onHand > 0 ? Math.round((level.valueAmount * level.unitsPerPiece) / level.onHand) : null;
  }

  private details(input: MovementCommon & { kind: MovementKind }, by: MovedBy, unitCost: number, valueDelta: number): Record<string, unknown> {
    return {
      kind: input.kind,
      reason: input.reason ?? null,
      document_type: input.documentType ?? null,
      document_id: input.documentId ?? null,
      unit_cost_amount: unitCost,
      value_delta: valueDelta,
      actor_type: by.type,
      actor_id: by.id,
    };
  }
}
