import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ServiceVariation } from './service-variation.entity.js';

/**
 * What a variation costs, and how long it takes, when a staff member of one level performs it (a
 * senior charges more, a director is quicker). Either may be null: the catalog's applies. A store's own
 * price still wins over the level's price where both exist.
 */
@Entity('variation_level_price')
@Check('ck_variation_level_price_amount', `"amount" IS NULL OR "amount" >= 0`)
@Check('ck_variation_level_price_currency', `("amount" IS NULL) = ("currency" IS NULL) AND ("currency" IS NULL OR "currency" ~ '^[A-Z]{3}$')`)
@Check('ck_variation_level_price_duration', `"duration_minutes" IS NULL OR "duration_minutes" > 0`)
@Check('ck_variation_level_price_something', `"amount" IS NOT NULL OR "duration_minutes" IS NOT NULL`)
export class VariationLevelPrice {
  @ForeignKey(() => ServiceVariation, { onDelete: 'RESTRICT' })
  @PrimaryColumn('uuid')
  variationId!: string;

  /** Cross-module reference by entity name: the level is scheduling's; catalog does not import it. */
  @ForeignKey('StaffLevel', { onDelete: 'RESTRICT' })
  @Index('ix_variation_level_price_level')
  @PrimaryColumn('uuid')
  levelId!: string;

  /** Minor units of `currency`; null: the catalog's (or the store's) price. */
  @Column({ type: 'bigint', nullable: true })
  amount!: string | null;

  @Column({ type: 'char', length: 3, nullable: true })
  currency!: string | null;

  /** Null: the variation's duration. */
  @Column({ type: 'int', nullable: true })
  durationMinutes!: number | null;
}
