import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The columns `StateTransitions` writes into a status-history table (see state-transitions.ts). An
 * entity's history extends this and adds its reference column (`appointmentId`), its foreign key and
 * its index, so every history table has the same shape.
 */
export abstract class StatusHistoryColumns {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'text' })
  fromStatus!: string;

  @Column({ type: 'text' })
  toStatus!: string;

  /** `user`, `api_key` or `system`. */
  @Column({ type: 'text' })
  actorType!: string;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  at!: Date;
}
