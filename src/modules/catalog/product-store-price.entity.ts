import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Product } from './product.entity.js';

/** A store's own sale price for a product. No row: the product's sale price. */
@Entity('product_store_price')
@Check('ck_product_store_price_amount', `"amount" >= 0`)
@Check('ck_product_store_price_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class ProductStorePrice {
  @ForeignKey(() => Product, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  productId!: string;

  /** Cross-module reference by entity name: catalog does not import the stores module. */
  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Index('ix_product_store_price_store')
  @PrimaryColumn('uuid')
  storeId!: string;

  @Column({ type: 'bigint' })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
