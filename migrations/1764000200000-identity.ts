import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Identity: staff users and their stores, refresh-token families, API keys. */
export class Identity1764000200000 implements MigrationInterface {
  name = 'Identity1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "staff_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "email" citext, "phone" text, "role" text NOT NULL, "password_hash" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "last_login_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_staff_user_email" UNIQUE ("email"), CONSTRAINT "uq_staff_user_phone" UNIQUE ("phone"), CONSTRAINT "ck_staff_user_login" CHECK ("email" IS NOT NULL OR "phone" IS NOT NULL), CONSTRAINT "ck_staff_user_status" CHECK ("status" IN ('active', 'disabled')), CONSTRAINT "ck_staff_user_role" CHECK ("role" IN ('owner', 'manager', 'receptionist', 'beautician')), CONSTRAINT "pk_staff_user" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "staff_user_store" ("user_id" uuid NOT NULL, "store_id" uuid NOT NULL, CONSTRAINT "pk_staff_user_store" PRIMARY KEY ("user_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_staff_user_store_store" ON "staff_user_store"  ("store_id") `);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "family_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_refresh_token_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_refresh_token" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_refresh_token_user" ON "refresh_token"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_refresh_token_family" ON "refresh_token"  ("family_id") `);
    await queryRunner.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "prefix" text NOT NULL, "key_hash" text NOT NULL, "scopes" text array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_api_key_key_hash" UNIQUE ("key_hash"), CONSTRAINT "pk_api_key" PRIMARY KEY ("id"))`);
    await queryRunner.query(`ALTER TABLE "staff_user_store" ADD CONSTRAINT "fk_staff_user_store_user_id" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_user_store" ADD CONSTRAINT "fk_staff_user_store_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "fk_refresh_token_user_id" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD CONSTRAINT "fk_api_key_created_by" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP TABLE "staff_user_store"`);
    await queryRunner.query(`DROP TABLE "staff_user"`);
  }
}
