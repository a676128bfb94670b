import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customer search: search keys of names (full pinyin or letters, and initials, computed by the application in
 * customer-name-keys.ts whenever a name is written) with trigram indexes, and tags matched
 * regardless of case through an index on their lower-cased form (replacing the exact-case one).
 * Existing rows get their keys from `backfillNameKeys`, which `migrate` runs after the migrations
 * (pinyin is computed in the application, not in SQL).
 */
export class CustomerSearch1764001100000 implements MigrationInterface {
  name = 'CustomerSearch1764001100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customer" ADD "name_pinyin" text`);
    await queryRunner.query(`ALTER TABLE "customer" ADD "name_initials" text`);
    // Trigrams answer both `LIKE '%xiaoh%'` and the prefixes of 1-2 letters (`LIKE 'wx%'`: trigrams pad word starts).
    await queryRunner.query(`CREATE INDEX "ix_customer_name_pinyin" ON "customer" USING gin ("name_pinyin" gin_trgm_ops) WITH (fastupdate = off)`);
    await queryRunner.query(`CREATE INDEX "ix_customer_name_initials" ON "customer" USING gin ("name_initials" gin_trgm_ops) WITH (fastupdate = off)`);
    // Keys repeat a lot (initials are 2-4 letters): with the default statistics the planner took a rare
    // key (`lxh`, 65 of 60,000 customers) for a common one and walked the whole book newest first
    // (60 ms); with 1,000 values it sees how rare it is and uses the index (3 ms).
    await queryRunner.query(`ALTER TABLE "customer" ALTER COLUMN "name_pinyin" SET STATISTICS 1000, ALTER COLUMN "name_initials" SET STATISTICS 1000`);
    await queryRunner.query(`CREATE FUNCTION customer_tag_keys(tags text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT coalesce(array_agg(lower(tag)), '{}') FROM unnest(tags) AS tag
    $$`);
    await queryRunner.query(`CREATE INDEX "ix_customer_tag_keys" ON "customer" USING gin (customer_tag_keys("tags")) WITH (fastupdate = off)`);
    await queryRunner.query(`DROP INDEX "ix_customer_tags"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "ix_customer_tags" ON "customer" USING gin ("tags") WITH (fastupdate = off)`);
    await queryRunner.query(`DROP INDEX "ix_customer_tag_keys"`);
    await queryRunner.query(`DROP FUNCTION customer_tag_keys(text[])`);
    await queryRunner.query(`DROP INDEX "ix_customer_name_initials"`);
    await queryRunner.query(`DROP INDEX "ix_customer_name_pinyin"`);
    await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "name_initials"`);
    await queryRunner.query(`ALTER TABLE "customer" DROP COLUMN "name_pinyin"`);
  }
}
