import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders (issue 15, first slice): `order` (numbered `SO-…`, store, channel, partner reference unique per
 * partner, customer, classification, routing, delivery, money in minor units with checks that keep the
 * totals adding up), `order_line` (product or service variation, price, discount share, net), the status
 * history, and `order_channel_assignment` (per store and channel: responsible staff member and team).
 */
export class Orders1764004200000 implements MigrationInterface {
    name = 'Orders1764004200000';

    async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "order" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" text NOT NULL, "store_id" uuid NOT NULL, "channel" text NOT NULL, "partner_key_id" uuid, "partner_reference" text, "customer_id" uuid NOT NULL, "classification" text NOT NULL, "team" text, "responsible_staff_member_id" uuid, "status" text NOT NULL DEFAULT 'pending_confirmation', "delivery_address" jsonb, "wished_delivery_at" TIMESTAMP(3) WITH TIME ZONE, "special_requests" text, "currency" character(3) NOT NULL, "subtotal_amount" bigint NOT NULL, "discount_amount" bigint NOT NULL DEFAULT '0', "manual_discount_amount" bigint NOT NULL DEFAULT '0', "manual_discount_reason" text, "shipping_fee_amount" bigint NOT NULL DEFAULT '0', "total_amount" bigint NOT NULL, "paid_amount" bigint NOT NULL DEFAULT '0', "balance_due_amount" bigint NOT NULL, "appointment_id" uuid, "cancel_reason" text, "created_by_type" text NOT NULL, "created_by_id" uuid, "version" integer NOT NULL DEFAULT '1', "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "confirmed_at" TIMESTAMP(3) WITH TIME ZONE, "shipped_at" TIMESTAMP(3) WITH TIME ZONE, "delivered_at" TIMESTAMP(3) WITH TIME ZONE, "completed_at" TIMESTAMP(3) WITH TIME ZONE, "cancelled_at" TIMESTAMP(3) WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_order_number" UNIQUE ("number"), CONSTRAINT "ck_order_discount_reason" CHECK ("manual_discount_amount" = 0 OR "manual_discount_reason" IS NOT NULL), CONSTRAINT "ck_order_balance" CHECK ("balance_due_amount" = "total_amount" - "paid_amount"), CONSTRAINT "ck_order_total" CHECK ("total_amount" = "subtotal_amount" - "discount_amount" + "shipping_fee_amount"), CONSTRAINT "ck_order_amounts" CHECK ("subtotal_amount" >= 0 AND "discount_amount" >= 0 AND "discount_amount" <= "subtotal_amount" AND "shipping_fee_amount" >= 0 AND "paid_amount" >= 0), CONSTRAINT "ck_order_partner" CHECK (("partner_reference" IS NULL) = ("partner_key_id" IS NULL)), CONSTRAINT "ck_order_status" CHECK ("status" IN ('pending_confirmation', 'confirmed', 'in_progress', 'picked', 'packed', 'shipped', 'delivered', 'scheduled', 'served', 'completed', 'cancelled')), CONSTRAINT "ck_order_classification" CHECK ("classification" IN ('service', 'product', 'mixed')), CONSTRAINT "ck_order_channel" CHECK ("channel" IN ('online', 'app', 'mini_program', 'partner', 'phone', 'in_store')), CONSTRAINT "pk_order" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_order_customer" ON "order"  ("customer_id", "received_at") `);
        await queryRunner.query(`CREATE INDEX "ix_order_received" ON "order"  ("received_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_order_store_received" ON "order"  ("store_id", "received_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_order_partner_reference" ON "order"  ("partner_key_id", "partner_reference") WHERE "partner_reference" IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "order_line" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "line_number" integer NOT NULL, "kind" text NOT NULL, "product_id" uuid, "variation_id" uuid, "name" text NOT NULL, "quantity" integer NOT NULL, "unit_price_amount" bigint NOT NULL, "line_total_amount" bigint NOT NULL, "discount_amount" bigint NOT NULL DEFAULT '0', "net_amount" bigint NOT NULL, CONSTRAINT "ck_order_line_net" CHECK ("discount_amount" >= 0 AND "discount_amount" <= "line_total_amount" AND "net_amount" = "line_total_amount" - "discount_amount"), CONSTRAINT "ck_order_line_total" CHECK ("unit_price_amount" >= 0 AND "line_total_amount" = "unit_price_amount" * "quantity"), CONSTRAINT "ck_order_line_quantity" CHECK ("quantity" > 0), CONSTRAINT "ck_order_line_kind" CHECK (("kind" = 'product' AND "product_id" IS NOT NULL AND "variation_id" IS NULL) OR ("kind" = 'service' AND "variation_id" IS NOT NULL AND "product_id" IS NULL)), CONSTRAINT "pk_order_line" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_order_line_number" ON "order_line"  ("order_id", "line_number") `);
        await queryRunner.query(`CREATE TABLE "order_status_history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "from_status" text NOT NULL, "to_status" text NOT NULL, "actor_type" text NOT NULL, "actor_id" uuid, "reason" text, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "order_id" uuid NOT NULL, CONSTRAINT "pk_order_status_history" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_order_status_history_order" ON "order_status_history"  ("order_id", "at") `);
        await queryRunner.query(`CREATE TABLE "order_channel_assignment" ("store_id" uuid NOT NULL, "channel" text NOT NULL, "responsible_staff_member_id" uuid, "team" text, "version" integer NOT NULL DEFAULT '1', "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_order_channel_assignment_channel" CHECK ("channel" IN ('online', 'app', 'mini_program', 'partner', 'phone', 'in_store')), CONSTRAINT "pk_order_channel_assignment" PRIMARY KEY ("store_id", "channel"))`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "fk_order_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "fk_order_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customer"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "fk_order_responsible_staff_member_id" FOREIGN KEY ("responsible_staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order" ADD CONSTRAINT "fk_order_appointment_id" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "fk_order_line_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "fk_order_line_product_id" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_line" ADD CONSTRAINT "fk_order_line_variation_id" FOREIGN KEY ("variation_id") REFERENCES "service_variation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_status_history" ADD CONSTRAINT "fk_order_status_history_order_id" FOREIGN KEY ("order_id") REFERENCES "order"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD CONSTRAINT "fk_order_channel_assignment_store_id" FOREIGN KEY ("store_id") REFERENCES "store"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" ADD CONSTRAINT "fk_order_channel_assignment_responsible_staff_member_id" FOREIGN KEY ("responsible_staff_member_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP CONSTRAINT "fk_order_channel_assignment_responsible_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "order_channel_assignment" DROP CONSTRAINT "fk_order_channel_assignment_store_id"`);
        await queryRunner.query(`ALTER TABLE "order_status_history" DROP CONSTRAINT "fk_order_status_history_order_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "fk_order_line_variation_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "fk_order_line_product_id"`);
        await queryRunner.query(`ALTER TABLE "order_line" DROP CONSTRAINT "fk_order_line_order_id"`);
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "fk_order_appointment_id"`);
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "fk_order_responsible_staff_member_id"`);
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "fk_order_customer_id"`);
        await queryRunner.query(`ALTER TABLE "order" DROP CONSTRAINT "fk_order_store_id"`);
        await queryRunner.query(`DROP TABLE "order_channel_assignment"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_status_history_order"`);
        await queryRunner.query(`DROP TABLE "order_status_history"`);
        await queryRunner.query(`DROP INDEX "public"."uq_order_line_number"`);
        await queryRunner.query(`DROP TABLE "order_line"`);
        await queryRunner.query(`DROP INDEX "public"."uq_order_partner_reference"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_store_received"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_received"`);
        await queryRunner.query(`DROP INDEX "public"."ix_order_customer"`);
        await queryRunner.query(`DROP TABLE "order"`);
    }

}
