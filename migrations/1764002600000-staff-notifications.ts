import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff and stores side of notifications: a store's quiet hours (21:30–08:30 for new and existing
 * stores; both null: none), a staff user's language, and the one live password-reset code per user.
 */
export class StaffNotifications1764002600000 implements MigrationInterface {
  name = 'StaffNotifications1764002600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_reset_code" ("user_id" uuid NOT NULL, "code_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "used_at" TIMESTAMP WITH TIME ZONE, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_password_reset_code_attempts" CHECK ("attempts" >= 0), CONSTRAINT "pk_password_reset_code" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "store" ADD "quiet_hours_start" text DEFAULT '21:30'`);
    await queryRunner.query(`ALTER TABLE "store" ADD "quiet_hours_end" text DEFAULT '08:30'`);
    await queryRunner.query(`ALTER TABLE "staff_user" ADD "locale" text NOT NULL DEFAULT 'zh-CN'`);
    await queryRunner.query(
      `ALTER TABLE "store" ADD CONSTRAINT "ck_store_quiet_hours" CHECK (("quiet_hours_start" IS NULL) = ("quiet_hours_end" IS NULL) AND ("quiet_hours_start" IS NULL OR ("quiet_hours_start" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "quiet_hours_end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "quiet_hours_start" <> "quiet_hours_end")))`,
    );
    await queryRunner.query(`ALTER TABLE "staff_user" ADD CONSTRAINT "ck_staff_user_locale" CHECK ("locale" IN ('zh-CN', 'en'))`);
    await queryRunner.query(
      `ALTER TABLE "password_reset_code" ADD CONSTRAINT "fk_password_reset_code_user_id" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_user" DROP CONSTRAINT "ck_staff_user_locale"`);
    await queryRunner.query(`ALTER TABLE "store" DROP CONSTRAINT "ck_store_quiet_hours"`);
    await queryRunner.query(`ALTER TABLE "staff_user" DROP COLUMN "locale"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "quiet_hours_end"`);
    await queryRunner.query(`ALTER TABLE "store" DROP COLUMN "quiet_hours_start"`);
    await queryRunner.query(`DROP TABLE "password_reset_code"`);
  }
}
