import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembered Idempotency-Key requests (DESIGN §4), purged after IDEMPOTENCY_TTL. */
export class Idempotency1764000600000 implements MigrationInterface {
  name = 'Idempotency1764000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_key" ("scope" text NOT NULL, "key" text NOT NULL, "fingerprint" text NOT NULL, "method" text NOT NULL, "path" text NOT NULL, "status" text NOT NULL DEFAULT 'in_flight', "lock_token" uuid, "locked_until" TIMESTAMP WITH TIME ZONE, "response_status" integer, "response_headers" jsonb, "response_body" text, "request_id" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_idempotency_key_status" CHECK ("status" IN ('in_flight', 'completed')), CONSTRAINT "pk_idempotency_key" PRIMARY KEY ("scope", "key"))`);
    await queryRunner.query(`CREATE INDEX "ix_idempotency_key_created" ON "idempotency_key"  ("created_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_key"`);
  }
}
