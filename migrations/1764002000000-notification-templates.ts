import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Owners' edits of notification templates (the defaults live in code with each notification key). */
export class NotificationTemplates1764002000000 implements MigrationInterface {
  name = 'NotificationTemplates1764002000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notification_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "key" text NOT NULL, "channel" text NOT NULL, "locale" text NOT NULL, "subject" text, "body" text NOT NULL, "html" text, "provider" jsonb, "version" integer NOT NULL DEFAULT '1', "updated_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_notification_template_key_channel_locale" UNIQUE ("key", "channel", "locale"), CONSTRAINT "ck_notification_template_channel" CHECK ("channel" IN ('email', 'sms', 'wechat', 'in_app')), CONSTRAINT "ck_notification_template_locale" CHECK ("locale" IN ('zh-CN', 'en')), CONSTRAINT "pk_notification_template" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_template"`);
  }
}
