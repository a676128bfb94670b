import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointment reminders (issue 13): one row per appointment and reminder offset, the subject of its
 * `appointment.remind` deadline, with the start it reminds of.
 */
export class AppointmentReminders1764003000000 implements MigrationInterface {
    name = 'AppointmentReminders1764003000000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "appointment_reminder" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appointment_id" uuid NOT NULL, "offset_minutes" integer NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_appointment_reminder" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_appointment_reminder_offset" ON "appointment_reminder"  ("appointment_id", "offset_minutes") `);
        await queryRunner.query(`ALTER TABLE "appointment_reminder" ADD CONSTRAINT "fk_appointment_reminder_appointment_id" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "appointment_reminder" DROP CONSTRAINT "fk_appointment_reminder_appointment_id"`);
        await queryRunner.query(`DROP INDEX "public"."uq_appointment_reminder_offset"`);
        await queryRunner.query(`DROP TABLE "appointment_reminder"`);
    }
}
