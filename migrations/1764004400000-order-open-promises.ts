import { MigrationInterface, QueryRunner } from "typeorm";

export class OrderOpenPromises1764004400000 implements MigrationInterface {
    name = 'OrderOpenPromises1764004400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_order_shipping_open" ON "order"  ("ship_due_at") WHERE "status" IN ('confirmed', 'in_progress', 'picked', 'packed')`);
        await queryRunner.query(`CREATE INDEX "ix_order_confirmation_open" ON "order"  ("confirm_due_at") WHERE "status" = 'pending_confirmation'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_order_confirmation_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_shipping_open"`);
    }

}
