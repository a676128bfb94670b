import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments, life cycle (issue 13): a customer's late cancellations are counted with their other
 * figures (`late_cancellation_count`, never below zero like `no_show_count`).
 */
export class CustomerLateCancellations1764002900000 implements MigrationInterface {
    name = 'CustomerLateCancellations1764002900000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "customer" ADD "late_cancellation_count" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "customer" DROP CONSTRAINT "ck_customer_figures"`);
        await queryRunner.query(`ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_figures" CHECK ("visit_count" >= 0 AND "ticket_count" >= 0 AND "no_show_count" >= 0 AND "late_cancellation_count" >= 0 AND "spend_total" >= 0)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "customer" DROP CONSTRAINT "ck_customer_figures"`);
        await queryRunner.query(`ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_figures" CHECK ("visit_count" >= 0 AND "ticket_count" >= 0 AND "no_show_count" >= 0 AND "spend_total" >= 0)`);
        await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "late_cancellation_count"`);
    }
}
