import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions the schema relies on: exclusion constraints (btree_gist), case-insensitive text, trigram search. */
export class Extensions1764000000000 implements MigrationInterface {
  name = 'Extensions1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS citext');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  }

  async down(): Promise<void> {
    // Extensions may be shared with other schemas in the database: leave them installed.
  }
}
