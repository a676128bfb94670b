import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembered Idempotency-Key requests. (Placeholder: filled in by its owner before it lands.) */
export class Idempotency1764000600000 implements MigrationInterface {
  name = 'Idempotency1764000600000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
