import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A store's booked resource time in a window: the availability search and a booking's re-check read
 * it by store and time (`ex_segment_resource`'s index is by resource; by store alone they scanned the
 * store's whole history of segments).
 */
export class BookingSegmentResourceBusyIndex1764003400000 implements MigrationInterface {
    name = 'BookingSegmentResourceBusyIndex1764003400000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(
            `CREATE INDEX "ix_booking_segment_store_resource_busy" ON "booking_segment" USING gist ("store_id", "resource_busy") WHERE "active" AND "resource_id" IS NOT NULL`,
        );
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_booking_segment_store_resource_busy"`);
    }
}
