import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One location of the brand. Archived, never deleted. */
@Entity('store')
@Check('ck_store_status', `"status" IN ('active', 'archived')`)
@Check('ck_store_currency', `"currency" ~ '^[A-Z]{3}$'`)
export class Store {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Short code people use (`SH01`), unique in the business. */
  @Column({ type: 'citext', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** IANA time zone; business hours, shifts and "tomorrow" are computed in it. */
  @Column({ type: 'text' })
  timeZone!: string;

  @Column({ type: 'char', length: 3, default: 'CNY' })
  currency!: string;

  @Column({ type: 'text', default: 'active' })
  status!: 'active' | 'archived';

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
