import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The waitlist (issue 13): customers waiting for a service at a store within local dates (and perhaps
 * a time of day and a staff member), in the order they asked; the offer of a freed slot (its hold and
 * until when) and the appointment an accepted offer booked; the entries' status history.
 */
export class Waitlist1764003200000 implements MigrationInterface {
    name = 'Waitlist1764003200000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "waitlist_entry" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "variation_ids" uuid array NOT NULL, "staff_member_id" uuid, "date_from" date NOT NULL, "date_to" date NOT NULL, "time_from" TIME, "time_to" TIME, "status" text NOT NULL DEFAULT 'waiting', "offer_hold_id" uuid, "offered_at" TIMESTAMP WITH TIME ZONE, "offer_expires_at" TIMESTAMP WITH TIME ZONE, "appointment_id" uuid, "notes" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_waitlist_entry_offer" CHECK ("status" <> 'offered' OR ("offer_hold_id" IS NOT NULL AND "offer_expires_at" IS NOT NULL)), CONSTRAINT "ck_waitlist_entry_variations" CHECK (cardinality("variation_ids") BETWEEN 1 AND 3), CONSTRAINT "ck_waitlist_entry_times" CHECK (("time_from" IS NULL) = ("time_to" IS NULL) AND ("time_from" IS NULL OR "time_to" > "time_from")), CONSTRAINT "ck_waitlist_entry_dates" CHECK ("date_to" >= "date_from"), CONSTRAINT "ck_waitlist_entry_status" CHECK ("status" IN ('waiting', 'offered', 'booked', 'cancelled', 'expired')), CONSTRAINT "pk_waitlist_entry" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_waitlist_entry_created" ON "waitlist_entry"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_waitlist_entry_offer_hold" ON "waitlist_entry"  ("offer_hold_id") WHERE "offer_hold_id" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "ix_waitlist_entry_store_status_created" ON "waitlist_entry"  ("store_id", "status", "created_at") `);
        await queryRunner.query(`CREATE TABLE "waitlist_entry_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "waitlist_entry_id" uuid NOT NULL, CONSTRAINT "pk_waitlist_entry_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_waitlist_entry_status_history_entry" ON "waitlist_entry_status_history"  ("waitlist_entry_id", "at") `);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" ADD CONSTRAINT "fk_waitlist_entry_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" ADD CONSTRAINT "fk_waitlist_entry_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" ADD CONSTRAINT "fk_waitlist_entry_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" ADD CONSTRAINT "fk_waitlist_entry_appointment_id" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry_status_history" ADD CONSTRAINT "fk_waitlist_entry_status_history_waitlist_entry_id" FOREIGN KEY ("waitlist_entry_id") REFERENCES "waitlist_entry"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "waitlist_entry_status_history" DROP CONSTRAINT "fk_waitlist_entry_status_history_waitlist_entry_id"`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" DROP CONSTRAINT "fk_waitlist_entry_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" DROP CONSTRAINT "fk_waitlist_entry_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" DROP CONSTRAINT "fk_waitlist_entry_customer_id"`);
        await queryRunner.query(`ALTER TABLE "waitlist_entry" DROP CONSTRAINT "fk_waitlist_entry_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entry_status_history_entry"`);
        await queryRunner.query(`DROP TABLE "waitlist_entry_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entry_store_status_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entry_offer_hold"`);
        await queryRunner.query(`DROP INDEX "public"."ix_waitlist_entry_created"`);
        await queryRunner.query(`DROP TABLE "waitlist_entry"`);
    }
}
