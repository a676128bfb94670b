import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers keep every number and address they are known by: `customer_phone` holds each phone of
 * each customer, unique in the business (the primary is also `customer.phone`, kept in step by a
 * trigger, so every writer of `customer.phone` keeps the book whole); `customer.other_emails`.
 * History says who did what and where it came from: actor names and types on audit rows, consent
 * events and notes; `merged_from_id` on rows a merge moved; blocks and unblocks with their reason.
 */
export class CustomerPhones1764001000000 implements MigrationInterface {
  name = 'CustomerPhones1764001000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "customer_phone" ("number" text NOT NULL, "customer_id" uuid NOT NULL, "label" text, "is_primary" boolean NOT NULL DEFAULT false, "merged_from_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_customer_phone" PRIMARY KEY ("number"))`);
    await queryRunner.query(`CREATE INDEX "ix_customer_phone_customer" ON "customer_phone" ("customer_id")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_customer_phone_primary" ON "customer_phone" ("customer_id") WHERE "is_primary"`);
    await queryRunner.query(`CREATE INDEX "ix_customer_phone_number_last4" ON "customer_phone" (right("number", 4))`);
    await queryRunner.query(`CREATE INDEX "ix_customer_phone_merged_from" ON "customer_phone" ("merged_from_id") WHERE "merged_from_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "customer_phone" ADD CONSTRAINT "fk_customer_phone_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO "customer_phone" ("number", "customer_id", "is_primary", "created_at") SELECT "phone", "id", true, "created_at" FROM "customer" WHERE "phone" IS NOT NULL`);
    // customer.phone is the primary number: whoever writes it (API, import, seed), the book follows.
    // A new primary replaces the old one (a merge moves the duplicate's numbers away before clearing
    // its phone); one of the customer's other numbers becoming primary is promoted; no phone (merged,
    // anonymised) leaves no number behind.
    await queryRunner.query(`CREATE FUNCTION customer_phone_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.phone IS NOT NULL THEN INSERT INTO customer_phone (number, customer_id, is_primary) VALUES (NEW.phone, NEW.id, true); END IF;
          RETURN NULL;
        END IF;
        IF OLD.phone IS NOT DISTINCT FROM NEW.phone THEN RETURN NULL; END IF;
        IF NEW.phone IS NULL THEN
          DELETE FROM customer_phone WHERE customer_id = NEW.id;
          RETURN NULL;
        END IF;
        DELETE FROM customer_phone WHERE customer_id = NEW.id AND is_primary;
        UPDATE customer_phone SET is_primary = true WHERE customer_id = NEW.id AND number = NEW.phone;
        IF NOT FOUND THEN
          INSERT INTO customer_phone (number, customer_id, is_primary) VALUES (NEW.phone, NEW.id, true);
        END IF;
        RETURN NULL;
      END
    $$`);
    await queryRunner.query(`CREATE TRIGGER "customer_phone_sync" AFTER INSERT OR UPDATE OF "phone" ON "customer" FOR EACH ROW EXECUTE FUNCTION customer_phone_sync()`);
    await queryRunner.query(`ALTER TABLE "customer" ADD "other_emails" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX "ix_customer_other_emails" ON "customer" USING gin ("other_emails") WITH (fastupdate = off)`);

    await queryRunner.query(`CREATE TABLE "customer_status_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "customer_id" uuid NOT NULL, "status" text NOT NULL, "reason" text, "actor_type" text NOT NULL, "actor_id" uuid, "actor_name" text, "merged_from_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_customer_status_event" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_customer_status_event_customer" ON "customer_status_event" ("customer_id", "created_at", "id")`);
    await queryRunner.query(`ALTER TABLE "customer_status_event" ADD CONSTRAINT "fk_customer_status_event_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "customer_note" ADD "author_type" text`);
    await queryRunner.query(`ALTER TABLE "customer_note" ADD "merged_from_id" uuid`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" ADD "actor_type" text`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" ADD "actor_name" text`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" ADD "merged_from_id" uuid`);
    await queryRunner.query(`ALTER TABLE "audit_event" ADD "actor_name" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "actor_name"`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" DROP COLUMN "merged_from_id"`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" DROP COLUMN "actor_name"`);
    await queryRunner.query(`ALTER TABLE "customer_consent_event" DROP COLUMN "actor_type"`);
    await queryRunner.query(`ALTER TABLE "customer_note" DROP COLUMN "merged_from_id"`);
    await queryRunner.query(`ALTER TABLE "customer_note" DROP COLUMN "author_type"`);
    await queryRunner.query(`DROP TABLE "customer_status_event"`);
    await queryRunner.query(`DROP INDEX "ix_customer_other_emails"`);
    await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "other_emails"`);
    await queryRunner.query(`DROP TRIGGER "customer_phone_sync" ON "customer"`);
    await queryRunner.query(`DROP FUNCTION customer_phone_sync()`);
    await queryRunner.query(`DROP TABLE "customer_phone"`);
  }
}
