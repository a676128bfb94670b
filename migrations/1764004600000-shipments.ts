import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shipping of orders (issue 15): shipments with their lines, tracking events and exceptions; back-orders of confirmations (inventory). */
export class Shipments1764004600000 implements MigrationInterface {
  name = 'Shipments1764004600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stock_backorder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "product_id" uuid NOT NULL, "units" bigint NOT NULL, "reference" text NOT NULL, "field" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_stock_backorder_status" CHECK ("status" IN ('open', 'filled', 'cancelled')), CONSTRAINT "ck_stock_backorder_units" CHECK ("units" > 0), CONSTRAINT "pk_stock_backorder" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_stock_backorder_open" ON "stock_backorder"  ("store_id", "product_id") WHERE "status" = 'open'`);
    await queryRunner.query(`CREATE INDEX "ix_stock_backorder_reference" ON "stock_backorder"  ("reference") `);
    await queryRunner.query(
      `CREATE TABLE "shipment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "store_id" uuid NOT NULL, "carrier" text, "tracking_number" text, "status" text NOT NULL DEFAULT 'shipped', "delivered_by" text, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "created_by_type" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shipment_delivered" CHECK (("status" = 'delivered') = ("delivered_at" IS NOT NULL)), CONSTRAINT "ck_shipment_status" CHECK ("status" IN ('shipped', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned', 'refused')), CONSTRAINT "pk_shipment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shipment_tracking" ON "shipment"  ("tracking_number") `);
    await queryRunner.query(`CREATE INDEX "ix_shipment_order" ON "shipment"  ("order_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "shipment_line" ("shipment_id" uuid NOT NULL, "line_number" integer NOT NULL, "order_id" uuid NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "ck_shipment_line_quantity" CHECK ("quantity" > 0), CONSTRAINT "pk_shipment_line" PRIMARY KEY ("shipment_id", "line_number"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shipment_line_order" ON "shipment_line"  ("order_id", "line_number") `);
    await queryRunner.query(
      `CREATE TABLE "shipment_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shipment_id" uuid NOT NULL, "status" text NOT NULL, "exception_kind" text, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "location" text, "description" text NOT NULL DEFAULT '', "source" text NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shipment_event_status" CHECK ("status" IN ('shipped', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered', 'exception', 'returned', 'refused')), CONSTRAINT "pk_shipment_event" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shipment_event" ON "shipment_event"  ("shipment_id", "occurred_at", "description") `);
    await queryRunner.query(
      `CREATE TABLE "shipment_exception" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "shipment_id" uuid NOT NULL, "order_id" uuid NOT NULL, "store_id" uuid NOT NULL, "kind" text NOT NULL, "description" text NOT NULL DEFAULT '', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP(3) WITH TIME ZONE, "resolved_by_type" text, "resolved_by_id" uuid, "resolution_note" text, CONSTRAINT "ck_shipment_exception_resolved" CHECK ("resolved_at" IS NOT NULL OR ("resolved_by_id" IS NULL AND "resolution_note" IS NULL)), CONSTRAINT "ck_shipment_exception_kind" CHECK ("kind" IN ('delayed', 'lost', 'damaged', 'returned', 'refused')), CONSTRAINT "pk_shipment_exception" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_shipment_exception_store" ON "shipment_exception"  ("store_id", "created_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shipment_exception_open" ON "shipment_exception"  ("shipment_id", "kind") WHERE "resolved_at" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "stock_backorder" ADD CONSTRAINT "fk_stock_backorder_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "stock_backorder" ADD CONSTRAINT "fk_stock_backorder_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment" ADD CONSTRAINT "fk_shipment_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment" ADD CONSTRAINT "fk_shipment_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_line" ADD CONSTRAINT "fk_shipment_line_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_line" ADD CONSTRAINT "fk_shipment_line_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_event" ADD CONSTRAINT "fk_shipment_event_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_exception" ADD CONSTRAINT "fk_shipment_exception_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_exception" ADD CONSTRAINT "fk_shipment_exception_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "shipment_exception" ADD CONSTRAINT "fk_shipment_exception_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "shipment_exception" DROP CONSTRAINT "fk_shipment_exception_store_id"`);
    await queryRunner.query(`ALTER TABLE "shipment_exception" DROP CONSTRAINT "fk_shipment_exception_order_id"`);
    await queryRunner.query(`ALTER TABLE "shipment_exception" DROP CONSTRAINT "fk_shipment_exception_shipment_id"`);
    await queryRunner.query(`ALTER TABLE "shipment_event" DROP CONSTRAINT "fk_shipment_event_shipment_id"`);
    await queryRunner.query(`ALTER TABLE "shipment_line" DROP CONSTRAINT "fk_shipment_line_order_id"`);
    await queryRunner.query(`ALTER TABLE "shipment_line" DROP CONSTRAINT "fk_shipment_line_shipment_id"`);
    await queryRunner.query(`ALTER TABLE "shipment" DROP CONSTRAINT "fk_shipment_store_id"`);
    await queryRunner.query(`ALTER TABLE "shipment" DROP CONSTRAINT "fk_shipment_order_id"`);
    await queryRunner.query(`ALTER TABLE "stock_backorder" DROP CONSTRAINT "fk_stock_backorder_product_id"`);
    await queryRunner.query(`ALTER TABLE "stock_backorder" DROP CONSTRAINT "fk_stock_backorder_store_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_shipment_exception_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shipment_exception_store"`);
    await queryRunner.query(`DROP TABLE "shipment_exception"`);
    await queryRunner.query(`DROP INDEX "public"."uq_shipment_event"`);
    await queryRunner.query(`DROP TABLE "shipment_event"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shipment_line_order"`);
    await queryRunner.query(`DROP TABLE "shipment_line"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shipment_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_shipment_tracking"`);
    await queryRunner.query(`DROP TABLE "shipment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stock_backorder_reference"`);
    await queryRunner.query(`DROP INDEX "public"."ix_stock_backorder_open"`);
    await queryRunner.query(`DROP TABLE "stock_backorder"`);
  }
}
