import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The outbox of messages to the outside world. (Placeholder: filled in by its owner before it lands.) */
export class Outbox1764000500000 implements MigrationInterface {
  name = 'Outbox1764000500000';

  async up(_queryRunner: QueryRunner): Promise<void> {}

  async down(_queryRunner: QueryRunner): Promise<void> {}
}
