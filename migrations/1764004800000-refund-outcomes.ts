import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Refund outcomes (issue 15): a WeChat Pay / Alipay refund still `processing` ends `succeeded` or
 * `failed` (with the provider's reason) when Bloom asks its provider. `settled_at` is when it ended, so
 * a processing refund written before has none. `ck_order_refund_status` is replaced by hand: the
 * generator does not see a changed check.
 */
export class RefundOutcomes1764004800000 implements MigrationInterface {
    name = 'RefundOutcomes1764004800000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order_refund" ADD "failure_reason" text`);
        await queryRunner.query(`ALTER TABLE "order_refund" DROP CONSTRAINT "ck_order_refund_status"`);
        await queryRunner.query(`ALTER TABLE "order_refund" ADD CONSTRAINT "ck_order_refund_status" CHECK ("status" IN ('processing', 'succeeded', 'failed'))`);
        await queryRunner.query(`UPDATE "order_refund" SET "settled_at" = NULL WHERE "status" = 'processing'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "order_refund" SET "settled_at" = "created_at" WHERE "status" = 'processing'`);
        await queryRunner.query(`ALTER TABLE "order_refund" DROP CONSTRAINT "ck_order_refund_status"`);
        await queryRunner.query(`ALTER TABLE "order_refund" ADD CONSTRAINT "ck_order_refund_status" CHECK ("status" IN ('processing', 'succeeded'))`);
        await queryRunner.query(`ALTER TABLE "order_refund" DROP COLUMN "failure_reason"`);
    }

}
