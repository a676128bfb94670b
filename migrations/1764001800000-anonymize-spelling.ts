import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One spelling in the API: the published path is `/anonymize`, so the status, error code, timeline
 * type, audit action and event name follow it (`anonymized`, not `anonymised`).
 */
export class AnonymizeSpelling1764001800000 implements MigrationInterface {
  name = 'AnonymizeSpelling1764001800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customer" DROP CONSTRAINT "ck_customer_status", DROP CONSTRAINT "ck_customer_phone"`);
    await queryRunner.query(`UPDATE "customer" SET "status" = 'anonymized' WHERE "status" = 'anonymised'`);
    await queryRunner.query(
      `ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_status" CHECK ("status" IN ('active', 'blocked', 'anonymized', 'merged')), ADD CONSTRAINT "ck_customer_phone" CHECK ("phone" IS NOT NULL OR "status" IN ('anonymized', 'merged'))`,
    );
    await queryRunner.query(`UPDATE "audit_event" SET "action" = 'customer.anonymize' WHERE "action" = 'customer.anonymise'`);
    await queryRunner.query(`UPDATE "event" SET "name" = 'customer.anonymized' WHERE "name" = 'customer.anonymised'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "event" SET "name" = 'customer.anonymised' WHERE "name" = 'customer.anonymized'`);
    await queryRunner.query(`UPDATE "audit_event" SET "action" = 'customer.anonymise' WHERE "action" = 'customer.anonymize'`);
    await queryRunner.query(`ALTER TABLE "customer" DROP CONSTRAINT "ck_customer_status", DROP CONSTRAINT "ck_customer_phone"`);
    await queryRunner.query(`UPDATE "customer" SET "status" = 'anonymised' WHERE "status" = 'anonymized'`);
    await queryRunner.query(
      `ALTER TABLE "customer" ADD CONSTRAINT "ck_customer_status" CHECK ("status" IN ('active', 'blocked', 'anonymised', 'merged')), ADD CONSTRAINT "ck_customer_phone" CHECK ("phone" IS NOT NULL OR "status" IN ('anonymised', 'merged'))`,
    );
  }
}
