import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Transfers between stores (issue 14): `transfer` (numbered, from one store to another, requested →
 * approved → shipped → received, or cancelled before shipping), its lines in whole pieces (asked,
 * shipped, received, and why what arrived differs) and its status history.
 */
export class Transfers1764003700000 implements MigrationInterface {
    name = 'Transfers1764003700000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "transfer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "from_store_id" uuid NOT NULL, "to_store_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'requested', "note" text, "requested_by_type" text NOT NULL, "requested_by_id" uuid, "approved_at" TIMESTAMP(3) WITH TIME ZONE, "shipped_at" TIMESTAMP(3) WITH TIME ZONE, "received_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_transfer_number" UNIQUE ("number"), CONSTRAINT "ck_transfer_stores" CHECK ("from_store_id" <> "to_store_id"), CONSTRAINT "ck_transfer_status" CHECK ("status" IN ('requested', 'approved', 'shipped', 'received', 'cancelled')), CONSTRAINT "pk_transfer" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_transfer_created" ON "transfer"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_transfer_to_store" ON "transfer"  ("to_store_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_transfer_from_store" ON "transfer"  ("from_store_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "transfer_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "transfer_id" uuid NOT NULL, "line_number" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "shipped_quantity" integer, "received_quantity" integer, "difference_reason" text, CONSTRAINT "uq_transfer_line_number" UNIQUE ("transfer_id", "line_number"), CONSTRAINT "ck_transfer_line_difference" CHECK ("received_quantity" IS NULL OR "received_quantity" = "shipped_quantity" OR "difference_reason" IS NOT NULL), CONSTRAINT "ck_transfer_line_received" CHECK ("received_quantity" IS NULL OR ("shipped_quantity" IS NOT NULL AND "received_quantity" >= 0 AND "received_quantity" <= "shipped_quantity")), CONSTRAINT "ck_transfer_line_shipped" CHECK ("shipped_quantity" IS NULL OR "shipped_quantity" >= 0), CONSTRAINT "ck_transfer_line_quantity" CHECK ("quantity" > 0), CONSTRAINT "pk_transfer_line" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "transfer_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "transfer_id" uuid NOT NULL, CONSTRAINT "pk_transfer_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_transfer_status_history_transfer" ON "transfer_status_history"  ("transfer_id", "at") `);
        await queryRunner.query(`ALTER TABLE "transfer" ADD CONSTRAINT "fk_transfer_from_store_id" FOREIGN KEY ("from_store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfer" ADD CONSTRAINT "fk_transfer_to_store_id" FOREIGN KEY ("to_store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfer_line" ADD CONSTRAINT "fk_transfer_line_transfer_id" FOREIGN KEY ("transfer_id") REFERENCES "transfer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfer_line" ADD CONSTRAINT "fk_transfer_line_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "transfer_status_history" ADD CONSTRAINT "fk_transfer_status_history_transfer_id" FOREIGN KEY ("transfer_id") REFERENCES "transfer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "transfer_status_history" DROP CONSTRAINT "fk_transfer_status_history_transfer_id"`);
        await queryRunner.query(`ALTER TABLE "transfer_line" DROP CONSTRAINT "fk_transfer_line_product_id"`);
        await queryRunner.query(`ALTER TABLE "transfer_line" DROP CONSTRAINT "fk_transfer_line_transfer_id"`);
        await queryRunner.query(`ALTER TABLE "transfer" DROP CONSTRAINT "fk_transfer_to_store_id"`);
        await queryRunner.query(`ALTER TABLE "transfer" DROP CONSTRAINT "fk_transfer_from_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_transfer_status_history_transfer"`);
        await queryRunner.query(`DROP TABLE "transfer_status_history"`);
        await queryRunner.query(`DROP TABLE "transfer_line"`);
        await queryRunner.query(`DROP INDEX "public"."ix_transfer_from_store"`);
        await queryRunner.query(`DROP INDEX "public"."ix_transfer_to_store"`);
        await queryRunner.query(`DROP INDEX "public"."ix_transfer_created"`);
        await queryRunner.query(`DROP TABLE "transfer"`);
    }

}
