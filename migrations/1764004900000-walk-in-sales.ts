import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Walk-in sales (issue 15, the counter): a counter order without an appointment sells products alone.
 * `ck_order_checkout` is replaced by hand: the generator does not see a changed check.
 */
export class WalkInSales1764004900000 implements MigrationInterface {
    name = 'WalkInSales1764004900000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "ck_order_checkout"`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "ck_order_checkout" CHECK (NOT "counter_checkout" OR ("channel" = 'in_store' AND ("appointment_id" IS NOT NULL OR "classification" = 'product')))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "ck_order_checkout"`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "ck_order_checkout" CHECK (NOT "counter_checkout" OR ("channel" = 'in_store' AND "appointment_id" IS NOT NULL))`);
    }

}
