import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A slot reserved for a few minutes while a customer finishes booking: its segments sit in
 * booking_segment under the same exclusion constraints as appointments', so nobody else can take
 * it. Expired holds no longer count: a booking deletes the expired ones it collides with first, and
 * a sweeper deletes the rest.
 */
@Entity('appointment_hold')
@Index('ix_appointment_hold_expires', ['expiresAt'])
export class AppointmentHold {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ForeignKey('Store', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid' })
  storeId!: string;

  /** The customer it is for, when known. */
  @ForeignKey('Customer', { onDelete: 'RESTRICT' })
  @Column({ type: 'uuid', nullable: true })
  customerId!: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'text' })
  createdByType!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;
}
