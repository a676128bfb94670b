import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The deadline table (DESIGN §5): one pending deadline per kind and subject; the sweeper walks pending rows by due time. */
export class Deadlines1764000400000 implements MigrationInterface {
  name = 'Deadlines1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "deadline" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "subject_id" text NOT NULL, "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status" text NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "fired_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, CONSTRAINT "ck_deadline_cancelled_at" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL)), CONSTRAINT "ck_deadline_fired_at" CHECK (("status" = 'fired') = ("fired_at" IS NOT NULL)), CONSTRAINT "ck_deadline_status" CHECK ("status" IN ('pending', 'fired', 'cancelled')), CONSTRAINT "pk_deadline" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_deadline_pending_due" ON "deadline"  ("due_at", "id") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_deadline_pending_kind_subject" ON "deadline"  ("kind", "subject_id") WHERE "status" = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_deadline_pending_kind_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_deadline_pending_due"`);
    await queryRunner.query(`DROP TABLE "deadline"`);
  }
}
