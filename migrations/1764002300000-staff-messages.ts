import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff's in-app messages (notifications' inbox): one row per message and recipient. The partial
 * index serves a user's unread messages and their count, newest first; the other one their whole
 * inbox; `ix_staff_message_read` lets the retention purge find old read messages without a scan.
 */
export class StaffMessages1764002300000 implements MigrationInterface {
  name = 'StaffMessages1764002300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_message" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "notification_id" uuid, "key" text NOT NULL, "category" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "link" text, "store_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "pk_staff_message" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_staff_message_user" ON "staff_message" ("user_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_staff_message_unread" ON "staff_message" ("user_id", "created_at", "id") WHERE "read_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_staff_message_read" ON "staff_message" ("created_at") WHERE "read_at" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_message"`);
  }
}
