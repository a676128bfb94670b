import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Durable domain events (DESIGN §5): the events, one delivery per subscriber, and the subscribers' inbox. */
export class DurableEvents1764001300000 implements MigrationInterface {
  name = 'DurableEvents1764001300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "payload" jsonb NOT NULL, "occurred_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_event" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_event_occurred" ON "event"  ("occurred_at") `);
    await queryRunner.query(`CREATE TABLE "event_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "subscriber" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "last_error_code" text, "last_error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_event_delivery_event_subscriber" UNIQUE ("event_id", "subscriber"), CONSTRAINT "ck_event_delivery_status" CHECK ("status" IN ('pending', 'delivered', 'dead')), CONSTRAINT "pk_event_delivery" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_event_delivery_created" ON "event_delivery"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_event_delivery_due" ON "event_delivery"  ("next_attempt_at") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE TABLE "event_inbox" ("subscriber" text NOT NULL, "event_id" uuid NOT NULL, "handled_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_event_inbox" PRIMARY KEY ("subscriber", "event_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_event_inbox_event" ON "event_inbox"  ("event_id") `);
    await queryRunner.query(`ALTER TABLE "event_delivery" ADD CONSTRAINT "fk_event_delivery_event_id" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_inbox" ADD CONSTRAINT "fk_event_inbox_event_id" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "event_inbox"`);
    await queryRunner.query(`DROP TABLE "event_delivery"`);
    await queryRunner.query(`DROP TABLE "event"`);
  }
}
