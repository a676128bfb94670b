import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scheduling (issue 12): staff levels, staff members with their stores and skills, weekly shift templates
 * and the shifts they plan (one person never in two places: `ex_shift_staff_overlap`), time off and its
 * history, attendance and its corrections, resources and their maintenance blocks; catalog's per-level
 * prices and durations; a customer's preferred staff.
 */

export class Scheduling1764002700000 implements MigrationInterface {
    name = 'Scheduling1764002700000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "variation_level_price" ("variation_id" uuid NOT NULL, "level_id" uuid NOT NULL, "amount" bigint, "currency" character(3), "duration_minutes" integer, CONSTRAINT "ck_variation_level_price_something" CHECK ("amount" IS NOT NULL OR "duration_minutes" IS NOT NULL), CONSTRAINT "ck_variation_level_price_duration" CHECK ("duration_minutes" IS NULL OR "duration_minutes" > 0), CONSTRAINT "ck_variation_level_price_currency" CHECK (("amount" IS NULL) = ("currency" IS NULL) AND ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$')), CONSTRAINT "ck_variation_level_price_amount" CHECK ("amount" IS NULL OR "amount" >= 0), CONSTRAINT "pk_variation_level_price" PRIMARY KEY ("variation_id", "level_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_variation_level_price_level" ON "variation_level_price"  ("level_id") `);
        await queryRunner.query(`CREATE TABLE "staff_level" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" citext NOT NULL, "name" text NOT NULL, "rank" integer NOT NULL, "status" text NOT NULL DEFAULT 'active', "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_staff_level_code" UNIQUE ("code"), CONSTRAINT "uq_staff_level_rank" UNIQUE ("rank"), CONSTRAINT "ck_staff_level_rank" CHECK ("rank" BETWEEN 0 AND 1000), CONSTRAINT "ck_staff_level_code" CHECK ("code" ~ '^[a-z][a-z0-9_]{0,31}$'), CONSTRAINT "ck_staff_level_status" CHECK ("status" IN ('active', 'archived')), CONSTRAINT "pk_staff_level" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "staff_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid, "name" text NOT NULL, "display_name" text NOT NULL, "photo_url" text, "level_id" uuid, "calendar_color" text NOT NULL DEFAULT '#8E7CC3', "bookable_online" boolean NOT NULL DEFAULT true, "status" text NOT NULL DEFAULT 'active', "hire_date" date, "calendar_feed_token_hash" text, "calendar_feed_rotated_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_staff_member_user_id" UNIQUE ("user_id"), CONSTRAINT "uq_staff_member_calendar_feed_token_hash" UNIQUE ("calendar_feed_token_hash"), CONSTRAINT "ck_staff_member_color" CHECK ("calendar_color" ~ '^#[0-9A-Fa-f]{6}$'), CONSTRAINT "ck_staff_member_status" CHECK ("status" IN ('active', 'inactive')), CONSTRAINT "pk_staff_member" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_staff_member_level" ON "staff_member"  ("level_id") `);
        await queryRunner.query(`CREATE INDEX "ix_staff_member_created" ON "staff_member"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "shift_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_member_id" uuid NOT NULL, "store_id" uuid NOT NULL, "valid_from" date NOT NULL, "valid_to" date, "week" jsonb NOT NULL, "allow_closed_days" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shift_template_validity" CHECK ("valid_to" IS NULL OR "valid_to" >= "valid_from"), CONSTRAINT "ex_shift_template_validity" EXCLUDE USING gist ("staff_member_id" WITH =, "store_id" WITH =, daterange("valid_from", "valid_to", '[]') WITH &&), CONSTRAINT "pk_shift_template" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_shift_template_store" ON "shift_template"  ("store_id") `);
        await queryRunner.query(`CREATE TABLE "shift" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_member_id" uuid NOT NULL, "store_id" uuid NOT NULL, "date" date NOT NULL, "during" tstzrange NOT NULL, "breaks" tstzmultirange NOT NULL DEFAULT '{}', "source" text NOT NULL, "template_id" uuid, "edited" boolean NOT NULL DEFAULT false, "status" text NOT NULL DEFAULT 'scheduled', "on_closed_day" boolean NOT NULL DEFAULT false, "note" text, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancel_reason" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_shift_template_source" CHECK (("source" = 'template') = ("template_id" IS NOT NULL)), CONSTRAINT "ck_shift_breaks" CHECK ("breaks" <@ "during"), CONSTRAINT "ck_shift_length" CHECK (upper("during") - lower("during") <= interval '16 hours'), CONSTRAINT "ck_shift_during" CHECK (NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")), CONSTRAINT "ck_shift_source" CHECK ("source" IN ('template', 'manual')), CONSTRAINT "ck_shift_status" CHECK ("status" IN ('scheduled', 'cancelled')), CONSTRAINT "ex_shift_staff_overlap" EXCLUDE USING gist ("staff_member_id" WITH =, "during" WITH &&) WHERE ("status" = 'scheduled'), CONSTRAINT "pk_shift" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_shift_store_during" ON "shift" USING gist ("store_id", "during") WHERE "status" = 'scheduled'`);
        await queryRunner.query(`CREATE INDEX "ix_shift_staff_during" ON "shift" USING gist ("staff_member_id", "during") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_shift_template_date" ON "shift"  ("template_id", "date") WHERE "template_id" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "attendance_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_member_id" uuid NOT NULL, "store_id" uuid NOT NULL, "shift_id" uuid, "clock_in_at" TIMESTAMP WITH TIME ZONE NOT NULL, "clock_out_at" TIMESTAMP WITH TIME ZONE, "clock_in_source" text NOT NULL, "clock_out_source" text, "clock_in_by" uuid, "clock_out_by" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_attendance_out_source" CHECK ("clock_out_source" IS NULL OR "clock_out_source" IN ('self', 'front_desk', 'manager')), CONSTRAINT "ck_attendance_in_source" CHECK ("clock_in_source" IN ('self', 'front_desk', 'manager')), CONSTRAINT "ck_attendance_order" CHECK ("clock_out_at" IS NULL OR "clock_out_at" > "clock_in_at"), CONSTRAINT "ex_attendance_overlap" EXCLUDE USING gist ("staff_member_id" WITH =, tstzrange("clock_in_at", "clock_out_at") WITH &&), CONSTRAINT "pk_attendance_record" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_attendance_shift" ON "attendance_record"  ("shift_id") `);
        await queryRunner.query(`CREATE INDEX "ix_attendance_store_in" ON "attendance_record"  ("store_id", "clock_in_at") `);
        await queryRunner.query(`CREATE TABLE "attendance_correction" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "attendance_record_id" uuid NOT NULL, "corrected_by" uuid, "reason" text NOT NULL, "before" jsonb NOT NULL, "after" jsonb NOT NULL, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_attendance_correction" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_attendance_correction_record" ON "attendance_correction"  ("attendance_record_id", "at") `);
        await queryRunner.query(`CREATE TABLE "resource" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "name" citext NOT NULL, "type" text NOT NULL, "status" text NOT NULL DEFAULT 'active', "note" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_resource_store_name" UNIQUE ("store_id", "name"), CONSTRAINT "ck_resource_status" CHECK ("status" IN ('active', 'inactive')), CONSTRAINT "pk_resource" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_resource_store_type" ON "resource"  ("store_id", "type") `);
        await queryRunner.query(`CREATE TABLE "resource_block" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "resource_id" uuid NOT NULL, "during" tstzrange NOT NULL, "reason" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_resource_block_during" CHECK (NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")), CONSTRAINT "ex_resource_block_overlap" EXCLUDE USING gist ("resource_id" WITH =, "during" WITH &&), CONSTRAINT "pk_resource_block" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "staff_member_skill" ("staff_member_id" uuid NOT NULL, "skill" text NOT NULL, "proficiency" smallint, CONSTRAINT "ck_staff_member_skill_proficiency" CHECK ("proficiency" IS NULL OR "proficiency" BETWEEN 1 AND 5), CONSTRAINT "pk_staff_member_skill" PRIMARY KEY ("staff_member_id", "skill"))`);
        await queryRunner.query(`CREATE INDEX "ix_staff_member_skill_skill" ON "staff_member_skill"  ("skill") `);
        await queryRunner.query(`CREATE TABLE "staff_member_store" ("staff_member_id" uuid NOT NULL, "store_id" uuid NOT NULL, CONSTRAINT "pk_staff_member_store" PRIMARY KEY ("staff_member_id", "store_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_staff_member_store_store" ON "staff_member_store"  ("store_id") `);
        await queryRunner.query(`CREATE TABLE "time_off" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_member_id" uuid NOT NULL, "during" tstzrange NOT NULL, "all_day" boolean NOT NULL DEFAULT false, "time_zone" text, "type" text NOT NULL, "status" text NOT NULL DEFAULT 'requested', "reason" text, "requested_by" uuid, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decision_note" text, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_time_off_during" CHECK (NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")), CONSTRAINT "ck_time_off_status" CHECK ("status" IN ('requested', 'approved', 'refused', 'cancelled')), CONSTRAINT "ck_time_off_type" CHECK ("type" IN ('annual', 'sick', 'training', 'other')), CONSTRAINT "ex_time_off_overlap" EXCLUDE USING gist ("staff_member_id" WITH =, "during" WITH &&) WHERE ("status" IN ('requested', 'approved')), CONSTRAINT "pk_time_off" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_time_off_staff_during" ON "time_off" USING gist ("staff_member_id", "during") `);
    await queryRunner.query(`CREATE INDEX "ix_time_off_created" ON "time_off"  ("created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "time_off_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "time_off_id" uuid NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_time_off_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_time_off_status_history_time_off" ON "time_off_status_history"  ("time_off_id", "at") `);
        await queryRunner.query(`ALTER TABLE "customer" ADD "preferred_staff_ids" uuid array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`ALTER TABLE "variation_level_price" ADD CONSTRAINT "fk_variation_level_price_variation_id" FOREIGN KEY ("variation_id") REFERENCES "service_variation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "variation_level_price" ADD CONSTRAINT "fk_variation_level_price_level_id" FOREIGN KEY ("level_id") REFERENCES "staff_level"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_member" ADD CONSTRAINT "fk_staff_member_user_id" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_member" ADD CONSTRAINT "fk_staff_member_level_id" FOREIGN KEY ("level_id") REFERENCES "staff_level"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shift_template" ADD CONSTRAINT "fk_shift_template_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shift_template" ADD CONSTRAINT "fk_shift_template_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shift" ADD CONSTRAINT "fk_shift_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shift" ADD CONSTRAINT "fk_shift_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "shift" ADD CONSTRAINT "fk_shift_template_id" FOREIGN KEY ("template_id") REFERENCES "shift_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attendance_record" ADD CONSTRAINT "fk_attendance_record_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attendance_record" ADD CONSTRAINT "fk_attendance_record_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attendance_record" ADD CONSTRAINT "fk_attendance_record_shift_id" FOREIGN KEY ("shift_id") REFERENCES "shift"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attendance_correction" ADD CONSTRAINT "fk_attendance_correction_attendance_record_id" FOREIGN KEY ("attendance_record_id") REFERENCES "attendance_record"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "resource" ADD CONSTRAINT "fk_resource_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "resource_block" ADD CONSTRAINT "fk_resource_block_resource_id" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_member_skill" ADD CONSTRAINT "fk_staff_member_skill_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_member_store" ADD CONSTRAINT "fk_staff_member_store_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "staff_member_store" ADD CONSTRAINT "fk_staff_member_store_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off" ADD CONSTRAINT "fk_time_off_staff_member_id" FOREIGN KEY ("staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off" ADD CONSTRAINT "fk_time_off_requested_by" FOREIGN KEY ("requested_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off" ADD CONSTRAINT "fk_time_off_decided_by" FOREIGN KEY ("decided_by") REFERENCES "staff_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off_status_history" ADD CONSTRAINT "fk_time_off_status_history_time_off_id" FOREIGN KEY ("time_off_id") REFERENCES "time_off"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "time_off_status_history" DROP CONSTRAINT "fk_time_off_status_history_time_off_id"`);
        await queryRunner.query(`ALTER TABLE "time_off" DROP CONSTRAINT "fk_time_off_decided_by"`);
        await queryRunner.query(`ALTER TABLE "time_off" DROP CONSTRAINT "fk_time_off_requested_by"`);
        await queryRunner.query(`ALTER TABLE "time_off" DROP CONSTRAINT "fk_time_off_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "staff_member_store" DROP CONSTRAINT "fk_staff_member_store_store_id"`);
        await queryRunner.query(`ALTER TABLE "staff_member_store" DROP CONSTRAINT "fk_staff_member_store_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "staff_member_skill" DROP CONSTRAINT "fk_staff_member_skill_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "resource_block" DROP CONSTRAINT "fk_resource_block_resource_id"`);
        await queryRunner.query(`ALTER TABLE "resource" DROP CONSTRAINT "fk_resource_store_id"`);
        await queryRunner.query(`ALTER TABLE "attendance_correction" DROP CONSTRAINT "fk_attendance_correction_attendance_record_id"`);
        await queryRunner.query(`ALTER TABLE "attendance_record" DROP CONSTRAINT "fk_attendance_record_shift_id"`);
        await queryRunner.query(`ALTER TABLE "attendance_record" DROP CONSTRAINT "fk_attendance_record_store_id"`);
        await queryRunner.query(`ALTER TABLE "attendance_record" DROP CONSTRAINT "fk_attendance_record_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "shift" DROP CONSTRAINT "fk_shift_template_id"`);
        await queryRunner.query(`ALTER TABLE "shift" DROP CONSTRAINT "fk_shift_store_id"`);
        await queryRunner.query(`ALTER TABLE "shift" DROP CONSTRAINT "fk_shift_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "shift_template" DROP CONSTRAINT "fk_shift_template_store_id"`);
        await queryRunner.query(`ALTER TABLE "shift_template" DROP CONSTRAINT "fk_shift_template_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "staff_member" DROP CONSTRAINT "fk_staff_member_level_id"`);
        await queryRunner.query(`ALTER TABLE "staff_member" DROP CONSTRAINT "fk_staff_member_user_id"`);
        await queryRunner.query(`ALTER TABLE "variation_level_price" DROP CONSTRAINT "fk_variation_level_price_level_id"`);
        await queryRunner.query(`ALTER TABLE "variation_level_price" DROP CONSTRAINT "fk_variation_level_price_variation_id"`);
        await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "preferred_staff_ids"`);
        await queryRunner.query(`DROP INDEX "public"."ix_time_off_status_history_time_off"`);
        await queryRunner.query(`DROP TABLE "time_off_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."ix_time_off_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_time_off_staff_during"`);
    await queryRunner.query(`DROP TABLE "time_off"`);
        await queryRunner.query(`DROP INDEX "public"."ix_staff_member_store_store"`);
        await queryRunner.query(`DROP TABLE "staff_member_store"`);
        await queryRunner.query(`DROP INDEX "public"."ix_staff_member_skill_skill"`);
        await queryRunner.query(`DROP TABLE "staff_member_skill"`);
        await queryRunner.query(`DROP TABLE "resource_block"`);
        await queryRunner.query(`DROP INDEX "public"."ix_resource_store_type"`);
        await queryRunner.query(`DROP TABLE "resource"`);
        await queryRunner.query(`DROP INDEX "public"."ix_attendance_correction_record"`);
        await queryRunner.query(`DROP TABLE "attendance_correction"`);
        await queryRunner.query(`DROP INDEX "public"."ix_attendance_store_in"`);
        await queryRunner.query(`DROP INDEX "public"."ix_attendance_shift"`);
        await queryRunner.query(`DROP TABLE "attendance_record"`);
        await queryRunner.query(`DROP INDEX "public"."uq_shift_template_date"`);
        await queryRunner.query(`DROP INDEX "public"."ix_shift_store_during"`);
        await queryRunner.query(`DROP INDEX "public"."ix_shift_staff_during"`);
    await queryRunner.query(`DROP TABLE "shift"`);
        await queryRunner.query(`DROP INDEX "public"."ix_shift_template_store"`);
        await queryRunner.query(`DROP TABLE "shift_template"`);
        await queryRunner.query(`DROP INDEX "public"."ix_staff_member_created"`);
        await queryRunner.query(`DROP INDEX "public"."ix_staff_member_level"`);
        await queryRunner.query(`DROP TABLE "staff_member"`);
        await queryRunner.query(`DROP TABLE "staff_level"`);
        await queryRunner.query(`DROP INDEX "public"."ix_variation_level_price_level"`);
        await queryRunner.query(`DROP TABLE "variation_level_price"`);
    }

}
