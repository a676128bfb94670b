import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stores: the brand's locations, with their weekly hours; dated closures and special hours. */
export class Stores1764000100000 implements MigrationInterface {
  name = 'Stores1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "store" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" citext NOT NULL, "name" text NOT NULL, "address" jsonb NOT NULL, "phone" text NOT NULL, "email" text, "time_zone" text NOT NULL, "currency" character(3) NOT NULL DEFAULT 'CNY', "business_hours" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_store_code" UNIQUE ("code"), CONSTRAINT "ck_store_code" CHECK ("code" ~ '^[A-Za-z0-9-]{1,16}$'), CONSTRAINT "ck_store_currency" CHECK ("currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_store_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_store" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "store_closure" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "date" date NOT NULL, "kind" text NOT NULL, "intervals" jsonb NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_store_closure_store_date" UNIQUE ("store_id", "date"), CONSTRAINT "ck_store_closure_intervals" CHECK (("kind" = 'closed') = (jsonb_array_length("intervals") = 0)), CONSTRAINT "ck_store_closure_kind" CHECK ("kind" IN ('closed', 'special_hours')), CONSTRAINT "pk_store_closure" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "store_closure" ADD CONSTRAINT "fk_store_closure_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "store_closure" DROP CONSTRAINT "fk_store_closure_store_id"`);
    await queryRunner.query(`DROP TABLE "store_closure"`);
    await queryRunner.query(`DROP TABLE "store"`);
  }
}
