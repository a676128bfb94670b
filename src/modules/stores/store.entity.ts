import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WeeklyHours } from './business-hours.js';
import type { StoreAddress } from './store-address.js';
import { DEFAULT_QUIET_HOURS } from './quiet-hours.js';

export type { StoreAddress };

/**
 * One location of the brand. Archived, never deleted. Everything a front end needs to show the
 * store (address, hours) lives on this row, so reading a store is one primary-key lookup.
 */
@Entity('store')
@Check('ck_store_status', `"status" IN ('active', 'archived')`)
@Check('ck_store_currency', `"currency" ~ '^[A-Z]{3}$'`)
@Check('ck_store_code', `"code" ~ '^[A-Za-z0-9-]{1,16}$'`)
@Check(
  'ck_store_quiet_hours',
  `("quiet_hours_start" IS NULL) = ("quiet_hours_end" IS NULL) AND ("quiet_hours_start" IS NULL OR ("quiet_hours_start" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "quiet_hours_end" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND "quiet_hours_start" <> "quiet_hours_end"))`,
)
@Check('ck_store_expiry_warning_days', `"expiry_warning_days" BETWEEN 0 AND 365`)
export class Store {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short code people use (`SH01`), unique in the business regardless of case. */
  @Column({ type: 'citext', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  address!: StoreAddress;

  /** E.164 (`+862161234567`). */
  @Column({ type: 'text' })
  phone!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** IANA time zone; business hours, shifts and "tomorrow" are computed in it. */
  @Column({ type: 'text' })
  timeZone!: string;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  currency!: string;

  /** Opening intervals per weekday, local wall-clock times (see business-hours.ts). */
  @Column({ type: 'jsonb' })
  businessHours!: WeeklyHours;

  /**
   * Quiet hours, local wall-clock `HH:MM` (see quiet-hours.ts): texts and WeChat messages that are not
   * urgent wait until they end. Both null: none. They usually span midnight (21:30–08:30, the default).
   */
  @Column({ type: 'text', nullable: true, default: DEFAULT_QUIET_HOURS.start })
  quietHoursStart!: string | null;

  @Column({ type: 'text', nullable: true, default: DEFAULT_QUIET_HOURS.end })
  quietHoursEnd!: string | null;

  /** Batches expiring within this many days are alerted by inventory's daily sweep; 0: no warning. */
  @Column({ type: 'int', default: 30 })
  expiryWarningDays!: number;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'archived';

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
