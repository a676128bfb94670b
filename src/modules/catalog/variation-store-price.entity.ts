import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ServiceVariation } from './service-variation.entity.js';

/** A store's own price for one variation (dearer downtown). Written with the store's service override. */
@Entity('variation_store_price')
@Check('ck_variation_store_price_amount', `"amount" >= 0`)
@Check('ck_variation_store_price_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class VariationStorePrice {
  @ForeignKey(() => ServiceVariation, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  variationId!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_variation_store_price_store')
  @PrimaryColumn('uuid')
  storeId!: string;

  @Column({ type: 'bigint' })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;
}
