import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The deadline table (DESIGN §5). (Placeholder: filled in by its owner before it lands.) */
export class Deadlines1764000400000 implements MigrationInterface {
  name = 'Deadlines1764000400000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
