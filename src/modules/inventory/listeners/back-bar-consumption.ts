import { Inject, Injectable, Logger } from '@nestjs/common';
import { Db } from '../../../common/database/index.js';
import { OnDurableEvent, type DeliveredEvent } from '../../../common/events/index.js';
import { CatalogService, type ConsumptionLine } from '../../catalog/index.js';
import { StockAlerts } from '../alerts/stock-alerts.js';
import { StockLevels } from '../stock/stock-levels.js';
import { StockMovements } from '../stock/stock-movements.js';
import { MEASURE_SCALE } from '../stock/stock-units.js';

const SYSTEM = { type: 'system', id: null } as const;

/**
 * Back-bar consumption (issue 14): when an appointment completes, what its services use (the catalog's
 * service consumption) leaves the appointment's store, as `consumption` movements of the appointment.
 * Exactly once: the subscriber's transaction records the event in the inbox, and each product's
 * movement has its own source key. A shortfall never makes stock negative: what is there is taken,
 * and the rest is kept as a shortfall for the manager to count and adjust (an alert and an in-app
 * message tell them; `POST /v1/inventory/shortfalls/{id}/resolve` settles it).
 */
@Injectable()
export class BackBarConsumption {
  private readonly logger = new Logger('BackBarConsumption');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(CatalogService) private readonly catalog: CatalogService,
    @Inject(StockLevels) private readonly levels: StockLevels,
    @Inject(StockMovements) private readonly movements: StockMovements,
    @Inject(StockAlerts) private readonly alerts: StockAlerts,
  ) {}

  @OnDurableEvent('appointment.completed', { name: 'inventory.back-bar-consumption' })
  async onCompleted(event: DeliveredEvent<'appointment.completed'>): Promise<void> {
    const { appointmentId, number, storeId } = event.payload;
    // Events written before services were named in them carry none: nothing to deduct.
    const variationIds = event.payload.variationIds ?? [];
    const needs = new Map<string, { line: ConsumptionLine; quantity: number }>();
    for (const variationId of variationIds) {
      for (const line of await this.catalog.consumptionOf(variationId)) {
        const need = needs.get(line.productId);
        needs.set(line.productId, { line, quantity: (need?.quantity ?? 0) + line.quantity });
      }
    }
    // In product order, as every movement locks levels.
    for (const [productId, { line, quantity }] of [...needs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      // Pieces are taken whole (a mask used is a mask gone); measures to the thousandth.
      const units = line.unit === 'pcs' ? Math.ceil(quantity) : Math.round(quantity * MEASURE_SCALE);
      if (units <= 0) continue;
      await this.consume({ appointmentId, number, storeId, productId, units });
    }
  }

  private async consume(what: { appointmentId: string; number: string; storeId: string; productId: string; units: number }): Promise<void> {
    const sourceKey = `appointment:${what.appointmentId}:consume:${what.productId}`;
    // Done before (a redelivery): what was taken then stands, even if the stock has changed since.
    const [done] = await this.db.rows(`SELECT 1 FROM stock_movement WHERE source_key = $1 UNION ALL SELECT 1 FROM stock_shortfall WHERE source_key = $1`, [sourceKey]);
    if (done) return;
    const product = await this.catalog.productForStore(what.productId, what.storeId);
    if (!product) return; // the catalog lost the product since: nothing to deduct
    const level = await this.levels.lock(what.storeId, product);
    const available = StockLevels.available(level, await this.levels.batches(what.storeId, what.productId, level));
    const taken = Math.min(what.units, available);
    const document = { documentType: 'appointment', documentId: what.number };
    if (taken > 0) {
      await this.movements.takeOut(null, SYSTEM, { storeId: what.storeId, productId: what.productId, units: taken, kind: 'consumption', sourceKey, ...document });
    }
    if (taken < what.units) {
      const [shortfall] = await this.db.rows<{ id: string }>(
        `INSERT INTO stock_shortfall (store_id, product_id, units_missing, source_key, document_type, document_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (source_key) DO NOTHING RETURNING id`,
        [what.storeId, what.productId, what.units - taken, sourceKey, document.documentType, document.documentId],
      );
      // The manager's task: an alert and an in-app message, with the shortfall (a rollback raises neither).
      if (shortfall) {
        await this.alerts.shortfall({ id: shortfall.id, storeId: what.storeId, productId: what.productId, unitsMissing: what.units - taken, documentId: document.documentId });
      }
      this.logger.warn({ storeId: what.storeId, productId: what.productId, missing: what.units - taken, appointment: what.number }, 'back-bar stock short');
    }
  }
}
