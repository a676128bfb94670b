import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a customer wants to be reached (issue 11): language, preferred channel, their openid in the
 * business's mini-program (unique when set), and the message categories they opted out of.
 */
export class CustomerContactPreferences1764002500000 implements MigrationInterface {
  name = 'CustomerContactPreferences1764002500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "customer" ADD "locale" text NOT NULL DEFAULT 'zh-CN', ADD "preferred_channel" text, ADD "wechat_open_id" text, ADD "notification_opt_outs" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "customer" ADD CONSTRAINT "uq_customer_wechat_open_id" UNIQUE ("wechat_open_id"), ADD CONSTRAINT "ck_customer_locale" CHECK ("locale" IN ('zh-CN', 'en')), ADD CONSTRAINT "ck_customer_preferred_channel" CHECK ("preferred_channel" IN ('sms', 'email', 'wechat'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customer" DROP CONSTRAINT "ck_customer_preferred_channel", DROP CONSTRAINT "ck_customer_locale", DROP CONSTRAINT "uq_customer_wechat_open_id"`);
    await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "notification_opt_outs", DROP COLUMN "wechat_open_id", DROP COLUMN "preferred_channel", DROP COLUMN "locale"`);
  }
}
