import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The counters behind human-facing numbers (`SO-20261206-0042`): one row per scope (the business or
 * a store), prefix and local date, bumped by short autocommit statements (src/common/numbers).
 * A low fill factor leaves room on each page, so the many updates of a day's row stay HOT updates.
 */
export class HumanNumbers1764001400000 implements MigrationInterface {
  name = 'HumanNumbers1764001400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "human_number_counter" ("scope" text NOT NULL, "prefix" text NOT NULL, "local_date" date NOT NULL, "last_value" bigint NOT NULL, CONSTRAINT "ck_human_number_counter_last_value" CHECK ("last_value" > 0), CONSTRAINT "pk_human_number_counter" PRIMARY KEY ("scope", "prefix", "local_date")) WITH (fillfactor = 50)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "human_number_counter"`);
  }
}
