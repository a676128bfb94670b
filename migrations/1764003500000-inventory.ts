import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory, first part (issue 14): the stock ledger per store and product (`stock_level` balances,
 * append-only `stock_movement`s), batches with their dates for FEFO, which batches each outward
 * movement took from, reservations for orders, shortfalls (stock a service used that was not on
 * the books), and low stock alert levels with the alerts they raise. CHECKs keep stock from going negative or below what is held for orders.
 */
export class Inventory1764003500000 implements MigrationInterface {
    name = 'Inventory1764003500000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stock_movement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "delta" bigint NOT NULL, "source_key" text NOT NULL, "kind" text NOT NULL, "reason" text, "document_type" text, "document_id" text, "unit_cost_amount" bigint NOT NULL, "value_delta" bigint NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_stock_movement_source_key" UNIQUE ("source_key"), CONSTRAINT "ck_stock_movement_unit_cost" CHECK ("unit_cost_amount" >= 0), CONSTRAINT "ck_stock_movement_kind" CHECK ("kind" IN ('receipt', 'sale', 'return', 'adjustment', 'transfer_out', 'transfer_in', 'stocktake', 'consumption', 'write_off')), CONSTRAINT "ck_stock_movement_delta" CHECK ("delta" <> 0), CONSTRAINT "pk_stock_movement" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_movement_document" ON "stock_movement"  ("document_type", "document_id") `);
        await queryRunner.query(`CREATE INDEX "ix_stock_movement_level" ON "stock_movement"  ("store_id", "product_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "stock_batch" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "lot_code" text, "produced_on" date, "expires_on" date, "received_units" bigint NOT NULL, "remaining_units" bigint NOT NULL, "unit_cost_amount" bigint NOT NULL, "movement_id" uuid NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_stock_batch_movement_id" UNIQUE ("movement_id"), CONSTRAINT "ck_stock_batch_unit_cost" CHECK ("unit_cost_amount" >= 0), CONSTRAINT "ck_stock_batch_dates" CHECK ("produced_on" IS NULL OR "expires_on" IS NULL OR "expires_on" >= "produced_on"), CONSTRAINT "ck_stock_batch_units" CHECK ("received_units" > 0 AND "remaining_units" >= 0 AND "remaining_units" <= "received_units"), CONSTRAINT "pk_stock_batch" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_batch_fefo" ON "stock_batch"  ("store_id", "product_id", "expires_on", "received_at") WHERE "remaining_units" > 0`);
        await queryRunner.query(`CREATE TABLE "stock_level" ("store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "units_per_piece" bigint NOT NULL DEFAULT '1', "on_hand" bigint NOT NULL DEFAULT '0', "reserved" bigint NOT NULL DEFAULT '0', "value_amount" bigint NOT NULL DEFAULT '0', "currency" character(3) NOT NULL DEFAULT 'CNY', "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stock_level_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_stock_level_value" CHECK ("value_amount" >= 0), CONSTRAINT "ck_stock_level_units_per_piece" CHECK ("units_per_piece" > 0), CONSTRAINT "ck_stock_level_reserved" CHECK ("reserved" >= 0 AND "reserved" <= "on_hand"), CONSTRAINT "ck_stock_level_on_hand" CHECK ("on_hand" >= 0), CONSTRAINT "pk_stock_level" PRIMARY KEY ("store_id", "product_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_level_product" ON "stock_level"  ("product_id") `);
        await queryRunner.query(`CREATE TABLE "stock_movement_batch" ("movement_id" uuid NOT NULL, "batch_id" uuid NOT NULL, "units" bigint NOT NULL, CONSTRAINT "pk_stock_movement_batch" PRIMARY KEY ("movement_id", "batch_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_movement_batch_batch" ON "stock_movement_batch"  ("batch_id") `);
        await queryRunner.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "fk_stock_movement_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_movement" ADD CONSTRAINT "fk_stock_movement_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_batch" ADD CONSTRAINT "fk_stock_batch_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_batch" ADD CONSTRAINT "fk_stock_batch_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_batch" ADD CONSTRAINT "fk_stock_batch_movement_id" FOREIGN KEY ("movement_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_level" ADD CONSTRAINT "fk_stock_level_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_level" ADD CONSTRAINT "fk_stock_level_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_movement_batch" ADD CONSTRAINT "fk_stock_movement_batch_movement_id" FOREIGN KEY ("movement_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_movement_batch" ADD CONSTRAINT "fk_stock_movement_batch_batch_id" FOREIGN KEY ("batch_id") REFERENCES "stock_batch"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "stock_reservation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "units" bigint NOT NULL, "reference" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "movement_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_stock_reservation_movement_id" UNIQUE ("movement_id"), CONSTRAINT "ck_stock_reservation_committed" CHECK (("status" = 'committed') = ("movement_id" IS NOT NULL)), CONSTRAINT "ck_stock_reservation_status" CHECK ("status" IN ('active', 'released', 'committed')), CONSTRAINT "ck_stock_reservation_units" CHECK ("units" > 0), CONSTRAINT "pk_stock_reservation" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_reservation_expiry" ON "stock_reservation"  ("expires_at") WHERE "status" = 'active'`);
        await queryRunner.query(`CREATE INDEX "ix_stock_reservation_reference" ON "stock_reservation"  ("reference") `);
        await queryRunner.query(`ALTER TABLE "stock_reservation" ADD CONSTRAINT "fk_stock_reservation_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_reservation" ADD CONSTRAINT "fk_stock_reservation_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_reservation" ADD CONSTRAINT "fk_stock_reservation_movement_id" FOREIGN KEY ("movement_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "stock_shortfall" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "units_missing" bigint NOT NULL, "source_key" text NOT NULL, "document_type" text NOT NULL, "document_id" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_stock_shortfall_source_key" UNIQUE ("source_key"), CONSTRAINT "ck_stock_shortfall_units" CHECK ("units_missing" > 0), CONSTRAINT "pk_stock_shortfall" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_shortfall_open" ON "stock_shortfall"  ("store_id", "created_at") WHERE "resolved_at" IS NULL`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD CONSTRAINT "fk_stock_shortfall_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" ADD CONSTRAINT "fk_stock_shortfall_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "stock_alert_rule" ("store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "alert_level_units" bigint NOT NULL, "reorder_pieces" integer NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_stock_alert_rule_reorder" CHECK ("reorder_pieces" > 0), CONSTRAINT "ck_stock_alert_rule_level" CHECK ("alert_level_units" >= 0), CONSTRAINT "pk_stock_alert_rule" PRIMARY KEY ("store_id", "product_id"))`);
        await queryRunner.query(`CREATE TABLE "stock_alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'open', "available_units" bigint NOT NULL, "alert_level_units" bigint NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_stock_alert_resolved" CHECK (("status" = 'resolved') = ("resolved_at" IS NOT NULL)), CONSTRAINT "ck_stock_alert_status" CHECK ("status" IN ('open', 'resolved')), CONSTRAINT "pk_stock_alert" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_stock_alert_store" ON "stock_alert"  ("store_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stock_alert_open" ON "stock_alert"  ("store_id", "product_id") WHERE "status" = 'open'`);
        await queryRunner.query(`ALTER TABLE "stock_alert_rule" ADD CONSTRAINT "fk_stock_alert_rule_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_alert_rule" ADD CONSTRAINT "fk_stock_alert_rule_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "fk_stock_alert_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "stock_alert" ADD CONSTRAINT "fk_stock_alert_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "fk_stock_alert_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_alert" DROP CONSTRAINT "fk_stock_alert_store_id"`);
        await queryRunner.query(`ALTER TABLE "stock_alert_rule" DROP CONSTRAINT "fk_stock_alert_rule_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_alert_rule" DROP CONSTRAINT "fk_stock_alert_rule_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_stock_alert_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_alert_store"`);
        await queryRunner.query(`DROP TABLE "stock_alert"`);
        await queryRunner.query(`DROP TABLE "stock_alert_rule"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP CONSTRAINT "fk_stock_shortfall_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_shortfall" DROP CONSTRAINT "fk_stock_shortfall_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_shortfall_open"`);
        await queryRunner.query(`DROP TABLE "stock_shortfall"`);
        await queryRunner.query(`ALTER TABLE "stock_reservation" DROP CONSTRAINT "fk_stock_reservation_movement_id"`);
        await queryRunner.query(`ALTER TABLE "stock_reservation" DROP CONSTRAINT "fk_stock_reservation_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_reservation" DROP CONSTRAINT "fk_stock_reservation_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_reservation_reference"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_reservation_expiry"`);
        await queryRunner.query(`DROP TABLE "stock_reservation"`);
        await queryRunner.query(`ALTER TABLE "stock_movement_batch" DROP CONSTRAINT "fk_stock_movement_batch_batch_id"`);
        await queryRunner.query(`ALTER TABLE "stock_movement_batch" DROP CONSTRAINT "fk_stock_movement_batch_movement_id"`);
        await queryRunner.query(`ALTER TABLE "stock_level" DROP CONSTRAINT "fk_stock_level_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_level" DROP CONSTRAINT "fk_stock_level_store_id"`);
        await queryRunner.query(`ALTER TABLE "stock_batch" DROP CONSTRAINT "fk_stock_batch_movement_id"`);
        await queryRunner.query(`ALTER TABLE "stock_batch" DROP CONSTRAINT "fk_stock_batch_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_batch" DROP CONSTRAINT "fk_stock_batch_store_id"`);
        await queryRunner.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "fk_stock_movement_product_id"`);
        await queryRunner.query(`ALTER TABLE "stock_movement" DROP CONSTRAINT "fk_stock_movement_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_movement_batch_batch"`);
        await queryRunner.query(`DROP TABLE "stock_movement_batch"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_level_product"`);
        await queryRunner.query(`DROP TABLE "stock_level"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_batch_fefo"`);
        await queryRunner.query(`DROP TABLE "stock_batch"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_movement_level"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_movement_document"`);
        await queryRunner.query(`DROP TABLE "stock_movement"`);
    }

}
