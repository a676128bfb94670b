import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments, first part (issue 13): each store's booking policy, appointments with their status
 * history, holds, and booking segments, whose exclusion constraints over staff and resource time forbid
 * double-booking (`ex_segment_staff` leaves the processing block free, `ex_segment_resource` does not).
 */
export class Appointments1764002800000 implements MigrationInterface {
    name = 'Appointments1764002800000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "booking_policy" ("store_id" uuid NOT NULL, "slot_minutes" integer NOT NULL DEFAULT '15', "min_notice_minutes" integer NOT NULL DEFAULT '60', "horizon_days" integer NOT NULL DEFAULT '60', "daily_cap_per_staff" integer, "cancellation_window_minutes" integer NOT NULL DEFAULT '1440', "late_cancellation_fee_amount" bigint, "late_cancellation_fee_currency" character(3), "no_show_after_minutes" integer DEFAULT '30', "reminder_offsets_minutes" integer array NOT NULL DEFAULT '{1440,120}', "hold_minutes" integer NOT NULL DEFAULT '5', "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_booking_policy_hold" CHECK ("hold_minutes" BETWEEN 1 AND 60), CONSTRAINT "ck_booking_policy_no_show" CHECK ("no_show_after_minutes" IS NULL OR "no_show_after_minutes" BETWEEN 0 AND 1440), CONSTRAINT "ck_booking_policy_fee" CHECK (("late_cancellation_fee_amount" IS NULL OR "late_cancellation_fee_amount" >= 0) AND (("late_cancellation_fee_amount" IS NULL) = ("late_cancellation_fee_currency" IS NULL))), CONSTRAINT "ck_booking_policy_cancellation" CHECK ("cancellation_window_minutes" BETWEEN 0 AND 20160), CONSTRAINT "ck_booking_policy_cap" CHECK ("daily_cap_per_staff" IS NULL OR "daily_cap_per_staff" BETWEEN 1 AND 100), CONSTRAINT "ck_booking_policy_horizon" CHECK ("horizon_days" BETWEEN 1 AND 366), CONSTRAINT "ck_booking_policy_notice" CHECK ("min_notice_minutes" BETWEEN 0 AND 20160), CONSTRAINT "ck_booking_policy_slot" CHECK ("slot_minutes" IN (5, 10, 15, 20, 30, 60)), CONSTRAINT "pk_booking_policy" PRIMARY KEY ("store_id"))`);
        await queryRunner.query(`CREATE TABLE "appointment_hold" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "customer_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by_type" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_appointment_hold" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appointment_hold_expires" ON "appointment_hold"  ("expires_at") `);
        await queryRunner.query(`CREATE TABLE "appointment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "store_id" uuid NOT NULL, "customer_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'booked', "channel" text NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "notes" text, "special_requests" text, "booked_by_type" text NOT NULL, "booked_by_id" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "cancelled_by_type" text, "cancelled_by_id" uuid, "late_cancellation" boolean NOT NULL DEFAULT false, "fee_amount" bigint, "fee_currency" character(3), "checked_in_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "series_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_appointment_number" UNIQUE ("number"), CONSTRAINT "ck_appointment_span" CHECK ("ends_at" > "starts_at"), CONSTRAINT "ck_appointment_fee" CHECK (("fee_amount" IS NULL) = ("fee_currency" IS NULL) AND ("fee_amount" IS NULL OR "fee_amount" >= 0)), CONSTRAINT "ck_appointment_channel" CHECK ("channel" IN ('online', 'app', 'mini_program', 'phone', 'walk_in', 'partner')), CONSTRAINT "ck_appointment_status" CHECK ("status" IN ('booked', 'confirmed', 'checked_in', 'in_service', 'completed', 'cancelled', 'no_show')), CONSTRAINT "pk_appointment" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appointment_customer_start" ON "appointment"  ("customer_id", "starts_at") `);
        await queryRunner.query(`CREATE INDEX "ix_appointment_store_start" ON "appointment"  ("store_id", "starts_at") `);
        await queryRunner.query(`CREATE INDEX "ix_appointment_series" ON "appointment"  ("series_id") WHERE "series_id" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "appointment_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "appointment_id" uuid NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_appointment_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_appointment_status_history_appointment" ON "appointment_status_history"  ("appointment_id", "at") `);
        await queryRunner.query(`CREATE TABLE "booking_segment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appointment_id" uuid, "hold_id" uuid, "position" integer NOT NULL, "store_id" uuid NOT NULL, "variation_id" uuid NOT NULL, "staff_member_id" uuid NOT NULL, "resource_id" uuid, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "staff_busy" tstzmultirange NOT NULL, "resource_busy" tstzrange, "active" boolean NOT NULL DEFAULT true, "price_amount" bigint NOT NULL, "currency" character(3) NOT NULL, CONSTRAINT "ck_booking_segment_resource" CHECK (("resource_id" IS NULL) = ("resource_busy" IS NULL)), CONSTRAINT "ck_booking_segment_price" CHECK ("price_amount" >= 0 AND "currency" ~ '^[A-Z]{3}$'), CONSTRAINT "ck_booking_segment_span" CHECK ("ends_at" > "starts_at"), CONSTRAINT "ck_booking_segment_owner" CHECK (("appointment_id" IS NULL) <> ("hold_id" IS NULL)), CONSTRAINT "ex_segment_resource" EXCLUDE USING gist ("resource_id" WITH =, "resource_busy" WITH &&) WHERE ("active" AND "resource_id" IS NOT NULL), CONSTRAINT "ex_segment_staff" EXCLUDE USING gist ("staff_member_id" WITH =, "staff_busy" WITH &&) WHERE ("active"), CONSTRAINT "pk_booking_segment" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_booking_segment_store_start" ON "booking_segment"  ("store_id", "starts_at") WHERE "active"`);
        await queryRunner.query(`CREATE INDEX "ix_booking_segment_hold" ON "booking_segment"  ("hold_id") `);
        await queryRunner.query(`CREATE INDEX "ix_booking_segment_appointment" ON "booking_segment"  ("appointment_id", "position") `);
        await queryRunner.query(`ALTER TABLE "booking_policy" ADD CONSTRAINT "fk_booking_policy_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appointment_hold" ADD CONSTRAINT "fk_appointment_hold_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appointment_hold" ADD CONSTRAINT "fk_appointment_hold_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "fk_appointment_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "appointment_status_history" ADD CONSTRAINT "fk_appointment_status_history_appointment_id" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_appointment_id" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_hold_id" FOREIGN KEY ("hold_id") REFERENCES "appointment_hold"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_variation_id" FOREIGN KEY ("variation_id") REFERENCES "service_variation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "booking_segment" ADD CONSTRAINT "fk_booking_segment_resource_id" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_resource_id"`);
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_variation_id"`);
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_store_id"`);
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_hold_id"`);
        await queryRunner.query(`ALTER TABLE "booking_segment" DROP CONSTRAINT "fk_booking_segment_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "appointment_status_history" DROP CONSTRAINT "fk_appointment_status_history_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "fk_appointment_customer_id"`);
        await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "fk_appointment_store_id"`);
        await queryRunner.query(`ALTER TABLE "appointment_hold" DROP CONSTRAINT "fk_appointment_hold_customer_id"`);
        await queryRunner.query(`ALTER TABLE "appointment_hold" DROP CONSTRAINT "fk_appointment_hold_store_id"`);
        await queryRunner.query(`ALTER TABLE "booking_policy" DROP CONSTRAINT "fk_booking_policy_store_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_booking_segment_appointment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_booking_segment_hold"`);
        await queryRunner.query(`DROP INDEX "public"."ix_booking_segment_store_start"`);
        await queryRunner.query(`DROP TABLE "booking_segment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appointment_status_history_appointment"`);
        await queryRunner.query(`DROP TABLE "appointment_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appointment_series"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appointment_store_start"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appointment_customer_start"`);
        await queryRunner.query(`DROP TABLE "appointment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_appointment_hold_expires"`);
        await queryRunner.query(`DROP TABLE "appointment_hold"`);
        await queryRunner.query(`DROP TABLE "booking_policy"`);
    }

}
