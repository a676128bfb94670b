import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { HoursInterval } from './business-hours.js';
import { Store } from './store.entity.js';

/**
 * A dated exception to a store's weekly hours: closed all day (Spring Festival) or open only in
 * `intervals` (New Year's Eve 10:00–15:00). The date is a calendar date in the store's time zone.
 * Configuration, not history: it may be deleted (the audit log keeps what it was).
 */
@Entity('store_closure')
@Unique('uq_store_closure_store_date', ['storeId', 'date'])
@Check('ck_store_closure_kind', `"kind" IN ('closed', 'special_hours')`)
@Check('ck_store_closure_intervals', `("kind" = 'closed') = (jsonb_array_length("intervals") = 0)`)
export class StoreClosure {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey(() => Store, { onDelete: 'CASCADE' })
  @Column({ type: 'uuid' })
  storeId!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'text' })
  kind!: 'closed' | 'special_hours';

  /** Empty when closed; the day's only opening intervals otherwise. */
  @Column({ type: 'jsonb' })
  intervals!: HoursInterval[];

  @Column({ type: 'text' })
  reason!: string;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
