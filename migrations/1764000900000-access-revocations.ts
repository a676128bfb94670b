import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Access revocations recorded in PostgreSQL, so a Redis that lost its data cannot bring revoked tokens back. */
export class AccessRevocations1764000900000 implements MigrationInterface {
  name = 'AccessRevocations1764000900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "access_revocation" ("kind" text NOT NULL, "subject_id" uuid NOT NULL, "revoked_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_access_revocation_kind" CHECK ("kind" IN ('user', 'session')), CONSTRAINT "pk_access_revocation" PRIMARY KEY ("kind", "subject_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_access_revocation_revoked_at" ON "access_revocation" ("revoked_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "access_revocation"`);
  }
}
