import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The stores an API key is limited to, like staff_user_store for staff; a key with no rows here sees every store. */
export class ApiKeyStores1764001500000 implements MigrationInterface {
  name = 'ApiKeyStores1764001500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_key_store" ("api_key_id" uuid NOT NULL, "store_id" uuid NOT NULL, CONSTRAINT "pk_api_key_store" PRIMARY KEY ("api_key_id", "store_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_api_key_store_store" ON "api_key_store" ("store_id") `);
    await queryRunner.query(`ALTER TABLE "api_key_store" ADD CONSTRAINT "fk_api_key_store_api_key_id" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "api_key_store" ADD CONSTRAINT "fk_api_key_store_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_key_store"`);
  }
}
