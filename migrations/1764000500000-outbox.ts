import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox of messages to the outside world (DESIGN §5), delivered by the `outbox` queue. */
export class Outbox1764000500000 implements MigrationInterface {
  name = 'Outbox1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" text NOT NULL, "topic" text NOT NULL, "payload" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "last_error" text, "dedupe_key" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_outbox_message_channel_dedupe_key" UNIQUE ("channel", "dedupe_key"), CONSTRAINT "ck_outbox_message_status" CHECK ("status" IN ('pending', 'sending', 'sent', 'failed', 'dead')), CONSTRAINT "pk_outbox_message" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_outbox_message_created" ON "outbox_message"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_outbox_message_due" ON "outbox_message"  ("next_attempt_at") WHERE "status" IN ('pending', 'sending', 'failed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
