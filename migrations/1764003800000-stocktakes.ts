import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stocktakes (issue 14): `stocktake` (numbered per store, counting → submitted → approved, or
 * cancelled before approval), its scope fixed at opening with the results written at approval
 * (`stocktake_line`), the count entries of its counters (`stocktake_count`, each with the on-hand at
 * its moment; a correction replaces an entry) and its status history.
 */
export class Stocktakes1764003800000 implements MigrationInterface {
    name = 'Stocktakes1764003800000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stocktake" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "store_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'counting', "categories" text array, "note" text, "opened_by_type" text NOT NULL, "opened_by_id" uuid, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "approved_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_stocktake_number" UNIQUE ("number"), CONSTRAINT "ck_stocktake_status" CHECK ("status" IN ('counting', 'submitted', 'approved', 'cancelled')), CONSTRAINT "pk_stocktake" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stocktake_created" ON "stocktake"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_stocktake_store" ON "stocktake"  ("store_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "stocktake_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stocktake_id" uuid NOT NULL, "product_id" uuid NOT NULL, "units_per_piece" bigint NOT NULL, "expected_units" bigint, "counted_units" bigint, "unit_cost_amount" bigint, "variance_value_amount" bigint, "movement_id" uuid, CONSTRAINT "uq_stocktake_line_product" UNIQUE ("stocktake_id", "product_id"), CONSTRAINT "ck_stocktake_line_counted" CHECK ("counted_units" IS NULL OR "counted_units" >= 0), CONSTRAINT "ck_stocktake_line_units_per_piece" CHECK ("units_per_piece" > 0), CONSTRAINT "pk_stocktake_line" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "stocktake_count" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "stocktake_id" uuid NOT NULL, "product_id" uuid NOT NULL, "counted_units" bigint NOT NULL, "on_hand_units" bigint NOT NULL, "barcode" text, "counted_by_type" text NOT NULL, "counted_by_id" uuid, "replaces_id" uuid, "counted_at" TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "uq_stocktake_count_replaces_id" UNIQUE ("replaces_id"), CONSTRAINT "ck_stocktake_count_units" CHECK ("counted_units" >= 0), CONSTRAINT "pk_stocktake_count" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stocktake_count_product" ON "stocktake_count"  ("stocktake_id", "product_id", "counted_at") `);
        await queryRunner.query(`CREATE TABLE "stocktake_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "stocktake_id" uuid NOT NULL, CONSTRAINT "pk_stocktake_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stocktake_status_history_stocktake" ON "stocktake_status_history"  ("stocktake_id", "at") `);
        await queryRunner.query(`ALTER TABLE "stocktake" ADD CONSTRAINT "fk_stocktake_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_line" ADD CONSTRAINT "fk_stocktake_line_stocktake_id" FOREIGN KEY ("stocktake_id") REFERENCES "stocktake"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_line" ADD CONSTRAINT "fk_stocktake_line_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" ADD CONSTRAINT "fk_stocktake_count_stocktake_id" FOREIGN KEY ("stocktake_id") REFERENCES "stocktake"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" ADD CONSTRAINT "fk_stocktake_count_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" ADD CONSTRAINT "fk_stocktake_count_replaces_id" FOREIGN KEY ("replaces_id") REFERENCES "stocktake_count"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stocktake_status_history" ADD CONSTRAINT "fk_stocktake_status_history_stocktake_id" FOREIGN KEY ("stocktake_id") REFERENCES "stocktake"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "stocktake_status_history" DROP CONSTRAINT "fk_stocktake_status_history_stocktake_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" DROP CONSTRAINT "fk_stocktake_count_replaces_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" DROP CONSTRAINT "fk_stocktake_count_product_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake_count" DROP CONSTRAINT "fk_stocktake_count_stocktake_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake_line" DROP CONSTRAINT "fk_stocktake_line_product_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake_line" DROP CONSTRAINT "fk_stocktake_line_stocktake_id"`);
        await queryRunner.query(`ALTER TABLE "stocktake" DROP CONSTRAINT "fk_stocktake_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stocktake_status_history_stocktake"`);
        await queryRunner.query(`DROP TABLE "stocktake_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stocktake_count_product"`);
        await queryRunner.query(`DROP TABLE "stocktake_count"`);
        await queryRunner.query(`DROP TABLE "stocktake_line"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stocktake_store"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stocktake_created"`);
        await queryRunner.query(`DROP TABLE "stocktake"`);
    }

}
