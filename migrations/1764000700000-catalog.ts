import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog: service categories (seeded), services and their variations, products, service consumption. */
export class Catalog1764000700000 implements MigrationInterface {
  name = 'Catalog1764000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sku" citext NOT NULL, "barcode" text, "name" text NOT NULL, "brand" citext, "category" citext, "size" numeric(12,3) NOT NULL, "unit" text NOT NULL, "use" text NOT NULL, "shelf_life_days" integer, "cost_amount" bigint, "sale_amount" bigint, "currency" character(3) NOT NULL DEFAULT 'CNY', "ingredients" text, "usage_instructions" text, "precautions" text, "image_urls" text array NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_product_sku" UNIQUE ("sku"), CONSTRAINT "uq_product_barcode" UNIQUE ("barcode"), CONSTRAINT "ck_product_shelf_life" CHECK ("shelf_life_days" IS NULL OR "shelf_life_days" > 0), CONSTRAINT "ck_product_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_product_sale_price" CHECK ("use" = 'professional' OR "sale_amount" IS NOT NULL), CONSTRAINT "ck_product_prices" CHECK (coalesce("cost_amount", 0) >= 0 AND coalesce("sale_amount", 0) >= 0), CONSTRAINT "ck_product_size" CHECK ("size" > 0), CONSTRAINT "ck_product_unit" CHECK ("unit" IN ('ml', 'g', 'pcs')), CONSTRAINT "ck_product_use" CHECK ("use" IN ('retail', 'professional', 'both')), CONSTRAINT "ck_product_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_product" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_product_created" ON "product"  ("created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "service_category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" citext NOT NULL, "name" text NOT NULL, "description" text, "sort_order" integer NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_service_category_code" UNIQUE ("code"), CONSTRAINT "ck_service_category_code" CHECK ("code" ~ '^[a-z0-9][a-z0-9_-]{0,39}$'), CONSTRAINT "ck_service_category_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_service_category" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_service_category_order" ON "service_category"  ("sort_order", "id") `);
    await queryRunner.query(`CREATE TABLE "service" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "category_id" uuid NOT NULL, "name" text NOT NULL, "description" text, "target_audience" text, "audience_tags" text array NOT NULL DEFAULT '{}', "bookable_online" boolean NOT NULL DEFAULT true, "skill" text NOT NULL, "resource_type" text, "processing_minutes" integer NOT NULL DEFAULT '0', "finishing_minutes" integer NOT NULL DEFAULT '0', "buffer_minutes" integer NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_service_minutes" CHECK ("processing_minutes" >= 0 AND "finishing_minutes" >= 0 AND "buffer_minutes" >= 0), CONSTRAINT "ck_service_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_service" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_service_category" ON "service"  ("category_id") `);
    await queryRunner.query(`CREATE INDEX "ix_service_created" ON "service"  ("created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "product_store_price" ("product_id" uuid NOT NULL, "store_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_product_store_price_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_product_store_price_amount" CHECK ("amount" >= 0), CONSTRAINT "pk_product_store_price" PRIMARY KEY ("product_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_product_store_price_store" ON "product_store_price"  ("store_id") `);
    await queryRunner.query(`CREATE TABLE "service_variation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "name" text NOT NULL, "price_amount" bigint NOT NULL, "currency" character(3) NOT NULL DEFAULT 'CNY', "duration_minutes" integer NOT NULL, "active_minutes" integer, "processing_minutes" integer, "finishing_minutes" integer, "buffer_minutes" integer, "sort_order" integer NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_service_variation_minutes" CHECK ("duration_minutes" > 0 AND coalesce("active_minutes", 1) > 0 AND coalesce("processing_minutes", 0) >= 0 AND coalesce("finishing_minutes", 0) >= 0 AND coalesce("buffer_minutes", 0) >= 0), CONSTRAINT "ck_service_variation_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_service_variation_price" CHECK ("price_amount" >= 0), CONSTRAINT "ck_service_variation_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_service_variation" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_service_variation_service" ON "service_variation"  ("service_id", "sort_order") `);
    await queryRunner.query(`CREATE TABLE "service_consumption" ("variation_id" uuid NOT NULL, "product_id" uuid NOT NULL, "quantity" numeric(12,3) NOT NULL, CONSTRAINT "ck_service_consumption_quantity" CHECK ("quantity" > 0), CONSTRAINT "pk_service_consumption" PRIMARY KEY ("variation_id", "product_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_service_consumption_product" ON "service_consumption"  ("product_id") `);
    await queryRunner.query(`CREATE TABLE "service_store_override" ("service_id" uuid NOT NULL, "store_id" uuid NOT NULL, "available" boolean NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_service_store_override" PRIMARY KEY ("service_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_service_store_override_store" ON "service_store_override"  ("store_id") `);
    await queryRunner.query(`CREATE TABLE "variation_store_price" ("variation_id" uuid NOT NULL, "store_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, CONSTRAINT "ck_variation_store_price_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_variation_store_price_amount" CHECK ("amount" >= 0), CONSTRAINT "pk_variation_store_price" PRIMARY KEY ("variation_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_variation_store_price_store" ON "variation_store_price"  ("store_id") `);
    await queryRunner.query(`ALTER TABLE "service" ADD CONSTRAINT "fk_service_category_id" FOREIGN KEY ("category_id") REFERENCES "service_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product_store_price" ADD CONSTRAINT "fk_product_store_price_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "product_store_price" ADD CONSTRAINT "fk_product_store_price_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_variation" ADD CONSTRAINT "fk_service_variation_service_id" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_consumption" ADD CONSTRAINT "fk_service_consumption_variation_id" FOREIGN KEY ("variation_id") REFERENCES "service_variation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_consumption" ADD CONSTRAINT "fk_service_consumption_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_store_override" ADD CONSTRAINT "fk_service_store_override_service_id" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_store_override" ADD CONSTRAINT "fk_service_store_override_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "variation_store_price" ADD CONSTRAINT "fk_variation_store_price_variation_id" FOREIGN KEY ("variation_id") REFERENCES "service_variation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "variation_store_price" ADD CONSTRAINT "fk_variation_store_price_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

    // The usual categories of a salon, so a new business starts with a menu to fill; all editable.
    await queryRunner.query(`INSERT INTO "service_category" ("code", "name", "description", "sort_order") VALUES
      ('hair_cut', '剪发造型 Hair cut & styling', 'Cuts, blow-dries and styling.', 10),
      ('hair_colour', '染发 Colouring', 'Global colour, highlights, balayage and toners.', 20),
      ('perm', '烫发 Perm', 'Perms, digital perms and straightening.', 30),
      ('hair_care', '护发 Hair care', 'Treatments, masks and scalp care.', 40),
      ('facial', '面部护理 Facial & skin care', 'Cleansing, hydrating and anti-ageing facials.', 50),
      ('nails', '美甲 Nails', 'Manicures, pedicures and nail art.', 60),
      ('massage_spa', '按摩 SPA Massage & spa', 'Body massage, foot massage and spa rituals.', 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "variation_store_price" DROP CONSTRAINT "fk_variation_store_price_store_id"`);
    await queryRunner.query(`ALTER TABLE "variation_store_price" DROP CONSTRAINT "fk_variation_store_price_variation_id"`);
    await queryRunner.query(`ALTER TABLE "service_store_override" DROP CONSTRAINT "fk_service_store_override_store_id"`);
    await queryRunner.query(`ALTER TABLE "service_store_override" DROP CONSTRAINT "fk_service_store_override_service_id"`);
    await queryRunner.query(`ALTER TABLE "service_consumption" DROP CONSTRAINT "fk_service_consumption_product_id"`);
    await queryRunner.query(`ALTER TABLE "service_consumption" DROP CONSTRAINT "fk_service_consumption_variation_id"`);
    await queryRunner.query(`ALTER TABLE "service_variation" DROP CONSTRAINT "fk_service_variation_service_id"`);
    await queryRunner.query(`ALTER TABLE "product_store_price" DROP CONSTRAINT "fk_product_store_price_store_id"`);
    await queryRunner.query(`ALTER TABLE "product_store_price" DROP CONSTRAINT "fk_product_store_price_product_id"`);
    await queryRunner.query(`ALTER TABLE "service" DROP CONSTRAINT "fk_service_category_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_variation_store_price_store"`);
    await queryRunner.query(`DROP TABLE "variation_store_price"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_store_override_store"`);
    await queryRunner.query(`DROP TABLE "service_store_override"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_consumption_product"`);
    await queryRunner.query(`DROP TABLE "service_consumption"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_variation_service"`);
    await queryRunner.query(`DROP TABLE "service_variation"`);
    await queryRunner.query(`DROP INDEX "public"."ix_product_store_price_store"`);
    await queryRunner.query(`DROP TABLE "product_store_price"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_category"`);
    await queryRunner.query(`DROP TABLE "service"`);
    await queryRunner.query(`DROP INDEX "public"."ix_service_category_order"`);
    await queryRunner.query(`DROP TABLE "service_category"`);
    await queryRunner.query(`DROP INDEX "public"."ix_product_created"`);
    await queryRunner.query(`DROP TABLE "product"`);
  }
}
