import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Product } from './product.entity.js';
import { ServiceVariation } from './service-variation.entity.js';

/**
 * How much of a professional product one performance of a variation uses (60 ml of a dye), in the
 * product's unit. Inventory deducts back-bar stock with it.
 */
@Entity('service_consumption')
@Check('ck_service_consumption_quantity', `"quantity" > 0`)
export class ServiceConsumption {
  @ForeignKey(() => ServiceVariation, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  variationId!: string;

  @ForeignKey(() => Product, { onDelete: 'RESTRICT' })
  @Index('ix_service_consumption_product')
  @PrimaryColumn('uuid')
  productId!: string;

  @Column({ type: 'numeric', precision: 12, scale: 3 })
  quantity!: string;
}
