import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalog: service categories (seeded), services and their variations, products, service consumption. */
export class Catalog1764000700000 implements MigrationInterface {
  name = 'Catalog1764000700000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
