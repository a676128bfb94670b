import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail: one row per write, never updated. */
export class Audit1764000300000 implements MigrationInterface {
  name = 'Audit1764000300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "actor_type" text NOT NULL, "actor_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "store_id" uuid, "before" jsonb, "after" jsonb, "request_id" text, CONSTRAINT "pk_audit_event" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_created" ON "audit_event"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_entity" ON "audit_event"  ("entity_type", "entity_id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_actor" ON "audit_event"  ("actor_id") `);
    await queryRunner.query(`CREATE INDEX "ix_audit_event_store" ON "audit_event"  ("store_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
