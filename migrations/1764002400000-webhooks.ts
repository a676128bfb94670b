import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhooks: owners' endpoints (and the stores each may hear about), one message per event and
 * endpoint with its body fixed, and one row per delivery attempt.
 */
export class Webhooks1764002400000 implements MigrationInterface {
  name = 'Webhooks1764002400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhook_endpoint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "url" text NOT NULL, "description" text, "event_types" text array NOT NULL, "include_pii" boolean NOT NULL DEFAULT false, "secret" text NOT NULL, "previous_secret" text, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL DEFAULT 'enabled', "disabled_reason" text, "disabled_at" TIMESTAMP WITH TIME ZONE, "failing_since" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_webhook_endpoint_disabled_reason" CHECK ("disabled_reason" IN ('manual', 'failing')), CONSTRAINT "ck_webhook_endpoint_status" CHECK ("status" IN ('enabled', 'disabled')), CONSTRAINT "pk_webhook_endpoint" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoint_created" ON "webhook_endpoint"  ("created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "webhook_endpoint_store" ("endpoint_id" uuid NOT NULL, "store_id" uuid NOT NULL, CONSTRAINT "pk_webhook_endpoint_store" PRIMARY KEY ("endpoint_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoint_store_store" ON "webhook_endpoint_store"  ("store_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "endpoint_id" uuid NOT NULL, "event_id" uuid, "type" text NOT NULL, "body" text NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "cycle_start" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_webhook_message_event" UNIQUE ("endpoint_id", "event_id", "type"), CONSTRAINT "ck_webhook_message_status" CHECK ("status" IN ('pending', 'delivered', 'failed')), CONSTRAINT "pk_webhook_message" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_message_finished" ON "webhook_message"  ("finished_at") WHERE "status" IN ('delivered', 'failed')`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_message_due" ON "webhook_message"  ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_message_endpoint_created" ON "webhook_message"  ("endpoint_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "webhook_attempt" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_id" uuid NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "status_code" integer, "response_excerpt" text, "error" text, "succeeded" boolean NOT NULL, CONSTRAINT "pk_webhook_attempt" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_attempt_message" ON "webhook_attempt"  ("message_id", "attempt") `);
    await queryRunner.query(`ALTER TABLE "webhook_endpoint_store" ADD CONSTRAINT "fk_webhook_endpoint_store_endpoint_id" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoint_store" ADD CONSTRAINT "fk_webhook_endpoint_store_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_message" ADD CONSTRAINT "fk_webhook_message_endpoint_id" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" ADD CONSTRAINT "fk_webhook_attempt_message_id" FOREIGN KEY ("message_id") REFERENCES "webhook_message"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP TABLE "webhook_message"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint_store"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoint"`);
  }
}
