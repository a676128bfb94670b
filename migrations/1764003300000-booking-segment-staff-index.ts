import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A staff member's segments by start time, cancelled ones included: the calendar feed reads them for
 * each subscribed phone every hour (the exclusion constraint's index covers active segments only).
 */
export class BookingSegmentStaffIndex1764003300000 implements MigrationInterface {
    name = 'BookingSegmentStaffIndex1764003300000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_booking_segment_staff_start" ON "booking_segment"  ("staff_member_id", "starts_at") `);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_booking_segment_staff_start"`);
    }
}
