import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Counter checkout (issue 15): an order line names the staff member who performed its service (for
 * commissions), and a line of kind `fee` collects a no-show or late-cancellation fee recorded on an
 * earlier appointment, once (unique). A checkout order is marked (`counter_checkout`), one per appointment, so an appointment is checked
 * out once (an order scheduled as an appointment is not a checkout). `ck_order_line_kind` is replaced by hand: the generator does not see a changed check.
 */
export class CounterCheckout1764004700000 implements MigrationInterface {
    name = 'CounterCheckout1764004700000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order_line" ADD "staff_member_id" uuid`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD "fee_appointment_id" uuid`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "ck_order_line_kind"`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "ck_order_line_kind" CHECK (("kind" = 'product' AND "product_id" IS NOT NULL AND "variation_id" IS NULL AND "fee_appointment_id" IS NULL) OR ("kind" = 'service' AND "variation_id" IS NOT NULL AND "product_id" IS NULL AND "fee_appointment_id" IS NULL) OR ("kind" = 'fee' AND "fee_appointment_id" IS NOT NULL AND "product_id" IS NULL AND "variation_id" IS NULL AND "quantity" = 1))`);
        await queryRunner.query(`ALTER TABLE "order" ADD "counter_checkout" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_order_checkout_appointment" ON "order"  ("appointment_id") WHERE "counter_checkout"`);
    await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "ck_order_checkout" CHECK (NOT "counter_checkout" OR ("channel" = 'in_store' AND "appointment_id" IS NOT NULL))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_order_line_fee_appointment" ON "order_line"  ("fee_appointment_id") WHERE "fee_appointment_id" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "ck_order_line_staff" CHECK ("staff_member_id" IS NULL OR "kind" = 'service')`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "fk_order_line_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "fk_order_line_fee_appointment_id" FOREIGN KEY ("fee_appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "fk_order_line_fee_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "fk_order_line_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "ck_order_line_staff"`);
        await queryRunner.query(`DROP INDEX "public"."uq_order_line_fee_appointment"`);
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "ck_order_checkout"`);
    await queryRunner.query(`DROP INDEX "public"."uq_order_checkout_appointment"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "counter_checkout"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "ck_order_line_kind"`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "ck_order_line_kind" CHECK (("kind" = 'product' AND "product_id" IS NOT NULL AND "variation_id" IS NULL) OR ("kind" = 'service' AND "variation_id" IS NOT NULL AND "product_id" IS NULL))`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP COLUMN "fee_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP COLUMN "staff_member_id"`);
    }

}
