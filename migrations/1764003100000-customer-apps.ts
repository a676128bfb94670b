import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Booking from customers' own apps (issue 13): publishable keys (one store or the whole business, the
 * channel their app books as), customers' one-time sign-in codes (one live code per phone, hashed) and
 * customer sessions (hashed tokens, bound to the key they signed in through).
 */
export class CustomerApps1764003100000 implements MigrationInterface {
    name = 'CustomerApps1764003100000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "publishable_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "key" text NOT NULL, "channel" text NOT NULL, "store_id" uuid, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_publishable_key_key" UNIQUE ("key"), CONSTRAINT "ck_publishable_key_channel" CHECK ("channel" IN ('online', 'app', 'mini_program')), CONSTRAINT "pk_publishable_key" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_publishable_key_store" ON "publishable_key"  ("store_id") `);
        await queryRunner.query(`CREATE INDEX "ix_publishable_key_created" ON "publishable_key"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "customer_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "publishable_key_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_customer_session_token_hash" UNIQUE ("token_hash"), CONSTRAINT "pk_customer_session" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_customer_session_key" ON "customer_session"  ("publishable_key_id") `);
        await queryRunner.query(`CREATE INDEX "ix_customer_session_customer" ON "customer_session"  ("customer_id") `);
        await queryRunner.query(`CREATE TABLE "customer_sign_in_code" ("phone" text NOT NULL, "code_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_customer_sign_in_code_attempts" CHECK ("attempts" >= 0), CONSTRAINT "pk_customer_sign_in_code" PRIMARY KEY ("phone"))`);
        await queryRunner.query(`ALTER TABLE "publishable_key" ADD CONSTRAINT "fk_publishable_key_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "publishable_key" ADD CONSTRAINT "fk_publishable_key_created_by" FOREIGN KEY ("created_by") REFERENCES "staff_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_session" ADD CONSTRAINT "fk_customer_session_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "customer_session" ADD CONSTRAINT "fk_customer_session_publishable_key_id" FOREIGN KEY ("publishable_key_id") REFERENCES "publishable_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "customer_session" DROP CONSTRAINT "fk_customer_session_publishable_key_id"`);
        await queryRunner.query(`ALTER TABLE "customer_session" DROP CONSTRAINT "fk_customer_session_customer_id"`);
        await queryRunner.query(`ALTER TABLE "publishable_key" DROP CONSTRAINT "fk_publishable_key_created_by"`);
        await queryRunner.query(`ALTER TABLE "publishable_key" DROP CONSTRAINT "fk_publishable_key_store_id"`);
        await queryRunner.query(`DROP TABLE "customer_sign_in_code"`);
        await queryRunner.query(`DROP INDEX "public"."ix_customer_session_customer"`);
        await queryRunner.query(`DROP INDEX "public"."ix_customer_session_key"`);
        await queryRunner.query(`DROP TABLE "customer_session"`);
        await queryRunner.query(`DROP INDEX "public"."ix_publishable_key_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_publishable_key_store"`);
        await queryRunner.query(`DROP TABLE "publishable_key"`);
    }
}
