import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the inventory reports (issue 14) over a long ledger: `stock_movement` newest first across
 * stores (the movement history of an owner or a manager of several stores), and each level's sales by
 * time, so a slow mover's last sale is one index probe rather than a walk through its other movements.
 */
export class InventoryReportIndexes1764004100000 implements MigrationInterface {
    name = 'InventoryReportIndexes1764004100000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_stock_movement_sale" ON "stock_movement"  ("store_id", "product_id", "created_at") WHERE "kind" = 'sale'`);
        await queryRunner.query(`CREATE INDEX "ix_stock_movement_created" ON "stock_movement"  ("created_at", "id") `);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_stock_movement_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stock_movement_sale"`);
    }
}
