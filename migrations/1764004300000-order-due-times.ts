import { MigrationInterface, QueryRunner } from "typeorm";

export class OrderDueTimes1764004300000 implements MigrationInterface {
    name = 'OrderDueTimes1764004300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order" ADD "confirm_due_at" TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "order" ADD "ship_due_at" TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "order" ADD "confirmation_overdue_at" TIMESTAMP(3) WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "order" ADD "shipping_overdue_at" TIMESTAMP(3) WITH TIME ZONE`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "shipping_overdue_at"`);
        await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "confirmation_overdue_at"`);
        await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "ship_due_at"`);
        await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "confirm_due_at"`);
    }

}
