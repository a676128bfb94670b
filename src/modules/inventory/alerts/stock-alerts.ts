import { Inject, Injectable } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { CatalogService } from '../../catalog/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { describeUnits } from '../stock/stock-units.js';
import { INVENTORY_LOW_STOCK, INVENTORY_SHORTFALL } from './inventory-alerts.notifications.js';
import './inventory-alerts.events.js';

/**
 * Alerts raised as stock changes. Low stock: after every change of a level, what is available (on hand less what is held) is
 * compared with the store's alert level for the product. Falling to it opens one alert (an in-app
 * message to the store's managers and the owners, and `inventory.low_stock` for webhooks); rising
 * above it resolves the alert. In the change's transaction: a rollback alerts nobody. The same check
 * resolves expiring alerts of the product's batches that are used up or written off, and `shortfall`
 * opens (and `shortfallDealtWith` resolves) the alert of a back-bar shortfall.
 */
@Injectable()
export class StockAlerts {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
  ) {}

  async check(storeId: string, productId: string): Promise<void> {
    // A batch used up or written off needs no more warning.
    await this.db.execute(
      `UPDATE stock_alert a SET status = 'resolved', resolved_at = now() FROM stock_batch b
        WHERE a.store_id = $1 AND a.product_id = $2 AND a.kind = 'expiring' AND a.status = 'open' AND b.id = a.batch_id AND b.remaining_units = 0`,
      [storeId, productId],
    );
    const [state] = await this.db.rows<{ available: string; level: string; reorder: number; perPiece: string; open: string | null }>(
      `SELECT (l.on_hand - l.reserved)::text AS available, r.alert_level_units::text AS level, r.reorder_pieces AS reorder, l.units_per_piece::text AS "perPiece",
              (SELECT a.id FROM stock_alert a WHERE a.store_id = l.store_id AND a.product_id = l.product_id AND a.kind = 'low_stock' AND a.status = 'open') AS open
         FROM stock_level l JOIN stock_alert_rule r USING (store_id, product_id)
        WHERE l.store_id = $1 AND l.product_id = $2`,
      [storeId, productId],
    );
    if (!state) return;
    const [available, level] = [Number(state.available), Number(state.level)];
    if (available > level) {
      if (state.open) await this.db.execute(`UPDATE stock_alert SET status = 'resolved', resolved_at = now() WHERE id = $1`, [state.open]);
      return;
    }
    if (state.open) return;
    const [opened] = await this.db.rows<{ id: string }>(
      `INSERT INTO stock_alert (store_id, product_id, available_units, alert_level_units) VALUES ($1, $2, $3, $4)
       ON CONFLICT (store_id, product_id, kind) WHERE status = 'open' AND kind <> 'expiring' DO NOTHING RETURNING id`,
      [storeId, productId, available, level],
    );
    if (!opened) return;
    await this.events.publish('inventory.low_stock', { alertId: opened.id, storeId, productId, availableUnits: available, alertLevelUnits: level, reorderPieces: state.reorder });
    const product = await this.catalog.productForStore(productId, storeId);
    await this.notifications.toStaff(
      { roles: ['owner', 'manager'], storeId },
      INVENTORY_LOW_STOCK.key,
      { productName: product?.name ?? productId, sku: product?.sku ?? '', available: String(Math.floor(available / Number(state.perPiece))), reorder: String(state.reorder) },
      { storeId, dedupeKey: `inventory.low_stock:${opened.id}` },
    );
  }

  /**
   * Back-bar consumption found `unitsMissing` short for `document` (a shortfall row, the manager's task):
   * opens the product's shortfall alert if none is open, and tells the store's managers and the owners.
   */
  async shortfall(shortfall: { id: string; storeId: string; productId: string; unitsMissing: number; documentId: string }): Promise<void> {
    await this.db.execute(
      // DO UPDATE rather than DO NOTHING: the open alert stays locked until commit, so a resolve that
      // is closing it waits and then sees this shortfall open (see shortfallDealtWith).
      `INSERT INTO stock_alert (store_id, product_id, kind) VALUES ($1, $2, 'shortfall')
       ON CONFLICT (store_id, product_id, kind) WHERE status = 'open' AND kind <> 'expiring' DO UPDATE SET status = stock_alert.status`,
      [shortfall.storeId, shortfall.productId],
    );
    const product = await this.catalog.productForStore(shortfall.productId, shortfall.storeId);
    const [level] = await this.db.rows<{ perPiece: string }>('SELECT units_per_piece::text AS "perPiece" FROM stock_level WHERE store_id = $1 AND product_id = $2', [
      shortfall.storeId,
      shortfall.productId,
    ]);
    const unit = product?.unit ?? 'pcs';
    const missing = describeUnits(shortfall.unitsMissing, Number(level?.perPiece ?? 1), unit);
    await this.notifications.toStaff(
      { roles: ['owner', 'manager'], storeId: shortfall.storeId },
      INVENTORY_SHORTFALL.key,
      {
        productName: product?.name ?? shortfall.productId,
        sku: product?.sku ?? '',
        missing: unit === 'pcs' ? `${missing.pieces} pcs` : `${missing.measure} ${unit}`,
        document: shortfall.documentId,
      },
      { storeId: shortfall.storeId, dedupeKey: `inventory.shortfall:${shortfall.id}` },
    );
  }

  /** A shortfall was dealt with: the product's shortfall alert resolves once none of its shortfalls is open. */
  async shortfallDealtWith(storeId: string, productId: string): Promise<void> {
    // The alert first, then (a new snapshot) the shortfalls: one recorded meanwhile holds the alert until it commits.
    const [alert] = await this.db.rows<{ id: string }>(`SELECT id FROM stock_alert WHERE store_id = $1 AND product_id = $2 AND kind = 'shortfall' AND status = 'open' FOR UPDATE`, [
      storeId,
      productId,
    ]);
    if (!alert) return;
    const [open] = await this.db.rows(`SELECT 1 FROM stock_shortfall WHERE store_id = $1 AND product_id = $2 AND resolved_at IS NULL LIMIT 1`, [storeId, productId]);
    if (!open) await this.db.execute(`UPDATE stock_alert SET status = 'resolved', resolved_at = now() WHERE id = $1`, [alert.id]);
  }
}
