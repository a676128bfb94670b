import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Expiry sweep and shortfall tasks (issue 14): a store's `expiry_warning_days` (default 30, 0: off,
 * at most 365); alerts get a `kind` (`low_stock`, `expiring` with its batch, once per batch, and
 * `shortfall`), one open per store, product and kind for the other two; a shortfall records who
 * resolved it, the adjustment posted and a note.
 */
export class ExpiryAlerts1764003900000 implements MigrationInterface {
    name = 'ExpiryAlerts1764003900000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_stock_alert_open"`);
        await queryRunner.query(`ALTER TABLE "store" ADD "expiry_warning_days" integer NOT NULL DEFAULT '30'`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD "kind" text NOT NULL DEFAULT 'low_stock'`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD "batch_id" uuid`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD "resolved_by_type" text`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD "resolved_by_id" uuid`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD "movement_id" uuid`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD "resolution_note" text`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ALTER COLUMN "available_units" DROP NOT NULL`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ALTER COLUMN "alert_level_units" DROP NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stock_alert_batch" ON "stock_alert"  ("batch_id") WHERE "kind" = 'expiring'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stock_alert_open" ON "stock_alert"  ("store_id", "product_id", "kind") WHERE "status" = 'open' AND "kind" <> 'expiring'`);
        await queryRunner.query(`CREATE INDEX "ix_stock_shortfall_store" ON "stock_shortfall"  ("store_id", "created_at", "id") `);
        await queryRunner.query(`ALTER TABLE "store" ADD CONSTRAINT "ck_store_expiry_warning_days" CHECK ("expiry_warning_days" BETWEEN 0 AND 365)`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "ck_stock_alert_batch" CHECK (("kind" = 'expiring') = ("batch_id" IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "ck_stock_alert_low_stock" CHECK ("kind" <> 'low_stock' OR ("available_units" IS NOT NULL AND "alert_level_units" IS NOT NULL))`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "ck_stock_alert_kind" CHECK ("kind" IN ('low_stock', 'expiring', 'shortfall'))`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD CONSTRAINT "ck_stock_shortfall_resolved" CHECK ("resolved_at" IS NOT NULL OR ("resolved_by_id" IS NULL AND "movement_id" IS NULL AND "resolution_note" IS NULL))`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "fk_stock_alert_batch_id" FOREIGN KEY ("batch_id") REFERENCES "stock_batch"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD CONSTRAINT "fk_stock_shortfall_movement_id" FOREIGN KEY ("movement_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        // Only low stock alerts fit the old table.
        await queryRunner.query(`DELETE FROM "stock_alert" WHERE "kind" <> 'low_stock'`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP CONSTRAINT "fk_stock_shortfall_movement_id"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "fk_stock_alert_batch_id"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP CONSTRAINT "ck_stock_shortfall_resolved"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "ck_stock_alert_kind"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "ck_stock_alert_low_stock"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "ck_stock_alert_batch"`);
        await queryRunner.query(`ALTER TABLE "store" DROP CONSTRAINT "ck_store_expiry_warning_days"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_shortfall_store"`);
        await queryRunner.query(`DROP INDEX "public"."uq_stock_alert_open"`);
        await queryRunner.query(`DROP INDEX "public"."uq_stock_alert_batch"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ALTER COLUMN "alert_level_units" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ALTER COLUMN "available_units" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP COLUMN "resolution_note"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP COLUMN "movement_id"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP COLUMN "resolved_by_id"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP COLUMN "resolved_by_type"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP COLUMN "batch_id"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP COLUMN "kind"`);
        await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "expiry_warning_days"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stock_alert_open" ON "stock_alert" USING btree ("store_id", "product_id") WHERE (status = 'open'::text)`);
    }
}
