/**
 * The daily expiry sweep (issue 14, DESIGN §5): every active store has one pending deadline
 * `inventory.expiry_sweep`, due at the next INVENTORY_EXPIRY_SWEEP_AT (06:00) on the store's wall clock.
 * Its handler alerts the store's batches with stock left that expire within the store's warning days
 * (`expiryWarningDays`, a store setting; 0: no warning), expired ones included, once per batch; tells
 * the managers and owners in one in-app message; publishes `inventory.expiring` per batch; and
 * schedules the next day's sweep, all in the claim's transaction. ExpirySweepScheduler, at boot and
 * hourly, gives a sweep to every active store without one (a new store, or one whose sweep was lost).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { withAdvisoryLock, WorkerTask } from '../../../common/background/index.js';
import { addDays, Clock, todayIn } from '../../../common/clock/index.js';
import { Db } from '../../../common/database/index.js';
import { DeadlineHandler, DeadlineService, defineDeadlineKind, type DueDeadline } from '../../../common/deadlines/index.js';
import { DurableEvents } from '../../../common/events/index.js';
import { APP_CONFIG, type AppConfigValues } from '../../../config/index.js';
import { productSummarySql } from '../../catalog/index.js';
import { NotificationsService } from '../../notifications/index.js';
import { storeExpirySettingsSql } from '../../stores/index.js';
import { INVENTORY_EXPIRING } from './inventory-alerts.notifications.js';
import { nextSweepAt } from './next-sweep.js';
import './inventory-alerts.events.js';

export const INVENTORY_EXPIRY_SWEEP = defineDeadlineKind('inventory.expiry_sweep', {
  description:
    "A store's daily expiry sweep (at INVENTORY_EXPIRY_SWEEP_AT on its wall clock): batches with stock left expiring within its warning days are alerted once each, and the next day's sweep is scheduled",
});

/** How many products the in-app summary names; the count says how many there are in all. */
const NAMED_IN_SUMMARY = 5;

interface StoreSettings {
  timeZone: string;
  warningDays: number;
  active: boolean;
}

interface Alerted {
  id: string;
  productId: string;
  batchId: string;
  expiresOn: string;
  remainingUnits: string;
  name: string;
  lotCode: string | null;
}

