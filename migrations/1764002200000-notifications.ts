import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The notification log (one row per message, sent or not, with its reason) and the SMS limit counters. */
export class Notifications1764002200000 implements MigrationInterface {
  name = 'Notifications1764002200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "kind" text NOT NULL, "category" text NOT NULL, "channel" text NOT NULL, "customer_id" uuid, "staff_user_id" uuid, "store_id" uuid, "recipient" text, "locale" text NOT NULL, "variables" jsonb NOT NULL DEFAULT '{}', "urgent" boolean NOT NULL DEFAULT false, "status" text NOT NULL, "reason" text, "attempts" integer NOT NULL DEFAULT '0', "provider" text, "provider_message_id" text, "last_error" text, "dedupe_key" text, "deferred_until" TIMESTAMP WITH TIME ZONE, "limits_taken_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_notification_channel" CHECK ("channel" IN ('email', 'sms', 'wechat', 'in_app')), CONSTRAINT "ck_notification_status" CHECK ("status" IN ('queued', 'deferred', 'sent', 'delivered', 'failed', 'skipped')), CONSTRAINT "pk_notification" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_notification_dedupe_key" ON "notification"  ("dedupe_key") WHERE "dedupe_key" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_notification_provider_message" ON "notification"  ("provider", "provider_message_id") WHERE "provider_message_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_notification_customer" ON "notification"  ("customer_id", "created_at") WHERE "customer_id" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_notification_created" ON "notification"  ("created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "notification_sms_counter" ("scope" text NOT NULL, "period" text NOT NULL, "count" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notification_sms_counter" PRIMARY KEY ("scope", "period"))`);
    await queryRunner.query(`CREATE INDEX "ix_notification_sms_counter_updated" ON "notification_sms_counter"  ("updated_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_notification_sms_counter_updated"`);
    await queryRunner.query(`DROP TABLE "notification_sms_counter"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_customer"`);
    await queryRunner.query(`DROP INDEX "public"."ix_notification_provider_message"`);
    await queryRunner.query(`DROP INDEX "public"."uq_notification_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "notification"`);
  }
}
