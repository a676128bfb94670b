import { MigrationInterface, QueryRunner } from "typeorm";

export class OrderDeadlines1764004400000 implements MigrationInterface {
    name = 'OrderDeadlines1764004400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_order_shipping_open" ON "order"  ("ship_due_at") WHERE "status" IN ('confirmed', 'in_progress', 'picked', 'packed')`);
        await queryRunner.query(`CREATE INDEX "ix_order_confirmation_open" ON "order"  ("confirm_due_at") WHERE "status" = 'pending_confirmation'`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD "confirm_window_minutes" integer`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD "ship_window_minutes" integer`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD "windows_in_business_hours" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD CONSTRAINT "ck_order_channel_assignment_windows" CHECK ("confirm_window_minutes" BETWEEN 1 AND 129600 AND "ship_window_minutes" BETWEEN 1 AND 129600)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP CONSTRAINT "ck_order_channel_assignment_windows"`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP COLUMN "windows_in_business_hours"`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP COLUMN "ship_window_minutes"`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP COLUMN "confirm_window_minutes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_confirmation_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_shipping_open"`);
    }

}
