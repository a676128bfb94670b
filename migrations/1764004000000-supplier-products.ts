import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supplier products (issue 14): which supplier sells which product (`supplier_product`), with the
 * supplier's code, the last agreed unit cost, pack size and minimum order in pieces, and one preferred
 * supplier a product (a unique partial index), for suggested purchase orders.
 */
export class SupplierProducts1764004000000 implements MigrationInterface {
    name = 'SupplierProducts1764004000000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "supplier_product" ("supplier_id" uuid NOT NULL, "product_id" uuid NOT NULL, "supplier_sku" text, "unit_cost_amount" bigint, "currency" character(3) NOT NULL, "pack_size" integer NOT NULL DEFAULT '1', "minimum_order_pieces" integer NOT NULL DEFAULT '1', "preferred" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_supplier_product_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_supplier_product_unit_cost" CHECK ("unit_cost_amount" IS NULL OR "unit_cost_amount" >= 0), CONSTRAINT "ck_supplier_product_minimum" CHECK ("minimum_order_pieces" > 0), CONSTRAINT "ck_supplier_product_pack_size" CHECK ("pack_size" > 0), CONSTRAINT "pk_supplier_product" PRIMARY KEY ("supplier_id", "product_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_supplier_product_product" ON "supplier_product"  ("product_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_supplier_product_preferred" ON "supplier_product"  ("product_id") WHERE "preferred"`);
        await queryRunner.query(`ALTER TABLE "supplier_product" ADD CONSTRAINT "fk_supplier_product_supplier_id" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "supplier_product" ADD CONSTRAINT "fk_supplier_product_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "supplier_product" DROP CONSTRAINT "fk_supplier_product_product_id"`);
        await queryRunner.query(`ALTER TABLE "supplier_product" DROP CONSTRAINT "fk_supplier_product_supplier_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_supplier_product_preferred"`);
        await queryRunner.query(`DROP INDEX "public"."ix_supplier_product_product"`);
        await queryRunner.query(`DROP TABLE "supplier_product"`);
    }
}
