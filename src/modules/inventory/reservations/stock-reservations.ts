import { Inject, Injectable } from '@nestjs/common';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { canSeeStore } from '../../../common/auth/index.js';
import { Clock } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import type { Actor } from '../../../common/http/request-context.js';
import { isUuid } from '../../../common/validation/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { CatalogService } from '../../catalog/index.js';
import { StockAlerts } from '../alerts/stock-alerts.js';
import { InventoryErrors } from '../inventory.errors.js';
import { StockLevels } from '../stock/stock-levels.js';
import { StockMovements, type MovedBy } from '../stock/stock-movements.js';

export interface ReserveLine {
  productId: string;
  /** Stock units (stock-units.ts), more than 0. */
  units: number;
  /** Where the line came from, for errors: `lines[2].quantity`. */
  field: string;
}

export interface Reserved {
  reservationId: string;
  productId: string;
  units: number;
}

/**
 * Stock held for orders (the orders module calls this): all lines or none, released when the order
 * is cancelled, committed into the sale movement when it is fulfilled. A reservation whose order died
 * without saying (a crash) expires and is released by ReservationSweeper.
 */
@Injectable()
export class StockReservations {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockLevels) private readonly levels: StockLevels,
    @Inject(StockMovements) private readonly movements: StockMovements,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
  ) {}

  /**
   * Holds every line in `storeId` for `reference` until `expiresAt`, or none: when lines are short the
   * 409 `inventory.insufficient_stock` names each with what is missing. Levels are locked in product
   * order, so two orders for the same products cannot deadlock.
   */
  async reserve(actor: Actor, input: { storeId: string; reference: string; lines: readonly ReserveLine[]; expiresAt: Date; backorder?: boolean }): Promise<Reserved[]> {
    if (!isUuid(input.storeId) || !canSeeStore(actor, input.storeId)) throw InventoryErrors.storeNotFound(input.storeId);
    for (const line of input.lines) {
      if (!Number.isSafeInteger(line.units) || line.units <= 0) throw new RangeError(`reserve ${input.reference}: ${line.field} must be a whole number of units above 0`);
    }
    return this.db.transaction(async () => {
      const short: Array<{ field: string; productId: string; requested: number; available: number }> = [];
      const held = new Map<ReserveLine, number>();
      const byProduct = [...input.lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
      for (const line of byProduct) {
        const product = await this.catalog.productForStore(line.productId, input.storeId);
        if (!product) throw InventoryErrors.unknownProduct(line.field.replace(/\.[^.]+$/, '.productId'), line.productId);
        const level = await this.levels.lock(input.storeId, product);
        const available = Math.max(0, StockLevels.available(level, await this.levels.batches(input.storeId, line.productId, level)));
        if (line.units > available) short.push({ field: line.field, productId: line.productId, requested: line.units, available });
        // A back-order holds what there is; otherwise a short line holds nothing (the whole call fails below).
        const units = line.units > available ? (input.backorder ? available : 0) : line.units;
        held.set(line, units);
        if (units === 0) continue;
        await this.db.execute('UPDATE stock_level SET reserved = reserved + $3, updated_at = now() WHERE store_id = $1 AND product_id = $2', [
          input.storeId,
          line.productId,
          units,
        ]);
      }
      // Throwing rolls back what the good lines held.
      if (short.length > 0 && !input.backorder) throw InventoryErrors.shortLines(input.lines.flatMap((line) => short.filter((s) => s.field === line.field)));
      for (const line of byProduct) await this.alerts.check(input.storeId, line.productId);
      const kept = input.lines.filter((line) => held.get(line)! > 0);
      const rows = await this.db.rows<{ id: string; productId: string; units: string }>(
        `INSERT INTO stock_reservation (store_id, product_id, units, reference, expires_at)
         SELECT $1, l.product_id, l.units, $2, $3 FROM unnest($4::uuid[], $5::bigint[]) WITH ORDINALITY AS l(product_id, units, n) ORDER BY l.n
         RETURNING id, product_id AS "productId", units::text AS units`,
        [input.storeId, input.reference, input.expiresAt, kept.map((line) => line.productId), kept.map((line) => held.get(line)!)],
      );
      const missing = input.lines.flatMap((line) => short.filter((s) => s.field === line.field));
      if (missing.length > 0) {
        await this.db.execute(
          `INSERT INTO stock_backorder (store_id, product_id, units, reference, field)
           SELECT $1, l.product_id, l.units, $2, l.field FROM unnest($3::uuid[], $4::bigint[], $5::text[]) AS l(product_id, units, field)`,
          [input.storeId, input.reference, missing.map((s) => s.productId), missing.map((s) => s.requested - s.available), missing.map((s) => s.field)],
        );
      }
      return rows.map((row) => ({ reservationId: row.id, productId: row.productId, units: Number(row.units) }));
    });
  }

  /** Lets go of what `reference` holds (its order was cancelled), and of its open back-orders; answers how many reservations ended. A second call finds none. */
  async release(reference: string): Promise<number> {
    return this.db.transaction(async () => {
      await this.db.execute(`UPDATE stock_backorder SET status = 'cancelled', ended_at = now() WHERE reference = $1 AND status = 'open'`, [reference]);
      return releaseWhere(this.db, this.alerts, 'reference = $1', [reference]);
    });
  }

  /** The open back-orders of `reference`: what each line (`field`) was confirmed without, in stock units. */
  async backorders(reference: string): Promise<Array<{ field: string; productId: string; units: number }>> {
    const rows = await this.db.rows<{ field: string; productId: string; units: string }>(
      `SELECT field, product_id AS "productId", units::text AS units FROM stock_backorder WHERE reference = $1 AND status = 'open' ORDER BY created_at, id`,
      [reference],
    );
    return rows.map((row) => ({ ...row, units: Number(row.units) }));
  }

  /**
   * Sends `units` of one product out for `reference` (a partial shipment): each held reservation it
   * takes from is split, the part going out committed into its own sale movement (`reservation:<id>`),
   * the rest still held. Units beyond what is held (a back-order) are taken from what is available now
   * (409 `inventory.insufficient_stock` naming `field` when they are not there) and fill its back-orders.
   * Answers the movements.
   */
  async commitPart(
    actor: Actor,
    by: MovedBy,
    input: { reference: string; storeId: string; productId: string; units: number; document: { type: string; id: string }; sourceKey: string; field: string },
  ): Promise<string[]> {
    if (!Number.isSafeInteger(input.units) || input.units <= 0) throw new RangeError(`commitPart ${input.reference}: units must be a whole number above 0`);
    return this.db.transaction(async () => {
      const active = await this.db.rows<{ id: string; units: string; expiresAt: Date }>(
        `SELECT id, units::text AS units, expires_at AS "expiresAt" FROM stock_reservation
          WHERE reference = $1 AND product_id = $2 AND status = 'active' ORDER BY id FOR UPDATE`,
        [input.reference, input.productId],
      );
      const movementIds: string[] = [];
      let left = input.units;
      for (const reservation of active) {
        if (left === 0) break;
        const held = Number(reservation.units);
        const take = Math.min(held, left);
        let committedId = reservation.id;
        if (take < held) {
          // The part going out becomes a reservation of its own, so each committed row keeps its one movement.
          await this.db.execute('UPDATE stock_reservation SET units = units - $2 WHERE id = $1', [reservation.id, take]);
          const [split] = await this.db.rows<{ id: string }>(
            `INSERT INTO stock_reservation (store_id, product_id, units, reference, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
            [input.storeId, input.productId, take, input.reference, reservation.expiresAt],
          );
          committedId = split.id;
        }
        const moved = await this.movements.takeOut(actor, by, {
          storeId: input.storeId,
          productId: input.productId,
          units: take,
          fromReserved: take,
          kind: 'sale',
          sourceKey: `reservation:${committedId}`,
          documentType: input.document.type,
          documentId: input.document.id,
        });
        await this.db.execute(`UPDATE stock_reservation SET status = 'committed', movement_id = $2, ended_at = now() WHERE id = $1`, [committedId, moved.movementId]);
        movementIds.push(moved.movementId);
        left -= take;
      }
      if (left > 0) {
        const moved = await this.movements.takeOut(actor, by, {
          storeId: input.storeId,
          productId: input.productId,
          units: left,
          kind: 'sale',
          sourceKey: input.sourceKey,
          documentType: input.document.type,
          documentId: input.document.id,
          field: input.field,
        });
        movementIds.push(moved.movementId);
        await this.fillBackorders(input.reference, input.productId, left);
      }
      return movementIds;
    });
  }

  /** Back-orders of `reference` for the product, oldest first, filled by `units` sent without a reservation (a part fills nothing: it stays open with what is left). */
  private async fillBackorders(reference: string, productId: string, units: number): Promise<void> {
    const open = await this.db.rows<{ id: string; units: string }>(
      `SELECT id, units::text AS units FROM stock_backorder WHERE reference = $1 AND product_id = $2 AND status = 'open' ORDER BY created_at, id FOR UPDATE`,
      [reference, productId],
    );
    let left = units;
    for (const row of open) {
      if (left === 0) return;
      const owed = Number(row.units);
      if (left >= owed) await this.db.execute(`UPDATE stock_backorder SET status = 'filled', ended_at = now() WHERE id = $1`, [row.id]);
      else await this.db.execute('UPDATE stock_backorder SET units = units - $2 WHERE id = $1', [row.id, left]);
      left -= Math.min(left, owed);
    }
  }

  /**
   * Turns what `reference` holds into sale movements (`reservation:<id>`), taking the units held;
   * answers the movements. Committing again finds nothing active and moves nothing.
   */
  async commit(actor: Actor, by: MovedBy, reference: string, document: { type: string; id: string }): Promise<string[]> {
    return this.db.transaction(async () => {
      const active = await this.db.rows<{ id: string; storeId: string; productId: string; units: string }>(
        `SELECT id, store_id AS "storeId", product_id AS "productId", units::text AS units FROM stock_reservation
          WHERE reference = $1 AND status = 'active' ORDER BY product_id, id FOR UPDATE`,
        [reference],
      );
      const movementIds: string[] = [];
      for (const reservation of active) {
        const units = Number(reservation.units);
        const moved = await this.movements.takeOut(actor, by, {
          storeId: reservation.storeId,
          productId: reservation.productId,
          units,
          fromReserved: units,
          kind: 'sale',
          sourceKey: `reservation:${reservation.id}`,
          documentType: document.type,
          documentId: document.id,
        });
        await this.db.execute(`UPDATE stock_reservation SET status = 'committed', movement_id = $2, ended_at = now() WHERE id = $1`, [reservation.id, moved.movementId]);
        movementIds.push(moved.movementId);
      }
      return movementIds;
    });
  }
}

/** Ends the active reservations `condition` picks (at most 1,000) and gives their units back to their levels; answers how many ended. */
async function releaseWhere(db: Db, alerts: StockAlerts, condition: string, parameters: unknown[]): Promise<number> {
  const released = await db.rows<{ storeId: string; productId: string; n: number }>(
    `WITH r AS (
         UPDATE stock_reservation SET status = 'released', ended_at = now()
          WHERE id IN (SELECT id FROM stock_reservation WHERE status = 'active' AND ${condition} ORDER BY product_id, id LIMIT 1000 FOR UPDATE SKIP LOCKED)
          RETURNING store_id, product_id, units),
       l AS (
         UPDATE stock_level SET reserved = stock_level.reserved - s.units, updated_at = now()
           FROM (SELECT store_id, product_id, sum(units) AS units FROM r GROUP BY 1, 2) s
          WHERE stock_level.store_id = s.store_id AND stock_level.product_id = s.product_id)
       SELECT store_id AS "storeId", product_id AS "productId", count(*)::int AS n FROM r GROUP BY 1, 2 ORDER BY 1, 2`,
    parameters,
  );
  // Stock given back may resolve a low stock alert.
  for (const { storeId, productId } of released) await alerts.check(storeId, productId);
  return released.reduce((sum, row) => sum + row.n, 0);
}

/** Releases reservations that outlived their order (a crash between reserving and the order's end), every minute, one process at a time. */
@Injectable()
export class ReservationSweeper extends WorkerTask {
  constructor(
    @Inject(APP_CONFIG) config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({ name: 'ReservationSweeper', intervalMs: 60_000, config });
  }

  /** How many it released, or undefined when another process holds the lock. */
  run(): Promise<number | undefined> {
    return withAdvisoryLock(this.db, 'bloom:stock-reservation-sweep', async () => {
      let released = 0;
      for (;;) {
        const n = await this.db.transaction(() => releaseWhere(this.db, this.alerts, 'expires_at <= $1', [this.clock.now()]));
        released += n;
        if (n < 1000) return released;
      }
    });
  }
}
