import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stores: the brand's locations. */
export class Stores1764000100000 implements MigrationInterface {
  name = 'Stores1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "store" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" citext NOT NULL, "name" text NOT NULL, "time_zone" text NOT NULL, "currency" character(3) NOT NULL DEFAULT 'CNY', "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_store_code" UNIQUE ("code"), CONSTRAINT "ck_store_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_store_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_store" PRIMARY KEY ("id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "store"`);
  }
}
