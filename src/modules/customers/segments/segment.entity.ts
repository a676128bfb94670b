import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A saved customer search (the criteria of GET /v1/customers): promotions and campaigns target it. */
@Entity('segment')
export class Segment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique regardless of case. */
  @Column({ type: 'citext', unique: true })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** The search criteria, as the query parameters of GET /v1/customers (validated by the same DTO). */
  @Column({ type: 'jsonb' })
  criteria!: Record<string, unknown>;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt!: Date;
}
