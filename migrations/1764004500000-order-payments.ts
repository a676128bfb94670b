import { MigrationInterface, QueryRunner } from 'typeorm';

export class OrderPayments1764004500000 implements MigrationInterface {
  name = 'OrderPayments1764004500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "order_payment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "method" text NOT NULL, "channel" text, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "tendered_amount" bigint, "change_amount" bigint NOT NULL DEFAULT '0', "status" text NOT NULL, "provider_reference" text, "idempotency_key" text, "failure_reason" text, "created_by_type" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_order_payment_settled" CHECK (("status" = 'pending') = ("settled_at" IS NULL)), CONSTRAINT "ck_order_payment_change" CHECK (("method" = 'cash' AND "tendered_amount" = "amount" + "change_amount" AND "change_amount" >= 0) OR ("method" <> 'cash' AND "tendered_amount" IS NULL AND "change_amount" = 0)), CONSTRAINT "ck_order_payment_amount" CHECK ("amount" > 0), CONSTRAINT "ck_order_payment_channel" CHECK ("channel" IS NULL OR "channel" IN ('counter', 'app', 'mini_program')), CONSTRAINT "ck_order_payment_status" CHECK ("status" IN ('pending', 'succeeded', 'failed', 'cancelled')), CONSTRAINT "ck_order_payment_method" CHECK ("method" IN ('cash', 'card', 'wechat_pay', 'alipay', 'cod')), CONSTRAINT "pk_order_payment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_order_payment_provider_reference" ON "order_payment"  ("method", "provider_reference") WHERE "provider_reference" IS NOT NULL AND "method" IN ('wechat_pay', 'alipay')`,
    );
    await queryRunner.query(`CREATE INDEX "ix_order_payment_order" ON "order_payment"  ("order_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "order_refund" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "status" text NOT NULL, "out_refund_no" text NOT NULL, "provider_reference" text, "reason" text NOT NULL, "created_by_type" text NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "settled_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "uq_order_refund_out_refund_no" UNIQUE ("out_refund_no"), CONSTRAINT "ck_order_refund_amount" CHECK ("amount" > 0), CONSTRAINT "ck_order_refund_status" CHECK ("status" IN ('processing', 'succeeded')), CONSTRAINT "pk_order_refund" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_order_refund_payment" ON "order_refund"  ("payment_id") `);
    await queryRunner.query(`CREATE INDEX "ix_order_refund_order" ON "order_refund"  ("order_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "payment_notification" ("provider" text NOT NULL, "notification_id" text NOT NULL, "payment_id" uuid NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_payment_notification" PRIMARY KEY ("provider", "notification_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "order" ADD "refunded_amount" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "order" ADD "payment_status" text NOT NULL DEFAULT 'unpaid'`);
    await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "ck_order_refunded" CHECK ("refunded_amount" >= 0)`);
    await queryRunner.query(
      `ALTER TABLE "order" ADD CONSTRAINT "ck_order_payment_status" CHECK ("payment_status" IN ('unpaid', 'partly_paid', 'paid', 'partly_refunded', 'refunded'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_payment" ADD CONSTRAINT "fk_order_payment_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refund" ADD CONSTRAINT "fk_order_refund_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "order_refund" ADD CONSTRAINT "fk_order_refund_payment_id" FOREIGN KEY ("payment_id") REFERENCES "order_payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payment_notification" ADD CONSTRAINT "fk_payment_notification_payment_id" FOREIGN KEY ("payment_id") REFERENCES "order_payment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payment_notification" DROP CONSTRAINT "fk_payment_notification_payment_id"`);
    await queryRunner.query(`ALTER TABLE "order_refund" DROP CONSTRAINT "fk_order_refund_payment_id"`);
    await queryRunner.query(`ALTER TABLE "order_refund" DROP CONSTRAINT "fk_order_refund_order_id"`);
    await queryRunner.query(`ALTER TABLE "order_payment" DROP CONSTRAINT "fk_order_payment_order_id"`);
    await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "ck_order_payment_status"`);
    await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "ck_order_refunded"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "payment_status"`);
    await queryRunner.query(`ALTER TABLE "order" DROP COLUMN "refunded_amount"`);
    await queryRunner.query(`DROP TABLE "payment_notification"`);
    await queryRunner.query(`DROP INDEX "public"."ix_order_refund_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_order_refund_payment"`);
    await queryRunner.query(`DROP TABLE "order_refund"`);
    await queryRunner.query(`DROP INDEX "public"."ix_order_payment_order"`);
    await queryRunner.query(`DROP INDEX "public"."uq_order_payment_provider_reference"`);
    await queryRunner.query(`DROP TABLE "order_payment"`);
  }
}
