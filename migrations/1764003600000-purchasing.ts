import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inventory, purchasing (issue 14): suppliers, purchase orders with their lines, status history,
 * and receipts whose lines name the stock movement that brought each one in.
 */
export class Purchasing1764003600000 implements MigrationInterface {
    name = 'Purchasing1764003600000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "supplier" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "contact_person" text, "phone" text, "email" text, "address" text, "notes" text, "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_supplier_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_supplier" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_supplier_name" ON "supplier"  ("name", "id") `);
        await queryRunner.query(`CREATE TABLE "purchase_order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "store_id" uuid NOT NULL, "supplier_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'draft', "currency" character(3) NOT NULL, "notes" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_purchase_order_number" UNIQUE ("number"), CONSTRAINT "ck_purchase_order_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_purchase_order_status" CHECK ("status" IN ('draft', 'approved', 'ordered', 'partly_received', 'received', 'cancelled')), CONSTRAINT "pk_purchase_order" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_supplier" ON "purchase_order"  ("supplier_id") `);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_created" ON "purchase_order"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_store_created" ON "purchase_order"  ("store_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "purchase_order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purchase_order_id" uuid NOT NULL, "line_no" integer NOT NULL, "product_id" uuid NOT NULL, "quantity" integer NOT NULL, "received_quantity" integer NOT NULL DEFAULT '0', "unit_cost_amount" bigint NOT NULL, CONSTRAINT "uq_purchase_order_line_no" UNIQUE ("purchase_order_id", "line_no"), CONSTRAINT "ck_purchase_order_line_unit_cost" CHECK ("unit_cost_amount" >= 0), CONSTRAINT "ck_purchase_order_line_quantity" CHECK ("quantity" > 0 AND "received_quantity" >= 0), CONSTRAINT "pk_purchase_order_line" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_line_product" ON "purchase_order_line"  ("product_id") `);
        await queryRunner.query(`CREATE TABLE "purchase_order_receipt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purchase_order_id" uuid NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "notes" text, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_purchase_order_receipt" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_receipt_order" ON "purchase_order_receipt"  ("purchase_order_id", "received_at") `);
        await queryRunner.query(`CREATE TABLE "purchase_order_receipt_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "receipt_id" uuid NOT NULL, "line_id" uuid NOT NULL, "quantity" integer NOT NULL, "lot_code" text, "produced_on" date, "expires_on" date, "movement_id" uuid NOT NULL, CONSTRAINT "uq_purchase_order_receipt_line_movement_id" UNIQUE ("movement_id"), CONSTRAINT "uq_purchase_order_receipt_line" UNIQUE ("receipt_id", "line_id"), CONSTRAINT "ck_purchase_order_receipt_line_quantity" CHECK ("quantity" > 0), CONSTRAINT "pk_purchase_order_receipt_line" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_receipt_line_line" ON "purchase_order_receipt_line"  ("line_id") `);
        await queryRunner.query(`CREATE TABLE "purchase_order_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "purchase_order_id" uuid NOT NULL, CONSTRAINT "pk_purchase_order_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_purchase_order_status_history_order" ON "purchase_order_status_history"  ("purchase_order_id", "at") `);
        await queryRunner.query(`ALTER TABLE "purchase_order" ADD CONSTRAINT "fk_purchase_order_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order" ADD CONSTRAINT "fk_purchase_order_supplier_id" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_line" ADD CONSTRAINT "fk_purchase_order_line_purchase_order_id" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_line" ADD CONSTRAINT "fk_purchase_order_line_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt" ADD CONSTRAINT "fk_purchase_order_receipt_purchase_order_id" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" ADD CONSTRAINT "fk_purchase_order_receipt_line_receipt_id" FOREIGN KEY ("receipt_id") REFERENCES "purchase_order_receipt"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" ADD CONSTRAINT "fk_purchase_order_receipt_line_line_id" FOREIGN KEY ("line_id") REFERENCES "purchase_order_line"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" ADD CONSTRAINT "fk_purchase_order_receipt_line_movement_id" FOREIGN KEY ("movement_id") REFERENCES "stock_movement"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "purchase_order_status_history" ADD CONSTRAINT "fk_purchase_order_status_history_purchase_order_id" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "purchase_order_status_history" DROP CONSTRAINT "fk_purchase_order_status_history_purchase_order_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" DROP CONSTRAINT "fk_purchase_order_receipt_line_movement_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" DROP CONSTRAINT "fk_purchase_order_receipt_line_line_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt_line" DROP CONSTRAINT "fk_purchase_order_receipt_line_receipt_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_receipt" DROP CONSTRAINT "fk_purchase_order_receipt_purchase_order_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_line" DROP CONSTRAINT "fk_purchase_order_line_product_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order_line" DROP CONSTRAINT "fk_purchase_order_line_purchase_order_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order" DROP CONSTRAINT "fk_purchase_order_supplier_id"`);
        await queryRunner.query(`ALTER TABLE "purchase_order" DROP CONSTRAINT "fk_purchase_order_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_status_history_order"`);
        await queryRunner.query(`DROP TABLE "purchase_order_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_receipt_line_line"`);
        await queryRunner.query(`DROP TABLE "purchase_order_receipt_line"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_receipt_order"`);
        await queryRunner.query(`DROP TABLE "purchase_order_receipt"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_line_product"`);
        await queryRunner.query(`DROP TABLE "purchase_order_line"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_store_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_purchase_order_supplier"`);
        await queryRunner.query(`DROP TABLE "purchase_order"`);
        await queryRunner.query(`DROP INDEX "public"."ix_supplier_name"`);
        await queryRunner.query(`DROP TABLE "supplier"`);
    }

}