@Injectable()
export class ExpirySweep {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(DurableEvents) private readonly events: DurableEvents,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
  ) {}

  /** In the claim's transaction: the alerts, the message, the events and the next sweep commit with it, or none. */
  @DeadlineHandler(INVENTORY_EXPIRY_SWEEP)
  async sweep(deadline: DueDeadline): Promise<void> {
    const storeId = deadline.subjectId;
    const [store] = await this.db.rows<StoreSettings>(
      `SELECT s.time_zone AS "timeZone", s.expiry_warning_days AS "warningDays", s.active FROM (${storeExpirySettingsSql()}) s WHERE s.store_id::text = $1`,
      [storeId],
    );
    // An archived store takes no more sweeps; the scheduler gives it one again if it reopens.
    if (!store?.active) return;
    const now = Math.max(this.clock.nowMs(), deadline.dueAt.getTime());
    await this.sweepStore(storeId, store, todayIn(store.timeZone, now), deadline.id);
    await this.deadlines.schedule(INVENTORY_EXPIRY_SWEEP, storeId, nextSweepAt(now, this.config.INVENTORY_EXPIRY_SWEEP_AT, store.timeZone));
  }

  /** Alerts the store's batches expiring by `today` + its warning days that have none yet; answers how many. */
  private async sweepStore(storeId: string, store: StoreSettings, today: string, sweepId: string): Promise<number> {
    if (store.warningDays === 0) return 0;
    const alerted = await this.db.rows<Alerted>(
      `WITH due AS (
           SELECT b.id, b.product_id, b.expires_on, b.remaining_units, b.lot_code FROM stock_batch b
            WHERE b.store_id = $1 AND b.remaining_units > 0 AND b.expires_on IS NOT NULL AND b.expires_on <= $2::date
              AND NOT EXISTS (SELECT 1 FROM stock_alert a WHERE a.batch_id = b.id AND a.kind = 'expiring')),
         opened AS (
           INSERT INTO stock_alert (store_id, product_id, kind, batch_id, available_units)
           SELECT $1, due.product_id, 'expiring', due.id, due.remaining_units FROM due ORDER BY due.expires_on, due.id
           ON CONFLICT (batch_id) WHERE kind = 'expiring' DO NOTHING
           RETURNING id, product_id, batch_id, available_units)
       SELECT o.id, o.product_id AS "productId", o.batch_id AS "batchId", to_char(due.expires_on, 'YYYY-MM-DD') AS "expiresOn",
              o.available_units::text AS "remainingUnits", p.name, due.lot_code AS "lotCode"
         FROM opened o JOIN due ON due.id = o.batch_id ${productSummarySql('o.product_id', 'p')}
        ORDER BY due.expires_on, p.name, o.id`,
      [storeId, addDays(today, store.warningDays)],
    );
    if (alerted.length === 0) return 0;
    for (const alert of alerted) {
      await this.events.publish('inventory.expiring', {
        alertId: alert.id,
        storeId,
        productId: alert.productId,
        batchId: alert.batchId,
        expiresOn: alert.expiresOn,
        remainingUnits: Number(alert.remainingUnits),
      });
    }
    const named = alerted.slice(0, NAMED_IN_SUMMARY).map((alert) => `${alert.name} (${alert.lotCode ? `${alert.lotCode}, ` : ''}${alert.expiresOn})`);
    if (alerted.length > NAMED_IN_SUMMARY) named.push(`+${alerted.length - NAMED_IN_SUMMARY}`);
    await this.notifications.toStaff(
      { roles: ['owner', 'manager'], storeId },
      INVENTORY_EXPIRING.key,
      { count: String(alerted.length), earliest: alerted[0].expiresOn, products: named.join('; ') },
      { storeId, dedupeKey: `inventory.expiring:${sweepId}` },
    );
    return alerted.length;
  }
}

/** Gives every active store without a pending sweep its next one: at boot, then hourly, one process at a time. */
@Injectable()
export class ExpirySweepScheduler extends WorkerTask implements OnApplicationBootstrap {
  private readonly logger = new Logger('ExpirySweepScheduler');
  private booting?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfigValues,
    @Inject(Db) private readonly db: Db,
    @Inject(DeadlineService) private readonly deadlines: DeadlineService,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    super({ name: 'ExpirySweepScheduler', intervalMs: 3_600_000, config });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    if (this.config.BLOOM_ROLE === 'api') return;
    // The hourly timer waits an hour before its first run; a store should not.
    this.booting = this.run().catch((error: unknown) => this.logger.warn({ err: error }, 'could not schedule expiry sweeps at boot; the hourly run will'));
  }

  /** Shutdown waits for the run at boot too, so it does not outlive the database connection. */
  override async beforeApplicationShutdown(): Promise<void> {
    await this.booting;
    await super.beforeApplicationShutdown();
  }

  /** How many stores it gave a sweep, or undefined when another process holds the lock. */
  run(): Promise<number | undefined> {
    return withAdvisoryLock(this.db, 'bloom:inventory-expiry-sweep-schedule', () =>
      this.db.transaction(async () => {
        const missing = await this.db.rows<{ storeId: string; timeZone: string }>(
          `SELECT s.store_id AS "storeId", s.time_zone AS "timeZone" FROM (${storeExpirySettingsSql()}) s
            WHERE s.active AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.kind = $1 AND d.subject_id = s.store_id::text AND d.status = 'pending')
            ORDER BY s.store_id`,
          [INVENTORY_EXPIRY_SWEEP.name],
        );
        const now = this.clock.nowMs();
        await this.deadlines.scheduleMany(
          missing.map((store) => ({ kind: INVENTORY_EXPIRY_SWEEP, subjectId: store.storeId, dueAt: nextSweepAt(now, this.config.INVENTORY_EXPIRY_SWEEP_AT, store.timeZone) })),
        );
        return missing.length;
      }),
    );
  }
}
