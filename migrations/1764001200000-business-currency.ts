import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A business has one currency (BUSINESS_CURRENCY). Until now a store could be created in another
 * one than its prices: the catalog only ever took CNY, so stores follow it. (The API now refuses a
 * store or price in any other currency, and the boot refuses rows in another one.)
 */
export class BusinessCurrency1764001200000 implements MigrationInterface {
  name = 'BusinessCurrency1764001200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "store" SET "currency" = 'CNY', "version" = "version" + 1, "updated_at" = now() WHERE "currency" <> 'CNY'`);
  }

  async down(): Promise<void> {
    // The stores' former currencies were never usable; nothing to restore.
  }
}
